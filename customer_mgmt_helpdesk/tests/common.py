"""A service team on a UTC working calendar (Monday to Friday, 8-12 and 13-17)
and a tier promising an answer within 4 working hours and a resolution within
16, so that deadlines can be counted by hand."""

from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.base.tests.common import new_test_user
from odoo.addons.customer_mgmt.tests.common import CustomerMgmtCase

FRIDAY_3PM = datetime(2026, 11, 6, 15, 0)


class ServiceCase(CustomerMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = new_test_user(
            cls.env, login="cm_service_lead", name="Service Lead",
            groups="helpdesk_mgmt.group_helpdesk_user",
        )  # fmt: skip
        cls.calendar = cls.env["resource.calendar"].create({"name": "Office UTC", "tz": "UTC"})
        cls.team = cls.env.ref("customer_mgmt_helpdesk.helpdesk_team_customer_service")
        cls.team.write({"resource_calendar_id": cls.calendar.id, "user_id": cls.leader.id})
        cls.tier.write({"response_time_hours": 4, "resolution_time_hours": 16})
        cls.customer.customer_tier_id = cls.tier
        cls.customer_b.customer_tier_id = cls.tier
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_awaiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    @contextmanager
    def at(self, moment):
        """Freeze the clock, the transaction's one (create_date) included."""
        with freeze_time(moment), patch.object(self.env.cr, "now", lambda: moment):
            yield

    def _request(self, user=None, customer=None, **vals):
        customer = customer or self.customer
        Ticket = self.env["helpdesk.ticket"].with_user(user or self.salesman)
        return Ticket.create(
            {
                "name": "Goods arrived broken",
                "description": "<p>Three cartons of tea crushed.</p>",
                "partner_id": customer.id,
                "team_id": self.team.id,
                "request_type": "complaint",
                "category_id": self.env.ref("customer_mgmt_helpdesk.helpdesk_category_delivery").id,
                **vals,
            }
        )
