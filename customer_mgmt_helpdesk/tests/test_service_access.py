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
