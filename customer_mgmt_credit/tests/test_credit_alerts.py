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

    def test_each_reader_gets_the_alert_in_their_language(self):
        """The cron writes in no one's language: the Chinese salesperson's activity
        is in Chinese, the English credit manager's in English, and the alert reads
        in the language of whoever opens it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_mgmt_credit"], ["zh_CN"], overwrite=True
        )
        self.salesman.lang = "zh_CN"
        self._order(self.customer, qty=9).action_confirm()
        self.Alert._cron_credit_alerts()
        alert = self._alerts(self.customer).filtered(lambda a: a.alert_type == "exposure")
        by_user = {activity.user_id: activity for activity in alert.activity_ids}
        chinese, english = by_user[self.salesman], by_user[self.credit_manager]
        self.assertEqual(chinese.summary, "信用预警：占用接近额度：Sunshine Foods Distribution")  # noqa: RUF001
        self.assertIn("已达信用额度", str(chinese.note))
        self.assertEqual(
            english.summary, "Credit alert: Exposure Near the Limit: Sunshine Foods Distribution"
        )
        self.assertIn("90% of the credit limit", str(english.note))
        self.assertIn("的 90%", alert.with_context(lang="zh_CN").description)
        self.assertEqual(english.res_name, alert.display_name)  # the company's language
        # Odoo's assignment notices still go out, one per person
        notices = self.env["mail.message"].search([
            ("model", "=", alert._name), ("res_id", "=", alert.id),
            ("message_type", "=", "user_notification"),
        ])  # fmt: skip
        self.assertEqual(notices.partner_ids, (self.salesman | self.credit_manager).partner_id)
        self.assertIn("占用接近额度", notices.filtered(
            lambda notice: notice.partner_ids == self.salesman.partner_id
        ).body)  # fmt: skip

    def test_exposure_without_any_credit_allowed(self):
        """A customer allowed no credit (limit 0) who owes: said so, not '∞%'."""
        today = fields.Date.today()
        self.customer.credit_limit = 0
        self._invoice(self.customer, 500, today, today + timedelta(days=30))
        self.Alert._cron_credit_alerts()
        alert = self._alerts(self.customer).filtered(lambda a: a.alert_type == "exposure")
        self.assertIn("while no credit is allowed", alert.description)
        self.assertNotIn("∞", alert.description)
