from odoo import _, fields, models

OPEN_COMPLAINT = [
    ("request_type", "in", ("complaint", "claim")),
    ("stage_id.closed", "=", False),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_request_count = fields.Integer(
        compute="_compute_service_request_counts", compute_sudo=True, string="Service Requests"
    )
    open_complaint_count = fields.Integer(
        compute="_compute_service_request_counts",
        compute_sudo=True,
        string="Open Complaints",
        help="Complaints and claims of this customer not resolved yet.",
    )

    def _compute_service_request_counts(self):
        customers = self.commercial_partner_id
        Ticket = self.env["helpdesk.ticket"]
        domain = [("commercial_partner_id", "in", customers.ids)]
        total = dict(Ticket._read_group(domain, ["commercial_partner_id"], ["__count"]))
        open_ = dict(
            Ticket._read_group(domain + OPEN_COMPLAINT, ["commercial_partner_id"], ["__count"])
        )
        for partner in self:
            partner.service_request_count = total.get(partner.commercial_partner_id, 0)
            partner.open_complaint_count = open_.get(partner.commercial_partner_id, 0)

    def _service_request_defaults(self):
        self.ensure_one()
        team = self.env.ref("customer_mgmt_helpdesk.helpdesk_team_customer_service", False)
        return {"partner_id": self.id, "team_id": team.id if team and team.active else False}

    def action_view_service_requests(self, open_complaints=False):
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_mgmt_helpdesk.helpdesk_ticket_action_service"
        )
        domain = [("commercial_partner_id", "=", customer.id)]
        if open_complaints:
            domain += OPEN_COMPLAINT
        defaults = customer._service_request_defaults()
        action.update(
            name=_("Service Requests of %(customer)s", customer=customer.display_name),
            domain=domain,
            context={f"default_{key}": value for key, value in defaults.items()}
            | {"default_request_type": "complaint"},
        )
        return action

    def action_view_open_complaints(self):
        return self.action_view_service_requests(open_complaints=True)
