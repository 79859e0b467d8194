"""The SQL of customer.score.engine, one statement per step, each over all the
customers of a company at once. Temporary tables carry a run from step to step:
one row per customer in each, the indicators' measures as columns."""

# 1. Per customer, its confirmed orders (each in company currency): the first one,
#    whether it ordered in the look-back, and the aggregates of the indicators and
#    of profit and revenue, each over its own look-back. Margin, amount, first
#    delivery (effective date), products and discount are stored on the order: no
#    order line is read. Amounts are in %(cents)s (the company currency's smallest
#    unit), whole numbers: their float sums are exact in any order (the pass may
#    run in parallel, numeric sums cost twice as much), and equal ratios tie.
ORDERS = """
CREATE TEMP TABLE cm_score_orders ON COMMIT DROP AS
SELECT o.cp, MIN(o.ordered_at)::date AS first_order,
       bool_or(o.ordered_at >= %(from)s AND o.ordered_at < %(tomorrow)s) AS ordered_recently
       %(aggregates)s
  FROM (
      -- a rate of 1 (the company's currency) divides nothing
      SELECT p.commercial_partner_id AS cp, so.date_order AS ordered_at,
             so.effective_date AS delivered_at, so.score_product_count AS products,
             (COALESCE(so.margin / r.rate, so.margin) * %(cents)s)::int8::float8 AS margin,
             (COALESCE(so.amount_untaxed / r.rate, so.amount_untaxed) * %(cents)s)::int8::float8
                 AS amount,
             -- list price and discount in millionths, as stored: not rounded
             (COALESCE(so.score_list_amount / r.rate, so.score_list_amount) * 1000000)
                 ::int8::float8 AS gross,
             (COALESCE(so.score_discount_amount / r.rate, so.score_discount_amount)
              * 1000000)::int8::float8 AS discount
        FROM sale_order so
        JOIN res_partner p ON p.id = so.partner_id
       CROSS JOIN LATERAL (SELECT NULLIF(NULLIF(so.currency_rate, 0), 1) AS rate) r
       WHERE so.state = 'sale' AND so.company_id = %(company)s AND so.score_product_count > 0
  ) o
 GROUP BY o.cp
"""
# The order aggregates, over the look-back from %(start)s.
ORDERED_SINCE = "FILTER (WHERE o.ordered_at >= %(start)s AND o.ordered_at < %(tomorrow)s)"
ORDER_MARGIN = "SUM(o.margin) " + ORDERED_SINCE
ORDER_AMOUNT = "SUM(o.amount) " + ORDERED_SINCE
ORDER_COUNT = "COUNT(*) " + ORDERED_SINCE
# in the currency, not in cents
PROFIT = ORDER_MARGIN + " / %(cents)s"
REVENUE = ORDER_AMOUNT + " / %(cents)s"

# 2. Per customer, its posted invoices and credit notes of the look-back: whether
#    it was invoiced, and the aggregates of the invoice indicators. When each
#    invoice was paid, and how much before its date, comes from one pass over the
#    reconciliations. Amounts in %(cents)s, as the orders'.
INVOICES = """
CREATE TEMP TABLE cm_score_invoices ON COMMIT DROP AS
WITH pay AS (
    -- from the reconciliations (far fewer than the move lines); a partial's max_date
    -- is the later of its two lines' dates: the payment's, or the invoice's when the
    -- payment came first (prepaid)
    SELECT dl.move_id AS id, MAX(pr.max_date) AS paid_on,
           SUM((pr.amount * %(cents)s)::int8::float8) FILTER (WHERE pr.max_date <= dl.date)
               AS prepaid
      FROM account_partial_reconcile pr
      JOIN account_move_line dl ON dl.id = pr.debit_move_id
     WHERE pr.company_id = %(company)s AND dl.display_type = 'payment_term'
       AND dl.date >= %(from)s - 366
     GROUP BY dl.move_id
)
SELECT i.cp,
       bool_or(i.is_invoice AND i.invoice_date >= %(from)s) AS invoiced_recently
       %(aggregates)s
  FROM (
      -- the move type compared once, not by every aggregate
      SELECT m.commercial_partner_id AS cp, m.move_type = 'out_invoice' AS is_invoice,
             m.invoice_date,
             m.invoice_date_due AS due,
             (m.amount_total_signed * %(cents)s)::int8::float8 AS total,
             (m.amount_untaxed_signed * %(cents)s)::int8::float8 AS untaxed,
             m.payment_state IN ('paid', 'in_payment', 'reversed') AS paid,
             pay.paid_on, COALESCE(pay.prepaid, 0) AS prepaid
        FROM account_move m
        LEFT JOIN pay ON pay.id = m.id
       WHERE m.move_type IN ('out_invoice', 'out_refund') AND m.state = 'posted'
         AND m.company_id = %(company)s
         AND (m.invoice_date >= %(from)s OR m.invoice_date_due >= %(from)s)
  ) i
 GROUP BY i.cp
"""

# 3. What each computed metric aggregates (a1, a2, ...) of the rows of its source,
#    over the indicator's look-back starting %(start)s, and its measures v1, v2 from
#    those aggregates; b is the customer's row (coop_start), ret its returns, req its
#    service requests.
#    A customer with no v1 is not measured by the indicator.
METRICS = {
    "margin": (
        "orders",
        [ORDER_MARGIN, ORDER_AMOUNT],
        "%(a1)s / NULLIF(%(a2)s, 0) * 100",
        # share of the profit of all customers measured
        """COALESCE(%(a1)s / NULLIF(SUM(GREATEST(%(a1)s, 0)) FILTER (WHERE %(a2)s <> 0) OVER (), 0)
                    * 100, 0)""",
    ),
    "order_size": (
        "orders",
        [ORDER_AMOUNT, ORDER_COUNT],
        "%(a1)s / NULLIF(%(a2)s, 0) / %(cents)s",
        # orders a month since the look-back or the cooperation started
        """%(a2)s / GREATEST((%(today)s::date - GREATEST(%(start)s::date, b.coop_start))
                             / 30.4375::float8, 1)""",
    ),
    "order_structure": (
        "orders",
        ["SUM(o.products) " + ORDERED_SINCE, ORDER_COUNT],
        "%(a1)s::float8 / NULLIF(%(a2)s, 0)",
        None,
    ),
    "price_sensitivity": (
        "orders",
        ["SUM(o.discount) " + ORDERED_SINCE, "SUM(o.gross) " + ORDERED_SINCE],
        "CASE WHEN %(a2)s > 0 THEN %(a1)s / %(a2)s * 100 END",
        None,
    ),
    "shipment": (
        "orders",
        [
            # whole seconds: a float sum of them is exact in any order
            "SUM(date_part('epoch', o.delivered_at - o.ordered_at)) " + ORDERED_SINCE,
            "COUNT(o.delivered_at) " + ORDERED_SINCE,
        ],
        "%(a1)s / NULLIF(%(a2)s, 0) / 86400",
        None,
    ),
    "cooperation": (None, [], "(%(today)s::date - b.coop_start) / 365.25::float8", None),
    "payment_method": (
        "invoices",
        [
            """SUM(i.prepaid) FILTER (WHERE i.is_invoice
                                        AND i.invoice_date >= %(start)s AND i.total > 0)""",
            """SUM(i.total) FILTER (WHERE i.is_invoice
                                      AND i.invoice_date >= %(start)s AND i.total > 0)""",
            """SUM((i.due - i.invoice_date) * i.total)
                   FILTER (WHERE i.is_invoice
                             AND i.invoice_date >= %(start)s AND i.total > 0)""",
        ],
        "LEAST(%(a1)s / %(a2)s * 100, 100)",
        "%(a3)s / %(a2)s",
    ),
    "punctuality": (
        "invoices",
        [
            """SUM(GREATEST(CASE WHEN i.paid THEN COALESCE(i.paid_on, i.due)
                                 ELSE %(today)s::date END - i.due, 0))
                   FILTER (WHERE i.is_invoice AND i.due >= %(start)s
                             AND (i.due < %(today)s OR i.paid))""",
            """COUNT(*) FILTER (WHERE i.is_invoice AND i.due >= %(start)s
                                 AND (i.due < %(today)s OR i.paid))""",
        ],
        "%(a1)s::float8 / NULLIF(%(a2)s, 0)",
        None,
    ),
    "claims": (
        "invoices",
        [
            """SUM(i.untaxed) FILTER (WHERE i.is_invoice
                                        AND i.invoice_date >= %(start)s)""",
            """-SUM(i.untaxed) FILTER (WHERE NOT i.is_invoice
                                         AND i.invoice_date >= %(start)s)""",
        ],
        """CASE WHEN %(a1)s > 0
                THEN GREATEST(COALESCE(%(a2)s, 0), COALESCE(ret.amount * %(cents)s, 0))
                     / %(a1)s * 100 END""",
        # complaints and claims found unfounded, where service requests are kept
        "CASE WHEN %(requests_kept)s THEN COALESCE(req.unfounded, 0) END",
    ),
}
# The goods returned by a customer since %(start)s, at the price of their order line.
RETURNS = """
SELECT p.commercial_partner_id AS cp,
       SUM(sm.quantity * sol.price_subtotal / NULLIF(sol.product_uom_qty, 0)
           / COALESCE(NULLIF(so.currency_rate, 0), 1))::float8 AS amount
  FROM stock_move sm
  JOIN sale_order_line sol ON sol.id = sm.sale_line_id
  JOIN sale_order so ON so.id = sol.order_id
  JOIN res_partner p ON p.id = so.partner_id
 WHERE sm.origin_returned_move_id IS NOT NULL AND sm.state = 'done'
   AND sm.company_id = %(company)s AND sm.date >= %(start)s
 GROUP BY p.commercial_partner_id
"""
NO_RETURNS = "SELECT NULL::int AS cp, NULL::float8 AS amount WHERE FALSE"
# The customer's complaints and claims since %(start)s found unfounded: none unless
# an addon keeps service requests (customer.score.engine._requests_sql).
NO_REQUESTS = "SELECT NULL::int AS cp, NULL::float8 AS unfounded WHERE FALSE"
# A manual indicator's rating, one column of the pivot of the ratings.
RATING = "MAX(rating::float8) FILTER (WHERE indicator_id = %s)"
# A measure: NULL where the customer has no first measure.
MEASURE = """(%(v1)s)::float8 AS %(c1)s,
    CASE WHEN (%(v1)s) IS NOT NULL THEN (%(v2)s)::float8 END AS %(c2)s"""

# 4. The population: customers who ordered or were invoiced in the look-back, with
#    their profit, revenue, when the cooperation started, and every measure.
RAW = """
CREATE TEMP TABLE cm_score_raw ON COMMIT DROP AS
WITH joined AS (
    SELECT * FROM cm_score_orders FULL JOIN cm_score_invoices USING (cp)
     WHERE ordered_recently OR invoiced_recently
), first_invoice AS (
    -- only for the customers who never ordered
    SELECT m.commercial_partner_id AS cp, MIN(m.invoice_date) AS first
      FROM account_move m
      JOIN joined j ON j.cp = m.commercial_partner_id AND j.first_order IS NULL
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
       AND m.company_id = %(company)s
     GROUP BY m.commercial_partner_id
), ratings AS (
    SELECT partner_id AS cp %(ratings)s FROM customer_score_rating GROUP BY partner_id
), b AS (
    SELECT j.*, COALESCE(partner.cooperation_start_manual, j.first_order, fi.first) AS coop_start,
           partner.user_id, partner.customer_tier_id AS tier_id,
           partner.company_id AS partner_company_id
      FROM joined j
      JOIN res_partner partner ON partner.id = j.cp AND partner.active
      LEFT JOIN first_invoice fi ON fi.cp = j.cp
)
SELECT b.cp, COALESCE(b.profit, 0) - COALESCE(spend.amount, 0) AS profit,
       COALESCE(b.revenue, 0) AS revenue, b.coop_start,
       b.user_id, b.tier_id, b.partner_company_id %(measures)s
  FROM b
  LEFT JOIN (%(returns)s) ret ON ret.cp = b.cp
  LEFT JOIN (%(requests)s) req ON req.cp = b.cp
  LEFT JOIN ratings rt ON rt.cp = b.cp
  LEFT JOIN (
      -- Money given back without goods (fees and deductions a customer takes,
      -- price differences, claims: credit note lines with no product; a return
      -- has its products) costs profit: a customer who deducts is worth less.
      SELECT m.commercial_partner_id AS cp,
             SUM((l.balance * %(cents)s)::int8::float8) / %(cents)s AS amount
        FROM account_move m
        JOIN account_move_line l ON l.move_id = m.id
       WHERE m.move_type = 'out_refund' AND m.state = 'posted' AND m.company_id = %(company)s
         AND m.invoice_date >= %(profit_from)s AND m.invoice_date < %(tomorrow)s
         AND l.display_type = 'product' AND l.product_id IS NULL
       GROUP BY m.commercial_partner_id
  ) spend ON spend.cp = b.cp
"""

# 5. Per customer: each measure normalised to 0-100, either the mid-rank percentile
#    (half the ties count as beaten: a lone customer scores 50) or linear between two
#    thresholds; the score (weights rescaled over what was measured) and its lines as
#    one array {{indicator, value, value2, score, weight}, ...}; then the Pareto rank
#    and class over all customers, the tier of the class and the class of the previous
#    period. A percentile is two binary searches (width_bucket) in the measure's
#    sorted values (up, and down for the ties), not a window sort per indicator.
RESULT = """
CREATE TEMP TABLE cm_score_result ON COMMIT DROP AS
WITH sorted AS (
    SELECT count(*) AS customer_count, SUM(GREATEST(profit, 0)) AS total %(sorted)s
      FROM cm_score_raw
), normalised AS MATERIALIZED (
    -- scored here, so the sorted arrays never travel into the sort below
    SELECT r.*, d.customer_count, d.total %(normalised)s FROM cm_score_raw r CROSS JOIN sorted d
), scores AS (
    SELECT n.*, %(weighted)s AS weighted, %(measured)s AS measured, %(lines)s AS all_lines
      FROM normalised n
), ranked AS (
    SELECT s.cp, s.profit, s.revenue, s.coop_start, s.user_id, s.tier_id,
           s.partner_company_id, COALESCE(s.weighted / NULLIF(s.measured, 0), 0) AS score,
           NULLIF(s.measured, 0) AS weight_total, NULLIF(s.all_lines, '{}') AS lines,
           row_number() OVER w AS rank,
           SUM(GREATEST(s.profit, 0)) OVER (w ROWS UNBOUNDED PRECEDING) AS cum,
           s.total, s.customer_count
      FROM scores s
    WINDOW w AS (ORDER BY s.profit DESC, s.cp)
), classed AS (
    SELECT ranked.*,
           CASE WHEN coop_start > %(developing_from)s THEN 'developing'
                WHEN profit <= %(c_profit)s THEN 'c'
                WHEN cum - GREATEST(profit, 0) < %(a_share)s / 100.0 * total THEN 'a'
                WHEN cum - GREATEST(profit, 0) >= (100 - %(c_share)s) / 100.0 * total THEN 'c'
                ELSE 'b' END AS value_class,
           COALESCE(GREATEST(profit, 0) / NULLIF(total, 0) * 100, 0) AS profit_share,
           COALESCE(cum / NULLIF(total, 0) * 100, 0) AS cumulative_share,
           profit / NULLIF(revenue, 0) * 100 AS margin_percent
      FROM ranked
)
SELECT c.*, %(tier_rules)s AS proposed_tier_id, prev.value_class AS previous_class
  FROM classed c
  -- the class of the previous period (read before this period's rows are written)
  LEFT JOIN LATERAL (
      SELECT h.value_class FROM customer_score_history h
       WHERE h.partner_id = c.cp AND h.company_id = %(company)s AND h.period < %(period)s
       ORDER BY h.period DESC LIMIT 1
  ) prev ON TRUE
"""
# A percentile measure's sorted values: count, up and down (the values negated).
SORTED = """count(%(v)s) AS %(n)s,
    array_agg(%(v)s * %(sign)s ORDER BY %(v)s * %(sign)s)
        FILTER (WHERE %(v)s IS NOT NULL) AS %(up)s,
    array_agg(-%(v)s * %(sign)s ORDER BY -%(v)s * %(sign)s)
        FILTER (WHERE %(v)s IS NOT NULL) AS %(down)s"""
# Values below + values at or below, over twice the count.
PERCENTILE = """(d.%(n)s - width_bucket(-r.%(v)s * %(sign)s, d.%(down)s)
                 + width_bucket(r.%(v)s * %(sign)s, d.%(up)s))::float8 / (2 * d.%(n)s) * 100"""
THRESHOLD = """LEAST(GREATEST((r.%(v)s - %(low)s::float8)
                             / NULLIF(%(high)s::float8 - %(low)s, 0), 0), 1) * 100"""
THRESHOLD_LOWER = """LEAST(GREATEST((%(high)s::float8 - r.%(v)s)
                                   / NULLIF(%(high)s::float8 - %(low)s, 0), 0), 1) * 100"""
# An indicator's score: NULL when not measured, the mean of its two measures' scores.
INDICATOR_SCORE = """CASE WHEN r.%(v1)s IS NULL THEN NULL WHEN r.%(v2)s IS NULL THEN %(score1)s
                          ELSE (%(score1)s + %(score2)s) / 2 END AS %(s)s"""
# Its line of the score: {indicator, value, value2, score, weight}, or none.
LINE = """CASE WHEN n.%(s)s IS NOT NULL
               THEN ARRAY[[%(indicator)s, n.%(v1)s, n.%(v2)s, n.%(s)s, %(weight)s::float8]]
               ELSE '{}'::float8[] END"""
# The tier rules, first match wins: WHEN value_class = .. AND score BETWEEN .. THEN tier;
# a company's tier only for that company's customers (not for shared ones).
TIER_RULE = "WHEN c.value_class = %s AND c.score BETWEEN %s AND %s AND %s THEN %s"
TIER_OF_COMPANY = "c.partner_company_id = %s"

# 6. The period's snapshot, upserted: the latest run of a period wins; a class change
#    (against the previous period, or against this period's earlier run) stays
#    pending until it is logged on the customer. The score lines are kept with the
#    snapshot as one array: {{indicator, value, value2, score, weight}, ...}. The
#    latest snapshots are those of the company's latest period (no flag to update).
HISTORY_INSERT = """
INSERT INTO customer_score_history (
    partner_id, company_id, period, date, value_score, value_class,
    previous_class, class_change_pending, profit, revenue, margin_percent, rank,
    customer_count, profit_share, cumulative_share, proposed_tier_id, tier_id, user_id,
    weight_total, line_values)
SELECT r.cp, %(company)s, %(period)s, %(today)s, r.score, r.value_class,
       r.previous_class, r.previous_class IS NOT NULL AND r.previous_class <> r.value_class,
       r.profit, r.revenue, r.margin_percent, r.rank, r.customer_count, r.profit_share,
       r.cumulative_share, r.proposed_tier_id, r.tier_id, r.user_id, r.weight_total, r.lines
  FROM cm_score_result r
"""
# A rerun of the period updates its snapshots (the first one only inserts).
HISTORY_UPSERT = (
    HISTORY_INSERT
    + """
ON CONFLICT (partner_id, company_id, period) DO UPDATE SET
    date = EXCLUDED.date, value_score = EXCLUDED.value_score,
    value_class = EXCLUDED.value_class,
    previous_class = CASE WHEN customer_score_history.value_class <> EXCLUDED.value_class
                          THEN customer_score_history.value_class
                          ELSE customer_score_history.previous_class END,
    class_change_pending = customer_score_history.class_change_pending
        OR customer_score_history.value_class <> EXCLUDED.value_class,
    profit = EXCLUDED.profit, revenue = EXCLUDED.revenue,
    margin_percent = EXCLUDED.margin_percent, rank = EXCLUDED.rank,
    customer_count = EXCLUDED.customer_count, profit_share = EXCLUDED.profit_share,
    cumulative_share = EXCLUDED.cumulative_share,
    proposed_tier_id = EXCLUDED.proposed_tier_id, tier_id = EXCLUDED.tier_id,
    user_id = EXCLUDED.user_id, weight_total = EXCLUDED.weight_total,
    line_values = EXCLUDED.line_values
"""
)
# Customers scored earlier in the period but no longer leave it.
NO_LONGER_SCORED = """
DELETE FROM customer_score_history h
 WHERE h.company_id = %(company)s AND h.period = %(period)s
   AND NOT EXISTS (SELECT 1 FROM cm_score_result r WHERE r.cp = h.partner_id)
"""

SIMULATED_CHANGES = """
SELECT r.cp, h.value_class, r.value_class, h.value_score, r.score
  FROM cm_score_result r
  LEFT JOIN customer_score_history h
         ON h.partner_id = r.cp AND h.company_id = %(company)s AND h.period = %(latest)s
 WHERE h.value_class IS DISTINCT FROM r.value_class
 ORDER BY r.rank
"""
