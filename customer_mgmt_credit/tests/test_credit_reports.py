from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestCreditReports(CreditCase):
    def test_ageing_buckets_per_customer(self):
        today = fields.Date.today()
        for amount, days in ((100, -5), (200, 10), (300, 45), (400, 75), (500, 120)):
            due = today - timedelta(days=days)
            self._invoice(self.purchaser, amount, min(due, today), due)
        ageing = self.env["customer.credit.ageing"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(ageing), 1, "child contacts roll up to the company")
        self.assertEqual(
            (ageing.not_due, ageing.days_1_30, ageing.days_31_60, ageing.days_61_90,
             ageing.days_over_90, ageing.total),
            (100, 200, 300, 400, 500, 1500),
        )  # fmt: skip
        # Selected lines, then nothing selected: every line the reader may see
        report = "customer_mgmt_credit.customer_credit_ageing_xlsx"
        action = ageing.action_export_xlsx()
        self.assertEqual(
            (action["type"], action["context"]["active_ids"]), ("ir.actions.report", ageing.ids)
        )
        rows = list(self._xlsx(report, ageing).active.values)
        self.assertEqual(rows[0][:3], ("Customer", "Salesperson", "Not Due"))
        self.assertEqual(
            rows[1][:3] + rows[1][7:8], ("Sunshine Foods Distribution", "Sales A", 100, 1500)
        )
        action = self.env["customer.credit.ageing"].action_export_xlsx()
        self.assertEqual(action["data"], {"all": True})
        rows = list(self._xlsx(report, data=action["data"]).active.values)
        self.assertEqual(len(rows) - 1, self.env["customer.credit.ageing"].search_count([]))

    def test_overview_matches_the_partner_figures(self):
        self._order(self.customer, qty=3).action_confirm()
        self._invoice(self.customer, 200, fields.Date.today())
        self.customer.sudo().credit_hold = True
        line = self.env["customer.credit.overview"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(
            (line.credit_limit, line.exposure, line.available, line.credit_hold),
            (1000, self.customer.credit_exposure, 500, True),
        )
        self.assertEqual(line.exposure, 500)
        groups = self.env["customer.credit.overview"].read_group(
            [("partner_id", "in", (self.customer | self.customer_b).ids)],
            ["exposure:sum"], ["credit_hold"],
        )  # fmt: skip
        self.assertEqual(sum(group["exposure"] for group in groups), 500)
        self.assertFalse(
            self.env["customer.credit.overview"].search([("partner_id", "=", self.customer_b.id)]),
            "no figures, no limit: not listed",
        )
