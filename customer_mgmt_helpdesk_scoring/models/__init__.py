from . import customer_score_engine
