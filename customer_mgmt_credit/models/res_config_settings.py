from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_weight_on_time = fields.Float(related="company_id.credit_weight_on_time", readonly=False)
    credit_weight_delay = fields.Float(related="company_id.credit_weight_delay", readonly=False)
    credit_weight_overdue = fields.Float(related="company_id.credit_weight_overdue", readonly=False)
    credit_weight_revenue = fields.Float(related="company_id.credit_weight_revenue", readonly=False)
    credit_weight_rating = fields.Float(related="company_id.credit_weight_rating", readonly=False)
    credit_weight_cooperation = fields.Float(
        related="company_id.credit_weight_cooperation", readonly=False
    )
    credit_weight_dossier = fields.Float(related="company_id.credit_weight_dossier", readonly=False)
    credit_alert_exposure_share = fields.Float(
        related="company_id.credit_alert_exposure_share", readonly=False
    )
    credit_alert_overdue_days = fields.Integer(
        related="company_id.credit_alert_overdue_days", readonly=False
    )
    credit_alert_top_count = fields.Integer(
        related="company_id.credit_alert_top_count", readonly=False
    )
    credit_alert_ratio = fields.Float(related="company_id.credit_alert_ratio", readonly=False)
    credit_manager_user_id = fields.Many2one(
        related="company_id.credit_manager_user_id", readonly=False
    )

    def set_values(self):
        # The weights are checked together, once all are written.
        res = super().set_values()
        self.company_id._check_credit_weights()
        return res
