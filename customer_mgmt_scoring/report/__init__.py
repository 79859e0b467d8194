from . import customer_value_analysis
