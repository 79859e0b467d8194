from . import customer_register_xlsx
