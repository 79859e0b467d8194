from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .customer_score_indicator import SECOND_MEASURE

# What an indicator's computation depends on; the simulation overrides them.
INDICATOR_SETTINGS = (
    "active", "source", "metric", "weight", "direction", "normalisation", "threshold_low",
    "threshold_high", "threshold2_low", "threshold2_high", "lookback_months",
)  # fmt: skip
# The partner fields computed from the snapshots.
VALUE_FIELDS = [
    "value_score", "value_class", "value_rank", "value_customer_count", "value_profit",
    "value_cumulative_share", "value_scored_on", "value_score_change", "value_previous_class",
    "value_score_line_ids", "value_history_ids",
]  # fmt: skip
# Temporary tables of one run, dropped at its end (or at commit).
TEMP_TABLES = (
    "cm_score_orders",
    "cm_score_base",
    "cm_score_raw",
    "cm_score_norm",
    "cm_score_result",
)

# Each computed metric: the SQL that measures it for every customer of the
# population at once, as rows (cp, v1, v2). %(start)s is the indicator's look-back.
METRIC_SQL = {
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
        SELECT cp, AVG(products), NULL::numeric FROM cm_score_orders
         WHERE day >= %(start)s GROUP BY cp""",
    "price_sensitivity": """
        SELECT cp, SUM(discount) / NULLIF(SUM(gross), 0) * 100, NULL::numeric FROM cm_score_orders
         WHERE day >= %(start)s GROUP BY cp HAVING SUM(gross) > 0""",
    "cooperation": """
        SELECT cp, (%(today)s::date - coop_start) / 365.25, NULL::numeric FROM cm_score_base
         WHERE coop_start IS NOT NULL""",
    "shipment": """
        SELECT o.cp, AVG(EXTRACT(EPOCH FROM d.done - o.ordered_at) / 86400), NULL::numeric
          FROM cm_score_orders o
          JOIN (SELECT pk.sale_id, MIN(pk.date_done) AS done
                  FROM stock_picking pk
                  JOIN stock_picking_type t ON t.id = pk.picking_type_id AND t.code = 'outgoing'
                 WHERE pk.state = 'done' AND pk.sale_id IS NOT NULL
                   AND pk.company_id = %(company)s AND pk.date_done >= %(start)s
                 GROUP BY pk.sale_id) d ON d.sale_id = o.order_id
         WHERE o.day >= %(start)s
         GROUP BY o.cp""",
    "payment_method": """
        WITH inv AS (
            SELECT m.commercial_partner_id AS cp, m.id, m.amount_total_signed AS amount,
                   m.invoice_date_due - m.invoice_date AS term,
                   (SELECT SUM(pr.amount)
                      FROM account_move_line dl
                      JOIN account_partial_reconcile pr ON pr.debit_move_id = dl.id
                      JOIN account_move_line cl ON cl.id = pr.credit_move_id
                     WHERE dl.move_id = m.id AND dl.display_type = 'payment_term'
                       AND cl.date <= m.invoice_date) AS prepaid
              FROM account_move m
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
               AND m.company_id = %(company)s AND m.invoice_date >= %(start)s
               AND m.amount_total_signed > 0
        )
        SELECT cp, LEAST(COALESCE(SUM(prepaid), 0) / SUM(amount) * 100, 100),
               SUM(term * amount) / SUM(amount)
          FROM inv GROUP BY cp""",
    "punctuality": """
        WITH inv AS (
            SELECT m.commercial_partner_id AS cp, m.invoice_date_due AS due,
                   m.payment_state IN ('paid', 'in_payment', 'reversed') AS paid,
                   (SELECT MAX(cl.date)
                      FROM account_move_line dl
                      JOIN account_partial_reconcile pr ON pr.debit_move_id = dl.id
                      JOIN account_move_line cl ON cl.id = pr.credit_move_id
                     WHERE dl.move_id = m.id AND dl.display_type = 'payment_term') AS paid_on
              FROM account_move m
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
               AND m.company_id = %(company)s AND m.invoice_date_due >= %(start)s
               AND (m.invoice_date_due < %(today)s
                    OR m.payment_state IN ('paid', 'in_payment', 'reversed'))
        )
        SELECT cp, AVG(GREATEST(CASE WHEN paid THEN COALESCE(paid_on, due)
                                     ELSE %(today)s::date END - due, 0)), NULL::numeric
          FROM inv GROUP BY cp""",
    "claims": """
        WITH moves AS (
            SELECT m.commercial_partner_id AS cp,
                   SUM(m.amount_untaxed_signed) FILTER (WHERE m.move_type = 'out_invoice')
                       AS sales,
                   -SUM(m.amount_untaxed_signed) FILTER (WHERE m.move_type = 'out_refund')
                       AS refunds
              FROM account_move m
             WHERE m.move_type IN ('out_invoice', 'out_refund') AND m.state = 'posted'
               AND m.company_id = %(company)s AND m.invoice_date >= %(start)s
             GROUP BY m.commercial_partner_id
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


class CustomerScoreEngine(models.AbstractModel):
    """The value score of all customers of a company in a fixed number of SQL
    passes: orders are aggregated once, each indicator is one more statement over
    all customers, then normalisation, score, Pareto class and tier by class are
    window functions over the whole population. Results are written with set-based
    INSERT/UPDATE; only the chatter and tier changes go through the ORM."""

    _name = "customer.score.engine"
    _description = "Customer Value Score Engine"

    # ------------------------------------------------------------ configuration

    @api.model
    def _get_indicator_config(self, overrides=None):
        """The active indicators with a weight, as dicts. ``overrides``: {indicator
        id: {field: value}} to try other settings (simulation)."""
        overrides = overrides or {}
        Indicator = self.env["customer.score.indicator"].with_context(active_test=False)
        config = []
        for indicator in Indicator.search([]):  # pylint: disable=no-search-all
            values = {field: indicator[field] for field in INDICATOR_SETTINGS}
            values.update(overrides.get(indicator.id, {}), id=indicator.id)
            if values["active"] and values["weight"] > 0:
                config.append(values)
        return config

    @api.model
    def _get_class_config(self, company, overrides=None):
        config = {
            "a_share": company.value_class_a_share,
            "c_share": company.value_class_c_share,
            "c_profit": company.value_class_c_profit,
            "developing_months": company.value_developing_months,
            "assign_tiers": company.value_assign_tiers,
        }
        config.update(overrides or {})
        return config

    @api.model
    def _period_start(self, company, day):
        if company.value_period == "quarter":
            return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        return day.replace(day=1)

    # ---------------------------------------------------------------- the run

    @api.model
    def _compute(self, company, today, indicators, classes):
        """Fill the temporary tables cm_score_result (one row per scored customer:
        score, class, rank, shares, tier by class) and cm_score_norm (one row per
        customer and measured indicator) for every customer of ``company``."""
        self.env.flush_all()
        cr = self.env.cr
        self._drop_temp_tables()
        computed = [c for c in indicators if c["source"] == "computed"]
        starts = {c["id"]: today - relativedelta(months=c["lookback_months"]) for c in indicators}
        population_from = min(starts.values(), default=today - relativedelta(months=12))
        margin = next((c for c in computed if c["metric"] == "margin"), None)
        profit_from = starts[margin["id"]] if margin else today - relativedelta(months=12)
        params = {
            "company": company.id,
            "today": today,
            "tomorrow": today + relativedelta(days=1),
            "from": min(population_from, profit_from),
            "profit_from": profit_from,
        }
        # 1. Confirmed orders of the look-back, one row each, in company currency.
        cr.execute(
            SQL(
                """
            CREATE TEMP TABLE cm_score_orders ON COMMIT DROP AS
            SELECT p.commercial_partner_id AS cp, so.id AS order_id,
                   so.date_order AS ordered_at, so.date_order::date AS day,
                   SUM(sol.margin) / rate.r AS margin,
                   SUM(sol.price_subtotal) / rate.r AS amount,
                   COUNT(DISTINCT sol.product_id) AS products,
                   SUM(sol.price_unit * sol.product_uom_qty) / rate.r AS gross,
                   SUM(sol.price_unit * sol.product_uom_qty * sol.discount / 100) / rate.r
                       AS discount
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
              JOIN sale_order_line sol ON sol.order_id = so.id
                   AND sol.display_type IS NULL AND NOT COALESCE(sol.is_downpayment, FALSE)
             CROSS JOIN LATERAL (SELECT COALESCE(NULLIF(so.currency_rate, 0), 1) AS r) rate
             WHERE so.state = 'sale' AND so.company_id = %(company)s
               AND so.date_order >= %(from)s AND so.date_order < %(tomorrow)s
             GROUP BY p.commercial_partner_id, so.id, rate.r
            """,
                **params,
            )
        )
        # 2. The population: customers with orders or invoices in the look-back,
        #    their profit and revenue, and when the cooperation started.
        cr.execute(
            SQL(
                """
            CREATE TEMP TABLE cm_score_base ON COMMIT DROP AS
            WITH ord AS (
                SELECT cp, SUM(margin) FILTER (WHERE day >= %(profit_from)s) AS profit,
                       SUM(amount) FILTER (WHERE day >= %(profit_from)s) AS revenue
                  FROM cm_score_orders GROUP BY cp
            ), inv AS (
                SELECT m.commercial_partner_id AS cp, MIN(m.invoice_date) AS first_invoice
                  FROM account_move m
                 WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                   AND m.company_id = %(company)s AND m.invoice_date >= %(from)s
                 GROUP BY m.commercial_partner_id
            ), pop AS (
                SELECT COALESCE(ord.cp, inv.cp) AS cp, ord.profit, ord.revenue,
                       inv.first_invoice
                  FROM ord FULL JOIN inv ON inv.cp = ord.cp
            ), first_order AS (
                SELECT p.commercial_partner_id AS cp, MIN(so.date_order)::date AS first
                  FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND so.company_id = %(company)s
                 GROUP BY p.commercial_partner_id
            )
            SELECT pop.cp, COALESCE(pop.profit, 0) AS profit,
                   COALESCE(pop.revenue, 0) AS revenue,
                   COALESCE(partner.cooperation_start_manual, f.first, pop.first_invoice)
                       AS coop_start,
                   partner.user_id, partner.customer_tier_id AS tier_id
              FROM pop
              JOIN res_partner partner ON partner.id = pop.cp AND partner.active
              LEFT JOIN first_order f ON f.cp = pop.cp
            """,
                **params,
            )
        )
        cr.execute("CREATE UNIQUE INDEX ON cm_score_base (cp)")
        cr.execute("ANALYZE cm_score_orders, cm_score_base")
        # 3. Raw measures: one statement per indicator over all customers.
        cr.execute(
            "CREATE TEMP TABLE cm_score_raw (cp int, indicator_id int, v1 numeric, v2 numeric)"
            " ON COMMIT DROP"
        )
        for indicator in indicators:
            if indicator["source"] == "manual":
                measure = SQL(
                    "SELECT partner_id, rating::numeric, NULL::numeric FROM customer_score_rating "
                    "WHERE indicator_id = %s",
                    indicator["id"],
                )
            else:
                measure = SQL(
                    METRIC_SQL[indicator["metric"]], **params, start=starts[indicator["id"]]
                )
            cr.execute(
                SQL(
                    """
                INSERT INTO cm_score_raw (cp, indicator_id, v1, v2)
                SELECT m.cp, %(indicator)s, m.v1::numeric, m.v2::numeric
                  FROM (%(measure)s) AS m(cp, v1, v2)
                  JOIN cm_score_base b ON b.cp = m.cp
                 WHERE m.v1 IS NOT NULL
                """,
                    indicator=indicator["id"],
                    measure=measure,
                )
            )
        # 4. Normalised scores, rescaled weights, contributions.
        cr.execute(
            SQL(
                """
            CREATE TEMP TABLE cm_score_norm ON COMMIT DROP AS
            WITH cfg (indicator_id, weight, sign1, percentile, lo1, hi1, sign2, lo2, hi2) AS (
                VALUES %(config)s
            ), ranked AS (
                SELECT r.cp, r.indicator_id, r.v1, r.v2, c.weight, c.sign1, c.percentile, c.lo1,
                       c.hi1, c.sign2, c.lo2, c.hi2,
                       -- mid-rank percentile: half the ties count as beaten
                       (rank() OVER w1 - 1 + cume_dist() OVER w1 * count(*) OVER w)
                           / (2 * count(*) OVER w) * 100 AS p1,
                       (rank() OVER w2 - 1 + cume_dist() OVER w2 * count(*) OVER w)
                           / (2 * count(*) OVER w) * 100 AS p2
                  FROM cm_score_raw r JOIN cfg c USING (indicator_id)
                WINDOW w AS (PARTITION BY r.indicator_id),
                       w1 AS (PARTITION BY r.indicator_id ORDER BY r.v1 * c.sign1),
                       w2 AS (PARTITION BY r.indicator_id ORDER BY r.v2 * c.sign2)
            ), scored AS (
                SELECT cp, indicator_id, v1, v2, weight,
                       CASE WHEN percentile THEN
                                CASE WHEN v2 IS NULL THEN p1 ELSE (p1 + p2) / 2 END
                            ELSE
                                CASE WHEN v2 IS NULL THEN lin1 ELSE (lin1 + lin2) / 2 END
                       END AS score
                  FROM ranked
                 CROSS JOIN LATERAL (
                     SELECT LEAST(GREATEST(CASE WHEN sign1 > 0 THEN v1 - lo1 ELSE hi1 - v1 END
                                           / NULLIF(hi1 - lo1, 0), 0), 1) * 100 AS lin1,
                            LEAST(GREATEST(CASE WHEN sign2 > 0 THEN v2 - lo2 ELSE hi2 - v2 END
                                           / NULLIF(hi2 - lo2, 0), 0), 1) * 100 AS lin2
                 ) lin
            )
            SELECT cp, indicator_id, v1, v2, score,
                   weight * 100 / SUM(weight) OVER (PARTITION BY cp) AS weight,
                   score * weight / SUM(weight) OVER (PARTITION BY cp) AS contribution
              FROM scored
            """,
                config=SQL(", ").join(self._config_row(c) for c in indicators)
                if indicators
                else SQL(
                    "(0, 0::numeric, 1, TRUE, 0::numeric, 0::numeric, 1, 0::numeric, 0::numeric)"
                ),
            )
        )
        # 5. Score, Pareto rank and class, tier by class.
        developing_from = today - relativedelta(months=classes["developing_months"])
        cr.execute(
            SQL(
                """
            CREATE TEMP TABLE cm_score_result ON COMMIT DROP AS
            WITH scores AS (
                SELECT cp, SUM(contribution) AS score FROM cm_score_norm GROUP BY cp
            ), ranked AS (
                SELECT b.*, COALESCE(s.score, 0) AS score,
                       row_number() OVER w AS rank,
                       SUM(GREATEST(b.profit, 0)) OVER (w ROWS UNBOUNDED PRECEDING) AS cum,
                       SUM(GREATEST(b.profit, 0)) OVER () AS total,
                       SUM(b.revenue) OVER () AS total_revenue,
                       count(*) OVER () AS customer_count
                  FROM cm_score_base b LEFT JOIN scores s ON s.cp = b.cp
                WINDOW w AS (ORDER BY b.profit DESC, b.cp)
            ), classed AS (
                SELECT ranked.*,
                       CASE WHEN coop_start > %(developing_from)s THEN 'developing'
                            WHEN profit <= %(c_profit)s THEN 'c'
                            WHEN cum - GREATEST(profit, 0) < %(a_share)s / 100.0 * total THEN 'a'
                            WHEN cum - GREATEST(profit, 0) >= (100 - %(c_share)s) / 100.0 * total
                                THEN 'c'
                            ELSE 'b' END AS value_class,
                       COALESCE(GREATEST(profit, 0) / NULLIF(total, 0) * 100, 0) AS profit_share,
                       COALESCE(cum / NULLIF(total, 0) * 100, 0) AS cumulative_share,
                       profit / NULLIF(revenue, 0) * 100 AS margin_percent
                  FROM ranked
            )
            SELECT c.*, rule.tier_id AS proposed_tier_id
              FROM classed c
              LEFT JOIN LATERAL (
                  SELECT r.tier_id FROM customer_score_tier_rule r
                   WHERE %(assign)s AND r.active AND r.value_class = c.value_class
                     AND c.score BETWEEN COALESCE(r.min_score, 0) AND COALESCE(r.max_score, 100)
                     AND (r.company_id IS NULL OR r.company_id = %(company)s)
                   ORDER BY r.sequence, r.id LIMIT 1
              ) rule ON TRUE
            """,
                developing_from=developing_from,
                c_profit=classes["c_profit"],
                a_share=classes["a_share"],
                c_share=classes["c_share"],
                assign=bool(classes["assign_tiers"]),
                company=company.id,
            )
        )
        cr.execute("CREATE UNIQUE INDEX ON cm_score_result (cp)")

    @api.model
    def _config_row(self, indicator):
        second_better = SECOND_MEASURE.get(indicator["metric"], True)
        return SQL(
            "(%s, %s::numeric, %s, %s, %s::numeric, %s::numeric, %s, %s::numeric, %s::numeric)",
            indicator["id"],
            indicator["weight"],
            1 if indicator["direction"] == "higher" else -1,
            indicator["normalisation"] == "percentile",
            indicator["threshold_low"],
            indicator["threshold_high"],
            1 if second_better else -1,
            indicator["threshold2_low"],
            indicator["threshold2_high"],
        )

    @api.model
    def _drop_temp_tables(self):
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL(", ").join(
            SQL.identifier(table) for table in TEMP_TABLES
        )))  # fmt: skip

    @api.model
    def _write(self, company, today, partner_ids=None):
        """Store the computed run for these customers (all when None): the period's
        snapshot (upserted: the latest run of a period wins, a class change is kept
        pending until logged), the latest flags, and the score lines."""
        cr = self.env.cr
        scope = SQL("cp = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL("TRUE")
        period = self._period_start(company, today)
        cr.execute(
            SQL(
                """
            INSERT INTO customer_score_history (
                partner_id, company_id, period, date, is_latest, value_score, value_class,
                previous_class, class_change_pending, profit, revenue, margin_percent, rank,
                customer_count, profit_share, cumulative_share, proposed_tier_id, tier_id,
                user_id, create_uid, create_date, write_uid, write_date)
            SELECT r.cp, %(company)s, %(period)s, %(today)s, TRUE, r.score, r.value_class,
                   prev.value_class, prev.value_class IS NOT NULL
                                     AND prev.value_class <> r.value_class,
                   r.profit, r.revenue, r.margin_percent, r.rank, r.customer_count,
                   r.profit_share, r.cumulative_share, r.proposed_tier_id, r.tier_id,
                   r.user_id, %(uid)s, now() at time zone 'UTC', %(uid)s,
                   now() at time zone 'UTC'
              FROM cm_score_result r
              LEFT JOIN LATERAL (
                  SELECT h.value_class FROM customer_score_history h
                   WHERE h.partner_id = r.cp AND h.company_id = %(company)s
                     AND h.period < %(period)s
                   ORDER BY h.period DESC LIMIT 1
              ) prev ON TRUE
             WHERE %(scope)s
            ON CONFLICT (partner_id, company_id, period) DO UPDATE SET
                date = EXCLUDED.date, is_latest = TRUE, value_score = EXCLUDED.value_score,
                value_class = EXCLUDED.value_class,
                previous_class = CASE
                    WHEN customer_score_history.value_class <> EXCLUDED.value_class
                    THEN customer_score_history.value_class
                    ELSE customer_score_history.previous_class END,
                class_change_pending = customer_score_history.class_change_pending
                    OR customer_score_history.value_class <> EXCLUDED.value_class,
                profit = EXCLUDED.profit, revenue = EXCLUDED.revenue,
                margin_percent = EXCLUDED.margin_percent, rank = EXCLUDED.rank,
                customer_count = EXCLUDED.customer_count,
                profit_share = EXCLUDED.profit_share,
                cumulative_share = EXCLUDED.cumulative_share,
                proposed_tier_id = EXCLUDED.proposed_tier_id, tier_id = EXCLUDED.tier_id,
                user_id = EXCLUDED.user_id, write_uid = EXCLUDED.write_uid,
                write_date = EXCLUDED.write_date
            """,
                company=company.id,
                period=period,
                today=today,
                uid=self.env.uid,
                scope=scope,
            )
        )
        cr.execute(
            SQL(
                """
            UPDATE customer_score_history h SET is_latest = FALSE
              FROM cm_score_result r
             WHERE h.partner_id = r.cp AND h.company_id = %(company)s
               AND h.period < %(period)s AND h.is_latest AND %(scope)s
            """,
                company=company.id,
                period=period,
                scope=scope,
            )
        )
        line_scope = (
            SQL("partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL("TRUE")
        )
        cr.execute(
            SQL(
                "DELETE FROM customer_score_line WHERE company_id = %s AND %s",
                company.id,
                line_scope,
            )
        )
        cr.execute(
            SQL(
                """
            INSERT INTO customer_score_line (
                partner_id, company_id, indicator_id, value, value2, score, weight,
                contribution, create_uid, create_date, write_uid, write_date)
            SELECT cp, %(company)s, indicator_id, v1, v2, score, weight, contribution,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM cm_score_norm WHERE %(scope)s
            """,
                company=company.id,
                uid=self.env.uid,
                scope=scope,
            )
        )
        self.env["customer.score.history"].invalidate_model()
        self.env["customer.score.line"].invalidate_model()
        # the partners' value fields are read from the snapshots
        self.env["res.partner"].invalidate_model(VALUE_FIELDS)

    @api.model
    def _run(self, company, partner_ids=None, today=None):
        """Compute all customers of ``company`` and store these ones (all when None)."""
        today = today or fields.Date.context_today(self)
        self.env["customer.score.indicator"]._check_weights_sum()
        indicators = self._get_indicator_config()
        self._compute(company, today, indicators, self._get_class_config(company))
        self._write(company, today, partner_ids)
        self._drop_temp_tables()

    @api.model
    def _simulate(self, company, indicator_overrides, class_overrides, today=None):
        """What the classes and scores would be with other settings, without storing
        anything: [(partner id, current class, new class, current score, new score)]
        for the customers whose class would change, and the count scored."""
        today = today or fields.Date.context_today(self)
        indicators = self._get_indicator_config(indicator_overrides)
        self._compute(company, today, indicators, self._get_class_config(company, class_overrides))
        rows = self.env.execute_query(
            SQL(
                """
            SELECT r.cp, h.value_class, r.value_class, h.value_score, r.score
              FROM cm_score_result r
              LEFT JOIN customer_score_history h
                     ON h.partner_id = r.cp AND h.company_id = %(company)s AND h.is_latest
             WHERE h.value_class IS DISTINCT FROM r.value_class
             ORDER BY r.rank
            """,
                company=company.id,
            )
        )
        count = self.env.execute_query(SQL("SELECT count(*) FROM cm_score_result"))[0][0]
        self._drop_temp_tables()
        return rows, count
