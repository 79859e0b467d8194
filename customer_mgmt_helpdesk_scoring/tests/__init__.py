from . import test_claims_count_requests
