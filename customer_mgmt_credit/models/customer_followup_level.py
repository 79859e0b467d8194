from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerFollowupLevel(models.Model):
    """A step of the collection chase (催款): so many days after the oldest
    overdue item fell due, what happens. Levels belong to a credit grade, so a
    weak grade is chased sooner and harder; levels without a grade serve the
    customers whose grade has none."""

    _name = "customer.followup.level"
    _description = "Collection Follow-up Level"
    _inherit = ["mail.thread"]
    _order = "company_id, grade_id, days, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    grade_id = fields.Many2one(
        "customer.credit.grade",
        string="Credit Grade",
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
        help="Empty: for customers whose grade has no levels of its own (or no grade).",
    )
    days = fields.Integer(
        string="Days After Due",
        required=True,
        tracking=True,
        help="Reached when the customer's oldest overdue item has been due this many days.",
    )
    send_statement = fields.Boolean(
        string="Email the Statement",
        tracking=True,
        help="Email the customer its statement of account with the open items.",
    )
    activity = fields.Selection(
        [("none", "None"), ("call", "Call"), ("visit", "Visit")],
        string="Salesperson Activity",
        default="none",
        required=True,
        tracking=True,
        help="Schedule a call or a visit for the customer's salesperson, due today.",
    )
    notify_controller = fields.Boolean(
        string="Notify the Credit Manager",
        tracking=True,
        help="Schedule a to-do for the company's credit manager.",
    )
    credit_hold = fields.Boolean(
        string="Put on Credit Hold",
        tracking=True,
        help="Put the customer on credit hold: no new orders or deliveries until a credit "
        "controller lifts it.",
    )
    instructions = fields.Text(
        translate=True, help="What the salesperson says or does at this level."
    )
    customer_count = fields.Integer(compute="_compute_customer_count")

    def _compute_customer_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("followup_level_id", "in", self.ids)], ["followup_level_id"], ["__count"]
            )
        )
        for level in self:
            level.customer_count = counts.get(level, 0)

    @api.constrains("days", "grade_id", "company_id", "active")
    def _check_days(self):
        for level in self:
            if not -60 <= level.days <= 3660:
                raise ValidationError(
                    self.env._(
                        "Follow-up level %(level)s: days after due must be between -60 (a "
                        "reminder before the due date) and 3660.",
                        level=level.name,
                    )
                )
            clash = self.search_count([
                ("id", "!=", level.id), ("days", "=", level.days),
                ("grade_id", "=", level.grade_id.id), ("company_id", "=", level.company_id.id),
            ])  # fmt: skip
            if clash:
                raise ValidationError(
                    self.env._(
                        "Two follow-up levels of one grade cannot start on the same day "
                        "(%(days)s days after due).",
                        days=level.days,
                    )
                )

    def _rank(self):
        """Levels of one chain compare by their days."""
        return (self.days, self.sequence, self.id) if self else (float("-inf"),)
