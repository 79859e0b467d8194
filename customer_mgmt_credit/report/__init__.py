from . import customer_credit_overview
from . import customer_credit_ageing
