"""The SQL of customer.score.engine, one statement per step, each over all the
customers of a company at once. Temporary tables carry a run from step to step."""

# 1. Confirmed orders of the look-back, one row each, in company currency. Margin,
#    amount and first delivery (effective date) are the order's own stored values;
#    the lines give the products and the list price, summed as numeric (a numeric to
#    float8 cast goes through text).
ORDERS = """
CREATE TEMP TABLE cm_score_orders ON COMMIT DROP AS
SELECT p.commercial_partner_id AS cp, so.id AS order_id,
       so.date_order AS ordered_at, so.date_order::date AS day,
       so.effective_date AS delivered_at,
       so.margin::float8 / rate AS margin,
       so.amount_untaxed::float8 / rate AS amount,
       COUNT(DISTINCT sol.product_id)::float8 AS products,
       SUM(sol.price_unit * sol.product_uom_qty)::float8 / rate AS gross,
       SUM(sol.price_unit * sol.product_uom_qty * sol.discount)::float8 / 100 / rate
           AS discount
  FROM sale_order so
  JOIN res_partner p ON p.id = so.partner_id
  JOIN sale_order_line sol ON sol.order_id = so.id
       AND sol.display_type IS NULL AND NOT COALESCE(sol.is_downpayment, FALSE)
 CROSS JOIN LATERAL (SELECT COALESCE(NULLIF(so.currency_rate, 0), 1)::float8 AS rate) r
 WHERE so.state = 'sale' AND so.company_id = %(company)s
   AND so.date_order >= %(from)s AND so.date_order < %(tomorrow)s
 GROUP BY so.id, p.id, r.rate
"""

# 2. Posted customer invoices and credit notes of the look-back, one row each, with
#    when they were paid and how much before the invoice date (one pass over the
#    reconciliations, not a query per invoice).
INVOICES = """
CREATE TEMP TABLE cm_score_invoices ON COMMIT DROP AS
WITH inv AS (
    SELECT m.id, m.commercial_partner_id AS cp, m.move_type, m.invoice_date,
           m.invoice_date_due AS due, m.amount_total_signed::float8 AS total,
           m.amount_untaxed_signed::float8 AS untaxed,
           m.payment_state IN ('paid', 'in_payment', 'reversed') AS paid
      FROM account_move m
     WHERE m.move_type IN ('out_invoice', 'out_refund') AND m.state = 'posted'
       AND m.company_id = %(company)s
       AND (m.invoice_date >= %(from)s OR m.invoice_date_due >= %(from)s)
), pay AS (
    -- from the reconciliations (far fewer than the move lines); a partial's max_date
    -- is the later of its two lines' dates: the payment's, or the invoice's when the
    -- payment came first (prepaid)
    SELECT dl.move_id AS id, MAX(pr.max_date) AS paid_on,
           SUM(pr.amount::float8) FILTER (WHERE pr.max_date <= dl.date) AS prepaid
      FROM account_partial_reconcile pr
      JOIN account_move_line dl ON dl.id = pr.debit_move_id
     WHERE pr.company_id = %(company)s AND dl.display_type = 'payment_term'
       AND dl.date >= %(from)s - 366
     GROUP BY dl.move_id
)
SELECT inv.*, pay.paid_on, COALESCE(pay.prepaid, 0) AS prepaid
  FROM inv LEFT JOIN pay ON pay.id = inv.id
"""

# 3. The population: customers with orders or invoices in the look-back, their
#    profit and revenue, and when the cooperation started.
BASE = """
CREATE TEMP TABLE cm_score_base ON COMMIT DROP AS
WITH ord AS (
    SELECT cp, SUM(margin) FILTER (WHERE day >= %(profit_from)s) AS profit,
           SUM(amount) FILTER (WHERE day >= %(profit_from)s) AS revenue
      FROM cm_score_orders GROUP BY cp
), inv AS (
    SELECT DISTINCT cp FROM cm_score_invoices
     WHERE move_type = 'out_invoice' AND invoice_date >= %(from)s
), pop AS (
    SELECT COALESCE(ord.cp, inv.cp) AS cp, ord.profit, ord.revenue
      FROM ord FULL JOIN inv ON inv.cp = ord.cp
), first_order AS (
    SELECT p.commercial_partner_id AS cp, MIN(so.date_order)::date AS first
      FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
     WHERE so.state = 'sale' AND so.company_id = %(company)s
     GROUP BY p.commercial_partner_id
), first_invoice AS (
    -- only for the customers who never ordered
    SELECT m.commercial_partner_id AS cp, MIN(m.invoice_date) AS first
      FROM account_move m
      JOIN pop ON pop.cp = m.commercial_partner_id
      LEFT JOIN first_order f ON f.cp = pop.cp
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
       AND m.company_id = %(company)s AND f.cp IS NULL
     GROUP BY m.commercial_partner_id
)
SELECT pop.cp, COALESCE(pop.profit, 0) AS profit, COALESCE(pop.revenue, 0) AS revenue,
       COALESCE(partner.cooperation_start_manual, f.first, fi.first) AS coop_start,
       partner.user_id, partner.customer_tier_id AS tier_id,
       partner.company_id AS partner_company_id
  FROM pop
  JOIN res_partner partner ON partner.id = pop.cp AND partner.active
  LEFT JOIN first_order f ON f.cp = pop.cp
  LEFT JOIN first_invoice fi ON fi.cp = pop.cp
"""

# 4. Each computed metric: rows (cp, v1, v2) for every customer of the population.
#    %(start)s is the indicator's own look-back.
METRICS = {
    "margin": """
        SELECT cp, SUM(margin) / NULLIF(SUM(amount), 0) * 100,
               COALESCE(SUM(margin) / NULLIF(SUM(GREATEST(SUM(margin), 0)) OVER (), 0) * 100, 0)
          FROM cm_score_orders WHERE day >= %(start)s
         GROUP BY cp HAVING SUM(amount) <> 0""",
    "order_size": """
        SELECT o.cp, AVG(o.amount),
               COUNT(*) / GREATEST((%(today)s::date - GREATEST(%(start)s::date, b.coop_start))
                                   / 30.4375, 1)
          FROM cm_score_orders o JOIN cm_score_base b ON b.cp = o.cp
         WHERE o.day >= %(start)s
         GROUP BY o.cp, b.coop_start""",
    "order_structure": """
        SELECT cp, AVG(products), NULL FROM cm_score_orders
         WHERE day >= %(start)s GROUP BY cp""",
    "price_sensitivity": """
        SELECT cp, SUM(discount) / NULLIF(SUM(gross), 0) * 100, NULL FROM cm_score_orders
         WHERE day >= %(start)s GROUP BY cp HAVING SUM(gross) > 0""",
    "cooperation": """
        SELECT cp, (%(today)s::date - coop_start) / 365.25, NULL FROM cm_score_base
         WHERE coop_start IS NOT NULL""",
    "shipment": """
        SELECT cp, AVG(date_part('epoch', delivered_at - ordered_at) / 86400), NULL
          FROM cm_score_orders
         WHERE day >= %(start)s AND delivered_at IS NOT NULL
         GROUP BY cp""",
    "payment_method": """
        SELECT cp, LEAST(SUM(prepaid) / SUM(total) * 100, 100),
               SUM((due - invoice_date) * total) / SUM(total)
          FROM cm_score_invoices
         WHERE move_type = 'out_invoice' AND invoice_date >= %(start)s AND total > 0
         GROUP BY cp""",
    "punctuality": """
        SELECT cp, AVG(GREATEST(CASE WHEN paid THEN COALESCE(paid_on, due)
                                     ELSE %(today)s::date END - due, 0)), NULL
          FROM cm_score_invoices
         WHERE move_type = 'out_invoice' AND due >= %(start)s AND (due < %(today)s OR paid)
         GROUP BY cp""",
    "claims": """
        WITH moves AS (
            SELECT cp, SUM(untaxed) FILTER (WHERE move_type = 'out_invoice') AS sales,
                   -SUM(untaxed) FILTER (WHERE move_type = 'out_refund') AS refunds
              FROM cm_score_invoices WHERE invoice_date >= %(start)s
             GROUP BY cp
        ), returns AS (
            SELECT p.commercial_partner_id AS cp,
                   SUM(sm.quantity * sol.price_subtotal / NULLIF(sol.product_uom_qty, 0)
                       / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
              FROM stock_move sm
              JOIN sale_order_line sol ON sol.id = sm.sale_line_id
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_partner p ON p.id = so.partner_id
             WHERE sm.origin_returned_move_id IS NOT NULL AND sm.state = 'done'
               AND sm.company_id = %(company)s AND sm.date >= %(start)s
             GROUP BY p.commercial_partner_id
        )
        SELECT m.cp, GREATEST(COALESCE(m.refunds, 0), COALESCE(r.amount, 0)) / m.sales * 100,
               NULL
          FROM moves m LEFT JOIN returns r ON r.cp = m.cp
         WHERE m.sales > 0""",
}
MANUAL = (
    "SELECT partner_id, rating::float8, NULL FROM customer_score_rating WHERE indicator_id = %s"
)
RAW_INSERT = """
INSERT INTO cm_score_raw (cp, indicator_id, v1, v2)
SELECT m.cp, %(indicator)s, m.v1::float8, m.v2::float8
  FROM (%(measure)s) AS m(cp, v1, v2)
  JOIN cm_score_base b ON b.cp = m.cp
 WHERE m.v1 IS NOT NULL
"""

# 5. Per customer: each measure normalised to 0-100, either the mid-rank percentile
#    (half the ties count as beaten: a lone customer scores 50) or linear between two
#    thresholds; the score (weights rescaled over what was measured) and its lines as
#    one array {{indicator, value, value2, score, weight}, ...}; then the Pareto rank
#    and class over all customers, the tier of the class and the class of the previous
#    period. A percentile is two binary searches (width_bucket) in the indicator's
#    sorted values, not a window sort of every line.
RESULT = """
CREATE TEMP TABLE cm_score_result ON COMMIT DROP AS
WITH cfg (indicator_id, weight, sign1, percentile, lo1, hi1, sign2, lo2, hi2) AS (
    VALUES %(config)s
), sorted AS (
    SELECT r.indicator_id, count(*)::float8 AS n1, count(r.v2)::float8 AS n2,
           array_agg(r.v1 * c.sign1 ORDER BY r.v1 * c.sign1) AS up1,
           array_agg(-r.v1 * c.sign1 ORDER BY -r.v1 * c.sign1) AS down1,
           array_agg(r.v2 * c.sign2 ORDER BY r.v2 * c.sign2)
               FILTER (WHERE r.v2 IS NOT NULL) AS up2,
           array_agg(-r.v2 * c.sign2 ORDER BY -r.v2 * c.sign2)
               FILTER (WHERE r.v2 IS NOT NULL) AS down2
      FROM cm_score_raw r JOIN cfg c USING (indicator_id)
     WHERE c.percentile
     GROUP BY r.indicator_id
), normalised AS MATERIALIZED (
    -- scored here, so the sorted arrays never travel into the aggregate below
    SELECT r.cp, r.indicator_id, r.v1, r.v2, c.weight,
           CASE WHEN r.v2 IS NULL THEN s.score1 ELSE (s.score1 + s.score2) / 2 END AS score
      FROM cm_score_raw r
      JOIN cfg c USING (indicator_id)
      LEFT JOIN sorted d USING (indicator_id)
     CROSS JOIN LATERAL (
         -- values below + values at or below, over twice the count
         SELECT CASE WHEN c.percentile THEN
                    (d.n1 - width_bucket(-r.v1 * c.sign1, d.down1)
                     + width_bucket(r.v1 * c.sign1, d.up1)) / (2 * d.n1) * 100
                ELSE LEAST(GREATEST(CASE WHEN c.sign1 > 0 THEN r.v1 - c.lo1 ELSE c.hi1 - r.v1 END
                                    / NULLIF(c.hi1 - c.lo1, 0), 0), 1) * 100
                END AS score1,
                CASE WHEN c.percentile THEN
                    (d.n2 - width_bucket(-r.v2 * c.sign2, d.down2)
                     + width_bucket(r.v2 * c.sign2, d.up2)) / (2 * d.n2) * 100
                ELSE LEAST(GREATEST(CASE WHEN c.sign2 > 0 THEN r.v2 - c.lo2 ELSE c.hi2 - r.v2 END
                                    / NULLIF(c.hi2 - c.lo2, 0), 0), 1) * 100
                END AS score2
     ) s
), scores AS (
    SELECT cp, SUM(weight * score) / NULLIF(SUM(weight), 0) AS score,
           SUM(weight) AS weight_total,
           array_agg(ARRAY[indicator_id, v1, v2, score, weight]) AS lines
      FROM normalised GROUP BY cp
), ranked AS (
    SELECT b.*, COALESCE(s.score, 0) AS score, s.weight_total, s.lines,
           row_number() OVER w AS rank,
           SUM(GREATEST(b.profit, 0)) OVER (w ROWS UNBOUNDED PRECEDING) AS cum,
           SUM(GREATEST(b.profit, 0)) OVER () AS total,
           count(*) OVER () AS customer_count
      FROM cm_score_base b LEFT JOIN scores s ON s.cp = b.cp
    WINDOW w AS (ORDER BY b.profit DESC, b.cp)
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
CONFIG_ROW = "(%s, %s::float8, %s, %s, %s::float8, %s::float8, %s, %s::float8, %s::float8)"
EMPTY_CONFIG = "(0, 0::float8, 1, TRUE, 0::float8, 0::float8, 1, 0::float8, 0::float8)"
# The tier rules, first match wins: WHEN value_class = .. AND score BETWEEN .. THEN tier;
# a company's tier only for that company's customers (not for shared ones).
TIER_RULE = "WHEN c.value_class = %s AND c.score BETWEEN %s AND %s AND %s THEN %s"
TIER_OF_COMPANY = "c.partner_company_id = %s"

# 6. The period's snapshot, upserted: the latest run of a period wins; a class change
#    (against the previous period, or against this period's earlier run) stays
#    pending until it is logged on the customer. The score lines are kept with the
#    snapshot as one array: {{indicator, value, value2, score, weight}, ...}. The
#    latest snapshots are those of the company's latest period (no flag to update).
HISTORY_UPSERT = """
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
