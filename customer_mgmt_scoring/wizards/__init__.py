from . import customer_score_simulation
