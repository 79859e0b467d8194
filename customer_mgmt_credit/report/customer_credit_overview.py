from odoo import api, fields, models
from odoo.tools import SQL

from ..models.customer_credit_engine import FIGURES_DEPENDS


class CustomerCreditOverview(models.Model):
    """Grade, limit, exposure, available credit, overdue and hold of every customer
    with credit figures in the current company, read live (not stored)."""

    _name = "customer.credit.overview"
    _description = "Credit Analysis"
    _auto = False
    _order = "exposure desc, id"
    _rec_name = "partner_id"
    _depends = FIGURES_DEPENDS

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    credit_grade_id = fields.Many2one("customer.credit.grade", string="Grade", readonly=True)
    credit_limited = fields.Boolean(readonly=True)
    credit_limit = fields.Monetary(readonly=True)
    credit_hold = fields.Boolean(string="On Hold", readonly=True)
    receivable = fields.Monetary(string="Open Receivables", readonly=True)
    not_invoiced = fields.Monetary(readonly=True, help="Confirmed orders and draft invoices.")
    exposure = fields.Monetary(readonly=True)
    available = fields.Monetary(string="Available Credit", readonly=True)
    overdue = fields.Monetary(readonly=True)
    oldest_overdue_days = fields.Integer(
        string="Oldest Overdue (Days)", readonly=True, aggregator="max"
    )
    sales = fields.Monetary(string="Sales (12 Months)", readonly=True)

    @property
    def _table_query(self) -> SQL:
        today = fields.Date.context_today(self)
        return self._get_overview_sql(self.env.company, today)

    @api.model
    def _get_overview_sql(self, company, today):
        """One row per commercial partner with credit figures, a limit, a grade or
        a hold in ``company``. Used by this report and the alerts, so both read
        the same figures as the check."""
        # The SQL of company-dependent fields; the limit is an accounting field,
        # the overview only exposes it to the report's own readers.
        Partner = self.env["res.partner"].sudo().with_company(company)
        limited = SQL("COALESCE(%s, FALSE)", Partner._field_to_sql("p", "credit_limited"))
        limit = SQL(
            "CASE WHEN %s THEN COALESCE(%s, 0) ELSE 0 END",
            limited,
            Partner._field_to_sql("p", "credit_limit"),
        )
        grade = Partner._field_to_sql("p", "credit_grade_id")
        hold = SQL("COALESCE(%s, FALSE)", Partner._field_to_sql("p", "credit_hold"))
        return SQL(
            """
            WITH figures AS (%(figures)s)
            SELECT p.id AS id, p.id AS partner_id, %(company)s AS company_id,
                   comp.currency_id AS currency_id, p.user_id AS user_id,
                   %(grade)s AS credit_grade_id,
                   %(limited)s AS credit_limited,
                   %(limit)s AS credit_limit,
                   %(hold)s AS credit_hold,
                   COALESCE(f.receivable, 0) AS receivable,
                   COALESCE(f.exposure - f.receivable, 0) AS not_invoiced,
                   COALESCE(f.exposure, 0) AS exposure,
                   CASE WHEN %(limited)s THEN %(limit)s - COALESCE(f.exposure, 0)
                        ELSE 0 END AS available,
                   COALESCE(f.overdue, 0) AS overdue,
                   COALESCE(%(today)s::date - f.oldest, 0) AS oldest_overdue_days,
                   COALESCE(f.sales, 0) AS sales
              FROM res_partner p
              JOIN res_company comp ON comp.id = %(company)s
              LEFT JOIN figures f ON f.id = p.id
             WHERE p.id = p.commercial_partner_id
               AND (f.id IS NOT NULL OR %(limited)s OR %(grade)s IS NOT NULL OR %(hold)s)
            """,
            figures=self.env["customer.credit.engine"]._get_figures_sql(company, today),
            company=company.id,
            today=today,
            limited=limited,
            limit=limit,
            grade=grade,
            hold=hold,
        )
