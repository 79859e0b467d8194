from . import test_credit_alerts
from . import test_credit_blocking
from . import test_credit_bypass
from . import test_credit_desk
from . import test_credit_grade
from . import test_credit_reports
from . import test_statement
from . import test_followup
