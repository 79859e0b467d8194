from odoo import Command
from odoo.addons.base.tests.common import new_test_user
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "customer_mgmt")
class TestCreditBlockTour(HttpCase):
    def test_salesperson_sees_the_block_message(self):
        user = new_test_user(
            self.env, login="cm_credit_tour", password="cm_credit_tour_pw",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )  # fmt: skip
        self.env.company.credit_control_active = True
        customer = self.env["res.partner"].create(
            {"name": "Blocked Noodle Shop", "is_company": True, "credit_limit": 100}
        )
        product = self.env["product.product"].create(
            {"name": "Noodles", "type": "consu", "taxes_id": [Command.clear()]}
        )
        order = self.env["sale.order"].create({
            "partner_id": customer.id, "user_id": user.id,
            "order_line": [Command.create({
                "product_id": product.id, "product_uom_qty": 1, "price_unit": 500,
            })],
        })  # fmt: skip
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
            "customer_mgmt_credit_block_tour",
            login="cm_credit_tour",
        )
        self.assertEqual(order.state, "draft")
