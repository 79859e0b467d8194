from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    value_class_a_share = fields.Float(related="company_id.value_class_a_share", readonly=False)
    value_class_c_share = fields.Float(related="company_id.value_class_c_share", readonly=False)
    value_class_c_profit = fields.Monetary(
        related="company_id.value_class_c_profit", readonly=False
    )
    value_developing_months = fields.Integer(
        related="company_id.value_developing_months", readonly=False
    )
    value_assign_tiers = fields.Boolean(related="company_id.value_assign_tiers", readonly=False)
    value_period = fields.Selection(related="company_id.value_period", readonly=False)
