"""The credit desk's work queue: refused documents wait there for a credit
manager, who releases or rejects them; the salesperson is told either way.

Blocks are recorded in a transaction of their own (the refused request is rolled
back); the registry's test mode makes that transaction the test's, so the queue
can be read here."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestCreditDesk(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.company.credit_manager_user_id = cls.credit_manager
        cls.Block = cls.env["customer.credit.block"]

    def _try_confirm(self, order, user):
        """Confirm as ``user``; the refusal's message, or None. No savepoint: the
        refusal happens before anything is written, as in a real request."""
        try:
            order.with_user(user).action_confirm()
        except UserError as error:
            return str(error)
        return None

    def _blocked(self, qty=15, user=None):
        order = self._order(self.customer, qty=qty, user_id=(user or self.salesman).id)
        self.assertIn("blocked by credit control", self._try_confirm(order, user or self.salesman))
        return order

    def test_refused_quotation_waits_in_the_queue_once_with_an_activity(self):
        order = self._blocked()
        self._try_confirm(order, self.salesman)  # tried again
        block = self.Block.search([("sale_order_id", "=", order.id)])
        self.assertEqual(len(block), 1)
        self.assertEqual(
            (block.state, block.partner_id, block.user_id, block.amount, block.attempt_count),
            ("waiting", self.customer, self.salesman, 1500, 2),
        )
        self.assertEqual(block.block_reason, "limit")
        self.assertEqual(block.activity_ids.user_id, self.credit_manager)

    def test_manager_releases_several_from_the_queue(self):
        first, second = self._blocked(qty=12), self._blocked(qty=11)
        blocks = self.Block.search([("sale_order_id", "in", (first | second).ids)])
        action = blocks.with_user(self.credit_manager).action_decide()
        wizard = self.env["customer.credit.release.wizard"].browse(action["res_id"])
        with self.assertRaises(AccessError):
            wizard.with_user(self.salesman).write({"reason": "x"})
            wizard.with_user(self.salesman).action_release()
        wizard.reason = "Owner agreed: bank guarantee received"
        wizard.with_user(self.credit_manager).action_release()
        self.assertEqual(set(blocks.mapped("state")), {"released"})
        self.assertEqual(blocks.decided_by_id, self.credit_manager)
        self.assertFalse(blocks.activity_ids)
        message = first.message_ids[:1]
        self.assertIn("released", message.body)
        self.assertIn(self.salesman.partner_id, message.partner_ids)
        self.assertIsNone(self._try_confirm(first, self.salesman))

    def test_manager_rejects_and_the_salesperson_is_told(self):
        order = self._blocked()
        block = self.Block.search([("sale_order_id", "=", order.id)])
        wizard = self.env["customer.credit.release.wizard"].browse(
            block.with_user(self.credit_manager).action_decide()["res_id"]
        )
        wizard.reason = "Customer owes too much already"
        wizard.with_user(self.credit_manager).action_reject()
        self.assertEqual(block.state, "rejected")
        self.assertIn("rejected", order.message_ids[:1].body)
        self.assertEqual(order.state, "draft")

    def test_document_that_goes_through_later_leaves_the_queue(self):
        order = self._blocked(qty=12)
        block = self.Block.search([("sale_order_id", "=", order.id)])
        self.customer.credit_limit = 5000
        self.assertIsNone(self._try_confirm(order, self.salesman))
        self.assertEqual(block.state, "done")
        self.assertFalse(block.activity_ids)

    def test_salespeople_see_only_their_blocks(self):
        mine = self._blocked()
        theirs = self._order(self.customer, qty=14, user_id=self.salesman_b.id)
        self._try_confirm(theirs, self.salesman_b)
        salesman = self.env.ref("customer_mgmt.customer_mgmt_group_user")
        self.salesman.groups_id = [(4, salesman.id)]
        self.env.invalidate_all()
        seen = self.Block.with_user(self.salesman).search([])
        self.assertEqual(seen.sale_order_id, mine)
        self.assertEqual(len(self.Block.with_user(self.controller).search([])), 2)
        with self.assertRaises(AccessError):
            seen.with_user(self.salesman).write({"state": "released"})
