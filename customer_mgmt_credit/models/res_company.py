from odoo import _, fields, models
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
    credit_manager_user_id = fields.Many2one(
        "res.users",
        string="Credit Manager",
        help="Receives the credit alerts with the salesperson. Empty: the first credit manager.",
    )

    def _get_credit_weights(self):
        self.ensure_one()
        return {factor: self[f"credit_weight_{factor}"] for factor in SCORE_WEIGHTS}

    def _check_credit_weights(self):
        """Called when the settings are saved and before scores are computed (not a
        constraint: the settings write the weights one at a time)."""
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
