from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CreditCase

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestCreditGrade(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Known payment histories over the last 12 months, 4 invoices of 1,000 each.
        cls.good = cls.customer
        cls.bad = cls.customer_b
        for month in range(4):
            due = TODAY - timedelta(days=60 + 30 * month)
            good_invoice = cls._invoice(cls.good, 1000, due - timedelta(days=30), due)
            cls._pay(good_invoice, due - timedelta(days=2))  # always early
            bad_invoice = cls._invoice(cls.bad, 1000, due - timedelta(days=30), due)
            cls._pay(bad_invoice, due + timedelta(days=50))  # 50 days late
        (cls.good | cls.bad).write({"credit_financial_rating": "4"})

    def _compute(self, partners):
        with freeze_time(TODAY):
            partners.action_compute_credit_grade()

    def test_grade_from_known_payment_histories(self):
        self._compute(self.good | self.bad)
        self.assertEqual(self.good.credit_on_time_ratio, 100)
        self.assertEqual(self.good.credit_avg_days_late, 0)
        self.assertEqual(self.bad.credit_on_time_ratio, 0)
        self.assertEqual(self.bad.credit_avg_days_late, 50)
        self.assertEqual(self.good.credit_avg_days_to_pay, 28)  # invoiced 30 days before due
        self.assertEqual(self.bad.credit_avg_days_to_pay, 80)
        self.assertGreater(self.good.credit_score, self.bad.credit_score + 30)
        self.assertIn(self.good.credit_grade_id.name, ("A", "B"))
        self.assertIn(self.bad.credit_grade_id.name, ("D", "E"))
        # Explained: the lines add up to the score, weights to 100
        lines = self.good.credit_score_line_ids
        self.assertAlmostEqual(sum(lines.mapped("contribution")), self.good.credit_score, delta=0.5)
        self.assertAlmostEqual(sum(lines.mapped("weight")), 100, 1)
        on_time = lines.filtered(lambda line: line.factor == "on_time")
        self.assertEqual((on_time.value, on_time.score), ("100%", 100))
        delay = self.bad.credit_score_line_ids.filtered(lambda line: line.factor == "delay")
        self.assertEqual(delay.value, "50.0 days")
        # Missing factors (no annual revenue, no cooperation start) are left out
        self.assertNotIn("revenue", lines.mapped("factor"))

    def test_limit_and_terms_follow_the_grade(self):
        self._compute(self.bad)
        grade = self.bad.credit_grade_id
        monthly = self.bad.credit_monthly_sales
        self.assertAlmostEqual(monthly, 4000 / 12, 2)
        term = self.bad.property_payment_term_id
        if grade.payment_term_id:
            self.assertEqual(term, grade.payment_term_id)
        days = max(term.line_ids.mapped("nb_days"), default=0)
        # The limit covers the customer's normal cycle: terms plus tolerance.
        cycle = (days + grade.overdue_tolerance_days + 30) / 30
        average_invoice = 1000  # 4 invoices of 1,000 in the last 12 months
        if grade.limit_rule == "sales_multiple":
            peak = monthly * cycle + average_invoice
            expected = max(round(grade.sales_multiple * peak, -2), grade.min_limit)
        else:
            expected = grade.limit_amount if grade.limit_rule == "fixed" else 0.0
        self.assertEqual(self.bad.credit_limit, expected)
        self.assertTrue(self.bad.credit_limited, "no credit is a limit of 0, not no limit")
        self.assertEqual(self.bad.credit_limit, grade._get_limit(monthly, days, average_invoice))

    def test_limit_set_by_hand_is_kept(self):
        self.good.write({"credit_limit": 12345, "credit_limit_manual": True})
        self._compute(self.good)
        self.assertEqual(self.good.credit_limit, 12345)

    def test_override_needs_a_reason_and_a_manager(self):
        grade_e = self.env.ref("customer_mgmt_credit.customer_credit_grade_e")
        with self.assertRefused(ValidationError, "needs a reason"):
            self.good.write({"credit_grade_override_id": grade_e.id})
        with self.assertRaises(AccessError):
            self.good.with_user(self.salesman).write(
                {"credit_grade_override_id": grade_e.id, "credit_grade_override_reason": "x"}
            )
        self.good.with_user(self.credit_manager).write({
            "credit_grade_override_id": grade_e.id,
            "credit_grade_override_reason": "Lawsuit pending against the customer",
        })  # fmt: skip
        self.assertEqual(self.good.credit_grade_id, grade_e)
        self._compute(self.good)
        self.assertEqual(self.good.credit_grade_id, grade_e, "the override survives")
        self.assertIn(self.good.credit_grade_computed_id.name, ("A", "B"))
        self.flush_tracking()
        tracked = self.good.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("credit_grade_override_id", tracked)

    def test_only_managers_change_limits(self):
        with self.assertRaises(AccessError):
            self.good.with_user(self.controller).write({"credit_limit": 99999})
        self.good.with_user(self.credit_manager).write({"credit_limit": 5000})
        self.assertEqual(self.good.credit_limit, 5000)

    def test_weights_must_sum_to_100(self):
        with self.assertRefused(ValidationError, "must sum to 100, not 120"):
            self.company.credit_weight_on_time = 50

    def test_grades_are_only_proposed_before_go_live(self):
        self.company.credit_control_active = False
        self.good.credit_limit_manual = False
        self._compute(self.good | self.bad)
        self.assertTrue(self.bad.credit_grade_computed_id)
        self.assertFalse(self.bad.credit_grade_id)
        self.assertEqual(self.good.credit_limit, 1000, "nothing applied yet")
        self.assertFalse(self.bad.property_payment_term_id, "terms untouched")
        wizard = self.env["customer.credit.golive"].with_user(self.credit_manager).create({})
        self.assertEqual(wizard.graded_count, 2)
        self.assertEqual(sum(wizard.line_ids.mapped("customer_count")), 2)
        wizard.action_go_live()
        self.assertTrue(self.company.credit_control_active)
        self.assertEqual(self.bad.credit_grade_id, self.bad.credit_grade_computed_id)
        self.assertEqual(self.good.credit_limit, self.good.credit_limit_proposed)
        if self.bad.credit_grade_id.payment_term_id:
            self.assertEqual(
                self.bad.property_payment_term_id, self.bad.credit_grade_id.payment_term_id
            )
        with self.assertRaises(AccessError):
            self.env["customer.credit.golive"].with_user(self.salesman).create({})

    def test_receivables_to_sales_ratio(self):
        self._invoice(self.good, 2000, date.today())
        self.good.invalidate_recordset()
        # 2,000 open against 6,000 invoiced over 12 months (when run today)
        figures = self.env["customer.credit.engine"]._get_figures(self.good, self.company)
        sales = figures[self.good.id]["sales"]
        self.assertAlmostEqual(self.good.credit_receivable_sales_ratio, 100 * 2000 / sales, 1)
