from odoo import api, fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    customer_open_commitment_count = fields.Integer(
        string="Open Commitments",
        compute="_compute_customer_open_commitment_count",
        help="Promises made to this customer that are still open: check them " "before collecting.",
    )

    @api.depends("partner_id", "partner_type")
    def _compute_customer_open_commitment_count(self):
        for payment in self:
            payment.customer_open_commitment_count = (
                payment.partner_id.commercial_partner_id.open_commitment_count
                if payment.partner_type == "customer"
                else 0
            )

    def action_view_customer_commitments(self):
        return self.partner_id.commercial_partner_id.action_view_customer_commitments()
