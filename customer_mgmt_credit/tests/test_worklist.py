from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestWorklist(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = cls.today = fields.Date.today()
        cls._invoice(cls.customer, 1000.0, today - timedelta(days=40), today - timedelta(days=10))
        cls._invoice(cls.customer, 200.0, today, today + timedelta(days=2))
        cls._invoice(cls.customer_b, 300.0, today, today + timedelta(days=3))
        cls.later = cls.env["res.partner"].create({"name": "Pays Later Ltd", "is_company": True})
        cls._invoice(cls.later, 700.0, today, today + timedelta(days=20))
        cls.Worklist = cls.env["customer.collection.worklist"]

    def _row(self, partner, user=None):
        self.Worklist.invalidate_model()  # a view over the books: read it again
        return self.Worklist.with_user(user or self.controller).search(
            [("partner_id", "=", partner.id)]
        )

    def test_who_to_collect_from_and_what(self):
        row = self._row(self.customer)
        self.assertEqual(
            (row.overdue_amount, row.due_this_week, row.oldest_days, row.balance, row.today),
            (1000.0, 200.0, 10, 1200.0, True),
        )
        row_b = self._row(self.customer_b)
        self.assertEqual((row_b.overdue_amount, row_b.due_this_week), (0.0, 300.0))
        self.assertFalse(row_b.today, "due in 3 days: this week, not today")
        self.assertFalse(self._row(self.later), "due in 20 days: not this week")

    def test_settlement_day_promise_and_dispute(self):
        self.customer_b.collection_days = str(self.today.day)
        row_b = self._row(self.customer_b)
        self.assertEqual(row_b.next_settlement_date, self.today)
        self.assertTrue(row_b.today, "settles today")
        self.later.collection_days = "31"
        self.env["customer.payment.promise"].create({
            "partner_id": self.later.id, "amount": 700.0,
            "date": self.today + timedelta(days=1),
        })  # fmt: skip
        row = self._row(self.later)
        self.assertEqual((row.promise_amount, row.today), (700.0, False))
        self.assertGreaterEqual(row.next_settlement_date, self.today)
        self.assertEqual(
            (row.next_settlement_date + timedelta(days=1)).day, 1, "the 31st: the month's last day"
        )
        # a customer who owes nothing due but promised for today is for today
        promise = self.env["customer.payment.promise"].search([("partner_id", "=", self.later.id)])
        promise.write({"date": self.today, "made_on": self.today})
        self.assertTrue(self._row(self.later).today)
        # a disputed statement keeps a customer on the list
        quiet = self.env["res.partner"].create({"name": "Quiet Dispute Co", "is_company": True})
        self._invoice(quiet, 50.0, self.today - timedelta(days=60), self.today + timedelta(days=60))
        statement = self.env["customer.statement"]._make(
            quiet, self.today - timedelta(days=90), self.today
        )
        self.assertFalse(self._row(quiet))
        statement.sudo().state = "disputed"
        self.assertEqual(self._row(quiet).dispute_count, 1)

    def test_an_unmatched_payment_clears_the_customer(self):
        payment = self.env["account.payment"].create({
            "partner_id": self.customer.id, "amount": 1200.0, "payment_type": "inbound",
            "partner_type": "customer", "date": self.today,
        })  # fmt: skip
        payment.action_post()
        self.assertFalse(self._row(self.customer))

    def test_salespeople_see_their_customers_and_log_a_call(self):
        rows = self.Worklist.with_user(self.salesman).search([])
        self.assertEqual(rows.partner_id, self.customer)
        self.assertEqual(
            self.Worklist.with_user(self.controller).search([]).partner_id,
            self.customer | self.customer_b,
        )
        with self.assertRaises(AccessError):
            self._row(self.customer_b, self.controller).with_user(self.salesman).read(["balance"])
        action = rows.action_log_call()
        interaction = self.env["customer.interaction"].browse(action["res_id"])
        self.assertEqual(
            (interaction.partner_id, interaction.interaction_type, interaction.user_id),
            (self.customer, "call", self.salesman),
        )
        self.assertIn("1,000.00", interaction.name)
        # a credit controller (an accountant) logs a visit too
        visit = self._row(self.customer).action_log_visit()
        self.assertEqual(
            self.env["customer.interaction"].browse(visit["res_id"]).user_id, self.controller
        )
