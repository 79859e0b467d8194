from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    customer_open_complaint_count = fields.Integer(
        string="Open Complaints",
        compute="_compute_customer_open_complaint_count",
        help="Complaints and claims of this customer not resolved yet: the customer's "
        "reason not to pay, to settle before collecting.",
    )

    @api.depends("commercial_partner_id")
    def _compute_customer_open_complaint_count(self):
        sales = self.filtered(lambda move: move.is_sale_document(include_receipts=True))
        (self - sales).customer_open_complaint_count = 0
        for move in sales:
            move.customer_open_complaint_count = move.commercial_partner_id.open_complaint_count

    def action_view_customer_open_complaints(self):
        return self.commercial_partner_id.action_view_open_complaints()
