from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestDeduction(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.customer, 1000.0, date(2026, 10, 1), date(2026, 10, 31))
        cls.invoice.invoice_user_id = cls.salesman
        cls.trade_spend = cls.env["account.account"].create({
            "name": "Trade Spend", "code": "660900", "account_type": "expense",
        })  # fmt: skip
        cls.company.deduction_account_id = cls.trade_spend

    def _short_pay(self, amount, reason="display"):
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({
            "payment_date": date(2026, 11, 5), "amount": amount,
            "payment_difference_handling": "open", "deduction_reason": reason,
        })._create_payments()  # fmt: skip
        return self.env["customer.deduction"].search([("invoice_id", "=", self.invoice.id)])

    def test_short_payment_makes_a_deduction_a_valid_one_a_credit_note(self):
        deduction = self._short_pay(950.0)
        self.assertEqual(
            (deduction.amount, deduction.reason, deduction.partner_id, deduction.user_id,
             deduction.state),
            (50.0, "display", self.customer, self.salesman, "open"),
        )  # fmt: skip
        self.assertTrue(deduction.payment_move_id)
        self.assertEqual(self.invoice.amount_residual, 50.0)
        with self.assertRaises(AccessError):
            deduction.with_user(self.salesman).action_validate()
        deduction.with_user(self.controller).action_validate()
        credit_note = deduction.credit_note_id
        self.assertEqual((credit_note.move_type, credit_note.state), ("out_refund", "posted"))
        self.assertEqual(credit_note.amount_total, 50.0)
        self.assertEqual(credit_note.invoice_line_ids.account_id, self.trade_spend)
        self.assertEqual(self.invoice.amount_residual, 0.0, "matched with the invoice")
        # value scoring reads credit notes: the customer's net sales are lower
        self.assertEqual(credit_note.amount_untaxed_signed, -50.0)
        self.assertEqual(deduction.decided_by_id, self.controller)
        with self.assertRaisesRegex(UserError, "decided"):
            deduction.with_user(self.controller).action_invalidate()

    def test_credit_note_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_mgmt_credit"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        self.salesman.lang = "zh_CN"
        deduction = self._short_pay(950.0)
        deduction.with_user(self.controller).action_validate()
        self.assertEqual(deduction.credit_note_id.ref, "扣款：堆头费")  # noqa: RUF001
        # the English controller decided; the Chinese salesperson is told in Chinese
        self.assertIn("扣款已接受", deduction.message_ids[0].body)

    def test_invalid_deduction_stays_owed(self):
        deduction = self._short_pay(900.0, reason="listing")
        with self.assertRaisesRegex(UserError, "Say why"):
            deduction.with_user(self.controller).action_invalidate()
        deduction.with_user(self.controller).decision_note = "No listing fee in the contract"
        deduction.with_user(self.controller).action_invalidate()
        self.assertEqual(deduction.state, "invalid")
        self.assertEqual(self.invoice.amount_residual, 100.0, "still owed, still chased")
        told = deduction.message_ids.filtered(lambda m: self.salesman.partner_id in m.partner_ids)
        self.assertIn("No listing fee in the contract", told[0].body)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            deduction.with_user(self.controller).write({"amount": 10.0})

    def test_no_deduction_without_a_reason_or_a_difference(self):
        self.assertFalse(self._short_pay(1000.0))
        self.env["account.payment.register"].with_context(
            active_model="account.move",
            active_ids=self._invoice(self.customer, 80.0, date(2026, 10, 2)).ids,
        ).create({"payment_date": date(2026, 11, 5), "amount": 50.0})._create_payments()
        self.assertFalse(self.env["customer.deduction"].search([]))

    def test_salesperson_records_one_from_the_invoice(self):
        action = self.env.ref("customer_mgmt_credit.customer_deduction_action_new")
        form = Form(
            self.env["customer.deduction"].with_user(self.salesman).with_context(
                default_partner_id=self.customer.id, default_invoice_id=self.invoice.id,
                default_amount=self.invoice.amount_residual,
            ),
            view=action.view_id or "customer_mgmt_credit.customer_deduction_view_form",
        )  # fmt: skip
        form.reason = "quality"
        form.amount = 120.0
        form.note = "12 cartons broken in transport"
        deduction = form.save()
        self.assertEqual((deduction.user_id, deduction.state), (self.salesman, "open"))
        for vals in ({"state": "valid"}, {"credit_note_id": self.invoice.id}):
            with self.assertRaisesRegex(ValidationError, "Valid and Invalid buttons"):
                deduction.with_user(self.salesman).write(vals)
        with self.assertRaises(ValidationError):
            deduction.with_user(self.salesman).write({"amount": -1.0})
        with self.assertRaises(AccessError):
            deduction.with_user(self.salesman_b).read(["amount"])
