from odoo import Command
from odoo.addons.base.tests.common import new_test_user
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CustomerMgmtCase


@tagged("post_install", "-at_install")
class TestHandover(CustomerMgmtCase):
    def test_handover_moves_customers_and_what_is_open(self):
        second = self.env["res.partner"].create(
            {"name": "Second Customer", "is_company": True, "user_id": self.salesman.id}
        )
        self.purchaser.user_id = self.salesman
        todo = self.customer.activity_schedule(
            "mail.mail_activity_data_todo", summary="Send price list", user_id=self.salesman.id
        )
        promise = self.env["customer.commitment"].create(
            {
                "name": "Rebate",
                "partner_id": self.customer.id,
                "amount": 100,
                "promised_by_id": self.salesman.id,
                "user_id": self.salesman.id,
            }
        )
        done_promise = self.env["customer.commitment"].create(
            {
                "name": "Old rebate",
                "partner_id": self.customer.id,
                "amount": 50,
                "promised_by_id": self.salesman.id,
                "user_id": self.salesman.id,
                "state": "fulfilled",
            }
        )
        promise_activity = promise.activity_schedule(
            "mail.mail_activity_data_todo", summary="Pay rebate", user_id=self.salesman.id
        )
        visit = self.env["customer.interaction"].create(
            {
                "name": "Visit",
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
            }
        )
        quotation = self._order(self.customer, user_id=self.salesman.id)
        confirmed = self._order(self.customer, user_id=self.salesman.id)
        confirmed.action_confirm()
        # (after the confirmation, which would mark the customer won back)
        churn = self.env["customer.churn"].create(
            {"partner_id": self.customer.id, "user_id": self.salesman.id}
        )
        churn_activity = churn.activity_schedule(
            "mail.mail_activity_data_todo", summary="Call back", user_id=self.salesman.id
        )
        old_churn = self.env["customer.churn"].create(
            {"partner_id": second.id, "user_id": self.salesman.id}
        )
        old_churn.sudo().state = "won_back"

        form = Form(self.env["customer.handover.wizard"].with_user(self.manager))
        form.from_user_id = self.salesman
        form.to_user_id = self.salesman_b
        form.note = "Sales A left the company"
        wizard = form.save()
        self.assertEqual(wizard.partner_ids, self.customer | second)
        wizard.action_handover()

        self.assertEqual((self.customer | second | self.purchaser).user_id, self.salesman_b)
        self.assertEqual((todo | promise_activity | churn_activity).user_id, self.salesman_b)
        self.assertEqual(churn.user_id, self.salesman_b, "the open churn record follows")
        self.assertEqual(old_churn.user_id, self.salesman, "a closed one keeps its history")
        self.assertEqual(promise.user_id, self.salesman_b)
        self.assertEqual(promise.promised_by_id, self.salesman, "history is kept")
        self.assertEqual(done_promise.user_id, self.salesman)
        self.assertEqual(quotation.user_id, self.salesman_b)
        self.assertEqual(confirmed.user_id, self.salesman)
        self.assertEqual(visit.user_id, self.salesman)
        # The new salesperson sees the history of the customer
        self.assertIn(
            visit,
            self.env["customer.interaction"].with_user(self.salesman_b).search([]),
        )
        note = self.customer.message_ids[0]
        self.assertIn("handed over from Sales A to Sales B", note.body)
        self.assertIn("1 open churn records", note.body)
        self.assertIn("Sales A left the company", note.body)

    def test_handover_to_same_salesperson_refused(self):
        wizard = self.env["customer.handover.wizard"].create(
            {"from_user_id": self.salesman.id, "to_user_id": self.salesman.id}
        )
        with self.assertRefused(UserError, "different salesperson"):
            wizard.action_handover()
        self.assertEqual(self.customer.user_id, self.salesman)

    def test_handover_of_selected_customers_only(self):
        second = self.env["res.partner"].create(
            {"name": "Keeps A", "is_company": True, "user_id": self.salesman.id}
        )
        wizard = (
            self.env["customer.handover.wizard"]
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({"to_user_id": self.salesman_b.id})
        )
        self.assertEqual(wizard.from_user_id, self.salesman)
        self.assertEqual(wizard.partner_ids, self.customer)
        wizard.action_handover()
        self.assertEqual(self.customer.user_id, self.salesman_b)
        self.assertEqual(second.user_id, self.salesman)

    def test_handover_only_to_an_active_internal_user_of_their_own_customers(self):
        archived = new_test_user(self.env, login="cm_gone", groups=self.SALES_GROUPS)
        archived.active = False
        portal = new_test_user(self.env, login="cm_portal", groups="base.group_portal")
        for to_user in (archived, portal):
            wizard = self.env["customer.handover.wizard"].create(
                {"from_user_id": self.salesman.id, "to_user_id": to_user.id}
            )
            with self.assertRefused(UserError, "only active internal users"):
                wizard.with_user(self.manager).action_handover()
        wizard = self.env["customer.handover.wizard"].create({
            "from_user_id": self.salesman.id, "to_user_id": self.salesman_b.id,
            "partner_ids": [Command.set((self.customer | self.customer_b).ids)],
        })  # fmt: skip
        with self.assertRefused(UserError, "not customers of Sales A"):
            wizard.with_user(self.manager).action_handover()
        self.assertEqual(self.customer.user_id, self.salesman)
