from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FRIDAY_3PM, ServiceCase


@tagged("post_install", "-at_install")
class TestServiceAccess(ServiceCase):
    def test_salespeople_see_their_customers_requests_managers_all(self):
        mine = self._request()
        theirs = self._request(user=self.salesman_b, customer=self.customer_b)
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(Ticket.with_user(self.salesman).search([]), mine)
        self.assertEqual(Ticket.with_user(self.salesman_b).search([]), theirs)
        self.assertEqual(Ticket.with_user(self.manager).search([]) & (mine | theirs), mine | theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).read(["name"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).write({"satisfaction": "1"})
        # the salesperson can answer and close its own customer's request
        mine.with_user(self.salesman).write({"stage_id": self.stage_done.id, "satisfaction": "5"})
        self.assertEqual(mine.service_state, "closed")

    def test_accountants_read_complaints_but_do_not_change_them(self):
        ticket = self._request()
        as_accountant = ticket.with_user(self.accountant)
        self.assertEqual(as_accountant.read(["name"])[0]["name"], "Goods arrived broken")
        with self.assertRaises(AccessError):
            as_accountant.write({"justified": "no"})

    def test_tier_slas_only_by_managers(self):
        with self.assertRaises(AccessError):
            self.tier.with_user(self.salesman).resolution_time_hours = 1
        self.tier.with_user(self.manager).resolution_time_hours = 24
        self.assertEqual(
            self.tier.helpdesk_sla_ids.filtered(lambda s: s.service_kind == "resolution").hours, 24
        )

    def test_a_missed_promise_cannot_be_written_away(self):
        with self.at(FRIDAY_3PM):
            ticket = self._request()
        with self.at(datetime(2026, 11, 9, 11, 0)):
            self.env["helpdesk.ticket"]._cron_escalate_breaches()
        self.assertTrue(ticket.response_late)
        mine = ticket.with_user(self.salesman)
        for vals in (
            {"response_late": False},
            {"breached": False},
            {"response_deadline": "2026-11-20 10:00:00"},
            {"first_response_date": "2026-11-06 15:30:00", "response_hours": 0.5},
            {"customer_tier_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                mine.write(vals)
        # nor its clock, the SLA lines OCA's engine keeps
        with self.assertRaises(AccessError):
            mine.ticket_sla_ids.write({"state": "accomplished"})
        with self.assertRaises(AccessError):
            self._request(response_late=False, first_response_date="2026-11-06 15:30:00")
        # answering through the stage still works, and the miss stays
        with self.at(datetime(2026, 11, 9, 12, 0)):
            mine.stage_id = self.stage_progress
        self.assertTrue(ticket.response_late)
        self.assertEqual(ticket.response_hours, 6.0)  # Friday 2 h, Monday 8-12

    def test_the_clock_is_reset_only_by_a_helpdesk_manager(self):
        mine = self._request()
        theirs = self._request(user=self.salesman_b, customer=self.customer_b)
        for ticket in (mine, theirs):
            for method in ("set_sla", "refresh_sla"):
                with self.subTest(ticket=ticket.id, method=method), self.assertRaises(AccessError):
                    getattr(ticket.with_user(self.salesman), method)()
        lines = mine.ticket_sla_ids
        with self.assertRaises(AccessError):
            mine.with_user(self.manager).set_sla()
        self.assertEqual(mine.ticket_sla_ids, lines)

    def test_following_a_request_is_for_reading(self):
        theirs = self._request(user=self.salesman_b, customer=self.customer_b)
        theirs.message_subscribe(partner_ids=self.salesman.partner_id.ids)
        as_follower = theirs.with_user(self.salesman)
        self.assertEqual(as_follower.read(["name"])[0]["name"], "Goods arrived broken")
        with self.assertRaises(AccessError):
            as_follower.write({"stage_id": self.stage_done.id})

    def test_only_the_service_team_or_managers_judge_a_complaint(self):
        ticket = self._request()
        with self.assertRaises(AccessError):
            ticket.with_user(self.salesman).justified = "no"
        with self.assertRaises(AccessError):
            self._request(customer=self.customer, justified="no")
        ticket.with_user(self.manager).justified = "no"
        ticket.with_user(self.leader).justified = "yes"
        self.assertEqual(ticket.justified, "yes")

    def test_handed_over_customers_requests_go_with_the_customer(self):
        ticket = self._request(user=self.manager)  # logged by the manager
        self.assertTrue(ticket.with_user(self.salesman).read(["name"]))
        self.customer.user_id = self.salesman_b
        with self.assertRaises(AccessError):
            ticket.with_user(self.salesman).read(["name"])
        self.assertTrue(ticket.with_user(self.salesman_b).read(["name"]))
