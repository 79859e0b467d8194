from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import DOSSIER_FIELDS


class ResCompany(models.Model):
    _inherit = "res.company"

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
