from odoo.addons.base.tests.common import new_test_user
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "customer_mgmt")
class TestServiceTour(HttpCase):
    def test_salesperson_answers_a_complaint_from_a_visit_in_time(self):
        user = new_test_user(
            self.env,
            login="cm_tour_service",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        tier = self.env.ref("customer_mgmt.customer_tier_key")
        tier.write({"response_time_hours": 4, "resolution_time_hours": 24})
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Tea House",
                "is_company": True,
                "user_id": user.id,
                "customer_tier_id": tier.id,
            }
        )
        self.start_tour(
            "/odoo/action-customer_mgmt.customer_interaction_action",
            "customer_mgmt_service_tour",
            login="cm_tour_service",
        )
        ticket = self.env["helpdesk.ticket"].search([("commercial_partner_id", "=", customer.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.interaction_id.interaction_type, "complaint")
        self.assertEqual(ticket.request_type, "complaint")
        self.assertEqual(ticket.customer_tier_id, tier)
        self.assertTrue(ticket.response_deadline)
        self.assertEqual(ticket.service_state, "answered")
        self.assertTrue(ticket.first_response_date)
        self.assertFalse(ticket.response_late)
