from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, create_index

VALUE_CLASSES = [
    ("a", "A - Top Profit"),
    ("b", "B - Modest Profit"),
    ("c", "C - Low or Negative Profit"),
    ("developing", "Developing"),
]


class CustomerScoreHistory(models.Model):
    """One snapshot of a customer's value per period (a month by default): the
    latest run of the period wins, earlier periods stay as they were, so a
    customer is judged on its trend (seed 001). Written by customer.score.engine."""

    _name = "customer.score.history"
    _description = "Customer Value History"
    _order = "period desc, rank, id"
    _rec_name = "partner_id"
    # Written for all customers at once by SQL: `date` says when; who ran it would
    # add nothing but two foreign-key checks on every row.
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    period = fields.Date(required=True, help="First day of the period.")
    date = fields.Date(string="Computed On")
    is_latest = fields.Boolean(
        string="Latest",
        compute="_compute_is_latest",
        search="_search_is_latest",
        help="Of the company's latest period: the customer's current score and class.",
    )
    value_score = fields.Float(digits=(16, 1), aggregator="avg")
    value_class = fields.Selection(VALUE_CLASSES)
    previous_class = fields.Selection(VALUE_CLASSES)
    class_change_pending = fields.Boolean(
        help="The class changed and the change is not logged on the customer yet."
    )
    profit = fields.Monetary(currency_field="currency_id", help="Order margin in the look-back.")
    revenue = fields.Monetary(currency_field="currency_id", help="Ordered, untaxed.")
    margin_percent = fields.Float(string="Margin (%)", digits=(16, 1), aggregator="avg")
    # No aggregate: a group row (e.g. by period) keeps the room for its label.
    rank = fields.Integer(help="Rank by profit, 1 = most profitable.", aggregator=None)
    customer_count = fields.Integer(string="Customers Scored", aggregator="max")
    # Shares add up within one period only: no sum across periods or classes.
    profit_share = fields.Float(string="Share of Profit (%)", digits=(16, 2), aggregator=None)
    cumulative_share = fields.Float(
        string="Cumulative Share (%)",
        digits=(16, 1),
        aggregator="max",
        help="Share of all profit brought by this customer and the more profitable ones.",
    )
    proposed_tier_id = fields.Many2one("customer.tier", string="Tier by Class")
    tier_id = fields.Many2one("customer.tier", help="The tier when scored.")
    user_id = fields.Many2one("res.users", string="Salesperson", help="When scored.")
    weight_total = fields.Float(help="Weight of the indicators measured, before rescaling.")
    line_ids = fields.One2many("customer.score.line", "history_id", string="Score Lines")

    # Few indexes: a run writes every customer's row. The unique key serves the
    # lookups by partner, (company, period) the reports on the latest period.
    _sql_constraints = [
        (
            "one_per_period",
            "UNIQUE(partner_id, company_id, period)",
            "A customer has one value snapshot per period.",
        )
    ]

    @api.depends("period", "company_id.value_latest_period")
    def _compute_is_latest(self):
        for snapshot in self:
            snapshot.is_latest = snapshot.period == snapshot.company_id.value_latest_period

    def _search_is_latest(self, operator, value):
        if operator in ("=", "!="):
            values, include = {bool(value)}, operator == "="
        elif operator in ("in", "not in"):
            values, include = {bool(v) for v in value}, operator == "in"
        else:
            raise UserError(_("Latest snapshots can only be searched as true or false."))
        wanted = values if include else {True, False} - values
        if len(wanted) != 1:
            return expression.TRUE_DOMAIN if wanted else expression.FALSE_DOMAIN
        # Latest = the company's latest period: a new period is written for every
        # customer at once, so no earlier snapshot has to be updated.
        companies = self.env["res.company"].sudo().search([("value_latest_period", "!=", False)])
        latest = expression.OR(
            [
                [("company_id", "=", company.id), ("period", "=", company.value_latest_period)]
                for company in companies
            ]
        )
        return latest if True in wanted else ["!", *latest]

    def init(self):
        # The score lines of the snapshot, {{indicator, value, value2, score, weight},
        # ...}: a float8[] the ORM has no field for, read through the view
        # customer.score.line. Building it costs a third of a JSON column.
        self.env.cr.execute(SQL(
            "ALTER TABLE customer_score_history ADD COLUMN IF NOT EXISTS line_values float8[]"
        ))  # fmt: skip
        create_index(
            self.env.cr,
            "customer_score_history_company_period_index",
            self._table,
            ["company_id", "period"],
        )
