import base64

from odoo import _, fields, models
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
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

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
        content = self.env["report.customer_mgmt.customer_register_xlsx"]._build_xlsx(partners)
        self.write(
            {
                "file": base64.b64encode(content),
                "filename": "%s-%s.xlsx"
                % (_("customer-register"), fields.Date.context_today(self)),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/?model=%s&id=%s&field=file&filename_field=filename&download=true"
            % (self._name, self.id),
            "target": "self",
        }
