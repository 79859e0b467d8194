from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class CustomerRegisterExport(models.TransientModel):
    """Download the customer register (one row per customer) as xlsx, through
    the report customer_mgmt.register_xlsx, which reads the wizard's choice."""

    _name = "customer.register.export"
    _description = "Customer Register Export"

    scope = fields.Selection(
        [("selected", "Selected Customers"), ("all", "All Customers")],
        required=True,
        default=lambda self: "selected" if self._default_partner_ids() else "all",
    )
    # The selection is kept on the wizard: the download is a request of its own.
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        default=lambda self: [Command.set(self._default_partner_ids())],
    )

    @api.model
    def _default_partner_ids(self):
        if self.env.context.get("active_model") != "res.partner":
            return []
        return self.env.context.get("active_ids") or []

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
        if self.scope == "selected":
            return self.partner_ids.commercial_partner_id
        return self.env["res.partner"].search([("is_company", "=", True)], order="name, id")

    def action_export(self):
        self.ensure_one()
        if not self._get_partners():
            raise UserError(_("There is no customer to export."))
        report = self.env.ref("customer_mgmt.customer_register_xlsx")
        return dict(report.report_action(self, config=False), close_on_report_download=True)
