from . import test_service_requests
from . import test_service_access
from . import test_service_plans
