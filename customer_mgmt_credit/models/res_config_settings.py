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

    def set_values(self):
        # The weights are checked together, once all are written.
        res = super().set_values()
        self.company_id._check_credit_weights()
        return res
