from . import xlsx_export
from . import customer_churn_xlsx
from . import customer_register_xlsx
