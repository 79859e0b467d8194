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
