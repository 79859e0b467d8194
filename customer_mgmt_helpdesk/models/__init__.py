from . import customer_tier
from . import helpdesk_sla
from . import helpdesk_ticket
from . import helpdesk_ticket_sla
from . import helpdesk_ticket_team
from . import customer_service_plan
from . import customer_reminder_log
from . import customer_interaction
from . import mail_activity
from . import res_partner
from . import account_move
from . import customer_churn

# last: its view reads the columns added above
from . import customer_service_plan_report
