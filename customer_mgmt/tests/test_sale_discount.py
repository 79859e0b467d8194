from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerMgmtCase


@tagged("post_install", "-at_install")
class TestSaleDiscountCap(CustomerMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.customer_tier_id = cls.tier  # cap 10%

    def test_discount_above_cap_refused_with_figures(self):
        Order = self.env["sale.order"].with_user(self.salesman)
        with self.assertRefused(ValidationError, r"15.0% .* maximum of 10.0%"):
            Order.create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.product.id, "discount": 15})],
                }
            )
        self.assertFalse(self.env["sale.order"].search([("partner_id", "=", self.customer.id)]))

    def test_discount_within_cap_confirms(self):
        order = self._order(self.customer, discount=10).with_user(self.salesman)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_cap_applies_to_contacts_of_the_customer(self):
        with self.assertRaises(ValidationError):
            self.env["sale.order"].with_user(self.salesman).create(
                {
                    "partner_id": self.purchaser.id,
                    "order_line": [Command.create({"product_id": self.product.id, "discount": 11})],
                }
            )

    def test_raising_discount_on_existing_line_refused(self):
        order = self._order(self.customer, discount=5)
        with self.assertRaises(ValidationError):
            order.order_line.with_user(self.salesman).discount = 20
        self.assertEqual(order.order_line.discount, 5)

    def test_confirmation_refused_after_customer_moved_to_stricter_tier(self):
        order = self._order(self.customer, discount=8)
        strict = self.env["customer.tier"].create(
            {"name": "Watch", "limit_discount": True, "max_discount": 0}
        )
        within = self._order(self.customer, discount=0)
        self.assertFalse(order.customer_discount_cap_warning)
        self.customer.customer_tier_id = strict
        # the quotation warns before anyone tries to confirm it
        order.invalidate_recordset()
        self.assertEqual(
            order.with_user(self.salesman).customer_discount_cap_warning,
            "1 line(s) exceed the 0.0% discount cap of tier Watch: lower them, or the order "
            "can only be confirmed by a customer management manager.",
        )
        self.assertFalse(within.customer_discount_cap_warning)
        with self.assertRefused(UserError, "maximum of 0.0%"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_manager_may_grant_more(self):
        order = (
            self.env["sale.order"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.product.id, "discount": 25})],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_customer_without_tier_behaves_as_standard(self):
        order = self._order(self.customer_b, discount=60).with_user(self.salesman_b)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_uncapped_tier_allows_any_discount(self):
        self.tier.limit_discount = False
        order = self._order(self.customer, discount=40)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
