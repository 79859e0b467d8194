from odoo import Command
from odoo.tests import tagged

from .common import ScoringCase


@tagged("post_install", "-at_install")
class TestScoringOrderFacts(ScoringCase):
    """What the value score reads of an order's lines is kept on the order."""

    def test_facts_follow_the_lines(self):
        customer = self._customer("Facts Trading")
        order = self._sell(
            customer,
            [(self.product, 10, 100, 10), (self.product, 2, 50, 0), (self.product_b, 4, 25, 50)],
            30,
        )
        self.assertEqual(order.score_product_count, 2, "a product counts once")
        self.assertAlmostEqual(order.score_list_amount, 1200)
        self.assertAlmostEqual(order.score_discount_amount, 150)  # 100 + 50
        order.order_line.filtered(lambda line: line.product_id == self.product_b).discount = 0
        order.order_line += self.env["sale.order.line"].new(
            {"display_type": "line_note", "name": "Handle with care"}
        )
        self.assertEqual(order.score_product_count, 2, "a note is no product")
        self.assertAlmostEqual(order.score_discount_amount, 100)

    def test_install_fill_matches_the_compute(self):
        """On install the facts of existing orders are set by one statement: the
        same figures as the ORM computes."""
        customer = self._customer("Fill Trading")
        orders = self._sell(customer, [(self.product, 3, 33.33, 7)], 20) | self._sell(
            customer, [(self.product, 1, 10, 0), (self.product_b, 6, 19.99, 15)], 10
        )
        orders[0].order_line = [Command.create({"display_type": "line_section", "name": "S"})]
        fields = ["score_product_count", "score_list_amount", "score_discount_amount"]
        computed = orders.read(fields)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET score_product_count = NULL, score_list_amount = NULL,"
            " score_discount_amount = NULL WHERE id IN %s",
            [tuple(orders.ids)],
        )
        self.env["sale.order"]._fill_score_facts()
        orders.invalidate_recordset(fields)
        self.assertEqual(orders.read(fields), computed)
        self.assertEqual(orders.mapped("score_product_count"), [1, 2])

    def test_equal_discounts_tie(self):
        """Customers granted the same discount on different amounts score the same."""
        first, second, third = (self._customer(f"Tie {n}") for n in range(3))
        self._sell(first, [(self.product, 3, 33.33, 10), (self.product_b, 7, 19.99, 10)], 40)
        self._sell(second, [(self.product, 11, 0.7, 10)], 50)
        self._sell(second, [(self.product_b, 13, 123.45, 10)], 20)
        self._sell(third, [(self.product, 1, 10, 0)], 20)
        self._score(first | second | third)
        lines = [self._line(partner, "price_sensitivity") for partner in (first, second)]
        self.assertEqual(lines[0].value, lines[1].value)
        self.assertEqual(lines[0].score, lines[1].score)
