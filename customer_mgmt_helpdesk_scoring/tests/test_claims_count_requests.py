from datetime import datetime, time
from unittest.mock import patch

from odoo.addons.customer_mgmt_scoring.tests.common import ScoringCase, days_ago, freeze_time
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestClaimsCountRequests(ScoringCase):
    """The claims indicator: credit notes and returns against sales, and the
    complaints and claims found unfounded in its look-back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fussy = cls._customer("Fussy Mart")
        cls.fair = cls._customer("Fair Foods")
        for customer in cls.fussy | cls.fair:
            cls._sell(customer, [(cls.product, 10, 100, 0)], 60, deliver_after=1)
            cls._invoice(customer, 1000, days_ago(55), days_ago(25))
        Ticket = cls.env["helpdesk.ticket"]
        team = cls.env.ref("customer_mgmt_helpdesk.helpdesk_team_customer_service")
        requests = [
            (cls.fussy, "complaint", "no"),
            (cls.fussy, "claim", "no"),
            (cls.fussy, "complaint", "yes"),  # our fault: not held against it
            (cls.fussy, "feedback", False),
            (cls.fair, "complaint", "yes"),
        ]
        received = datetime.combine(days_ago(30), time(10))
        with freeze_time(received), patch.object(cls.env.cr, "now", lambda: received):
            Ticket.create([
                {"name": f"{kind} {n}", "description": "<p>-</p>", "partner_id": customer.id,
                 "team_id": team.id, "request_type": kind, "justified": justified}
                for n, (customer, kind, justified) in enumerate(requests)
            ])  # fmt: skip

    def test_unfounded_complaints_lower_the_claims_score(self):
        self._score(self.fussy | self.fair)
        fussy, fair = self._line(self.fussy, "claims"), self._line(self.fair, "claims")
        self.assertEqual((fussy.value, fussy.value2), (0.0, 2.0))
        self.assertEqual((fair.value, fair.value2), (0.0, 0.0))
        self.assertLess(fussy.score, fair.score)
        self.assertIn("2 unfounded complaints", fussy.value_display)
        indicator = self.env["customer.score.indicator"].search([("code", "=", "claims")])
        self.assertTrue(indicator.has_second_measure)
