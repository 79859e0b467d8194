"""Fixtures of the value scoring tests: orders confirmed, delivered and invoiced
on chosen days of a year far enough ahead that Odoo's demo orders fall out of the
look-back, so each test class scores only the customers it built."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.addons.base.tests.common import new_test_user
from odoo.addons.customer_mgmt.tests.common import CustomerMgmtCase

TODAY = date(2030, 6, 28)


def days_ago(days):
    return TODAY - timedelta(days=days)


class ScoringCase(CustomerMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_b = cls.env["product.product"].create(
            {"name": "Oolong Tea 500g", "list_price": 100.0, "standard_price": 50.0}
        )
        cls._stock(cls.product | cls.product_b)
        cls.Indicator = cls.env["customer.score.indicator"]
        cls.scoring_manager = new_test_user(
            cls.env, login="cm_score_mgr", name="Value Manager",
            groups="sales_team.group_sale_manager,customer_mgmt.customer_mgmt_group_manager",
        )  # fmt: skip

    @classmethod
    def _customer(cls, name, **vals):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "user_id": cls.salesman.id, **vals}
        )

    @classmethod
    def _sell(cls, partner, lines, days, deliver_after=None):
        """Confirm an order ``days`` before TODAY with lines (product, qty, price,
        discount); deliver it ``deliver_after`` days later."""
        with freeze_time(days_ago(days)):
            order = cls.env["sale.order"].create({
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty,
                                    "price_unit": price, "discount": discount,
                                    "tax_id": [Command.clear()]})
                    for product, qty, price, discount in lines
                ],
            })  # fmt: skip
            order.action_confirm()
        if deliver_after is not None:
            with freeze_time(days_ago(days - deliver_after)):
                picking = order.picking_ids
                for move in picking.move_ids:
                    move.quantity = move.product_uom_qty
                picking.move_ids.picked = True
                picking.button_validate()
        return order

    @classmethod
    def _profit(cls, partner, profit, days=300):
        """An order that brings exactly ``profit`` (the product costs 70)."""
        return cls._sell(partner, [(cls.product, 1, 70 + profit, 0)], days)

    def _score(self, partners=None):
        with freeze_time(TODAY):
            (partners or self.scored).action_compute_value_score()

    def _line(self, partner, code):
        return partner.value_score_line_ids.filtered(lambda line: line.indicator_id.code == code)

    def _latest(self, partner):
        return self.env["customer.score.history"].search(
            [("partner_id", "=", partner.id), ("is_latest", "=", True)]
        )
