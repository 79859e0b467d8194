from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
@freeze_time("2026-12-15")
class TestCollectionAnalysis(CreditCase):
    """October: invoice of 1000 due 4 November, paid 20 November. November:
    invoice of 600 due 10 December, unpaid on 15 December."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        october = cls._invoice(cls.customer, 1000.0, date(2026, 10, 5), date(2026, 11, 4))
        cls._invoice(cls.purchaser, 600.0, date(2026, 11, 10), date(2026, 12, 10))
        cls._pay(october, date(2026, 11, 20))
        Promise = cls.env["customer.payment.promise"]
        for state in ("kept", "broken", "broken"):
            Promise.create({
                "partner_id": cls.customer.id, "amount": 100.0, "made_on": date(2026, 11, 1),
                "date": date(2026, 11, 15),
            }).sudo().state = state  # fmt: skip
        cls.Analysis = cls.env["customer.collection.analysis"]

    def _months(self, user):
        rows = self.Analysis.with_user(user).search(
            [("partner_id", "=", self.customer.id)], order="month"
        )
        return {row.month.month: row for row in rows}

    def test_monthly_figures(self):
        months = self._months(self.salesman)
        self.assertEqual(sorted(months), [10, 11, 12])
        october, november, december = months[10], months[11], months[12]
        self.assertEqual(
            (october.ar_begin, october.sales, october.collected, october.ar_end,
             october.ar_current_end, october.overdue_end),
            (0.0, 1000.0, 0.0, 1000.0, 1000.0, 0.0),
        )  # fmt: skip
        self.assertAlmostEqual(october.dso, 31.0)
        self.assertEqual(
            (november.ar_begin, november.sales, november.collected, november.ar_end,
             november.ar_current_end),
            (1000.0, 600.0, 1000.0, 600.0, 600.0),
        )  # fmt: skip
        self.assertAlmostEqual(november.dso, 30.0)
        self.assertAlmostEqual(november.cei, 100.0)
        self.assertAlmostEqual(november.promise_kept_rate, 100 / 3)
        self.assertEqual((december.ar_end, december.overdue_end), (600.0, 600.0))
        self.assertAlmostEqual(december.cei, 0.0, msg="nothing collected of what was due")

    def test_group_ratios_come_from_sums(self):
        [year] = self.Analysis.with_user(self.salesman).read_group(
            [("partner_id", "=", self.customer.id)],
            ["sales:sum", "dso", "best_dso", "days_delinquent", "cei", "still_open_share",
             "promise_kept_rate"],
            ["month:year"],
        )  # fmt: skip
        self.assertEqual(year["sales"], 1600.0)
        self.assertAlmostEqual(year["dso"], (1000 * 31 + 600 * 30 + 600 * 31) / 1600)
        self.assertAlmostEqual(year["best_dso"], (1000 * 31 + 600 * 30) / 1600)
        self.assertAlmostEqual(year["days_delinquent"], 600 * 31 / 1600)
        self.assertAlmostEqual(year["cei"], 100 * 1000 / 1600)
        self.assertAlmostEqual(year["still_open_share"], 100 * 600 / 1600, msg="seed 003")
        self.assertAlmostEqual(year["promise_kept_rate"], 100 / 3)

    def test_salespeople_see_their_customers(self):
        self.assertFalse(self._months(self.salesman_b))
        self.assertEqual(len(self._months(self.controller)), 3)
