"""Shared fixtures: users with the groups that matter, a customer with key
persons, a tier and a product, built once per test class."""

import io
from contextlib import contextmanager

import openpyxl

from odoo import Command
from odoo.addons.base.tests.common import new_test_user
from odoo.tests import TransactionCase


class CustomerMgmtCase(TransactionCase):
    # What a salesperson usually has: sales and contact creation.
    SALES_GROUPS = "sales_team.group_sale_salesman,base.group_partner_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.salesman = new_test_user(
            cls.env, login="cm_sales_a", name="Sales A", groups=cls.SALES_GROUPS
        )
        cls.salesman_b = new_test_user(
            cls.env, login="cm_sales_b", name="Sales B", groups=cls.SALES_GROUPS
        )
        cls.manager = new_test_user(
            cls.env,
            login="cm_manager",
            name="Customer Manager",
            groups="sales_team.group_sale_manager,customer_mgmt.customer_mgmt_group_manager",
        )
        cls.privacy_user = new_test_user(
            cls.env,
            login="cm_private",
            name="Sales With Personal Data",
            groups=cls.SALES_GROUPS + ",customer_mgmt.customer_mgmt_group_personal_data",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="cm_accountant",
            name="Accountant",
            groups="account.group_account_invoice",
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Key accounts pricelist", "sequence": 99}
        )
        cls.payment_term = cls.env.ref("account.account_payment_term_30days")
        cls.tier = cls.env["customer.tier"].create(
            {
                "name": "Test Key",
                "pricelist_id": cls.pricelist.id,
                "payment_term_id": cls.payment_term.id,
                "limit_discount": True,
                "max_discount": 10.0,
                "visit_interval_days": 14,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Sunshine Foods Distribution",
                "is_company": True,
                "user_id": cls.salesman.id,
                "customer_stage": "active",
            }
        )
        cls.purchaser = cls.env["res.partner"].create(
            {
                "name": "Li Na",
                "parent_id": cls.customer.id,
                "key_person_role": "purchaser",
            }
        )
        cls.customer_b = cls.env["res.partner"].create(
            {
                "name": "Golden Harvest Retail",
                "is_company": True,
                "user_id": cls.salesman_b.id,
                "customer_stage": "active",
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Jasmine Tea 250g",
                "type": "consu",
                "list_price": 100.0,
                "standard_price": 70.0,
            }
        )

    @classmethod
    def _order(cls, partner, discount=0.0, qty=1.0, price=100.0, **kw):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "discount": discount,
                        }
                    )
                ],
                **kw,
            }
        )

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

    @classmethod
    def _stock(cls, products, qty=10_000):
        """Make products storable, without taxes, with ``qty`` each in stock (for
        the addons that depend on stock)."""
        products.write({"taxes_id": [Command.clear()], "type": "consu", "is_storable": True})
        stock = cls.env.ref("stock.warehouse0").lot_stock_id
        for product in products:
            cls.env["stock.quant"]._update_available_quantity(product, stock, qty)

    def _xlsx(self, report, records=None, data=None, user=None):
        """Render an Excel report as ``user`` downloads it (OCA report_xlsx): its
        workbook, after checking that no attachment was left behind."""
        attachments = self.env["ir.attachment"].search_count([])
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user or self.env.user)
            ._render_xlsx(report, records.ids if records else None, data)
        )
        self.assertEqual(kind, "xlsx")
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments, "nothing kept")
        return openpyxl.load_workbook(io.BytesIO(content))

    @contextmanager
    def assertRefused(self, exception, regex):
        """assertRaises (which rolls back to a savepoint, so nothing is kept)
        plus a check of the message the user reads."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    def flush_tracking(self):
        """Tracking values are written at pre-commit; run it as a commit would."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
