from odoo import fields, models

from ..models.customer_deduction import DEDUCTION_REASONS


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    deduction_reason = fields.Selection(
        DEDUCTION_REASONS,
        string="Record the Difference as a Deduction",
        help="The customer kept this back on purpose (a fee, a claim): the difference "
        "becomes a deduction for the credit controller to accept or refuse.",
    )

    def _create_payments(self):
        # read before the payment is matched: the difference is then recomputed
        difference = self.payment_difference
        payments = super()._create_payments()
        invoice = self.line_ids.move_id
        if (
            self.deduction_reason
            and self.payment_difference_handling == "open"
            and difference > 0
            and len(invoice) == 1
            and invoice.move_type == "out_invoice"
        ):
            # The accountant recording the payment may not work with deductions
            # otherwise: the record is the system's, the decision a controller's.
            self.env["customer.deduction"].sudo().create({
                "partner_id": invoice.commercial_partner_id.id,
                "company_id": invoice.company_id.id,
                "user_id": (invoice.invoice_user_id or self.env.user).id,
                "date": self.payment_date,
                "amount": difference,
                "reason": self.deduction_reason,
                "invoice_id": invoice.id,
                "payment_move_id": payments[:1].move_id.id,
                "note": self.communication,
            })  # fmt: skip
        return payments
