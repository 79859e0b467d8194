from . import customer_tier
from . import helpdesk_sla
from . import helpdesk_ticket
from . import customer_interaction
from . import res_partner
from . import account_move
from . import customer_churn
