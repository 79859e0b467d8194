from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CustomerMgmtCase


@tagged("post_install", "-at_install")
class TestReminders(CustomerMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["customer.reminder.log"]
        cls.types = cls.Log._get_reminder_activity_types()
        cls.company.customer_birthday_notice_days = 3
        # Only our customers are due: everything else reviewed today, next in 5 years.
        cls.env["res.partner"].search(
            [("id", "not in", (cls.customer | cls.customer_b).ids)]
        ).write({"dossier_reviewed_on": date.today(), "dossier_review_cycle": 1830})
        (cls.customer | cls.customer_b).write({"dossier_reviewed_on": date(2026, 6, 1)})
        cls.customer.customer_tier_id = cls.tier  # visit every 14 days
        cls.env["customer.interaction"].create(
            {
                "name": "Last visit",
                "partner_id": cls.customer.id,
                "interaction_type": "visit",
                "date": datetime(2026, 6, 1, 9, 0),
            }
        )
        cls.purchaser.key_person_birthday = date(1980, 6, 18)
        # The customer's salesperson may know birthdays; Sales B may not.
        cls.privacy = cls.env.ref("customer_mgmt.customer_mgmt_group_personal_data")
        cls.salesman.groups_id = [Command.link(cls.privacy.id)]

    def _activities(self, kind, partner):
        if kind == "birthday":  # on its reminder log, which only the privacy group reads
            logs = self.Log.search([("partner_id", "=", partner.id), ("kind", "=", kind)])
            return logs.activity_id
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.types[kind].id),
            ]
        )

    def test_visit_due_by_tier_creates_one_activity_and_none_on_rerun(self):
        with freeze_time("2026-06-14"):
            self.Log._run_reminders()
            self.assertFalse(self._activities("visit", self.customer), "not due before 14 days")
        with freeze_time("2026-06-15"):
            self.Log._run_reminders()
            activity = self._activities("visit", self.customer)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.salesman)
            self.assertIn("Sunshine Foods", activity.summary)
            self.Log._run_reminders()
            self.assertEqual(len(self._activities("visit", self.customer)), 1)
            # Marked done without a visit: still not recreated on rerun
            activity.action_feedback("Called instead")
            self.Log._run_reminders()
            self.assertFalse(self._activities("visit", self.customer))
        self.assertFalse(self._activities("visit", self.customer_b), "no tier, no cadence")

    def test_each_salesperson_reminded_in_their_language(self):
        """The daily run has no language: the Chinese salesperson's visit reminder
        is in Chinese, the tier named in Chinese too."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_mgmt"], ["zh_CN"], overwrite=True
        )
        self.salesman.lang = "zh_CN"
        self.tier.with_context(lang="zh_CN").name = "测试重点"
        with freeze_time("2026-06-15"):
            self.Log._run_reminders()
        self.assertEqual(
            self._activities("visit", self.customer).summary,
            "拜访 Sunshine Foods Distribution（按客户层级 测试重点 的拜访频率）",  # noqa: RUF001
        )

    def test_next_visit_counts_from_the_last_visit(self):
        with freeze_time("2026-06-15"):
            self.Log._run_reminders()
        self.env["customer.interaction"].create(
            {
                "name": "Visit",
                "partner_id": self.customer.id,
                "date": datetime(2026, 6, 16, 10),
            }
        )
        with freeze_time("2026-06-29"):
            self.Log._run_reminders()
            self.assertEqual(len(self._activities("visit", self.customer)), 1)
        with freeze_time("2026-06-30"):
            self.Log._run_reminders()
            self.assertEqual(len(self._activities("visit", self.customer)), 2)

    def test_stale_dossier_reminded_once(self):
        self.company.customer_dossier_review_days = 30
        with freeze_time("2026-07-01"):
            self.Log._run_reminders()
            self.assertEqual(len(self._activities("dossier_review", self.customer)), 1)
            self.assertEqual(len(self._activities("dossier_review", self.customer_b)), 1)
            self.assertEqual(
                self._activities("dossier_review", self.customer_b).user_id, self.salesman_b
            )
            self.Log._run_reminders()
            self.assertEqual(len(self._activities("dossier_review", self.customer)), 1)

    def test_birthday_reminded_days_ahead(self):
        with freeze_time("2026-06-14"):
            self.Log._run_reminders()
            self.assertFalse(self._activities("birthday", self.purchaser))
        with freeze_time("2026-06-15"):
            self.Log._run_reminders()
            activity = self._activities("birthday", self.purchaser)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.date_deadline, date(2026, 6, 18))
            self.assertEqual(activity.user_id, self.salesman)
        with freeze_time("2026-06-17"):
            self.Log._run_reminders()
            self.assertEqual(len(self._activities("birthday", self.purchaser)), 1)

    def test_birthday_across_new_year_and_leap_day(self):
        self.purchaser.key_person_birthday = date(1990, 1, 1)
        leapling = self.env["res.partner"].create(
            {
                "name": "Leap Person",
                "parent_id": self.customer.id,
                "key_person_birthday": "1988-02-29",
            }
        )
        with freeze_time("2026-12-30"):
            self.Log._run_reminders()
            self.assertEqual(
                self._activities("birthday", self.purchaser).date_deadline, date(2027, 1, 1)
            )
        with freeze_time("2027-02-26"):
            self.Log._run_reminders()
            self.assertEqual(
                self._activities("birthday", leapling).date_deadline, date(2027, 2, 28)
            )

    def test_batches_give_the_same_result_as_one_pass(self):
        extra = self.env["res.partner"].create(
            [
                {
                    "name": f"Batch {i}",
                    "is_company": True,
                    "user_id": self.salesman.id,
                    "dossier_reviewed_on": date(2026, 1, 1),
                    "customer_stage": "active",
                }
                for i in range(5)
            ]
        )
        with freeze_time("2026-07-15"):
            due = len(self.Log._get_due_reminders(date(2026, 7, 15)))
            self.assertEqual(due, 6, "5 stale dossiers and 1 visit")
            rounds = 0
            while True:
                done, remaining = self.Log._run_reminders(limit=3)
                rounds += 1
                self.assertLessEqual(done, 3)
                if not remaining:
                    break
            self.assertEqual(rounds, -(-due // 3))
            self.assertEqual(self.Log._run_reminders(), (0, 0))
        for partner in extra:
            self.assertEqual(len(self._activities("dossier_review", partner)), 1)

    def test_cron_runs_from_the_scheduled_action(self):
        cron = self.env.ref("customer_mgmt.ir_cron_customer_reminders")
        with freeze_time("2026-06-15"):
            cron.method_direct_trigger()
        self.assertEqual(len(self._activities("visit", self.customer)), 1)

    def test_lost_or_archived_customers_not_reminded(self):
        self.customer.customer_stage = "lost"
        self.customer_b.active = False
        with freeze_time("2026-12-15"):
            self.Log._run_reminders()
        self.assertFalse(self._activities("visit", self.customer))
        self.assertFalse(self._activities("dossier_review", self.customer))
        self.assertFalse(self._activities("dossier_review", self.customer_b))

    def test_birthday_reminder_tells_nobody_outside_the_privacy_group(self):
        with freeze_time("2026-06-15"):
            self.Log._run_reminders()
        activity = self._activities("birthday", self.purchaser)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.res_model, "customer.reminder.log")
        # Another salesperson (no privacy rights) learns nothing: not on the
        # contact, not by searching activities, not from the chatter.
        for user in (self.salesman_b, self.manager):
            self.env.invalidate_all()
            Activity = self.env["mail.activity"].with_user(user)
            self.assertFalse(Activity.search([("id", "=", activity.id)]))
            purchaser = self.purchaser.with_user(user)
            self.assertNotIn(activity, purchaser.activity_ids)
            self.assertNotIn("Birthday", " ".join(purchaser.message_ids.mapped("body")))
        # A customer whose salesperson may not know birthdays gets no birthday reminder.
        self.env["res.partner"].create({
            "name": "Zhao Lei", "parent_id": self.customer_b.id,
            "key_person_birthday": date(1975, 6, 16),
        })  # fmt: skip
        with freeze_time("2026-06-15"):
            self.Log._run_reminders()
        logs = self.Log.search([("partner_id.parent_id", "=", self.customer_b.id)])
        self.assertFalse(logs)
