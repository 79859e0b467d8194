from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import DOSSIER_FIELDS


class ResCompany(models.Model):
    _inherit = "res.company"

    def _customer_mgmt_lang(self):
        """The language of what the daily runs write for the company as a whole
        (notes, tracked changes, hold reasons): its own partner's. A cron has no
        language of its own, and its user's is rarely the company's."""
        self.ensure_one()
        return self.partner_id.lang or self.env.lang or "en_US"

    customer_dossier_review_days = fields.Integer(
        string="Dossier Review Cycle (Days)",
        default=180,
        help="Default number of days after which a customer dossier is due for review.",
    )
    customer_birthday_notice_days = fields.Integer(
        string="Birthday Notice (Days)",
        default=3,
        help="How many days ahead the salesperson is reminded of a key person's birthday.",
    )
    customer_dossier_field_ids = fields.Many2many(
        "ir.model.fields",
        "res_company_customer_dossier_field_rel",
        string="Dossier Completeness Fields",
        domain=lambda self: [("model", "=", "res.partner"), ("name", "in", DOSSIER_FIELDS)],
        help="The fields that count for dossier completeness. Empty: all dossier fields.",
    )

    # Churn detection (seed 000: notice lost customers early, not months later)
    customer_churn_at_risk_multiple = fields.Float(
        string="At Risk After (x Cycle)",
        default=2.0,
        help="A customer is at risk when the days since its last order exceed this "
        "multiple of its own purchase cycle.",
    )
    customer_churn_lost_multiple = fields.Float(
        string="Lost After (x Cycle)",
        default=4.0,
        help="A customer is lost when the days since its last order exceed this "
        "multiple of its purchase cycle.",
    )
    customer_churn_drop_share = fields.Float(
        string="Sales Drop (%)",
        default=50.0,
        help="A customer is at risk when its sales of the last period fall by more "
        "than this share against the period before.",
    )
    customer_churn_period_days = fields.Integer(
        string="Sales Period (Days)", default=90, help="Length of the periods compared."
    )
    customer_churn_min_orders = fields.Integer(
        string="Orders for a Cycle",
        default=3,
        help="Customers with fewer order days have no cycle and use the fallback days.",
    )
    customer_churn_cycle_orders = fields.Integer(
        string="Recent Orders in Cycle",
        default=10,
        help="How many of the most recent gaps between orders the cycle is the median of.",
    )
    customer_churn_fallback_days = fields.Integer(
        string="At Risk After (Days, No Cycle)", default=90
    )
    customer_churn_fallback_lost_days = fields.Integer(
        string="Lost After (Days, No Cycle)", default=180
    )

    @api.constrains(
        "customer_churn_at_risk_multiple",
        "customer_churn_lost_multiple",
        "customer_churn_drop_share",
        "customer_churn_period_days",
        "customer_churn_min_orders",
        "customer_churn_cycle_orders",
        "customer_churn_fallback_days",
        "customer_churn_fallback_lost_days",
    )
    def _check_customer_churn_settings(self):
        for company in self:
            if company.customer_churn_at_risk_multiple <= 0:
                raise ValidationError(
                    _("The at-risk multiple of the purchase cycle must be positive.")
                )
            if company.customer_churn_lost_multiple <= company.customer_churn_at_risk_multiple:
                raise ValidationError(
                    _(
                        "The lost multiple (%(lost)s) must be larger than the at-risk multiple "
                        "(%(risk)s).",
                        lost=company.customer_churn_lost_multiple,
                        risk=company.customer_churn_at_risk_multiple,
                    )
                )
            if not 0 < company.customer_churn_drop_share <= 100:
                raise ValidationError(_("The sales drop share must be between 0 and 100%%."))
            if company.customer_churn_period_days <= 0:
                raise ValidationError(_("The sales period must be at least one day."))
            if company.customer_churn_min_orders < 2 or company.customer_churn_cycle_orders < 1:
                raise ValidationError(
                    _("A purchase cycle needs at least 2 orders and 1 recent gap.")
                )
            if company.customer_churn_fallback_days <= 0 or (
                company.customer_churn_fallback_lost_days <= company.customer_churn_fallback_days
            ):
                raise ValidationError(
                    _(
                        "The fallback days must be positive, and the lost days larger than the "
                        "at-risk days."
                    )
                )

    @api.constrains("customer_dossier_review_days", "customer_birthday_notice_days")
    def _check_customer_reminder_days(self):
        for company in self:
            if company.customer_dossier_review_days <= 0:
                raise ValidationError(_("The dossier review cycle must be at least one day."))
            if company.customer_birthday_notice_days < 0:
                raise ValidationError(_("The birthday notice cannot be negative."))

    def write(self, vals):
        res = super().write(vals)
        # Partners without a company follow the settings of the current company.
        recompute = [
            fname
            for setting, fname in (
                ("customer_dossier_field_ids", "dossier_completeness"),
                ("customer_dossier_review_days", "dossier_next_review"),
            )
            if setting in vals
        ]
        if recompute:
            partners = (
                self.env["res.partner"]
                .with_context(active_test=False)
                .search([("parent_id", "=", False), ("company_id", "in", [*self.ids, False])])
            )
            for fname in recompute:
                self.env.add_to_compute(self.env["res.partner"]._fields[fname], partners)
        return res
