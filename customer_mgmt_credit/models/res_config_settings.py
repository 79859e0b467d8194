from odoo import api, fields, models

from .res_company import SCORE_WEIGHTS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The weights are not related fields: those would be written to the company
    # one at a time, and the company refuses any set not summing to 100. They are
    # read from the company and written to it together in set_values.
    credit_weight_on_time = fields.Float(
        string="On-Time Payments Weight", compute="_compute_credit_weights", readonly=False
    )
    credit_weight_delay = fields.Float(
        string="Payment Delay Weight", compute="_compute_credit_weights", readonly=False
    )
    credit_weight_overdue = fields.Float(
        string="Oldest Overdue Weight", compute="_compute_credit_weights", readonly=False
    )
    credit_weight_revenue = fields.Float(
        string="Annual Revenue Weight", compute="_compute_credit_weights", readonly=False
    )
    credit_weight_rating = fields.Float(
        string="Financial Rating Weight", compute="_compute_credit_weights", readonly=False
    )
    credit_weight_cooperation = fields.Float(
        string="Cooperation Length Weight", compute="_compute_credit_weights", readonly=False
    )
    credit_weight_dossier = fields.Float(
        string="Dossier Completeness Weight", compute="_compute_credit_weights", readonly=False
    )
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
    credit_control_active = fields.Boolean(related="company_id.credit_control_active")
    followup_min_amount = fields.Monetary(related="company_id.followup_min_amount", readonly=False)
    statement_lead_days = fields.Integer(related="company_id.statement_lead_days", readonly=False)
    promise_grace_days = fields.Integer(related="company_id.promise_grace_days", readonly=False)
    deduction_account_id = fields.Many2one(
        related="company_id.deduction_account_id", readonly=False
    )
    credit_start_grade_id = fields.Many2one(
        related="company_id.credit_start_grade_id", readonly=False
    )
    credit_min_paid_invoices = fields.Integer(
        related="company_id.credit_min_paid_invoices", readonly=False
    )

    @api.depends("company_id")
    def _compute_credit_weights(self):
        for settings in self:
            for factor in SCORE_WEIGHTS:
                fname = f"credit_weight_{factor}"
                settings[fname] = settings.company_id[fname]

    def set_values(self):
        res = super().set_values()
        weights = {
            f"credit_weight_{factor}": self[f"credit_weight_{factor}"] for factor in SCORE_WEIGHTS
        }
        if any(self.company_id[fname] != value for fname, value in weights.items()):
            self.company_id.write(weights)
        return res
