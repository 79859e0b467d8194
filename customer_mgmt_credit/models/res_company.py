from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SCORE_WEIGHTS = {
    "on_time": 30,
    "delay": 20,
    "overdue": 15,
    "revenue": 5,
    "rating": 10,
    "cooperation": 10,
    "dossier": 10,
}


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_control_active = fields.Boolean(
        help="Off at install: grades are computed as a preview and nothing is blocked. "
        "A credit manager switches it on with the go-live step.",
    )
    credit_control_start_date = fields.Datetime(string="Credit Control Since", readonly=True)
    credit_start_grade_id = fields.Many2one(
        "customer.credit.grade",
        string="Starting Grade",
        default=lambda self: self.env.ref(
            "customer_mgmt_credit.customer_credit_grade_c", raise_if_not_found=False
        ),
        help="The grade of customers with too few paid invoices to judge.",
    )
    credit_min_paid_invoices = fields.Integer(
        string="Paid Invoices Before Grading",
        default=3,
        help="Customers with fewer paid invoices in the last 12 months get the starting "
        "grade instead of a grade from their score.",
    )
    credit_weight_on_time = fields.Float(string="On-Time Payments Weight", default=30)
    credit_weight_delay = fields.Float(string="Payment Delay Weight", default=20)
    credit_weight_overdue = fields.Float(string="Oldest Overdue Weight", default=15)
    credit_weight_revenue = fields.Float(string="Annual Revenue Weight", default=5)
    credit_weight_rating = fields.Float(string="Financial Rating Weight", default=10)
    credit_weight_cooperation = fields.Float(string="Cooperation Length Weight", default=10)
    credit_weight_dossier = fields.Float(string="Dossier Completeness Weight", default=10)

    credit_alert_exposure_share = fields.Float(
        string="Alert at Share of Limit (%)",
        default=90,
        help="A red alert is raised when a customer's exposure reaches this share of its limit.",
    )
    credit_alert_overdue_days = fields.Integer(
        string="Overdue Tolerance Without Grade (Days)",
        default=30,
        help="Alert when a customer without a grade has an invoice overdue for longer.",
    )
    credit_alert_top_count = fields.Integer(
        string="Largest Exposures Alerted",
        default=10,
        help="The customers with the largest exposures get an alert each.",
    )
    credit_alert_ratio = fields.Float(
        string="Alert at Receivables / Sales (%)",
        default=50,
        help="Alert when open receivables exceed this share of the last 12 months' sales "
        "(seed 003: 15M receivable on 30M sales).",
    )
    followup_min_amount = fields.Monetary(
        string="Least Amount Chased",
        currency_field="currency_id",
        help="Customers who owe no more than this (net of unmatched payments and credit "
        "notes) are not followed up.",
    )
    statement_lead_days = fields.Integer(
        string="Statement Days Before Settlement",
        default=3,
        help="Customers on monthly settlement get their statement this many days before "
        "each settlement day of their collection agreement.",
    )
    promise_grace_days = fields.Integer(
        default=3,
        help="A promise to pay is judged this many days after its date, so that a "
        "payment on its way counts.",
    )
    deduction_account_id = fields.Many2one(
        "account.account",
        string="Trade Spend Account",
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost', 'income'))]",
        help="Where accepted deductions are booked (the credit note's line). Empty: the "
        "first expense account.",
    )
    credit_manager_user_id = fields.Many2one(
        "res.users",
        string="Credit Manager",
        help="Receives the credit alerts with the salesperson. Empty: the first credit manager.",
    )

    @api.model
    def _set_default_credit_start_grade(self):
        grade = self.env.ref("customer_mgmt_credit.customer_credit_grade_c", False)
        if grade:
            self.search([("credit_start_grade_id", "=", False)]).credit_start_grade_id = grade

    def _get_credit_weights(self):
        self.ensure_one()
        return {factor: self[f"credit_weight_{factor}"] for factor in SCORE_WEIGHTS}

    @api.constrains(
        *(f"credit_weight_{factor}" for factor in SCORE_WEIGHTS),
        "credit_alert_exposure_share",
        "credit_alert_overdue_days",
        "credit_alert_top_count",
        "credit_alert_ratio",
        "credit_min_paid_invoices",
        "followup_min_amount",
        "statement_lead_days",
        "promise_grace_days",
    )
    def _check_credit_settings(self):
        self._check_credit_weights()
        for company in self:
            if not 0 < company.credit_alert_exposure_share <= 100:
                raise ValidationError(
                    _("The alert share of the credit limit must be between 0 and 100%.")
                )
            if not 0 <= company.credit_alert_overdue_days <= 366:
                raise ValidationError(_("The overdue tolerance must be between 0 and 366 days."))
            if not 0 <= company.credit_alert_top_count <= 1000:
                raise ValidationError(
                    _("The number of largest exposures alerted must be between 0 and 1000.")
                )
            if not 0 <= company.credit_alert_ratio <= 1000:
                raise ValidationError(
                    _("The receivables to sales alert must be between 0 and 1000%.")
                )
            if company.followup_min_amount < 0:
                raise ValidationError(_("The least amount chased cannot be negative."))
            if not 0 <= company.statement_lead_days <= 28:
                raise ValidationError(
                    _("Statements go out between 0 and 28 days before the settlement day.")
                )
            if not 0 <= company.promise_grace_days <= 30:
                raise ValidationError(_("The grace days of promises must be between 0 and 30."))
            if not 0 <= company.credit_min_paid_invoices <= 100:
                raise ValidationError(
                    _("The paid invoices before grading must be between 0 and 100.")
                )

    def _check_credit_weights(self):
        """A constraint of the company, so every way of writing the weights is
        checked; the settings write them together (see res.config.settings)."""
        for company in self:
            weights = company._get_credit_weights()
            if any(weight < 0 for weight in weights.values()):
                raise ValidationError(_("Credit score weights cannot be negative."))
            if round(sum(weights.values()), 2) != 100:
                raise ValidationError(
                    _(
                        "The credit score weights must sum to 100, not %(total)s.",
                        total=round(sum(weights.values()), 2),
                    )
                )
