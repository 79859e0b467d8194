from odoo import _, api, models
from odoo.tools import SQL

from ..models.customer_score_history import VALUE_CLASSES


class CustomerValueAnalysis(models.AbstractModel):
    """The "customer value analysis" workbook of the current company's latest
    scores: the Pareto table, the class summary and each customer's indicator
    breakdown. Read with three SQL queries, so it stays quick at 100k customers."""

    _name = "report.customer_mgmt_scoring.value_analysis"
    _inherit = "report.customer_mgmt.xlsx"
    _description = "Customer Value Analysis (Excel)"

    def _get_sheets(self, data, records):
        return self._get_company_sheets(self.env.company)

    @api.model
    def _get_company_sheets(self, company):
        self.env["customer.score.history"].check_access("read")
        labels = dict(VALUE_CLASSES)
        tiers = {
            tier.id: tier.name
            for tier in self.env["customer.tier"].with_context(active_test=False).search([])
        }
        pareto = self.env.execute_query(
            SQL(
                """
            SELECT h.rank, p.name, COALESCE(u.name, ''), h.tier_id, h.value_class,
                   h.value_score, h.revenue, h.profit, h.margin_percent, h.profit_share,
                   h.cumulative_share, h.partner_id
              FROM customer_score_history h
              JOIN res_partner p ON p.id = h.partner_id
              LEFT JOIN res_users su ON su.id = h.user_id
              LEFT JOIN res_partner u ON u.id = su.partner_id
             WHERE h.company_id = %s AND h.period = %s
             ORDER BY h.rank
            """,
                company.id,
                company.value_latest_period,
            )
        )
        pareto_rows = [
            [rank, name, user, tiers.get(tier, ""), labels.get(cls, ""), round(score or 0, 1),
             revenue or 0, profit or 0, round(margin or 0, 1), round(share or 0, 2),
             round(cumulative or 0, 1)]
            for rank, name, user, tier, cls, score, revenue, profit, margin, share, cumulative,
            _pid in pareto
        ]  # fmt: skip
        summary = {}
        for row in pareto:
            entry = summary.setdefault(row[4], [0, 0.0, 0.0, 0.0])
            entry[0] += 1
            entry[1] += row[6] or 0
            entry[2] += row[7] or 0
            entry[3] += row[5] or 0
        total_count = len(pareto) or 1
        total_profit = sum(max(row[7] or 0, 0) for row in pareto) or 1
        summary_rows = [
            [labels[cls], count, round(100 * count / total_count, 1), round(revenue, 2),
             round(profit, 2),
             round(100 * max(profit, 0) / total_profit, 1), round(score_sum / count, 1)]
            for cls, _label in VALUE_CLASSES
            if cls in summary
            for count, revenue, profit, score_sum in [summary[cls]]
        ]  # fmt: skip
        scores = {}
        for pid, indicator_id, score in self.env.execute_query(SQL(
            """SELECT partner_id, indicator_id, score FROM customer_score_line
                WHERE company_id = %s AND is_latest""",
            company.id,
        )):  # fmt: skip
            scores.setdefault(pid, {})[indicator_id] = round(score, 1)
        used = {indicator_id for lines in scores.values() for indicator_id in lines}
        indicators = (
            self.env["customer.score.indicator"]
            .with_context(active_test=False)
            .search([("id", "in", list(used))])
        )
        breakdown_rows = [
            [row[1], labels.get(row[4], ""), round(row[5] or 0, 1)]
            + [scores.get(row[11], {}).get(indicator.id, "") for indicator in indicators]
            for row in pareto
        ]
        return [
            (
                _("Pareto"),
                [_("Rank"), _("Customer"), _("Salesperson"), _("Tier"), _("Class"), _("Score"),
                 _("Revenue"), _("Profit"), _("Margin (%)"), _("Share of Profit (%)"),
                 _("Cumulative Share (%)")],
                pareto_rows,
            ),
            (
                _("Classes"),
                [_("Class"), _("Customers"), _("Share of Customers (%)"), _("Revenue"),
                 _("Profit"), _("Share of Profit (%)"), _("Average Score")],
                summary_rows,
            ),
            (
                _("Indicators"),
                [_("Customer"), _("Class"), _("Score"), *indicators.mapped("name")],
                breakdown_rows,
            ),
        ]  # fmt: skip
