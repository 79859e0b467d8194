# res_company first: the score lines view reads its column when created
from . import res_company
from . import res_config_settings
from . import customer_score_indicator
from . import customer_score_rating
from . import customer_score_history
from . import customer_score_line
from . import customer_score_tier_rule
from . import customer_score_engine
from . import sale_order
from . import res_partner
