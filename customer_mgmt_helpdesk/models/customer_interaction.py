from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CustomerInteraction(models.Model):
    _inherit = "customer.interaction"

    helpdesk_ticket_ids = fields.One2many(
        "helpdesk.ticket", "interaction_id", string="Service Requests"
    )
    service_plan_id = fields.Many2one(
        "customer.service.plan",
        index="btree_not_null",
        domain="[('tier_id', '=', customer_tier_id)]",
        help="The tier's planned service this interaction delivers.",
    )
    customer_tier_id = fields.Many2one(related="commercial_partner_id.customer_tier_id")

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        if not self.env.context.get("customer_service_plan_logged"):
            interactions.filtered("service_plan_id")._close_service_plan_activities()
        return interactions

    def _close_service_plan_activities(self):
        """Logged by hand: the plan's open activity for the customer is done."""
        for interaction in self:
            logs = self.env["customer.reminder.log"].sudo().search([
                ("kind", "=", "service_plan"),
                ("service_plan_id", "=", interaction.service_plan_id.id),
                ("partner_id", "=", interaction.commercial_partner_id.id),
                ("activity_id", "!=", False),
            ])  # fmt: skip
            logs.activity_id.with_context(customer_service_plan_logged=True).action_feedback(
                feedback=interaction.name
            )

    def action_create_service_request(self):
        """A complaint or feedback heard on a visit or call becomes a service
        request, timed against the customer tier's promise."""
        self.ensure_one()
        if self.helpdesk_ticket_ids:
            return self.helpdesk_ticket_ids[:1].get_formview_action()
        if not self.partner_id:
            raise UserError(_("Set the customer of the interaction first."))
        kind = (
            self.interaction_type
            if self.interaction_type in ("complaint", "feedback")
            else ("service")
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
