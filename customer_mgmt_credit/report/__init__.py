from . import customer_credit_overview
from . import customer_credit_ageing
from . import customer_credit_ageing_xlsx
from . import customer_statement_xlsx
from . import customer_collection_worklist
from . import customer_collection_analysis
