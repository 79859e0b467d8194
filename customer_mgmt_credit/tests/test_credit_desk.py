"""The credit desk's work queue: refused documents wait there for a credit
manager, who releases or rejects them; the salesperson is told either way.

Blocks are recorded in a transaction of their own (the refused request is rolled
back); the registry's test mode makes that transaction the test's, so the queue
can be read here."""

from odoo.exceptions import AccessError, UserError
from odoo.modules.migration import load_script
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

    def test_reasons_read_in_each_readers_language(self):
        """A salesperson in English is blocked; the credit manager works in Chinese:
        the queue, the activity and the audit trail give each their language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_mgmt_credit"], ["zh_CN"], overwrite=True
        )
        self.credit_manager.lang = "zh_CN"
        self.env.flush_all()  # the block is recorded in a transaction of its own
        order = self._blocked()
        block = self.Block.search([("sale_order_id", "=", order.id)])
        event = self.env["customer.credit.event"].search(
            [("sale_order_id", "=", order.id), ("event_type", "=", "block")]
        )
        for record, field in ((block, "reasons"), (event, "reason")):
            english = record.with_context(lang="en_US")[field]
            chinese = record.with_context(lang="zh_CN")[field]
            self.assertIn("Credit limit", english)
            self.assertIn("超出信用额度", chinese)
            self.assertIn("1,500.00", chinese)  # this order, formatted at read time
        self.assertIn("超出信用额度", str(block.activity_ids.note))
        # what a person types is kept as typed, in every language
        typed = event.copy({"event_type": "release", "reason": "老板同意"})
        self.env.invalidate_all()
        self.assertEqual(typed.with_context(lang="en_US").reason, "老板同意")
        # the English salesperson is told of the Chinese manager's decision in English
        wizard = self.env["customer.credit.release.wizard"].browse(
            block.with_user(self.credit_manager).action_decide()["res_id"]
        )
        wizard.reason = "老板同意"
        wizard.with_user(self.credit_manager).with_context(lang="zh_CN").action_reject()
        self.assertIn("Credit block rejected by", order.message_ids[:1].body)

    def test_reasons_still_read_after_their_grade_is_deleted(self):
        grade = self.env["customer.credit.grade"].create(
            {"name": "Retired", "min_score": 99.9, "overdue_tolerance_days": 5}
        )
        block = self.Block.create({
            "document": "S99999", "partner_id": self.customer.id,
            "company_id": self.company.id, "date": "2026-11-02 09:00:00",
            "reason_data": {"overdue": {
                "overdue": 300.0, "days": 40, "grade_id": grade.id, "grade": grade.name,
                "tolerance": 5,
            }},
        })  # fmt: skip
        grade.unlink()
        self.assertIn("grade Retired tolerates 5 days", block.reasons)

    def test_reasons_written_before_the_upgrade_are_kept(self):
        """Blocks and events of a database upgraded from the version that stored
        reasons as text keep that text."""
        migration = load_script(
            "customer_mgmt_credit/migrations/18.0.1.1.0/pre-migration.py", "reason_migration"
        )
        block = self.Block.search([("sale_order_id", "=", self._blocked().id)])
        self.env.flush_all()
        self.cr.execute("ALTER TABLE customer_credit_block ADD COLUMN reasons text")
        self.cr.execute(
            "UPDATE customer_credit_block SET reasons = 'Old text', reason_data = NULL"
            " WHERE id = %s",
            [block.id],
        )
        migration.migrate(self.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(block.reasons, "Old text")
        self.cr.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_name = 'customer_credit_block' AND column_name = 'reasons'"
        )
        self.assertFalse(self.cr.fetchone())

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
