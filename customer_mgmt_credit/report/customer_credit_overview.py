from odoo import fields, models
from odoo.tools import SQL

from ..models.res_partner import FIGURES_DEPENDS


class CustomerCreditOverview(models.Model):
    """Grade, limit, exposure, available credit, overdue and hold of every customer
    with credit figures in the current company, read live (not stored)."""

    _name = "customer.credit.overview"
    _description = "Credit Overview"
    _auto = False
    _order = "exposure desc, id"
    _rec_name = "partner_id"
    _depends = FIGURES_DEPENDS

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    credit_grade_id = fields.Many2one("customer.credit.grade", string="Grade", readonly=True)
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
        return self.env["res.partner"]._get_credit_overview_sql(self.env.company, today)
