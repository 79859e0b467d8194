from odoo import api, fields, models
from odoo.tools import SQL

from ..models.customer_credit_engine import FIGURES_DEPENDS


class CustomerCreditAgeing(models.Model):
    """Open receivables per customer and company by age of their due date: not
    due, 1-30, 31-60, 61-90 and over 90 days, in the company's currency."""

    _name = "customer.credit.ageing"
    _description = "Aged Receivables per Customer"
    _auto = False
    _order = "total desc, id"
    _rec_name = "partner_id"
    _depends = FIGURES_DEPENDS

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    not_due = fields.Monetary(readonly=True)
    days_1_30 = fields.Monetary(string="1-30", readonly=True)
    days_31_60 = fields.Monetary(string="31-60", readonly=True)
    days_61_90 = fields.Monetary(string="61-90", readonly=True)
    days_over_90 = fields.Monetary(string="Over 90", readonly=True)
    total = fields.Monetary(readonly=True)

    @property
    def _table_query(self) -> SQL:
        # One row per (commercial partner, company): a line id of the group is
        # a stable, unique id.
        return SQL(
            """
            SELECT MIN(l.id) AS id, p.commercial_partner_id AS partner_id,
                   l.company_id, l.company_currency_id AS currency_id, cp.user_id,
                   %(bucket_not_due)s AS not_due,
                   %(bucket_1_30)s AS days_1_30,
                   %(bucket_31_60)s AS days_31_60,
                   %(bucket_61_90)s AS days_61_90,
                   %(bucket_over_90)s AS days_over_90,
                   SUM(l.amount_residual) AS total
              FROM account_move_line l
              JOIN account_account a ON a.id = l.account_id
              JOIN res_partner p ON p.id = l.partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
             WHERE l.parent_state = 'posted' AND a.account_type = 'asset_receivable'
               AND NOT l.reconciled
             GROUP BY p.commercial_partner_id, l.company_id, l.company_currency_id, cp.user_id
            HAVING SUM(l.amount_residual) != 0
            """,
            bucket_not_due=self._bucket(None, 0),
            bucket_1_30=self._bucket(1, 30),
            bucket_31_60=self._bucket(31, 60),
            bucket_61_90=self._bucket(61, 90),
            bucket_over_90=self._bucket(91, None),
        )

    def _bucket(self, first_day, last_day):
        """The residual amount of the lines overdue by first_day to last_day days."""
        today = fields.Date.context_today(self)
        days = SQL("(%s::date - COALESCE(l.date_maturity, l.date))", today)
        conditions = []
        if first_day is not None:
            conditions.append(SQL("%s >= %s", days, first_day))
        if last_day is not None:
            conditions.append(SQL("%s <= %s", days, last_day))
        return SQL(
            "COALESCE(SUM(l.amount_residual) FILTER (WHERE %s), 0)", SQL(" AND ").join(conditions)
        )

    def action_export_xlsx(self):
        """The selected lines, or all the reader may see, as an Excel workbook."""
        report = self.env.ref("customer_mgmt_credit.customer_credit_ageing_xlsx")
        if self:
            return report.report_action(self, config=False)
        # Nothing selected: the whole report, one row per customer, is the export.
        return report.report_action(None, data={"all": True}, config=False)

    @api.model
    def _get_export_fields(self):
        """Columns of the Excel report (report.customer_mgmt_credit.ageing_xlsx)."""
        return [
            "partner_id", "user_id", "not_due", "days_1_30", "days_31_60", "days_61_90",
            "days_over_90", "total", "company_id",
        ]  # fmt: skip
