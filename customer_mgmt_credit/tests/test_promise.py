from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_followup import FollowupCase


@tagged("post_install", "-at_install")
class TestPromise(FollowupCase):
    def _promise(self, amount, pay_by, made_on, user=None):
        interaction = self.env["customer.interaction"].with_user(user or self.salesman).create({
            "name": "Called about the overdue invoice", "interaction_type": "call",
            "partner_id": self.purchaser.id,
        })  # fmt: skip
        with freeze_time(made_on):
            action = self.env.ref("customer_mgmt_credit.customer_payment_promise_action_new")
            form = Form(
                self.env["customer.payment.promise"]
                .with_user(user or self.salesman)
                .with_context(
                    default_partner_id=interaction.commercial_partner_id.id,
                    default_interaction_id=interaction.id,
                ),
                view=action.view_id or "customer_mgmt_credit.customer_payment_promise_view_form",
            )
            form.amount = amount
            form.date = pay_by
            return form.save()

    def test_broken_promise_moves_the_customer_up_a_level(self):
        self._run("2026-10-12")
        self.assertEqual(self.customer.followup_level_id, self.levels[0])
        promise = self._promise(1000.0, date(2026, 10, 20), "2026-10-12")
        self.assertEqual(promise.partner_id, self.customer)
        self.assertEqual(promise.user_id, self.salesman)
        # 12 days late, Call is due, but the promise runs to the 20th plus 3 days' grace
        self.assertFalse(self._run("2026-10-22").filtered(lambda s: s.partner_id == self.customer))
        self.assertEqual(promise.state, "open")
        self.assertTrue(promise.is_late)
        new = self._run("2026-10-24").filtered(lambda s: s.partner_id == self.customer)
        self.assertEqual(promise.state, "broken")
        self.assertEqual((promise.paid_amount, promise.judged_on), (0.0, date(2026, 10, 24)))
        self.assertEqual(new.level_id, self.levels[1], "one level up, once")
        self.assertIn("Promise broken", promise.message_ids[0].body)
        self.assertFalse(self._run("2026-10-25").filtered(lambda s: s.partner_id == self.customer))

    def test_broken_promise_told_in_the_salespersons_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_mgmt_credit"], ["zh_CN"], overwrite=True
        )
        self.salesman.lang = "zh_CN"
        self._run("2026-10-12")
        promise = self._promise(1000.0, date(2026, 10, 20), "2026-10-12")
        self._run("2026-10-24")
        self.assertIn("付款承诺违约", promise.message_ids[0].body)
        self.assertIn("2026年10月20日", promise.message_ids[0].body)

    def test_promise_kept_by_the_payment(self):
        promise = self._promise(600.0, date(2026, 11, 5), "2026-10-12")
        payment = self.env["account.payment"].create({
            "partner_id": self.purchaser.id, "amount": 600.0, "payment_type": "inbound",
            "partner_type": "customer", "date": date(2026, 11, 7),
        })  # fmt: skip
        payment.action_post()
        self._run("2026-11-07")
        self.assertEqual(promise.state, "kept", "paid within the grace days, by a contact")
        self.assertEqual(promise.paid_amount, 600.0)

    def test_partial_payment_breaks_the_promise(self):
        promise = self._promise(600.0, date(2026, 11, 5), "2026-10-12")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({"payment_date": date(2026, 10, 30), "amount": 400.0})._create_payments()
        self._run("2026-11-09")
        self.assertEqual((promise.state, promise.paid_amount), ("broken", 400.0))

    def test_rights_and_bad_input(self):
        promise = self._promise(600.0, date(2026, 11, 5), "2026-10-12")
        with self.assertRaises(AccessError):
            promise.with_user(self.salesman_b).read(["amount"])
        self.assertEqual(
            self.env["customer.payment.promise"]
            .with_user(self.controller)
            .search([("id", "=", promise.id)]),
            promise,
        )
        with self.assertRaisesRegex(ValidationError, "judged from the payments"):
            promise.with_user(self.salesman).write({"state": "kept"})
        with self.assertRaisesRegex(ValidationError, "judged from the payments"):
            promise.with_user(self.salesman).write({"paid_amount": 600.0})
        for vals in ({"amount": 0.0}, {"amount": -5.0}, {"date": date(2026, 10, 1)}):
            with self.assertRaises(ValidationError):
                promise.with_user(self.salesman).write(vals)
        promise.with_user(self.salesman).action_cancel()
        self.assertEqual(promise.state, "cancel")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            promise.with_user(self.salesman).write({"amount": 10.0})
        self._run("2026-11-20")
        self.assertEqual(promise.state, "cancel", "a cancelled promise is not judged")
