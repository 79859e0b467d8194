from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    customer_open_commitment_count = fields.Integer(
        string="Open Commitments",
        compute="_compute_customer_open_commitment_count",
        help="Promises made to this customer that are still open: check them " "before collecting.",
    )

    @api.depends("commercial_partner_id")
    def _compute_customer_open_commitment_count(self):
        for move in self:
            move.customer_open_commitment_count = (
                move.commercial_partner_id.open_commitment_count
                if move.is_sale_document(include_receipts=True)
                else 0
            )

    def action_view_customer_commitments(self):
        return self.commercial_partner_id.action_view_customer_commitments()
