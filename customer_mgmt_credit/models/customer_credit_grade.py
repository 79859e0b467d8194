from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerCreditGrade(models.Model):
    """A credit grade and the credit policy that goes with it (seed 000: low
    grades get shorter terms or cash only)."""

    _name = "customer.credit.grade"
    _description = "Customer Credit Grade"
    _inherit = ["mail.thread"]
    _order = "min_score desc, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the grade between all companies."
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", help="The current company's currency."
    )
    min_score = fields.Float(
        string="From Score",
        required=True,
        tracking=True,
        help="Customers whose credit score reaches this value (and no higher grade's) "
        "get this grade.",
    )
    limit_rule = fields.Selection(
        [
            ("fixed", "Fixed Amount"),
            ("sales_multiple", "Multiple of Monthly Sales"),
            ("none", "No Credit"),
        ],
        string="Credit Limit Rule",
        required=True,
        default="sales_multiple",
        tracking=True,
    )
    limit_amount = fields.Float(string="Fixed Limit", tracking=True)
    sales_multiple = fields.Float(
        string="Months of Sales",
        default=1.0,
        tracking=True,
        help="The limit covers this many of the customer's normal cycles: its average "
        "monthly invoiced sales (last 12 months) over a month of orders not invoiced yet, "
        "its payment term and this grade's overdue tolerance, plus one average invoice.",
    )
    min_limit = fields.Float(
        string="Minimum Limit",
        tracking=True,
        help="The least limit a customer of this grade gets, e.g. for customers who "
        "have not bought much yet.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        tracking=True,
        help="Set on the customers of this grade; leave empty to keep their terms.",
    )
    prepayment_required = fields.Boolean(
        string="Cash Before Delivery",
        tracking=True,
        help="Orders are confirmed only when the customer's advance payments cover them.",
    )
    overdue_tolerance_days = fields.Integer(
        string="Overdue Tolerance (Days)",
        default=30,
        tracking=True,
        help="Orders and deliveries are blocked when an invoice is overdue for longer.",
    )
    review_months = fields.Integer(string="Review Every (Months)", default=12)
    followup_level_ids = fields.One2many(
        "customer.followup.level",
        "grade_id",
        string="Follow-up Levels",
        domain=lambda self: [("company_id", "=", self.env.company.id)],
    )
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customer Count")

    def _compute_currency_id(self):
        for grade in self:
            grade.currency_id = (grade.company_id or self.env.company).currency_id

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("credit_grade_id", "in", self.ids)], ["credit_grade_id"], ["__count"]
            )
        )
        for grade in self:
            grade.partner_count = counts.get(grade, 0)

    @api.constrains(
        "min_score",
        "limit_amount",
        "sales_multiple",
        "min_limit",
        "overdue_tolerance_days",
        "review_months",
    )
    def _check_values(self):
        for grade in self:
            if not 0 <= grade.min_score <= 100:
                raise ValidationError(
                    _(
                        "The score of credit grade %(grade)s must be between 0 and 100.",
                        grade=grade.name,
                    )
                )
            if min(grade.limit_amount, grade.sales_multiple, grade.min_limit) < 0:
                raise ValidationError(
                    _("The limits of credit grade %(grade)s cannot be negative.", grade=grade.name)
                )
            if not 0 <= grade.overdue_tolerance_days <= 366:
                raise ValidationError(
                    _(
                        "The overdue tolerance of credit grade %(grade)s must be between 0 and "
                        "366 days.",
                        grade=grade.name,
                    )
                )
            if not 0 <= grade.review_months <= 120:
                raise ValidationError(
                    _(
                        "The review interval of credit grade %(grade)s must be between 0 and "
                        "120 months.",
                        grade=grade.name,
                    )
                )

    @api.constrains("min_score", "company_id", "active")
    def _check_unique_min_score(self):
        for grade in self.filtered("active"):
            # A shared grade competes with every company's grades, and the reverse.
            clash = self.search_count([
                ("id", "!=", grade.id),
                ("min_score", "=", grade.min_score),
                "|", ("company_id", "=", False),
                ("company_id", "in", grade.company_id.ids or [False]),
            ] if grade.company_id else [
                ("id", "!=", grade.id), ("min_score", "=", grade.min_score),
            ])  # fmt: skip
            if clash:
                raise ValidationError(
                    _(
                        "Two credit grades cannot start at the same score (%(score)s): which "
                        "one a customer gets would be left to chance.",
                        score=grade.min_score,
                    )
                )

    def _get_limit(self, monthly_sales, term_days=None, average_invoice=0.0):
        """The credit limit this grade gives a customer with these monthly sales,
        payment term (days, None: no terms, i.e. immediate) and average invoice."""
        self.ensure_one()
        if self.limit_rule == "fixed":
            return self.limit_amount
        if self.limit_rule == "sales_multiple":
            # What a customer owes at the peak of a normal cycle: a month of orders
            # not invoiced yet, then its payment term and the tolerated delay; and
            # one more of its usual orders, since customers order in lumps.
            cycle = ((term_days or 0) + self.overdue_tolerance_days + 30) / 30
            peak = monthly_sales * cycle + average_invoice
            limit = round(self.sales_multiple * peak, -2)
            return max(limit, self.min_limit)
        return 0.0

    @api.model
    def _grade_for_score(self, score, company):
        grades = self.search(
            [("company_id", "in", [company.id, False])], order="min_score desc, id"
        )
        return next((g for g in grades if score >= g.min_score), grades[-1:])
