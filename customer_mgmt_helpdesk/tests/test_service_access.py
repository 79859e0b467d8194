from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ServiceCase


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
