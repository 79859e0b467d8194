from datetime import date

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerMgmtCase


@tagged("post_install", "-at_install")
class TestCommitment(CustomerMgmtCase):
    def _promise(self, **vals):
        return (
            self.env["customer.commitment"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "Year-end rebate 2%",
                    "partner_id": self.customer.id,
                    "amount": 1200,
                    **vals,
                }
            )
        )

    def test_promise_records_who_and_when(self):
        promise = self._promise(due_date=date(2030, 1, 31))
        self.assertEqual(promise.promised_by_id, self.salesman)
        self.assertEqual(promise.user_id, self.salesman)
        self.assertEqual(promise.state, "open")
        self.assertEqual(promise.commercial_partner_id, self.customer)

    def test_negative_amount_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self._promise(amount=-10)

    def test_due_date_before_promise_refused(self):
        with self.assertRefused(ValidationError, "before the date it was made"):
            self._promise(date=date(2026, 5, 1), due_date=date(2026, 4, 1))

    def test_state_flow(self):
        promise = self._promise()
        promise.action_dispute()
        self.assertEqual(promise.state, "disputed")
        promise.action_fulfil()
        self.assertEqual(promise.state, "fulfilled")
        with self.assertRefused(UserError, "cannot be set to Disputed"):
            promise.action_dispute()
        promise.action_reopen()
        promise.action_cancel()
        self.assertEqual(promise.state, "cancelled")
        self.flush_tracking()
        self.assertIn(
            "state", promise.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        )

    def test_overdue_promises_are_highlighted(self):
        arch = self.env["customer.commitment"].get_view(view_type="list")["arch"]
        self.assertIn(
            "state == 'open' and due_date and due_date < current_date",
            etree.fromstring(arch).get("decoration-danger"),
        )

    def test_open_commitments_shown_on_partner(self):
        self._promise(amount=1000)
        self._promise(amount=200, name="Promo goods", commitment_type="promo_goods")
        self._promise(amount=999).action_fulfil()
        self.customer.invalidate_recordset(["open_commitment_count", "open_commitment_amount"])
        self.assertEqual(self.customer.open_commitment_count, 2)
        self.assertEqual(self.customer.open_commitment_amount, 1200)
        # A contact of the customer shows the company's promises
        self.assertEqual(self.purchaser.open_commitment_count, 2)

    def test_invoice_and_payment_warn_accountant_of_open_promises(self):
        self._promise()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.purchaser.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1,
                            "price_unit": 100,
                        }
                    )
                ],
            }
        )
        self.assertEqual(invoice.with_user(self.accountant).customer_open_commitment_count, 1)
        action = invoice.with_user(self.accountant).action_view_customer_commitments()
        promises = (
            self.env["customer.commitment"].with_user(self.accountant).search(action["domain"])
        )
        self.assertEqual(len(promises), 1)
        payment = self.env["account.payment"].create(
            {
                "partner_id": self.customer.id,
                "partner_type": "customer",
                "payment_type": "inbound",
                "amount": 100,
            }
        )
        self.assertEqual(payment.with_user(self.accountant).customer_open_commitment_count, 1)
        vendor_payment = self.env["account.payment"].create(
            {
                "partner_id": self.customer.id,
                "partner_type": "supplier",
                "payment_type": "outbound",
                "amount": 100,
            }
        )
        self.assertEqual(vendor_payment.customer_open_commitment_count, 0)

    def test_no_warning_without_open_promise(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer_b.id,
            }
        )
        self.assertEqual(invoice.customer_open_commitment_count, 0)
