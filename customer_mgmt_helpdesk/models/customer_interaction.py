from odoo import _, fields, models
from odoo.exceptions import UserError


class CustomerInteraction(models.Model):
    _inherit = "customer.interaction"

    helpdesk_ticket_ids = fields.One2many(
        "helpdesk.ticket", "interaction_id", string="Service Requests"
    )

    def action_create_service_request(self):
        """A complaint or feedback heard on a visit or call becomes a service
        request, timed against the customer tier's promise."""
        self.ensure_one()
        if self.helpdesk_ticket_ids:
            return self.helpdesk_ticket_ids[:1].get_formview_action()
        if not self.partner_id:
            raise UserError(_("Set the customer of the interaction first."))
        kind = self.interaction_type if self.interaction_type in ("complaint", "feedback") else (
            "service"
        )
        ticket = self.env["helpdesk.ticket"].create(
            self.partner_id.commercial_partner_id._service_request_defaults()
            | {
                "name": self.name,
                "description": self.summary or f"<p>{self.name}</p>",
                "request_type": kind,
                "interaction_id": self.id,
                "partner_id": (self.contact_ids[:1] or self.partner_id).id,
                "channel_id": self.env["helpdesk.ticket"]._channel_for(self.interaction_type).id,
            }
        )
        return ticket.get_formview_action()
