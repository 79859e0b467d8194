"""Money releases orders: a payment that brings the customer back within its
limit and tolerance lets what the credit desk holds go, oldest first, while the
credit lasts; a hold "until paid" is lifted. The release runs before the
payment's transaction commits (precommit), as here with flush_tracking()."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestPaymentRelease(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.company.credit_manager_user_id = cls.credit_manager
        cls.Block = cls.env["customer.credit.block"]
        cls.today = fields.Date.today()
        cls.invoice = cls._invoice(cls.customer, 900.0, cls.today, cls.today + timedelta(days=30))

    def _blocked(self, qty):
        order = self._order(self.customer, qty=qty, user_id=self.salesman.id)
        with self.assertRaisesRegex(UserError, "blocked by credit control"):
            order.with_user(self.salesman).action_confirm()
        return order

    def _pay(self, moves, amount=None):
        vals = {"payment_date": self.today}
        if amount:
            vals["amount"] = amount
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=moves.ids
        ).create(vals)._create_payments()
        self.flush_tracking()  # the transaction commits

    def test_payment_confirms_waiting_quotations_oldest_first_while_credit_lasts(self):
        first = self._blocked(3)  # 900 + 300 > 1000
        second = self._blocked(8)  # 900 + 800
        third = self._blocked(2)
        blocks = self.Block.search([("sale_order_id", "in", (first | second | third).ids)])
        self.assertEqual(blocks.mapped("state"), ["waiting"] * 3)
        self._pay(self.invoice)
        self.assertEqual(first.state, "sale", "300: within the limit after the payment")
        self.assertEqual(second.state, "draft", "300 + 800 > 1000: the credit does not last")
        self.assertEqual(third.state, "draft", "younger than the one that did not fit: waits")
        released = blocks.filtered(lambda b: b.sale_order_id == first)
        self.assertEqual(released.state, "released")
        self.assertEqual(released.decided_by_id, self.env.ref("base.user_root"))
        payment_entry = self.invoice.matched_payment_ids.move_id
        self.assertIn(payment_entry.name, released.decision_reason)
        self.assertEqual((blocks - released).mapped("state"), ["waiting", "waiting"])
        event = self.env["customer.credit.event"].search(
            [("sale_order_id", "=", first.id), ("event_type", "=", "release")]
        )
        self.assertEqual(event.user_id, self.env.ref("base.user_root"))
        told = first.message_ids.filtered(lambda m: self.salesman.partner_id in m.partner_ids)
        self.assertIn("was confirmed, as you asked", told[0].body)
        self.assertFalse(released.activity_ids, "nothing left for the credit manager")

    def test_salesperson_told_in_their_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_mgmt_credit"], ["zh_CN"], overwrite=True
        )
        self.salesman.lang = "zh_CN"
        self.env.flush_all()  # the block is recorded in a transaction of its own
        order = self._blocked(3)
        self._pay(self.invoice)
        told = order.message_ids.filtered(lambda m: self.salesman.partner_id in m.partner_ids)
        payment_entry = self.invoice.matched_payment_ids.move_id
        self.assertIn(payment_entry.name, told[0].body)
        self.assertIn("已按您的请求确认", told[0].body)

    def test_hold_until_paid_is_lifted_by_the_payment_another_is_not(self):
        overdue = self._invoice(
            self.customer_b, 200.0, self.today - timedelta(days=90), self.today - timedelta(days=60)
        )
        self.customer_b.sudo().credit_limit = 5000.0
        wizard = self.env["customer.credit.hold.wizard"].with_user(self.controller)
        for partner, until_paid in ((self.customer, False), (self.customer_b, True)):
            wizard.create({
                "partner_id": partner.id, "hold": True, "reason": "Overdue for months",
                "until_paid": until_paid,
            }).action_apply()  # fmt: skip
        order = self._order(self.customer_b, qty=2, user_id=self.salesman_b.id)
        with self.assertRaisesRegex(UserError, "credit hold"):
            order.with_user(self.salesman_b).action_confirm()
        self._pay(overdue)
        self.assertFalse(self.customer_b.credit_hold)
        self.assertEqual(order.state, "sale", "the hold lifted, the order went")
        lifted = self.env["customer.credit.event"].search(
            [("partner_id", "=", self.customer_b.id), ("event_type", "=", "unhold")]
        )
        self.assertEqual(lifted.user_id, self.env.ref("base.user_root"))
        self._pay(self.invoice)
        self.assertTrue(self.customer.credit_hold, "held without 'until paid': a person decides")

    def test_the_credit_desk_shows_the_promise(self):
        order = self._blocked(3)
        block = self.Block.search([("sale_order_id", "=", order.id)])
        self.assertFalse(block.promise_amount)
        self.env["customer.payment.promise"].with_user(self.salesman).create({
            "partner_id": self.customer.id, "amount": 900.0,
            "date": self.today + timedelta(days=5),
        })  # fmt: skip
        self.env.invalidate_all()  # a new request
        [row] = self.Block.with_user(self.salesman).search_read(
            [("sale_order_id", "=", order.id)], ["promise_amount", "promise_date"]
        )
        self.assertEqual(row["promise_amount"], 900.0)
        self.assertEqual(row["promise_date"], self.today + timedelta(days=5))

    def test_partial_payment_not_enough_leaves_everything_waiting(self):
        order = self._blocked(3)
        self._pay(self.invoice, amount=100.0)  # 800 + 300 > 1000
        self.assertEqual(order.state, "draft")
        self.assertEqual(self.Block.search([("sale_order_id", "=", order.id)]).state, "waiting")

    def test_blocked_delivery_can_be_validated_after_the_payment(self):
        order = self._order(self.customer, qty=1, user_id=self.salesman.id)
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        late = self._invoice(
            self.customer, 50.0, self.today - timedelta(days=90), self.today - timedelta(days=60)
        )
        with self.assertRaisesRegex(UserError, "Delivery .* blocked by credit control"):
            picking.with_user(self.salesman).button_validate()
        block = self.Block.search([("picking_id", "=", picking.id)])
        self.assertEqual(block.state, "waiting")
        self._pay(late)
        self.assertEqual(block.state, "released")
        self.assertIn("can be validated now", picking.message_ids[0].body)
        picking.with_user(self.salesman).button_validate()
        self.assertEqual(picking.state, "done")
