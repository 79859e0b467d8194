from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerMgmtCase


@tagged("post_install", "-at_install")
class TestTier(CustomerMgmtCase):
    def test_tier_without_name_refused(self):
        with self.assertRefused(ValidationError, "needs a name"):
            self.env["customer.tier"].create({"name": "  "})
        with self.assertRefused(ValidationError, "needs a name"):
            self.tier.name = ""
        self.assertEqual(self.tier.name, "Test Key")

    def test_discount_out_of_range_refused(self):
        with self.assertRefused(ValidationError, "between 0 and 100"):
            self.tier.max_discount = 120
        with self.assertRefused(ValidationError, "between 0 and 100"):
            self.tier.max_discount = -5

    def test_negative_visit_interval_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.tier.visit_interval_days = -7

    def test_applying_tier_sets_pricelist_and_payment_term(self):
        other = self.env["product.pricelist"].create({"name": "Retail"})
        self.customer.property_product_pricelist = other
        self.assertEqual(self.customer.property_product_pricelist, other)
        self.customer.customer_tier_id = self.tier
        self.assertEqual(self.customer.property_product_pricelist, self.pricelist)
        self.assertEqual(self.customer.property_payment_term_id, self.payment_term)
        # What the partner form shows as policies in force
        self.assertEqual(self.customer.tier_max_discount, 10.0)
        self.assertEqual(self.customer.tier_visit_interval_days, 14)
        # A new order of the customer uses them
        order = self._order(self.customer)
        self.assertEqual(order.pricelist_id, self.pricelist)
        self.assertEqual(order.payment_term_id, self.payment_term)

    def test_creating_customer_with_tier_applies_policies(self):
        partner = self.env["res.partner"].create(
            {
                "name": "New Key Account",
                "is_company": True,
                "customer_tier_id": self.tier.id,
            }
        )
        self.assertEqual(partner.property_payment_term_id, self.payment_term)

    def test_reapply_tier_after_policy_change(self):
        self.customer.customer_tier_id = self.tier
        term = self.env.ref("account.account_payment_term_immediate")
        self.tier.payment_term_id = term
        self.assertEqual(self.customer.property_payment_term_id, self.payment_term)
        self.tier.action_apply_to_customers()
        self.assertEqual(self.customer.property_payment_term_id, term)
        self.assertEqual(self.tier.partner_count, 1)

    def test_salesperson_cannot_edit_tiers(self):
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self.tier.with_user(self.salesman).max_discount = 50
        self.assertEqual(self.tier.with_user(self.salesman).max_discount, 10.0)
        self.tier.with_user(self.manager).max_discount = 12
        self.assertEqual(self.tier.max_discount, 12)
