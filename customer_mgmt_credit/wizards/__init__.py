from . import customer_credit_release_wizard
from . import customer_credit_hold_wizard
from . import customer_credit_golive
from . import customer_statement_make
from . import account_payment_register
