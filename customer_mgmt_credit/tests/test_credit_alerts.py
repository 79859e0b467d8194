from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestCreditAlerts(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["customer.credit.alert"]
        cls.company.write({
            "credit_alert_exposure_share": 80,
            "credit_alert_top_count": 1,
            "credit_manager_user_id": cls.credit_manager.id,
        })  # fmt: skip

    def _alerts(self, partner):
        return self.Alert.search([("partner_id", "=", partner.id), ("state", "=", "open")])

    def test_exposure_near_limit_alerts_salesperson_and_manager_once(self):
        self._order(self.customer, qty=9).action_confirm()  # 900 of 1,000
        self.Alert._cron_credit_alerts()
        alert = self._alerts(self.customer).filtered(lambda a: a.alert_type == "exposure")
        self.assertEqual(len(alert), 1)
        self.assertIn("90%", alert.description)
        self.assertEqual(alert.activity_ids.user_id, self.salesman | self.credit_manager)
        # Rerun: nothing new
        self.Alert._cron_credit_alerts()
        self.assertEqual(
            len(self._alerts(self.customer).filtered(lambda a: a.alert_type == "exposure")), 1
        )
        self.assertEqual(len(alert.activity_ids), 2)

    def test_alert_closed_when_back_to_normal(self):
        order = self._order(self.customer, qty=9)
        order.action_confirm()
        self.Alert._cron_credit_alerts()
        alert = self._alerts(self.customer).filtered(lambda a: a.alert_type == "exposure")
        order._action_cancel()
        self.Alert._cron_credit_alerts()
        self.assertEqual(alert.state, "done")
        self.assertFalse(alert.activity_ids)

    def test_overdue_past_tolerance_and_largest_exposure(self):
        today = fields.Date.today()
        # Large enough to rank first above Odoo's demo customers
        self._invoice(
            self.customer_b, 1_000_000, today - timedelta(days=60), today - timedelta(days=45)
        )
        self.Alert._cron_credit_alerts()
        kinds = self._alerts(self.customer_b).mapped("alert_type")
        self.assertIn("overdue", kinds, "45 days > 30 days without a grade")
        self.assertIn("top_exposure", kinds)
        # The limit of alerts per run is respected, the rest comes on the next run
        self.Alert.search([]).unlink()
        self.assertEqual(self.Alert._cron_credit_alerts(batch_size=1), 1)
        self.assertGreater(self.Alert._cron_credit_alerts(batch_size=1), 0)

    def test_downgrade_raises_an_alert(self):
        grade_a = self.env.ref("customer_mgmt_credit.customer_credit_grade_a")
        self.customer.write({"credit_grade_id": grade_a.id, "credit_limit_manual": True})
        self.customer.action_compute_credit_grade()  # no history: a low grade
        alert = self._alerts(self.customer).filtered(lambda a: a.alert_type == "downgrade")
        self.assertEqual(len(alert), 1)
        self.assertIn("from A to", alert.description)
        self.customer.action_compute_credit_grade()
        self.assertEqual(
            len(self._alerts(self.customer).filtered(lambda a: a.alert_type == "downgrade")), 1
        )
