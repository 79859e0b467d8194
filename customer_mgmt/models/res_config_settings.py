from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_dossier_review_days = fields.Integer(
        related="company_id.customer_dossier_review_days", readonly=False
    )
    customer_birthday_notice_days = fields.Integer(
        related="company_id.customer_birthday_notice_days", readonly=False
    )
    customer_dossier_field_ids = fields.Many2many(
        related="company_id.customer_dossier_field_ids", readonly=False
    )
    customer_churn_at_risk_multiple = fields.Float(
        related="company_id.customer_churn_at_risk_multiple", readonly=False
    )
    customer_churn_lost_multiple = fields.Float(
        related="company_id.customer_churn_lost_multiple", readonly=False
    )
    customer_churn_drop_share = fields.Float(
        related="company_id.customer_churn_drop_share", readonly=False
    )
    customer_churn_period_days = fields.Integer(
        related="company_id.customer_churn_period_days", readonly=False
    )
    customer_churn_min_orders = fields.Integer(
        related="company_id.customer_churn_min_orders", readonly=False
    )
    customer_churn_cycle_orders = fields.Integer(
        related="company_id.customer_churn_cycle_orders", readonly=False
    )
    customer_churn_fallback_days = fields.Integer(
        related="company_id.customer_churn_fallback_days", readonly=False
    )
    customer_churn_fallback_lost_days = fields.Integer(
        related="company_id.customer_churn_fallback_lost_days", readonly=False
    )
    customer_reminder_batch_size = fields.Integer(
        string="Reminder Batch Size",
        config_parameter="customer_mgmt.reminder_batch_size",
        default=500,
        help="How many reminders a scheduled run creates before it commits.",
    )
