from odoo.tests import tagged

from .common import ScoringCase, days_ago, freeze_time


@tagged("post_install", "-at_install")
class TestScoringIndicators(ScoringCase):
    """Each indicator measured on hand-built histories with known answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha = cls._customer("Alpha Trading")
        cls._sell(cls.alpha, [(cls.product, 10, 100, 10)], 100, deliver_after=3)  # 900, margin 200
        cls._sell(
            cls.alpha, [(cls.product, 5, 100, 0), (cls.product_b, 5, 100, 0)], 40, deliver_after=5
        )  # 1000, margin 150 + 250
        first = cls._invoice(cls.alpha, 900, days_ago(97), days_ago(67))
        cls._pay(first, days_ago(57))  # 10 days late
        second = cls._invoice(cls.alpha, 1000, days_ago(35), days_ago(5))
        cls._pay(second, days_ago(10))  # early
        cls._invoice(cls.alpha, 95, days_ago(20), move_type="out_refund")  # 5% of sales
        for code, rating in (("industry_influence", "5"), ("communication", "3")):
            cls.env["customer.score.rating"].create(
                {
                    "partner_id": cls.alpha.id,
                    "indicator_id": cls._indicator(code).id,
                    "rating": rating,
                }
            )

        cls.beta = cls._customer("Beta Wholesale")
        cls._sell(cls.beta, [(cls.product, 10, 100, 0)], 200, deliver_after=1)  # 1000, margin 300
        invoice = cls._invoice(cls.beta, 1000, days_ago(195), days_ago(195))
        cls._pay(invoice, days_ago(205))  # paid before the invoice: prepaid

        cls.gamma = cls._customer("Gamma Retail")
        order = cls._sell(cls.gamma, [(cls.product, 10, 100, 0)], 150, deliver_after=2)
        cls._invoice(cls.gamma, 1000, days_ago(148), days_ago(118))
        with freeze_time(days_ago(140)):
            wizard = (
                cls.env["stock.return.picking"]
                .with_context(active_id=order.picking_ids.id, active_model="stock.picking")
                .create({})
            )
            wizard.product_return_moves.quantity = 2
            returned = cls.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
            returned.move_ids.quantity = 2
            returned.move_ids.picked = True
            returned.button_validate()
        cls.scored = cls.alpha | cls.beta | cls.gamma

    @classmethod
    def _indicator(cls, code):
        return cls.env["customer.score.indicator"].search([("code", "=", code)])

    def _values(self, partner, code):
        line = self._line(partner, code)
        self.assertEqual(len(line), 1, f"{code} measured for {partner.name}")
        return line.value, line.value2

    def test_order_indicators(self):
        self._score()
        margin, share = self._values(self.alpha, "margin")
        self.assertAlmostEqual(margin, 600 / 1900 * 100, 2)
        # profit: alpha 600, beta 300, gamma 300 (the return does not change the order)
        self.assertAlmostEqual(share, 600 / 1200 * 100, 2)
        size, frequency = self._values(self.alpha, "order_size")
        self.assertAlmostEqual(size, 950, 2)
        self.assertAlmostEqual(frequency, 2 / (100 / 30.4375), 2)  # 2 orders in 100 days
        self.assertAlmostEqual(self._values(self.alpha, "order_structure")[0], 1.5, 2)
        self.assertAlmostEqual(self._values(self.alpha, "price_sensitivity")[0], 5.0, 2)
        self.assertAlmostEqual(self._values(self.beta, "price_sensitivity")[0], 0.0, 2)
        self.assertAlmostEqual(self._values(self.alpha, "shipment")[0], 4.0, 2)  # 3 and 5 days
        self.assertAlmostEqual(self._values(self.alpha, "cooperation")[0], 100 / 365.25, 2)

    def test_payment_and_claim_indicators(self):
        self._score()
        self.assertAlmostEqual(self._values(self.alpha, "punctuality")[0], 5.0, 2)  # 10 and 0
        self.assertAlmostEqual(self._values(self.beta, "punctuality")[0], 0.0, 2)
        # gamma's invoice is 118 days overdue and still open: it counts until today
        self.assertAlmostEqual(self._values(self.gamma, "punctuality")[0], 118, 2)
        self.assertEqual(self._values(self.alpha, "payment_method"), (0.0, 30.0))
        self.assertEqual(self._values(self.beta, "payment_method"), (100.0, 0.0))
        self.assertAlmostEqual(self._values(self.alpha, "claims")[0], 5.0, 2)  # credit note
        self.assertAlmostEqual(self._values(self.gamma, "claims")[0], 20.0, 2)  # 2 of 10 returned
        self.assertAlmostEqual(self._values(self.beta, "claims")[0], 0.0, 2)

    def test_normalisation_and_explanation(self):
        self._score()
        # Percentile among the 3 scored: best of 3 = 5/6, worst = 1/6, ties share
        punctuality = {p: self._line(p, "punctuality").score for p in self.scored}
        self.assertAlmostEqual(punctuality[self.beta], 100 * 5 / 6, 1)  # 0 days late
        self.assertAlmostEqual(punctuality[self.gamma], 100 * 1 / 6, 1)  # 118 days late
        # Ties share the middle of their ranks: beta and gamma both order 1 product an
        # order (fewer is better), alpha 1.5
        structure = {p: self._line(p, "order_structure").score for p in self.scored}
        self.assertAlmostEqual(structure[self.beta], 100 * 4 / 6, 1)
        self.assertAlmostEqual(structure[self.gamma], 100 * 4 / 6, 1)
        self.assertAlmostEqual(structure[self.alpha], 100 * 1 / 6, 1)
        # Two measures, each ranked: alpha leads both margin % and share of profit,
        # beta and gamma tie on both (30 %, 25 % of the profit)
        self.assertAlmostEqual(self._line(self.alpha, "margin").score, 100 * 5 / 6, 1)
        self.assertAlmostEqual(self._line(self.beta, "margin").score, 100 * 2 / 6, 1)
        self.assertAlmostEqual(self._line(self.gamma, "margin").score, 100 * 2 / 6, 1)
        # Thresholds: rating 5 of 1-5 scores 100, rating 3 scores 50
        self.assertEqual(self._line(self.alpha, "industry_influence").score, 100)
        self.assertEqual(self._line(self.alpha, "communication").score, 50)
        self.assertEqual(self._line(self.alpha, "communication").value_display, "3 / 5")
        # Explained: contributions add up to the score, weights to 100
        lines = self.alpha.value_score_line_ids
        self.assertAlmostEqual(sum(lines.mapped("contribution")), self.alpha.value_score, 1)
        self.assertAlmostEqual(sum(lines.mapped("weight")), 100, 1)
        self.assertIn("% margin", self._line(self.alpha, "margin").value_display)

    def test_missing_manual_ratings_rescale(self):
        self._score()
        # alpha misses "new product" (weight 5): the other 95 points are rescaled to 100
        self.assertEqual(self.alpha.value_missing_ratings, "New Product Development Ability")
        self.assertFalse(self._line(self.alpha, "new_product"))
        self.assertAlmostEqual(self._line(self.alpha, "margin").weight, 20 * 100 / 95, 2)
        # beta has no rating at all: 85 points of computed indicators remain
        self.assertAlmostEqual(self._line(self.beta, "margin").weight, 20 * 100 / 85, 2)
        self.assertIn("Industry Influence", self.beta.value_missing_ratings)
        # rating it adds the indicator at the next run
        self.env["customer.score.rating"].create({
            "partner_id": self.beta.id, "indicator_id": self._indicator("new_product").id,
            "rating": "4",
        })  # fmt: skip
        self._score()
        self.assertEqual(self._line(self.beta, "new_product").score, 75)
        self.assertAlmostEqual(self._line(self.beta, "margin").weight, 20 * 100 / 90, 2)

    def test_query_count_does_not_depend_on_customers(self):
        engine = self.env["customer.score.engine"]

        def queries():
            with freeze_time(days_ago(0)):
                self.env.flush_all()
                # cold caches each time, as a cron run starts: what was read
                # before the measure must not make one run cheaper than another
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                engine._run(self.env.company)
                return self.env.cr.sql_log_count - before

        queries()  # warm the caches, open the period
        three = queries()
        for name in ("Delta Foods", "Epsilon Mart"):
            self._sell(self._customer(name), [(self.product, 3, 100, 5)], 30, deliver_after=2)
        self.assertEqual(queries(), three, "five customers, as many queries as three")
        self.assertLess(three, 40)
