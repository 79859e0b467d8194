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
    "cm_score_orders", "cm_score_invoices", "cm_score_raw", "cm_score_result",
)  # fmt: skip


class CustomerScoreEngine(models.AbstractModel):
    """The value score of all customers of a company in a fixed number of SQL
    passes (customer_score_sql), one row per customer from the first: orders and
    invoices are aggregated once each, every indicator adding its aggregates as
    columns; the measures, their normalisation, the score, Pareto class and tier by
    class follow over the whole population, and each customer's snapshot (with its
    score lines) is one inserted or upserted row. Only the chatter and tier changes
    go through the ORM."""

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
            # amounts are summed in the currency's smallest unit
            "cents": 10**company.currency_id.decimal_places,
        }
        measures = self._measures_sql(company, indicators, starts, params)
        cr.execute(SQL(Q.ORDERS, **params, aggregates=_columns(measures["orders"])))
        cr.execute(SQL(Q.INVOICES, **params, aggregates=_columns(measures["invoices"])))
        cr.execute(SQL(
            Q.RAW,
            company=company.id,
            cents=params["cents"],
            profit_from=params["profit_from"],
            tomorrow=params["tomorrow"],
            ratings=_columns(measures["ratings"]),
            measures=_columns(measures["measures"]),
            returns=measures["returns"],
            requests=measures["requests"],
        ))  # fmt: skip
        scores = self._scores_sql(indicators)
        cr.execute(SQL(
            Q.RESULT,
            **scores,
            company=company.id,
            period=self._run_period(company, today),
            developing_from=today - relativedelta(months=classes["value_developing_months"]),
            c_profit=classes["value_class_c_profit"],
            a_share=classes["value_class_a_share"],
            c_share=classes["value_class_c_share"],
            tier_rules=self._tier_rules_sql(company, classes["value_assign_tiers"]),
        ))  # fmt: skip

    @api.model
    def _measures_sql(self, company, indicators, starts, params):
        """Each indicator's measures as two columns v1_<id>, v2_<id> of the
        population (``measures``), from the aggregates it adds to the passes over
        the orders and the invoices (the same aggregate once, whoever needs it),
        the ratings pivot or the returns."""
        aggregates = {"orders": {}, "invoices": {}}

        def aggregate(source, template, names, column=None):
            fragment = SQL(template, **names)
            key = (fragment.code, tuple(fragment.params))
            if key not in aggregates[source]:
                column = column or SQL.identifier(f"{source}_{len(aggregates[source])}")
                aggregates[source][key] = (column, SQL("%s AS %s", fragment, column))
            return aggregates[source][key][0]

        profit_names = {**params, "start": params["profit_from"]}
        aggregate("orders", Q.PROFIT, profit_names, SQL.identifier("profit"))
        aggregate("orders", Q.REVENUE, profit_names, SQL.identifier("revenue"))
        sql = {
            "ratings": [],
            "measures": [],
            "returns": SQL(Q.NO_RETURNS),
            "requests": SQL(Q.NO_REQUESTS),
        }
        for indicator in indicators:
            ident = indicator["id"]
            if indicator["source"] == "manual":
                rating = SQL.identifier(f"r_{ident}")
                sql["ratings"].append(SQL("%s AS %s", SQL(Q.RATING, ident), rating))
                v1, v2 = SQL("rt.%s", rating), SQL("NULL")
            else:
                source, templates, v1, v2 = Q.METRICS[indicator["metric"]]
                names = {
                    **params,
                    "start": starts[ident],
                    "requests_kept": SQL("TRUE" if self._requests_kept() else "FALSE"),
                }
                for number, template in enumerate(templates, 1):
                    names[f"a{number}"] = aggregate(source, template, names)
                v1, v2 = SQL(v1, **names), SQL(v2, **names) if v2 else SQL("NULL")
                if indicator["metric"] == "claims":
                    sql["returns"] = SQL(Q.RETURNS, company=company.id, start=starts[ident])
                    sql["requests"] = (
                        self._requests_sql(company, starts[ident], params["tomorrow"])
                        or sql["requests"]
                    )
            sql["measures"].append(
                SQL(Q.MEASURE, v1=v1, v2=v2, c1=_column("v1", ident), c2=_column("v2", ident))
            )
        for source, columns in aggregates.items():
            sql[source] = [fragment for __, fragment in columns.values()]
        return sql

    @api.model
    def _requests_kept(self):
        """Whether service requests are kept (an addon overrides it): then the
        claims indicator also counts the customer's unfounded complaints."""
        return False

    @api.model
    def _has_second_measure(self, metric):
        return metric in SECOND_MEASURE and (metric != "claims" or self._requests_kept())

    @api.model
    def _requests_sql(self, company, start, end):
        """(cp, unfounded) per customer from ``start`` to before ``end``, or None:
        see _requests_kept."""
        return None

    @api.model
    def _scores_sql(self, indicators):
        """The fragments of the RESULT statement: the sorted values of the
        percentile measures, each indicator's normalised score, the weighted sum,
        the weight measured and the score lines."""
        sorted_values, normalised, weighted, measured = [], [], [], []
        lines = [SQL("'{}'::float8[]")]
        for indicator in indicators:
            ident = indicator["id"]
            second = indicator["source"] == "computed" and self._has_second_measure(
                indicator["metric"]
            )
            signs = (
                1 if indicator["direction"] == "higher" else -1,
                1 if SECOND_MEASURE.get(indicator["metric"], True) else -1,
            )
            thresholds = (
                (indicator["threshold_low"], indicator["threshold_high"]),
                (indicator["threshold2_low"], indicator["threshold2_high"]),
            )
            measure_scores = []
            for number in (1, 2) if second else (1,):
                names = {key: _column(f"{key}{number}", ident) for key in ("v", "n", "up", "down")}
                names["sign"] = SQL(str(signs[number - 1]))
                if indicator["normalisation"] == "percentile":
                    sorted_values.append(SQL(Q.SORTED, **names))
                    measure_scores.append(SQL(Q.PERCENTILE, **names))
                else:
                    low, high = thresholds[number - 1]
                    template = Q.THRESHOLD if signs[number - 1] > 0 else Q.THRESHOLD_LOWER
                    measure_scores.append(SQL(template, v=names["v"], low=low, high=high))
            score = _column("s", ident)
            normalised.append(SQL(
                Q.INDICATOR_SCORE,
                v1=_column("v1", ident),
                v2=_column("v2", ident),
                score1=measure_scores[0],
                score2=measure_scores[1] if second else SQL("NULL"),
                s=score,
            ))  # fmt: skip
            weight = indicator["weight"]
            weighted.append(SQL("COALESCE(n.%s * %s::float8, 0)", score, weight))
            measured.append(
                SQL("CASE WHEN n.%s IS NOT NULL THEN %s::float8 ELSE 0 END", score, weight)
            )
            lines.append(SQL(
                Q.LINE,
                s=score,
                v1=_column("v1", ident),
                v2=_column("v2", ident),
                indicator=ident,
                weight=weight,
            ))  # fmt: skip
        return {
            "sorted": _columns(sorted_values),
            "normalised": _columns(normalised),
            "weighted": SQL(" + ").join(weighted) if weighted else SQL("0"),
            "measured": SQL(" + ").join(measured) if measured else SQL("0"),
            "lines": SQL(" || ").join(lines),
        }

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
        if period == company.value_latest_period:
            cr.execute(SQL(Q.HISTORY_UPSERT, company=company.id, period=period, today=today))
            # customers scored earlier in the period but no longer (archived, no
            # business left in the look-back) leave it: an anti-join on the result,
            # whose index also tells the planner its size (else a nested loop, minutes)
            cr.execute("CREATE UNIQUE INDEX ON cm_score_result (cp)")
            cr.execute(SQL(Q.NO_LONGER_SCORED, company=company.id, period=period))
        else:
            # a new period, later than any written (_run_period): nothing to update
            cr.execute(SQL(Q.HISTORY_INSERT, company=company.id, period=period, today=today))
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


def _column(prefix, indicator_id):
    """The column of an indicator's value in the temporary tables."""
    return SQL.identifier(f"{prefix}_{indicator_id}")


def _columns(fragments):
    """Fragments to append to a select list: ", a, b", or nothing."""
    return SQL("").join(SQL(", %s", fragment) for fragment in fragments)
