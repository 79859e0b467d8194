from datetime import date, datetime

from odoo.tests import tagged

from .common import ServiceCase


@tagged("post_install", "-at_install")
class TestServicePlans(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls.env["customer.service.plan"].create(
            {
                "name": "Quarterly business review",
                "tier_id": cls.tier.id,
                "interval_months": 3,
                "notice_days": 7,
                "date_start": date(2026, 1, 5),
                "interaction_type": "meeting",
            }
        )
        cls.Plan = cls.env["customer.service.plan"]
        cls.activity_type = cls.env.ref("customer_mgmt_helpdesk.mail_activity_type_service_plan")

    def _plan_activities(self, customer=None):
        return (customer or self.customer).activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )

    def test_due_service_scheduled_once_and_done_as_interaction(self):
        with self.at(datetime(2026, 1, 5, 8, 0)):
            self.assertEqual(self.Plan._schedule(), 2)  # both customers of the tier
            self.assertEqual(self.Plan._schedule(), 0)
        activity = self._plan_activities()
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.summary, "Quarterly business review")
        self.assertEqual(activity.date_deadline, date(2026, 1, 5))
        with self.at(datetime(2026, 1, 8, 10, 0)):
            activity.with_user(self.salesman).action_feedback(feedback="Reviewed sell-out by store")
        interaction = self.env["customer.interaction"].search(
            [("service_plan_id", "=", self.review.id), ("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(interaction.interaction_type, "meeting")
        self.assertEqual(interaction.user_id, self.salesman)
        self.assertEqual(interaction.date, datetime(2026, 1, 8, 10, 0))
        self.assertIn("Reviewed sell-out", interaction.summary)
        # next due three months after it was done, the activity a week before
        with self.at(datetime(2026, 3, 31, 8, 0)):
            self.assertEqual(self.Plan._schedule(), 0)
        with self.at(datetime(2026, 4, 1, 8, 0)):
            self.assertEqual(self.Plan._schedule(), 1)  # customer_b was already due
        self.assertEqual(self._plan_activities().date_deadline, date(2026, 4, 8))

    def test_two_plans_due_at_once_for_one_customer(self):
        training = self.review.copy({"name": "Distributor training", "interval_months": 6})
        with self.at(datetime(2026, 1, 5, 8, 0)):
            self.assertEqual(self.Plan._schedule(), 4)
        self.assertEqual(
            sorted(self._plan_activities().mapped("summary")),
            ["Distributor training", "Quarterly business review"],
        )
        self.assertEqual(training.tier_id, self.tier)

    def test_interaction_logged_by_hand_closes_the_plan_activity(self):
        with self.at(datetime(2026, 1, 5, 8, 0)):
            self.Plan._schedule()
        self.env["customer.interaction"].with_user(self.salesman).create(
            {
                "name": "Business review at their office",
                "interaction_type": "meeting",
                "partner_id": self.customer.id,
                "service_plan_id": self.review.id,
            }
        )
        self.assertFalse(self._plan_activities())
        self.assertEqual(
            self.env["customer.interaction"].search_count(
                [("service_plan_id", "=", self.review.id)]
            ),
            1,
        )

    def test_planned_vs_done_by_customer_and_salesperson(self):
        self.review.date_start = date.today().replace(year=date.today().year - 2)
        # customers of long standing (the plan counts from when the customer came)
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = now() - interval '3 years' WHERE id IN %s",
            [(self.customer.id, self.customer_b.id)],
        )
        self.env.invalidate_all()
        self.env["customer.interaction"].create(
            {
                "name": "Review",
                "interaction_type": "meeting",
                "partner_id": self.customer.id,
                "service_plan_id": self.review.id,
            }
        )
        self.env.flush_all()
        Report = self.env["customer.service.plan.report"]
        mine = Report.with_user(self.salesman).search([("plan_id", "=", self.review.id)])
        self.assertEqual(mine.partner_id, self.customer)  # not the other salesperson's
        self.assertEqual((mine.planned, mine.done, mine.missing), (4, 1, 3))
        everyone = Report.with_user(self.manager).search([("plan_id", "=", self.review.id)])
        self.assertEqual(everyone.partner_id, self.customer | self.customer_b)
        self.assertEqual(sum(everyone.mapped("done")), 1)

    def test_lost_customers_and_other_tiers_are_not_planned(self):
        self.customer_b.customer_stage = "lost"
        with self.at(datetime(2026, 1, 5, 8, 0)):
            self.assertEqual(self.Plan._schedule(), 1)
        self.assertFalse(self._plan_activities(self.customer_b))

    def test_a_dropped_service_is_not_asked_again_the_next_one_is(self):
        with self.at(datetime(2026, 1, 5, 8, 0)):
            self.Plan._schedule()
        self._plan_activities().unlink()  # the salesperson cancels it
        with self.at(datetime(2026, 1, 6, 8, 0)):
            self.assertEqual(self.Plan._schedule(), 0)
        with self.at(datetime(2026, 3, 29, 8, 0)):  # a week before the next quarter
            self.assertEqual(self.Plan._schedule(), 1)
        self.assertEqual(self._plan_activities().date_deadline, date(2026, 4, 5))

    def test_a_plan_not_started_plans_nothing_yet(self):
        self.review.date_start = date.today().replace(year=date.today().year + 1)
        self.env.flush_all()
        rows = self.env["customer.service.plan.report"].search([("plan_id", "=", self.review.id)])
        self.assertEqual(rows.mapped("planned"), [0, 0])
