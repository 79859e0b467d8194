from odoo import _, models
from odoo.exceptions import AccessError


class HelpdeskTicketSla(models.Model):
    _inherit = "helpdesk.ticket.sla"

    def write(self, vals):
        # The clock of a request's promise: OCA's engine moves it (as the system,
        # see _stage_recompute); a user writing a deadline or a state would
        # rewrite whether the promise was kept.
        if not self.env.su:
            raise AccessError(_("The service promise's clock is not written by hand."))
        return super().write(vals)

    def _stage_recompute(self):
        return super(HelpdeskTicketSla, self.sudo())._stage_recompute()
