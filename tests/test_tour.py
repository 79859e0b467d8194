from odoo.addons.base.tests.common import new_test_user
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "customer_mgmt")
class TestDossierTour(HttpCase):
    def test_salesperson_fills_dossier_in_browser(self):
        user = new_test_user(
            self.env,
            login="cm_tour_sales",
            password="cm_tour_sales_pw",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Noodle Wholesale",
                "is_company": True,
                "user_id": user.id,
            }
        )
        before = customer.dossier_completeness
        self.start_tour(
            "/odoo/action-customer_mgmt.res_partner_action_customer",
            "customer_mgmt_dossier_tour",
            login="cm_tour_sales",
        )
        self.assertEqual(customer.customer_nature, "wholesaler")
        self.assertEqual(customer.employee_count, 85)
        self.assertEqual(customer.main_products, "Rice noodles, vermicelli")
        self.assertEqual(customer.development_potential, "high")
        self.assertGreater(customer.dossier_completeness, before)
