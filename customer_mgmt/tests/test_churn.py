from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerMgmtCase

START = date(2026, 1, 1)


@tagged("post_install", "-at_install")
class TestChurn(CustomerMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Churn = cls.env["customer.churn"]
        cls.company.write(
            {
                "customer_churn_at_risk_multiple": 2.0,
                "customer_churn_lost_multiple": 4.0,
                "customer_churn_drop_share": 50.0,
                "customer_churn_period_days": 90,
                "customer_churn_min_orders": 3,
                "customer_churn_fallback_days": 90,
                "customer_churn_fallback_lost_days": 180,
            }
        )

    def _customer(self, name, **vals):
        return self.env["res.partner"].create({
            "name": name, "is_company": True, "user_id": self.salesman.id,
            "customer_stage": "active", **vals,
        })  # fmt: skip

    def _history(self, partner, days, amount=1000.0):
        """Confirmed orders on START + each day offset."""
        orders = self.env["sale.order"]
        for offset in days:
            order = self._order(partner, price=amount)
            order.action_confirm()
            order.date_order = START + timedelta(days=offset)
            orders |= order
        return orders

    def _detect(self, offset, **kw):
        return self.Churn._run_detection(today=START + timedelta(days=offset), **kw)

    def _open_churn(self, partner):
        return self.Churn.search([("partner_id", "=", partner.id), ("state", "!=", "won_back")])

    # ----------------------------------------------------------------- detection

    def test_regular_buyer_late_goes_at_risk_then_lost(self):
        buyer = self._customer("Regular Buyer")
        self._history(buyer, [0, 30, 60, 90])  # cycle 30 days
        self._detect(140)  # 50 days idle < 60
        self.assertEqual(buyer.customer_stage, "active")
        self.assertFalse(self._open_churn(buyer))
        self._detect(151)  # 61 days idle > 2 x 30
        churn = self._open_churn(buyer)
        self.assertEqual(buyer.customer_stage, "at_risk")
        self.assertEqual(churn.state, "at_risk")
        self.assertEqual(churn.detection_reason, "cycle")
        self.assertEqual(churn.purchase_cycle_days, 30)
        self.assertEqual(churn.last_order_date, START + timedelta(days=90))
        self.assertEqual(churn.value_lost, 4000)
        self.assertEqual(churn.margin_lost, 4 * (1000 - 70))
        self.assertEqual(churn.user_id, self.salesman)
        self._detect(211)  # 121 days idle > 4 x 30
        self.assertEqual(churn.state, "lost")
        self.assertEqual(buyer.customer_stage, "lost")
        self.assertEqual(len(self._open_churn(buyer)), 1, "the same episode escalates")

    def test_irregular_buyer_judged_on_median_cycle(self):
        buyer = self._customer("Irregular Buyer")
        # gaps 10, 60, 15, 90, 20: median 20 (the mean, 39, would hide the delay)
        self._history(buyer, [0, 10, 70, 85, 175, 195])
        self._detect(195 + 39)
        self.assertEqual(buyer.customer_stage, "active")
        self._detect(195 + 41)
        churn = self._open_churn(buyer)
        self.assertEqual(churn.purchase_cycle_days, 20)
        self.assertEqual(buyer.customer_stage, "at_risk")

    def test_new_customer_without_cycle_uses_fallback_days(self):
        newcomer = self._customer("Newcomer", customer_stage="prospect")
        self._history(newcomer, [0, 20])
        self._detect(60)
        self.assertEqual(newcomer.customer_stage, "active", "a prospect that orders is active")
        self._detect(20 + 89)
        self.assertFalse(self._open_churn(newcomer))
        self._detect(20 + 91)
        churn = self._open_churn(newcomer)
        self.assertEqual(churn.detection_reason, "no_cycle")
        self.assertEqual(churn.state, "at_risk")
        self._detect(20 + 181)
        self.assertEqual(churn.state, "lost")

    def test_seasonal_drop_flags_a_customer_still_ordering(self):
        dropping = self._customer("Dropping Sales")
        self._history(dropping, range(0, 90, 15), amount=1000)  # previous period
        self._history(dropping, range(90, 180, 15), amount=300)  # last period: -70%
        self._detect(180)
        churn = self._open_churn(dropping)
        self.assertEqual(churn.detection_reason, "sales_drop")
        self.assertEqual(dropping.customer_stage, "at_risk")

    def test_steady_sales_not_flagged(self):
        steady = self._customer("Steady")
        self._history(steady, range(0, 180, 15), amount=1000)
        self._detect(180)
        self.assertFalse(self._open_churn(steady))
        self.assertEqual(steady.customer_stage, "active")

    def test_rerun_creates_no_duplicate_record_or_activity(self):
        buyer = self._customer("Rerun Buyer")
        self._history(buyer, [0, 30, 60, 90])
        self._detect(160)
        self.assertEqual(self._detect(160), (0, 0), "nothing left to change")
        self._detect(161)
        churn = self._open_churn(buyer)
        self.assertEqual(len(churn), 1)
        activities = churn.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("customer_mgmt.mail_activity_type_churn_risk")
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesman)
        self.assertIn("Rerun Buyer", activities.summary)

    def test_new_order_wins_the_customer_back(self):
        buyer = self._customer("Comes Back")
        self._history(buyer, [0, 30, 60, 90])
        self._detect(215)
        churn = self._open_churn(buyer)
        self.assertEqual(churn.state, "lost")
        self._order(buyer).action_confirm()
        self.assertEqual(churn.state, "won_back")
        self.assertTrue(churn.won_back_on)
        self.Churn._run_detection()
        self.assertEqual(buyer.customer_stage, "active")

    def test_batches_give_the_same_result_as_one_pass(self):
        buyers = [self._customer(f"Batch {i}") for i in range(4)]
        for buyer in buyers:
            self._history(buyer, [0, 30, 60, 90])
        done = remaining = None
        rounds = 0
        while remaining != 0:
            done, remaining = self._detect(160, limit=2)
            self.assertLessEqual(done, 2)
            rounds += 1
        self.assertGreaterEqual(rounds, 2)
        for buyer in buyers:
            self.assertEqual(buyer.customer_stage, "at_risk")
            self.assertEqual(len(self._open_churn(buyer)), 1)

    def test_detection_uses_a_fixed_number_of_queries(self):
        for i in range(3):
            self._history(self._customer(f"Q{i}"), [0, 30, 60])
        self._detect(400)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=3):
            self.Churn._get_detection_changes(START + timedelta(days=400))

    # ------------------------------------------------------------ the response

    def _churn(self, **vals):
        return self.Churn.create({
            "partner_id": self.customer.id, "user_id": self.salesman.id, **vals,
        })  # fmt: skip

    def test_category_proposes_recommended_plan(self):
        expected = {
            "dissatisfied": ["Call to apologise", "Visit the customer", "Find and fix"],
            "competitor": ["value justifies", "differentiated offer"],
            "negative_value": ["Reduce the service level"],
        }
        for category, summaries in expected.items():
            churn = self._churn()
            churn.category = category
            planned = churn.activity_ids.mapped("summary")
            self.assertEqual(len(planned), len(summaries), category)
            for summary, fragment in zip(planned, summaries, strict=True):
                self.assertIn(fragment, summary)
            self.assertEqual(churn.activity_ids.user_id, self.salesman)
            self.assertTrue(churn.recommended_action)
            churn.action_close()

    def test_involuntary_churn_is_closed_without_action(self):
        churn = self._churn(category="involuntary", reason_detail="Bankrupt")
        self.assertEqual(churn.state, "closed")
        self.assertFalse(churn.activity_ids)
        self.assertIn("no action", churn.recommended_action)

    def test_manager_declares_lost_and_detection_keeps_it(self):
        buyer = self._customer("Declared Lost")
        self._history(buyer, [0, 30, 60, 90])
        with self.assertRaises(UserError):
            buyer.with_user(self.salesman).action_declare_lost()
        buyer.with_user(self.manager).action_declare_lost()
        churn = self._open_churn(buyer)
        self.assertEqual((churn.state, churn.manual), ("lost", True))
        self.assertEqual(buyer.customer_stage, "lost")
        self._detect(161)  # detection alone would say at risk
        self.assertEqual(buyer.customer_stage, "lost")
        self.assertEqual(churn.state, "lost")

    def test_one_open_record_per_customer(self):
        self._churn()
        with self.assertRefused(ValidationError, "already an open churn record"):
            self._churn()

    def test_access_rights(self):
        mine = self._churn()
        other = self.Churn.create({"partner_id": self.customer_b.id, "user_id": self.salesman_b.id})
        visible = self.Churn.with_user(self.salesman).search([("id", "in", (mine | other).ids)])
        self.assertEqual(visible, mine)
        mine.with_user(self.salesman).write({"category": "competitor", "reason_detail": "Price"})
        with self.assertRaises(AccessError):
            self.Churn.with_user(self.salesman).create({"partner_id": self.customer.id})
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).unlink()

    def test_bad_settings_refused(self):
        with self.assertRefused(ValidationError, "must be positive"):
            self.company.customer_churn_at_risk_multiple = -1
        with self.assertRefused(ValidationError, r"lost multiple \(1.5\) must be larger"):
            self.company.customer_churn_lost_multiple = 1.5
        with self.assertRefused(ValidationError, "between 0 and 100"):
            self.company.customer_churn_drop_share = 120
        with self.assertRefused(ValidationError, "lost days larger"):
            self.company.customer_churn_fallback_lost_days = 30
        self.assertEqual(self.company.customer_churn_lost_multiple, 4.0)

    # --------------------------------------------------------------- analysis

    def test_analysis_by_category_and_month_and_xlsx(self):
        self._churn(
            category="competitor", value_lost=5000, detected_on=date(2026, 3, 3), state="closed"
        )
        self._churn(category="competitor", value_lost=1000, detected_on=date(2026, 3, 20))
        self.Churn.create({
            "partner_id": self.customer_b.id, "category": "dissatisfied",
            "value_lost": 700, "detected_on": date(2026, 4, 2),
        })  # fmt: skip
        groups = self.Churn._read_group(
            [("partner_id", "in", (self.customer | self.customer_b).ids)],
            ["category", "detected_on:month"],
            ["value_lost:sum", "__count"],
        )
        summary = {(cat, month.month): (value, n) for cat, month, value, n in groups}
        self.assertEqual(summary[("competitor", 3)], (6000, 2))
        self.assertEqual(summary[("dissatisfied", 4)], (700, 1))
        records = self.Churn.search([("partner_id", "in", self.customer.ids)])
        sheet = self._xlsx("customer_mgmt.customer_churn_xlsx", records, user=self.salesman).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows), 3)
        self.assertIn("Annual Value Lost", rows[0])
        self.assertEqual(
            sorted(r[rows[0].index("Annual Value Lost")] for r in rows[1:]), [1000, 5000]
        )
