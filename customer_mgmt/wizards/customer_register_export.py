from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CustomerRegisterExport(models.TransientModel):
    """Download the customer register (one row per customer) as xlsx."""

    _name = "customer.register.export"
    _description = "Customer Register Export"

    scope = fields.Selection(
        [("selected", "Selected Customers"), ("all", "All Customers")],
        required=True,
        default=lambda self: "selected" if self.env.context.get("active_ids") else "all",
    )

    @api.model
    def _get_register_fields(self):
        """Partner fields exported, in column order (extension point)."""
        return [
            "name", "ref", "customer_nature", "customer_stage", "customer_tier_id", "user_id",
            "responsible_person", "phone", "email", "street", "city", "state_id", "country_id",
            "vat", "industry_id", "business_scope", "main_products", "employee_count",
            "annual_revenue", "revenue_growth", "source_channel_id", "development_potential",
            "cooperation_start", "man_code", "dossier_completeness", "dossier_reviewed_on",
            "dossier_next_review",
        ]  # fmt: skip

    def _get_partners(self):
        if self.scope == "selected" and self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
            return partners.commercial_partner_id
        return self.env["res.partner"].search([("is_company", "=", True)], order="name, id")

    def action_export(self):
        self.ensure_one()
        partners = self._get_partners()
        if not partners:
            raise UserError(_("There is no customer to export."))
        return self.env["report.customer_mgmt.xlsx"]._download(
            partners, self._get_register_fields(), _("Customers"), _("customer-register")
        )
