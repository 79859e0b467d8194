from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestCreditBlocking(CreditCase):
    def test_customer_without_limit_confirms_as_before(self):
        order = self._order(self.customer_b, qty=1000).with_user(self.salesman_b)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_warning)

    def test_confirm_blocked_when_exposure_exceeds_limit(self):
        first = self._order(self.customer, qty=6)  # 600
        first.with_user(self.salesman).action_confirm()
        self.assertEqual(self.customer.credit_exposure, 600)
        self.assertEqual(self.customer.credit_available, 400)
        second = self._order(self.customer, qty=5)  # 500: 1100 > 1000
        self.assertIn("blocked by credit control", second.credit_warning)
        with self.assertRefused(
            UserError, r"Credit limit \$?\s?1,000.00.*exposure.*600.00.*500.00"
        ):
            second.with_user(self.salesman).action_confirm()
        self.assertEqual(second.state, "draft")
        self.assertIn("Credit Boss", second.credit_warning, "says who can release")

    def test_child_contact_orders_roll_up_to_the_company(self):
        self._order(self.purchaser, qty=8).action_confirm()
        self.assertEqual(self.customer.credit_exposure, 800)
        self.assertEqual(self.purchaser.credit_exposure, 800)
        with self.assertRaises(UserError):
            self._order(self.purchaser, qty=3).with_user(self.salesman).action_confirm()

    def test_invoiced_and_draft_amounts_count_once(self):
        order = self._order(self.customer, qty=4)
        order.action_confirm()
        invoice = order._create_invoices()
        # Draft from the order: counted once, as a draft invoice
        self.assertEqual(self.customer.credit_draft_invoices, 400)
        self.assertEqual(self.customer.credit_orders_to_invoice, 0)
        self.assertEqual(self.customer.credit_exposure, 400)
        manual = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.customer.id,
            "invoice_line_ids": [Command.create({
                "product_id": self.product.id, "quantity": 1, "price_unit": 70,
                "tax_ids": [Command.clear()],
            })],
        })  # fmt: skip
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_draft_invoices, 470)
        manual.unlink()
        invoice.action_post()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_receivable, 400)
        self.assertEqual(self.customer.credit_exposure, 400)

    def _confirmed_with_vat_included(self):
        """8 at 12.50 less 5%, VAT 13% included, as Chinese prices are: the unit
        price after discount is rounded (11.875 -> 11.88), the line's total not."""
        vat = self.env["account.tax"].create({
            "name": "VAT 13% included", "amount": 13, "type_tax_use": "sale",
            "price_include_override": "tax_included",
        })  # fmt: skip
        order = self._order(self.customer, qty=8, price=12.50, discount=5)
        order.order_line.tax_id = vat
        order.action_confirm()
        return order

    def test_invoiced_order_leaves_no_cents_with_prices_including_tax(self):
        """Unit price x quantity (95.04) is not the line's total (95.00): a fully
        invoiced order must leave nothing to invoice."""
        order = self._confirmed_with_vat_included()
        self.assertEqual(order.amount_total, 95.00)
        self.assertEqual(self.customer.credit_orders_to_invoice, 95.00)
        invoice = order._create_invoices()
        invoice.action_post()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_orders_to_invoice, 0)
        self.assertEqual(self.customer.credit_exposure, invoice.amount_total)

    def test_goods_shipped_beyond_the_order_valued_as_the_exposure_counts_them(self):
        order = self._confirmed_with_vat_included()
        picking = order.picking_ids
        picking.move_ids.quantity = 108  # 100 more than ordered, at 11.875 each
        self.assertAlmostEqual(picking._credit_excess_amount(order), 1187.50, places=6)

    def test_hold_blocks_and_only_controllers_hold(self):
        Wizard = self.env["customer.credit.hold.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.salesman).create(
                {"partner_id": self.customer.id, "reason": "x"}
            ).action_apply()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).write({"credit_hold": True})
        Wizard.with_user(self.controller).create(
            {"partner_id": self.purchaser.id, "reason": "Cheque bounced"}
        ).action_apply()
        self.assertTrue(self.customer.credit_hold)
        self.assertEqual(self.customer.credit_hold_user_id, self.controller)
        with self.assertRefused(UserError, "on credit hold.*Cheque bounced"):
            self._order(self.customer, qty=1).with_user(self.salesman).action_confirm()
        Wizard.with_user(self.controller).create(
            {"partner_id": self.customer.id, "hold": False, "reason": "Paid in cash"}
        ).action_apply()
        self._order(self.customer, qty=1).with_user(self.salesman).action_confirm()
        events = self.env["customer.credit.event"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(events.mapped("event_type"), ["unhold", "hold"])
        self.assertEqual(events.user_id, self.controller)

    def test_overdue_beyond_grade_tolerance_blocks(self):
        grade = self.env.ref("customer_mgmt_credit.customer_credit_grade_c")  # 15 days
        self.customer.sudo().credit_grade_id = grade
        today = fields.Date.today()
        self._invoice(self.customer, 100, today - timedelta(days=40), today - timedelta(days=10))
        self._order(self.customer, qty=1).action_confirm()  # 10 days: tolerated
        self._invoice(self.customer, 50, today - timedelta(days=60), today - timedelta(days=20))
        with self.assertRefused(UserError, r"oldest for 20 days \(grade C tolerates 15 days\)"):
            self._order(self.customer, qty=1).with_user(self.salesman).action_confirm()

    def test_prepayment_grade_needs_advance_payment(self):
        self.customer.sudo().write({
            "credit_grade_id": self.env.ref("customer_mgmt_credit.customer_credit_grade_e").id,
            "credit_limit": 0,
        })  # fmt: skip
        order = self._order(self.customer, qty=2)
        with self.assertRefused(UserError, "requires payment before delivery"):
            order.with_user(self.salesman).action_confirm()
        payment = self.env["account.payment"].create({
            "partner_id": self.customer.id, "partner_type": "customer",
            "payment_type": "inbound", "amount": 200,
        })  # fmt: skip
        payment.action_post()
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_manager_releases_an_order_with_a_reason(self):
        self._order(self.customer, qty=9).action_confirm()
        order = self._order(self.customer, qty=3)
        action = order.action_credit_release()
        wizard = self.env["customer.credit.release.wizard"].browse(action["res_id"])
        self.assertIn("Credit limit", wizard.block_message)
        with self.assertRaises(AccessError):
            wizard.with_user(self.salesman).action_release()
        with self.assertRefused(UserError, "Say why"):
            wizard.with_user(self.credit_manager).action_release()
        wizard.reason = "Bank slip of 5,000 received"
        wizard.with_user(self.credit_manager).action_release()
        event = self.env["customer.credit.event"].search(
            [("sale_order_id", "=", order.id), ("event_type", "=", "release")]
        )
        self.assertEqual(event.user_id, self.credit_manager)
        self.assertEqual((event.credit_limit, event.exposure, event.amount), (1000, 900, 300))
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_release_covers_only_the_amount_released(self):
        self._order(self.customer, qty=9).action_confirm()
        order = self._order(self.customer, qty=3)
        wizard = self.env["customer.credit.release.wizard"].browse(
            order.action_credit_release()["res_id"]
        )
        wizard.write({"reason": "Agreed by phone"})
        wizard.action_release()
        order.order_line.product_uom_qty = 5
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_confirm()

    def test_delivery_blocked_when_customer_is_past_limit_at_shipping(self):
        order = self._order(self.customer, qty=8)
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 8
        # Before shipping, another invoice pushes the customer past its limit.
        self._invoice(self.customer, 500, fields.Date.today())
        with self.assertRefused(UserError, r"Delivery .* blocked by credit control"):
            picking.with_user(self.salesman).button_validate()
        self.assertNotEqual(picking.state, "done")
        wizard = self.env["customer.credit.release.wizard"].browse(
            picking.action_credit_release()["res_id"]
        )
        wizard.write({"reason": "Customer pays at delivery"})
        wizard.with_user(self.credit_manager).action_release()
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_delivery_blocked_on_hold_and_on_overdue(self):
        order = self._order(self.customer, qty=2)
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 2
        self.customer.sudo().write({"credit_hold": True, "credit_hold_reason": "Bounced"})
        with self.assertRefused(UserError, r"(?s)Delivery .*on credit hold: Bounced"):
            picking.with_user(self.salesman).button_validate()
        self.customer.sudo().write({
            "credit_hold": False,
            "credit_grade_id": self.env.ref("customer_mgmt_credit.customer_credit_grade_d").id,
        })  # fmt: skip
        today = fields.Date.today()
        self._invoice(self.customer, 50, today - timedelta(days=30), today - timedelta(days=8))
        with self.assertRefused(UserError, r"oldest for 8 days \(grade D tolerates 7 days\)"):
            picking.with_user(self.salesman).button_validate()

    def test_receipts_are_never_blocked(self):
        self.customer.sudo().credit_hold = True
        receipt_type = self.env.ref("stock.picking_type_in")
        receipt = self.env["stock.picking"].create({
            "partner_id": self.customer.id, "picking_type_id": receipt_type.id,
            "location_id": receipt_type.default_location_src_id.id,
            "location_dest_id": receipt_type.default_location_dest_id.id,
            "move_ids": [Command.create({
                "name": "Return", "product_id": self.product.id, "product_uom_qty": 1,
                "location_id": receipt_type.default_location_src_id.id,
                "location_dest_id": receipt_type.default_location_dest_id.id,
            })],
        })  # fmt: skip
        receipt.action_confirm()
        receipt.move_ids.quantity = 1
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")

    def test_multi_currency_order_counts_in_company_currency(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create({
            "currency_id": eur.id, "rate": 0.5, "name": fields.Date.today(),
            "company_id": self.company.id,
        })  # fmt: skip
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        order = self._order(self.customer, qty=3, pricelist_id=pricelist.id)  # 300 EUR
        order.order_line.price_unit = 300
        self.assertEqual(order.currency_id, eur)
        with self.assertRefused(UserError, r"Credit limit .*1,000.00.*this .*1,800.00"):
            order.with_user(self.salesman).action_confirm()  # 900 EUR = 1,800 > 1,000
        self.customer.credit_limit = 5000
        order.with_user(self.salesman).action_confirm()
        self.assertAlmostEqual(self.customer.credit_exposure, 1800, 2)

    def test_check_uses_a_fixed_number_of_queries(self):
        self.customer.credit_limit = 1_000_000
        for _i in range(3):
            self._order(self.customer, qty=1).action_confirm()
        order = self._order(self.customer, qty=1)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=9):
            order._credit_check()
        for _i in range(10):
            self._order(self.customer, qty=1).action_confirm()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=9):
            order._credit_check()
