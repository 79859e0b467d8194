from . import customer_credit_overview
from . import customer_credit_ageing
from . import customer_credit_ageing_xlsx
