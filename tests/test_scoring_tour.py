from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.addons.base.tests.common import new_test_user
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "customer_mgmt")
class TestScoringTour(HttpCase):
    def test_manager_reads_the_score_and_rates(self):
        new_test_user(
            self.env, login="cm_value_tour", password="cm_value_tour_pw",
            groups="sales_team.group_sale_manager,customer_mgmt.customer_mgmt_group_manager",
        )  # fmt: skip
        customer = self.env["res.partner"].create({"name": "Rated Tea House", "is_company": True})
        product = self.env["product.product"].create(
            {"name": "Tea", "type": "consu", "standard_price": 60, "taxes_id": [Command.clear()]}
        )
        with freeze_time(date.today() - timedelta(days=200)):
            self.env["sale.order"].create({
                "partner_id": customer.id,
                "order_line": [Command.create({
                    "product_id": product.id, "product_uom_qty": 2, "price_unit": 100,
                })],
            }).action_confirm()  # fmt: skip
        customer.action_compute_value_score()
        self.start_tour(
            f"/odoo/action-customer_mgmt.res_partner_action_customer/{customer.id}",
            "customer_mgmt_scoring_value_page_tour",
            login="cm_value_tour",
        )
        rating = customer.value_rating_ids
        self.assertEqual((rating.indicator_id.code, rating.rating), ("industry_influence", "5"))
        self.assertEqual(rating.rated_by_id.login, "cm_value_tour")
