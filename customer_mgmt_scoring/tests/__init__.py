from . import test_scoring_classes
from . import test_scoring_indicators
from . import test_scoring_order_facts
