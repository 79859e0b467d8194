from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from . import customer_score_sql as Q
from .customer_score_indicator import SECOND_MEASURE

# What an indicator's computation depends on; the simulation overrides them.
INDICATOR_SETTINGS = (
    "active", "source", "metric", "weight", "direction", "normalisation", "threshold_low",
    "threshold_high", "threshold2_low", "threshold2_high", "lookback_months",
)  # fmt: skip
# The company settings of the classes; the simulation overrides them.
CLASS_SETTINGS = (
    "value_class_a_share", "value_class_c_share", "value_class_c_profit",
    "value_developing_months", "value_assign_tiers",
)  # fmt: skip
# The partner fields computed from the snapshots.
VALUE_FIELDS = [
    "value_score", "value_class", "value_rank", "value_customer_count", "value_profit",
    "value_cumulative_share", "value_scored_on", "value_score_change", "value_previous_class",
    "value_score_line_ids", "value_history_ids",
]  # fmt: skip
# Temporary tables of one run, dropped at its end (or at commit).
TEMP_TABLES = (
    "cm_score_orders", "cm_score_invoices", "cm_score_base", "cm_score_raw", "cm_score_result",
)  # fmt: skip


class CustomerScoreEngine(models.AbstractModel):
    """The value score of all customers of a company in a fixed number of SQL
    passes (customer_score_sql): orders and invoices are aggregated once, each
    indicator is one statement over all customers, normalisation, score, Pareto
    class and tier by class are window functions over the whole population, and
    each customer's snapshot (with its score lines) is one upserted row. Only the
    chatter and tier changes go through the ORM."""

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
        """The company's class settings, by field name; ``overrides`` (same keys)
        to try others (simulation)."""
        return {**{fname: company[fname] for fname in CLASS_SETTINGS}, **(overrides or {})}

    @api.model
    def _period_start(self, company, day):
        if company.value_period == "quarter":
            return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        return day.replace(day=1)

    @api.model
    def _run_period(self, company, today):
        """The period a run on ``today`` writes: never one before the latest, so a
        day behind (a user's time zone) or a switch from months to quarters updates
        the current snapshots instead of rewriting old ones."""
        period = self._period_start(company, today)
        latest = company.value_latest_period
        return max(period, latest) if latest else period

    # ---------------------------------------------------------------- the run

    @api.model
    def _compute(self, company, today, indicators, classes):
        """Fill the temporary table cm_score_result: one row per customer of
        ``company`` with orders or invoices in the look-back (score and its lines,
        class, rank, shares, tier by class, previous class)."""
        self.env.flush_all()
        cr = self.env.cr
        self._drop_temp_tables()
        # Sorts and hashes over a million rows stay in memory (this transaction only).
        work_mem = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("customer_mgmt_scoring.work_mem", "256MB")
        )
        cr.execute(SQL("SELECT set_config('work_mem', %s, TRUE)", work_mem))
        # compiling these one-off statements costs more than it saves
        cr.execute("SELECT set_config('jit', 'off', TRUE)")
        starts = {c["id"]: today - relativedelta(months=c["lookback_months"]) for c in indicators}
        margin = next((c for c in indicators if c["metric"] == "margin"), None)
        profit_from = starts[margin["id"]] if margin else today - relativedelta(months=12)
        params = {
            "company": company.id,
            "today": today,
            "tomorrow": today + relativedelta(days=1),
            "from": min([*starts.values(), profit_from]),
            "profit_from": profit_from,
        }
        cr.execute(SQL(Q.ORDERS, **params))
        cr.execute(SQL(Q.INVOICES, **params))
        # the planner has no statistics of new temporary tables: without them it
        # guesses 200 customers and picks sorts and nested loops
        cr.execute("ANALYZE cm_score_orders, cm_score_invoices")
        cr.execute(SQL(Q.BASE, **params))
        cr.execute("CREATE UNIQUE INDEX ON cm_score_base (cp)")
        cr.execute("ANALYZE cm_score_base")
        cr.execute(
            "CREATE TEMP TABLE cm_score_raw (cp int, indicator_id int, v1 float8, v2 float8)"
            " ON COMMIT DROP"
        )
        for indicator in indicators:
            if indicator["source"] == "manual":
                measure = SQL(Q.MANUAL, indicator["id"])
            else:
                measure = SQL(
                    Q.METRICS[indicator["metric"]], **params, start=starts[indicator["id"]]
                )
            cr.execute(SQL(Q.RAW_INSERT, indicator=indicator["id"], measure=measure))
        cr.execute("ANALYZE cm_score_raw")
        config = (
            SQL(", ").join(self._config_row(c) for c in indicators)
            if indicators
            else SQL(Q.EMPTY_CONFIG)
        )
        cr.execute(SQL(
            Q.RESULT,
            config=config,
            company=company.id,
            period=self._run_period(company, today),
            developing_from=today - relativedelta(months=classes["value_developing_months"]),
            c_profit=classes["value_class_c_profit"],
            a_share=classes["value_class_a_share"],
            c_share=classes["value_class_c_share"],
            tier_rules=self._tier_rules_sql(company, classes["value_assign_tiers"]),
        ))  # fmt: skip
        # The snapshots no longer scored are an anti-join on it: building the index
        # also tells the planner its size, or it takes a nested loop (minutes).
        cr.execute("CREATE UNIQUE INDEX ON cm_score_result (cp)")

    @api.model
    def _tier_rules_sql(self, company, assign):
        """The tier of each class and score band as a CASE, first rule first."""
        rules = assign and self.env["customer.score.tier.rule"].search(
            [("company_id", "in", [False, company.id])]
        )
        if not rules:
            return SQL("NULL::int")
        whens = SQL(" ").join(
            SQL(
                Q.TIER_RULE,
                rule.value_class,
                rule.min_score,
                rule.max_score,
                SQL(Q.TIER_OF_COMPANY, rule.tier_id.company_id.id)
                if rule.tier_id.company_id
                else SQL("TRUE"),
                rule.tier_id.id,
            )
            for rule in rules
        )
        return SQL("CASE %s END", whens)

    @api.model
    def _config_row(self, indicator):
        second_better = SECOND_MEASURE.get(indicator["metric"], True)
        return SQL(
            Q.CONFIG_ROW,
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
        tables = SQL(", ").join(SQL.identifier(table) for table in TEMP_TABLES)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", tables))

    @api.model
    def _write(self, company, today):
        """Store the computed run: every customer's snapshot of the period with its
        score lines, so a period always holds one ranking. The first run of a new
        period makes it the latest."""
        period = self._run_period(company, today)
        cr = self.env.cr
        cr.execute(SQL(Q.HISTORY_UPSERT, company=company.id, period=period, today=today))
        # customers scored earlier in the period but no longer (archived, no business
        # left in the look-back) leave it
        cr.execute(SQL(Q.NO_LONGER_SCORED, company=company.id, period=period))
        if period != company.value_latest_period:
            company.sudo().value_latest_period = period
            # read by SQL (the score lines view, reports) in this transaction
            company.flush_recordset(["value_latest_period"])
        self.env["customer.score.history"].invalidate_model()
        self.env["customer.score.line"].invalidate_model()
        # the partners' value fields are read from the snapshots
        self.env["res.partner"].invalidate_model(VALUE_FIELDS)

    @api.model
    def _run(self, company, today=None):
        """Score all customers of ``company`` and store their snapshots."""
        today = today or fields.Date.context_today(self)
        self.env["customer.score.indicator"]._check_weights_sum()
        indicators = self._get_indicator_config()
        self._compute(company, today, indicators, self._get_class_config(company))
        self._write(company, today)
        self._drop_temp_tables()

    @api.model
    def _simulate(self, company, indicator_overrides, class_overrides, today=None):
        """What the classes and scores would be with other settings, without storing
        anything: [(partner id, current class, new class, current score, new score)]
        for the customers whose class would change, and the count scored."""
        today = today or fields.Date.context_today(self)
        indicators = self._get_indicator_config(indicator_overrides)
        classes = self._get_class_config(company, class_overrides)
        self._compute(company, today, indicators, classes)
        rows = self.env.execute_query(
            SQL(Q.SIMULATED_CHANGES, company=company.id, latest=company.value_latest_period)
        )
        count = self.env.execute_query(SQL("SELECT count(*) FROM cm_score_result"))[0][0]
        self._drop_temp_tables()
        return rows, count
