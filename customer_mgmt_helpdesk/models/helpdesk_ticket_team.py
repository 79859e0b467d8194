from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    service_requests = fields.Boolean(
        string="Customer Service Requests",
        help="The team's tickets are customers' service requests: typed (complaint, "
        "feedback, claim, service need) and timed against the customer tier's promise.",
    )
