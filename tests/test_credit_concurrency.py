"""Two confirmations for one customer at the same time, in real transactions
(modelled on Odoo's TestSequenceMixinConcurrency): together they would pass the
limit, so the second must fail and, retried as Odoo retries a request, be refused."""

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "customer_mgmt")
class TestCreditConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.was_active = env.company.credit_control_active
            env.company.credit_control_active = True
            partner = env["res.partner"].create(
                {"name": "Concurrent Buyer", "is_company": True, "credit_limit": 1000}
            )
            product = env["product.product"].create(
                {"name": "Concurrency Rice", "type": "consu", "taxes_id": [Command.clear()]}
            )
            orders = env["sale.order"].create([
                {"partner_id": partner.id, "order_line": [Command.create({
                    "product_id": product.id, "product_uom_qty": 1, "price_unit": 600,
                })]}
                for _i in range(2)
            ])  # fmt: skip
            cr.commit()
        self.data = {"partner": partner.id, "product": product.id, "orders": orders.ids}
        self.envs = [
            api.Environment(self.env.registry.cursor(), SUPERUSER_ID, {}) for _i in range(2)
        ]
        self.addCleanup(self.cleanUp)

    def cleanUp(self):
        for env in self.envs:
            env.cr.rollback()
            env.cr.close()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.data["orders"])
            orders._action_cancel()
            pickings = orders.picking_ids
            orders.unlink()
            pickings.unlink()
            env["res.partner"].browse(self.data["partner"]).unlink()
            env["product.product"].browse(self.data["product"]).unlink()
            env.company.credit_control_active = self.was_active
            cr.commit()

    def test_concurrent_confirmations_never_pass_the_limit_together(self):
        env1, env2 = self.envs
        first_id, second_id = self.data["orders"]
        env1.cr.execute("SELECT 1")  # the first transaction has its snapshot now

        env2["sale.order"].browse(second_id).action_confirm()
        env2.cr.commit()

        # Without the lock row, the first would read its old snapshot (exposure 0)
        # and confirm too: 1,200 against a limit of 1,000.
        # Expected contention, retried by Odoo: not logged as an error.
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            with self.assertRaises(SerializationFailure):
                env1["sale.order"].browse(first_id).action_confirm()
        env1.cr.rollback()
        env1.invalidate_all()

        # Odoo retries the request: the retry sees the other order and refuses.
        with self.assertRaisesRegex(UserError, r"exposure .*600.00 \+ this .*600.00"):
            env1["sale.order"].browse(first_id).action_confirm()
        env1.cr.rollback()
        states = env1["sale.order"].browse(self.data["orders"]).mapped("state")
        self.assertEqual(sorted(states), ["draft", "sale"])
        # The refusal is audited in a transaction of its own: it survives the rollback.
        event = env1["customer.credit.event"].search([("partner_id", "=", self.data["partner"])])
        self.assertEqual(
            (event.event_type, event.block_reason, event.sale_order_id.id, event.amount),
            ("block", "limit", first_id, 600),
        )
