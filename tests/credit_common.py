"""Fixtures of the credit tests: a customer with a limit, a product without
taxes (amounts stay readable), credit controller and manager users."""

from odoo import Command
from odoo.addons.base.tests.common import new_test_user

from .common import CustomerMgmtCase


class CreditCase(CustomerMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env, login="cm_credit_ctrl", name="Credit Controller",
            groups="customer_mgmt_credit.customer_credit_group_controller",
        )  # fmt: skip
        cls.credit_manager = new_test_user(
            cls.env, login="cm_credit_mgr", name="Credit Boss",
            groups="customer_mgmt_credit.customer_credit_group_manager,sales_team.group_sale_salesman",
        )  # fmt: skip
        cls.product.write({"taxes_id": [Command.clear()], "type": "consu", "is_storable": True})
        stock = cls.env.ref("stock.warehouse0").lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.product, stock, 10_000)
        cls.company.credit_control_active = True
        cls.customer.credit_limit = 1000.0

    @classmethod
    def _invoice(cls, partner, amount, invoice_date, due_date=None, move_type="out_invoice"):
        move = cls.env["account.move"].create({
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_date_due": due_date or invoice_date,
            "invoice_line_ids": [Command.create({
                "product_id": cls.product.id, "quantity": 1, "price_unit": amount,
                "tax_ids": [Command.clear()],
            })],
        })  # fmt: skip
        move.action_post()
        return move

    @classmethod
    def _pay(cls, moves, payment_date):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=moves.ids
        ).create({"payment_date": payment_date})._create_payments()
