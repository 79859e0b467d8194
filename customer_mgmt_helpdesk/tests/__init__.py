from . import test_service_requests
from . import test_service_access
