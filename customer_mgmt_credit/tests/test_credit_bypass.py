"""Each way around credit control that an adversarial review found, tried as the
real user (a salesperson who sees only their own documents, a stock user, a
billing user) through the public methods an RPC call reaches, the cache emptied
first as a new request starts with none."""

from odoo import Command, fields
from odoo.addons.base.tests.common import new_test_user
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CreditCase

OWN_DOCS = "sales_team.group_sale_salesman,base.group_partner_manager"


@tagged("post_install", "-at_install")
class TestCreditBypass(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env, login="cm_stock", name="Stock Clerk", groups="stock.group_stock_user"
        )
        cls.billing = new_test_user(
            cls.env,
            login="cm_billing",
            name="Billing Clerk",
            groups="account.group_account_invoice",
        )
        cls.delivered_product = cls.env["product.product"].create({
            "name": "Rice 25kg", "type": "consu", "is_storable": True, "list_price": 100,
            "invoice_policy": "delivery", "taxes_id": [Command.clear()],
        })  # fmt: skip
        stock = cls.env.ref("stock.warehouse0").lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.delivered_product, stock, 10_000)

    def as_user(self, record, user):
        self.env.invalidate_all()
        return record.with_user(user)

    def _delivered_order(self, partner, qty, **kw):
        return self.env["sale.order"].create({
            "partner_id": partner.id,
            "order_line": [Command.create({
                "product_id": self.delivered_product.id, "product_uom_qty": qty, "price_unit": 100,
            })],
            **kw,
        })  # fmt: skip

    # 1. release markers -------------------------------------------------------

    def test_salesperson_cannot_release_an_order_by_writing_the_marker(self):
        order = self._order(self.customer, qty=15)  # 1,500 > 1,000
        with self.assertRaises(AccessError):
            self.as_user(order, self.salesman).write({"credit_released_amount": 100_000})
        with self.assertRaises(AccessError):
            self.as_user(order, self.salesman).write(
                {"credit_released_partner_id": self.customer.id}
            )
        with self.assertRaises(UserError):
            self.as_user(order, self.salesman).action_confirm()
        releases = self.env["customer.credit.event"].search([("event_type", "=", "release")])
        self.assertFalse(releases)

    def test_salesperson_or_stock_user_cannot_release_a_delivery(self):
        order = self._order(self.customer, qty=5)
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 5
        self.env["customer.credit.hold.wizard"].with_user(self.controller).create(
            {"partner_id": self.customer.id, "reason": "Cheque bounced"}
        ).action_apply()
        for user in (self.salesman, self.stock_user):
            with self.assertRaises(AccessError):
                self.as_user(picking, user).write({"credit_released": True})
        with self.assertRefused(UserError, "on credit hold"):
            self.as_user(picking, self.stock_user).button_validate()
        self.assertNotEqual(picking.state, "done")

    # 2. stored totals ----------------------------------------------------------

    def test_written_totals_do_not_beat_the_check(self):
        order = self._order(self.customer, qty=15)  # 1,500
        self.as_user(order, self.salesman).write({"amount_total": 10, "currency_rate": 1000})
        self.as_user(order.order_line, self.salesman).write(
            {"price_total": 1, "price_reduce_taxinc": 0.01, "qty_invoiced": 15}
        )
        self.env.invalidate_all()
        self.assertEqual((order.amount_total, order.currency_rate), (1500, 1))
        with self.assertRefused(UserError, r"this .*1,500.00"):
            self.as_user(order, self.salesman).action_confirm()

    def test_written_totals_do_not_lower_the_exposure(self):
        order = self._order(self.customer, qty=9)
        order.action_confirm()
        self.as_user(order, self.salesman).write({"amount_total": 1, "currency_rate": 1000})
        self.as_user(order.order_line, self.salesman).write({"qty_invoiced": 9})
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_exposure, 900)

    # 3. grade computation ------------------------------------------------------

    def test_salesperson_cannot_compute_grades(self):
        with self.assertRaises(AccessError):
            self.as_user(self.customer, self.salesman).action_compute_credit_grade()
        self.assertEqual(self.customer.credit_limit, 1000)

    # 4. many quotations at once -------------------------------------------------

    def test_confirming_several_quotations_is_checked_cumulatively(self):
        orders = self._order(self.customer, qty=6) | self._order(self.customer, qty=6)
        orders |= self._order(self.customer, qty=6)
        with self.assertRefused(UserError, r"exposure .*0.00 \+ this .*1,200.00"):
            self.as_user(orders, self.salesman).action_confirm()
        self.assertEqual(set(orders.mapped("state")), {"draft"})
        # Two fit together (1,200 > 1,000 does not; 600 does).
        orders[0].with_user(self.salesman).action_confirm()
        self.assertEqual(orders[0].state, "sale")

    # 5. products invoiced on delivery -------------------------------------------

    def test_orders_invoiced_on_delivery_count_by_ordered_quantity(self):
        self.as_user(self._delivered_order(self.customer, 9), self.salesman).action_confirm()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_orders_to_invoice, 900)
        with self.assertRefused(UserError, r"exposure .*900.00 \+ this .*900.00"):
            self.as_user(self._delivered_order(self.customer, 9), self.salesman).action_confirm()

    def test_quantity_raised_after_confirmation_is_refused(self):
        order = self._delivered_order(self.customer, 9)
        order.with_user(self.salesman).action_confirm()
        with self.assertRefused(UserError, "change of order .* blocked by credit control"):
            self.as_user(order.order_line, self.salesman).write({"product_uom_qty": 50})
        self.assertEqual(order.order_line.product_uom_qty, 9)
        # Lowering it is always allowed.
        self.as_user(order.order_line, self.salesman).write({"product_uom_qty": 5})
        self.assertEqual(order.order_line.product_uom_qty, 5)

    def test_delivering_more_than_ordered_counts(self):
        order = self._delivered_order(self.customer, 5)
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 50  # 5,000 shipped on an order of 500
        picking.move_ids.picked = True
        with self.assertRefused(UserError, "Delivery .* blocked by credit control"):
            self.as_user(picking, self.stock_user).with_context(
                skip_backorder=True
            ).button_validate()

    # 6. limit 0 is no credit ------------------------------------------------------

    def test_limit_zero_means_no_credit_and_unlimited_means_none(self):
        self.customer.credit_limit = 0
        self.assertTrue(self.customer.credit_limited)
        with self.assertRefused(UserError, r"Credit limit .*0.00 exceeded"):
            self.as_user(self._order(self.customer, qty=1), self.salesman).action_confirm()
        self.customer.credit_limited = False
        order = self._order(self.customer, qty=1000)
        self.as_user(order, self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_grade_computation_keeps_a_limit_set_by_hand(self):
        self.as_user(self.customer, self.credit_manager).write({"credit_limit": 1500})
        self.assertTrue(self.customer.credit_limit_manual)
        self.customer.with_user(self.credit_manager).action_compute_credit_grade()
        self.assertEqual(self.customer.credit_limit, 1500)
        self.assertTrue(self.customer.credit_limited)

    def test_customer_without_history_gets_the_starting_grade(self):
        prospect = self.env["res.partner"].create({
            "name": "Shiny Prospect", "is_company": True, "annual_revenue": 10**9,
            "credit_financial_rating": "5",
        })  # fmt: skip
        prospect.with_user(self.credit_manager).action_compute_credit_grade()
        start = self.company.credit_start_grade_id
        self.assertEqual(prospect.credit_grade_id, start)
        self.assertTrue(prospect.credit_limited)
        self.assertEqual(prospect.credit_limit, start.min_limit)

    # 7. confirmed orders changed -------------------------------------------------

    def test_confirmed_order_changes_are_rechecked(self):
        order = self._order(self.customer, qty=9)
        order.action_confirm()
        with self.assertRefused(UserError, "blocked by credit control"):
            self.as_user(order, self.salesman).write({"order_line": [Command.create({
                "product_id": self.product.id, "product_uom_qty": 5, "price_unit": 100,
            })]})  # fmt: skip
        with self.assertRefused(UserError, "blocked by credit control"):
            self.as_user(order.order_line, self.salesman).write({"price_unit": 500})
        self.assertEqual(order.amount_total, 900)

    def test_order_moved_to_a_limited_customer_is_rechecked(self):
        self._order(self.customer, qty=8).action_confirm()
        order = self._order(self.customer_b, qty=5)
        order.action_confirm()  # customer B has no limit
        with self.assertRefused(UserError, "blocked by credit control"):
            self.as_user(order, self.salesman_b).write(
                {"partner_id": self.customer.id, "partner_invoice_id": self.customer.id}
            )
        self.assertEqual(order.partner_id, self.customer_b)

    def test_state_written_directly_is_checked(self):
        order = self._order(self.customer, qty=15)
        with self.assertRefused(UserError, "blocked by credit control"):
            self.as_user(order, self.salesman).write({"state": "sale"})
        self.assertEqual(order.state, "draft")

    def test_release_does_not_follow_the_order_to_another_customer(self):
        other = self.env["res.partner"].create(
            {"name": "Other Limited", "is_company": True, "credit_limit": 100}
        )
        order = self._order(other, qty=5)  # 500 > 100
        wizard = self.env["customer.credit.release.wizard"].browse(
            order.action_credit_release()["res_id"]
        )
        wizard.write({"reason": "Known customer"})
        wizard.with_user(self.credit_manager).action_release()
        self.assertTrue(order._credit_is_released())
        self._order(self.customer, qty=8).action_confirm()
        order.write({"partner_id": self.customer.id, "partner_invoice_id": self.customer.id})
        self.assertFalse(order._credit_is_released())
        with self.assertRaises(UserError):
            self.as_user(order, self.salesman).action_confirm()

    # 8. the customer of a delivery ------------------------------------------------

    def test_shop_order_invoiced_to_a_limited_company_is_checked_against_it(self):
        shop = self.env["res.partner"].create({"name": "Unrelated Shop", "is_company": True})
        self._order(self.customer, qty=8).action_confirm()
        order = self._order(
            shop, qty=5, partner_invoice_id=self.customer.id, user_id=self.salesman.id
        )
        with self.assertRefused(UserError, r"exposure .*800.00 \+ this .*500.00"):
            self.as_user(order, self.salesman).action_confirm()

    def test_delivery_to_a_third_party_address_is_checked_against_the_customer(self):
        warehouse = self.env["res.partner"].create({"name": "3PL Warehouse", "is_company": True})
        order = self._order(self.customer, qty=5, partner_shipping_id=warehouse.id)
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.partner_id, warehouse)
        picking.move_ids.quantity = 5
        self.env["customer.credit.hold.wizard"].with_user(self.controller).create(
            {"partner_id": self.customer.id, "reason": "Bankrupt"}
        ).action_apply()
        self.as_user(picking, self.stock_user).write({"partner_id": False})
        with self.assertRefused(UserError, "on credit hold.*Bankrupt"):
            self.as_user(picking, self.stock_user).button_validate()

    # 9. grade fields ------------------------------------------------------------

    def test_salesperson_cannot_write_grade_or_score(self):
        grade_a = self.env.ref("customer_mgmt_credit.customer_credit_grade_a")
        tomorrow = fields.Date.add(fields.Date.today(), days=1)
        for vals in (
            {"credit_grade_id": grade_a.id},
            {"credit_grade_computed_id": grade_a.id},
            {"credit_score": 99},
            {"credit_score_date": tomorrow},
            {"credit_hold": False},
            {"credit_limited": False},
        ):
            with self.assertRaises(AccessError, msg=vals):
                self.as_user(self.customer, self.salesman).write(vals)
        # creating a customer with a value is refused too; empty defaults are not
        for vals in ({"credit_score": 99}, {"credit_hold": True}, {"credit_limit": 5000}):
            with self.assertRaises(AccessError, msg=vals):
                self.as_user(self.env["res.partner"], self.salesman).create(dict(vals, name="X"))
        created = self.as_user(self.env["res.partner"], self.salesman).create({
            "name": "New Shop", "credit_score": 0, "credit_limit": 0, "credit_hold": False,
            "credit_limit_proposed": 0, "credit_payment_term_proposed_id": False,
        })  # fmt: skip
        self.assertFalse(created.sudo().credit_limited)

    def test_prepayment_grade_is_checked_at_delivery(self):
        order = self._order(self.customer, qty=2)
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 2
        self.customer.sudo().credit_grade_id = self.env.ref(
            "customer_mgmt_credit.customer_credit_grade_e"
        )
        with self.assertRefused(UserError, "requires payment before delivery"):
            self.as_user(picking, self.stock_user).button_validate()

    # 10. draft credit notes and down payments ------------------------------------

    def test_draft_credit_note_does_not_lower_the_exposure(self):
        self._order(self.customer, qty=9).action_confirm()
        self.as_user(self.env["account.move"], self.billing).create({
            "move_type": "out_refund", "partner_id": self.customer.id,
            "invoice_line_ids": [Command.create({
                "product_id": self.product.id, "quantity": 1, "price_unit": 10_000,
                "tax_ids": [Command.clear()],
            })],
        })  # fmt: skip
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_exposure, 900)
        with self.assertRaises(UserError):
            self.as_user(self._order(self.customer, qty=2), self.salesman).action_confirm()

    def test_posted_down_payment_is_counted_once(self):
        self.customer.credit_limit = 1200
        order = self._order(self.customer, qty=10)  # 1,000
        order.action_confirm()
        self.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids
        ).create({"advance_payment_method": "fixed", "fixed_amount": 300}).create_invoices()
        down_payment = order.invoice_ids
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_exposure, 1000, "draft down payment")
        down_payment.action_post()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_receivable, 300)
        self.assertEqual(self.customer.credit_exposure, 1000, "posted down payment")
        self._pay(down_payment, fields.Date.today())
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_exposure, 700, "paid down payment")
        # A legitimate order within the limit confirms.
        self.as_user(self._order(self.customer, qty=5), self.salesman).action_confirm()

    # 11. the audit trail ----------------------------------------------------------

    def test_audit_trail_survives_the_customer(self):
        partner = self.env["res.partner"].create({"name": "Short-lived", "is_company": True})
        self.env["customer.credit.hold.wizard"].with_user(self.controller).create(
            {"partner_id": partner.id, "reason": "Fraud suspected"}
        ).action_apply()
        event = self.env["customer.credit.event"].search([("partner_id", "=", partner.id)])
        partner.unlink()
        self.assertTrue(event.exists())
        self.assertEqual(event.partner_name, "Short-lived")

    def test_lifting_a_hold_that_was_never_set_is_refused(self):
        with self.assertRefused(UserError, "not on credit hold"):
            self.env["customer.credit.hold.wizard"].with_user(self.controller).create(
                {"partner_id": self.customer.id, "hold": False, "reason": "x"}
            ).action_apply()
        self.assertFalse(self.env["customer.credit.event"].search([("event_type", "=", "unhold")]))

    # robustness -----------------------------------------------------------------

    def test_grade_cron_with_nothing_to_do(self):
        Partner = self.env["res.partner"]
        Partner.browse()._get_payment_behaviour(self.company, fields.Date.today())
        Partner.browse().action_compute_credit_grade()
        Partner._cron_compute_credit_grades()
        Partner._cron_compute_credit_grades()  # everyone scored today: nothing to do

    def test_grade_cron_grades_only_customers_with_business_in_the_company(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        self._order(self.customer, qty=1).action_confirm()
        Partner = self.env["res.partner"]
        domain = Partner._get_credit_grade_domain(other)
        self.assertFalse(Partner.search(domain))
        self.assertIn(self.customer, Partner.search(Partner._get_credit_grade_domain(self.company)))

    def test_weights_not_summing_to_100_are_refused_however_written(self):
        with self.assertRefused(ValidationError, "must sum to 100"):
            self.company.credit_weight_on_time = 50
        settings = self.env["res.config.settings"].create({})
        settings.credit_weight_on_time = 50
        with self.assertRefused(ValidationError, "must sum to 100"):
            settings.execute()
        self.assertEqual(self.company.credit_weight_on_time, 30)
        settings = self.env["res.config.settings"].create({})
        settings.write({"credit_weight_on_time": 20, "credit_weight_delay": 30})
        settings.execute()
        self.assertEqual(self.company.credit_weight_delay, 30)

    def test_negative_limit_and_overlapping_grades_are_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.customer.credit_limit = -5
        with self.assertRefused(ValidationError, "same score"):
            self.env["customer.credit.grade"].create({"name": "A bis", "min_score": 85})
        with self.assertRefused(ValidationError, "between 0 and 366"):
            self.env.ref("customer_mgmt_credit.customer_credit_grade_a").overdue_tolerance_days = -1

    def test_accounting_administrator_manages_credit_as_in_odoo(self):
        admin = new_test_user(
            self.env, login="cm_acc_admin", groups="account.group_account_manager"
        )
        self.as_user(self.customer_b, admin).write({"credit_limit": 5000})
        self.assertEqual(self.customer_b.credit_limit, 5000)

    # go-live ----------------------------------------------------------------------

    def test_nothing_is_blocked_before_credit_control_is_switched_on(self):
        self.company.credit_control_active = False
        self.customer.sudo().credit_hold = True
        order = self._order(self.customer, qty=50)
        self.assertFalse(order.credit_warning)
        self.as_user(order, self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    # drill-downs -------------------------------------------------------------------

    def test_each_exposure_figure_opens_its_documents(self):
        order = self._order(self.customer, qty=3)
        order.action_confirm()
        self._invoice(self.purchaser, 200, fields.Date.today())
        draft = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.customer.id,
            "invoice_line_ids": [Command.create({
                "product_id": self.product.id, "quantity": 1, "price_unit": 50,
                "tax_ids": [Command.clear()],
            })],
        })  # fmt: skip
        customer = self.customer
        receivable = customer.action_view_credit_receivable()
        lines = self.env["account.move.line"].search(receivable["domain"])
        self.assertEqual(sum(lines.mapped("amount_residual")), customer.credit_receivable)
        orders = self.env["sale.order"].search(customer.action_view_credit_orders()["domain"])
        self.assertEqual(orders, order)
        drafts = self.env["account.move"].search(
            customer.action_view_credit_draft_invoices()["domain"]
        )
        self.assertEqual(drafts, draft)

    # the credit desk out of the box ---------------------------------------------

    def test_credit_groups_are_one_selection_on_the_user_form(self):
        controller = self.env.ref("customer_mgmt_credit.customer_credit_group_controller")
        manager = self.env.ref("customer_mgmt_credit.customer_credit_group_manager")
        name = f"sel_groups_{controller.id}_{manager.id}"
        field = self.env["res.users"].fields_get([name])[name]
        self.assertEqual(field["type"], "selection")
        self.assertEqual([key for key, _label in field["selection"]][-2:],
                         [controller.id, manager.id])  # fmt: skip

    def test_salesperson_sees_the_limit_and_the_banners(self):
        self._order(self.customer, qty=7).action_confirm()
        self._invoice(self.customer, 400, fields.Date.today())  # 1,100 > 1,000
        customer = self.as_user(self.customer, self.salesman)
        self.assertEqual(customer.credit_limit_display, 1000)
        self.assertEqual(customer.credit_exposure, 1100)
        self.assertIn("Credit limit", customer.credit_warning)
        self.assertIn("blocked by credit control", self._order(self.customer, qty=1).credit_warning)
        picking = self._order(self.customer_b, qty=1)
        picking.action_confirm()
        self.assertFalse(picking.picking_ids.credit_warning, "customer B has no rules")
        self.env["customer.credit.hold.wizard"].with_user(self.controller).create(
            {"partner_id": self.customer_b.id, "reason": "Disputed delivery"}
        ).action_apply()
        self.env.invalidate_all()
        self.assertIn("Disputed delivery", picking.picking_ids.credit_warning)

    def test_payment_terms_are_the_stricter_of_tier_and_grade(self):
        tier_term = self.env.ref("account.account_payment_term_30days")
        grade_d = self.env.ref("customer_mgmt_credit.customer_credit_grade_d")  # 15 days
        self.tier.payment_term_id = tier_term
        self.customer_b.with_user(self.manager).customer_tier_id = self.tier
        self.assertEqual(self.customer_b.property_payment_term_id, tier_term)
        self.customer_b.sudo().credit_grade_id = grade_d
        self.customer_b._apply_payment_term_policy()
        self.assertEqual(self.customer_b.property_payment_term_id, grade_d.payment_term_id)
        self.assertIn("stricter", self.customer_b.message_ids[:1].body)
        # Re-applying the tier keeps the stricter terms.
        self.tier.action_apply_to_customers()
        self.assertEqual(self.customer_b.property_payment_term_id, grade_d.payment_term_id)

    def test_unlinking_a_delivery_from_its_order_does_not_unlink_the_customer(self):
        warehouse = self.env["res.partner"].create({"name": "3PL Depot", "is_company": True})
        order = self._order(self.customer, qty=5, partner_shipping_id=warehouse.id)
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 5
        self.customer.sudo().write({"credit_hold": True, "credit_hold_reason": "Bounced"})
        self.as_user(picking, self.stock_user).write({"sale_id": False, "partner_id": False})
        with self.assertRefused(UserError, "on credit hold: Bounced"):
            self.as_user(picking, self.stock_user).button_validate()

    def test_salesperson_cannot_move_a_limited_customer_under_another_company(self):
        parent = self.env["res.partner"].create(
            {"name": "Holding Without Limit", "is_company": True}
        )
        with self.assertRaises(AccessError):
            self.as_user(self.customer, self.salesman).write(
                {"parent_id": parent.id, "is_company": False}
            )
        self.assertEqual(self.customer.commercial_partner_id, self.customer)
        # A customer without credit rules moves freely.
        self.as_user(self.customer_b, self.salesman_b).write(
            {"parent_id": parent.id, "is_company": False}
        )
        self.assertEqual(self.customer_b.commercial_partner_id, parent)

    def test_inventory_administrator_validates_a_delivery_of_an_order_not_theirs(self):
        # Odoo's sale_stock test_inventory_admin_no_backorder_not_own_sale_order, with
        # credit control on: the check reads the order whoever validates.
        admin = new_test_user(
            self.env, login="cm_inv_admin",
            groups="stock.group_stock_manager,sales_team.group_sale_salesman",
        )  # fmt: skip
        order = self._order(self.customer, qty=3)  # another salesperson's order
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 3
        self.as_user(picking, admin).button_validate()
        self.assertEqual(picking.state, "done")

    def test_order_created_confirmed_is_checked(self):
        self._order(self.customer, qty=8).action_confirm()
        with self.assertRefused(UserError, "blocked by credit control"):
            self.as_user(self.env["sale.order"], self.salesman).create({
                "partner_id": self.customer.id, "state": "sale", "user_id": self.salesman.id,
                "order_line": [Command.create({
                    "product_id": self.product.id, "product_uom_qty": 5, "price_unit": 100,
                })],
            })  # fmt: skip

    def test_line_moved_onto_a_confirmed_order_is_checked(self):
        confirmed = self._order(self.customer, qty=8, user_id=self.salesman.id)
        confirmed.action_confirm()
        draft = self._order(self.customer, qty=5, user_id=self.salesman.id)
        with self.assertRefused(UserError, "blocked by credit control"):
            self.as_user(draft.order_line, self.salesman).write({"order_id": confirmed.id})
        self.assertEqual(draft.order_line.order_id, draft)
