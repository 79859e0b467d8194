from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CreditCase


class FollowupCase(CreditCase):
    """A weak grade chased from the due date (statement at 0 days, call at 10,
    hold at 20); customers without a grade follow the shipped chain (3, 15, 30,
    60 days)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grade = cls.env["customer.credit.grade"].create({
            "name": "Weak", "min_score": 99.5, "limit_rule": "fixed", "limit_amount": 5000,
            "followup_level_ids": [
                Command.create({"name": "Statement", "days": 0, "send_statement": True}),
                Command.create({"name": "Call", "days": 10, "activity": "call"}),
                Command.create({"name": "Hold", "days": 20, "credit_hold": True,
                                "notify_controller": True}),
            ],
        })  # fmt: skip
        cls.levels = cls.grade.followup_level_ids.sorted("days")
        cls.customer.sudo().write({"credit_grade_id": cls.grade.id, "email": "ap@sunshine.example"})
        cls.company.credit_manager_user_id = cls.credit_manager
        cls.invoice = cls._invoice(cls.customer, 1000.0, date(2026, 10, 1), date(2026, 10, 10))
        cls.invoice_b = cls._invoice(cls.customer_b, 500.0, date(2026, 10, 1), date(2026, 10, 10))
        cls.Step = cls.env["customer.followup.step"]

    def _run(self, day):
        with freeze_time(day):
            before = self.Step.search([])
            self.Step._cron_followup()
            return self.Step.search([]) - before

    def _steps(self, partner):
        return self.Step.search([("partner_id", "=", partner.id)], order="id")


@tagged("post_install", "-at_install")
class TestFollowup(FollowupCase):
    def test_levels_day_by_day(self):
        default_statement = self.env.ref("customer_mgmt_credit.customer_followup_level_statement")
        new = self._run("2026-10-10")
        self.assertEqual(new.partner_id, self.customer, "customer_b's chain starts at 3 days")
        self.assertEqual(self.customer.followup_level_id, self.levels[0])
        statement = new.statement_id
        self.assertEqual(statement.state, "sent", "the statement was emailed")
        self.assertEqual(statement.closing_balance, 1000.0)
        self.assertEqual((new.overdue_amount, new.oldest_days), (0.0, 0), "due today")

        self.assertFalse(self._run("2026-10-10"), "a rerun the same day does nothing")
        self.assertFalse(self._run("2026-10-11"))

        new = self._run("2026-10-13")
        self.assertEqual(new.partner_id, self.customer_b)
        self.assertEqual(self.customer_b.followup_level_id, default_statement)

        new = self._run("2026-10-20")
        self.assertEqual(new.partner_id, self.customer)
        self.assertEqual(
            (new.level_id, new.overdue_amount, new.oldest_days), (self.levels[1], 1000.0, 10)
        )
        activity = self.customer.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("1,000.00", activity.summary)
        first = self._steps(self.customer)[0]
        self.assertEqual((first.state, first.close_reason), ("done", "next_level"))
        self.assertFalse(self.customer.credit_hold)

        new = self._run("2026-10-30")
        self.assertEqual(
            set(new.mapped(lambda s: (s.partner_id, s.level_id))),
            {(self.customer, self.levels[2]), (self.customer_b, self.env.ref(
                "customer_mgmt_credit.customer_followup_level_call"))},
        )  # fmt: skip
        self.assertTrue(self.customer.credit_hold)
        self.assertIn("Hold", self.customer.credit_hold_reason)
        self.assertTrue(
            self.customer.activity_ids.filtered(lambda a: a.user_id == self.credit_manager)
        )
        self.assertEqual(self._steps(self.customer).mapped("state"), ["done", "done", "open"])
        # the hold blocks orders like any hold
        check = self.env["customer.credit.engine"]._check(self.customer, self.company, 10.0)
        self.assertIn("hold", check.reasons)
        new = self._run("2026-11-15")
        self.assertEqual(new.partner_id, self.customer_b, "the last level is not repeated")

        # paid: the customer leaves the chase, the open step is closed
        self._pay(self.invoice, date(2026, 11, 16))
        self.assertFalse(self._run("2026-11-16").filtered(lambda s: s.partner_id == self.customer))
        self.assertFalse(self.customer.followup_level_id)
        last = self._steps(self.customer)[-1]
        self.assertEqual((last.state, last.close_reason), ("done", "paid"))
        logged = " ".join(self.customer.message_ids.mapped("body"))
        self.assertIn("Collection follow-up: level Hold", logged)
        self.assertIn("Put on credit hold.", logged)

    def test_daily_run_writes_in_the_company_language(self):
        """The cron has no language of its own: the hold it puts on a customer,
        read by everyone in the company, is written in the company's."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_mgmt_credit"], ["zh_CN"], overwrite=True
        )
        self.company.partner_id.lang = "zh_CN"
        self._run("2026-10-30")
        self.assertEqual(self.customer.credit_hold_reason, "催款级别 Hold：欠款逾期 20 天或以上。")  # noqa: RUF001
        hold = self.env["customer.credit.event"].search(
            [("partner_id", "=", self.customer.id), ("event_type", "=", "hold")]
        )
        self.assertIn("催款级别 Hold", hold.reason)
        self.assertIn("催款", self.customer.message_ids[:1].body)
        # the payment (booked by an English accountant) lifts it: said in Chinese too
        self._pay(self.invoice, date(2026, 11, 16))
        self.flush_tracking()  # the payment's transaction commits
        self.assertFalse(self.customer.credit_hold)
        notes = " ".join(self.customer.message_ids.mapped("body"))
        self.assertIn("已解除信用冻结：已付款：", notes)  # noqa: RUF001

    def test_a_late_first_run_goes_straight_to_the_level(self):
        new = self._run("2026-11-05")
        mine = new.filtered(lambda s: s.partner_id == self.customer)
        self.assertEqual(mine.level_id, self.levels[2], "26 days: one step, to Hold")
        self.assertEqual(len(mine), 1)
        self.assertEqual(
            new.filtered(lambda s: s.partner_id == self.customer_b).level_id,
            self.env.ref("customer_mgmt_credit.customer_followup_level_call"),
        )

    def test_customers_without_salesperson_go_to_the_credit_manager(self):
        """At the shipped visit level (visit and notice), customers nobody sells
        to get both activities with the credit manager, moved in one batch."""
        self.customer.sudo().credit_grade_id = False
        (self.customer | self.customer_b).sudo().user_id = False
        new = self._run("2026-11-12")  # 33 days after due: Visit
        visit = self.env.ref("customer_mgmt_credit.customer_followup_level_visit")
        self.assertEqual(set(new.level_id), {visit})
        self.assertEqual(new.partner_id, self.customer | self.customer_b)
        for customer in self.customer | self.customer_b:
            activities = customer.activity_ids
            self.assertEqual(
                sorted(activities.activity_type_id.mapped("name")), ["Customer Visit", "To-Do"]
            )
            self.assertEqual(activities.user_id, self.credit_manager)
            self.assertIn(self.credit_manager.partner_id, customer.message_partner_ids)
        self.assertIn(
            f"Customer Visit scheduled for {self.credit_manager.name}.",
            new.filtered(lambda s: s.partner_id == self.customer_b).actions_done,
        )

    def test_unmatched_payment_and_least_amount_stop_the_chase(self):
        # customer_b paid 500 without saying for what: it owes nothing net
        payment = self.env["account.payment"].create({
            "partner_id": self.customer_b.id, "amount": 500.0, "payment_type": "inbound",
            "partner_type": "customer", "date": date(2026, 10, 12),
        })  # fmt: skip
        payment.action_post()
        # the customer owes 1000: chased only above the least amount
        self.company.followup_min_amount = 1000.0
        self.assertFalse(self._run("2026-11-05"))
        self.company.followup_min_amount = 999.0
        self.assertEqual(self._run("2026-11-05").partner_id, self.customer)

    def test_rights(self):
        self._run("2026-10-20")
        self._run("2026-10-25")
        steps = self.Step.search([])
        self.assertEqual(self.Step.with_user(self.salesman).search([]), steps.filtered(
            lambda s: s.partner_id == self.customer))  # fmt: skip
        self.assertEqual(self.Step.with_user(self.controller).search([]), steps)
        for user in (self.salesman, self.controller, self.credit_manager):
            with self.assertRaises(AccessError):
                self.customer.with_user(user).write({"followup_level_id": False})
            with self.assertRaises(AccessError):
                steps.with_user(user).write({"state": "done"})
            with self.assertRaises(AccessError):
                self.Step.with_user(user).create({
                    "partner_id": self.customer.id, "company_id": self.company.id,
                    "level_id": self.levels[2].id, "date": date(2026, 10, 25),
                })  # fmt: skip
        with self.assertRaises(AccessError):
            self.levels[0].with_user(self.controller).write({"days": 40})
        self.levels[0].with_user(self.credit_manager).write({"days": 1})

    def test_level_days_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "between -60"):
            self.levels[0].days = 5000
        with self.assertRaisesRegex(ValidationError, "same day"):
            self.levels[0].days = 10

    def test_settlement_statement_before_the_settlement_day(self):
        self.customer.collection_days = "5, 20"
        self.company.statement_lead_days = 3
        with freeze_time("2026-10-17"):
            self.env["customer.statement"]._send_settlement_statements(
                self.company, date(2026, 10, 17)
            )
            again = self.env["customer.statement"]._send_settlement_statements(
                self.company, date(2026, 10, 17)
            )
        self.assertFalse(again, "once a day")
        first = self.env["customer.statement"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual((first.date_from, first.date_to), (date(2026, 9, 1), date(2026, 10, 17)))
        self.assertEqual(first.state, "sent")
        with freeze_time("2026-11-02"):
            second = self.env["customer.statement"]._send_settlement_statements(
                self.company, date(2026, 11, 2)
            )
        self.assertEqual(
            (second.date_from, second.date_to), (date(2026, 10, 18), date(2026, 11, 2))
        )
        self.assertFalse(
            self.env["customer.statement"]._send_settlement_statements(
                self.company, date(2026, 11, 3)
            ),
            "the 6th is no settlement day",
        )
