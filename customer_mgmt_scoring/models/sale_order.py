from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column


class SaleOrder(models.Model):
    """What the value score reads of each order's lines, kept on the order: a run
    then reads the orders alone, not every order line of the look-back."""

    _inherit = "sale.order"

    score_product_count = fields.Integer(
        string="Distinct Products",
        compute="_compute_score_facts",
        store=True,
        help="Products ordered, each counted once: the order structure indicator.",
    )
    # Not rounded to the currency: customers granted the same discount on other
    # amounts must show exactly the same share of it.
    score_list_amount = fields.Float(
        string="Amount before Discount",
        digits=(16, 6),
        compute="_compute_score_facts",
        store=True,
        help="Unit prices times quantities, before discounts, in the order's currency.",
    )
    score_discount_amount = fields.Float(
        string="Discount Granted",
        digits=(16, 6),
        compute="_compute_score_facts",
        store=True,
        help="Discounts of the lines, in the order's currency: the price sensitivity indicator.",
    )

    @api.depends(
        "order_line.product_id",
        "order_line.price_unit",
        "order_line.product_uom_qty",
        "order_line.discount",
        "order_line.display_type",
        "order_line.is_downpayment",
    )
    def _compute_score_facts(self):
        for order in self:
            lines = order.order_line.filtered(
                lambda line: not line.display_type and not line.is_downpayment
            )
            gross = [line.price_unit * line.product_uom_qty for line in lines]
            order.score_product_count = len(lines.product_id)
            order.score_list_amount = sum(gross)
            order.score_discount_amount = sum(
                amount * line.discount / 100 for amount, line in zip(gross, lines, strict=True)
            )

    def _auto_init(self):
        # Filled by one statement on install: the ORM would compute them order by
        # order, hours on a database of millions of lines.
        cr = self.env.cr
        if not column_exists(cr, self._table, "score_product_count"):
            create_column(cr, self._table, "score_product_count", "int4")
            create_column(cr, self._table, "score_list_amount", "numeric")
            create_column(cr, self._table, "score_discount_amount", "numeric")
            self._fill_score_facts()
        return super()._auto_init()

    @api.model
    def _fill_score_facts(self):
        """Set the scoring facts of all orders from their lines, as
        _compute_score_facts does."""
        # the lines counted: products, not notes or down payments
        self.env.cr.execute(SQL("""
            UPDATE sale_order so
               SET score_product_count = COALESCE(l.products, 0),
                   score_list_amount = ROUND(COALESCE(l.gross, 0), 6),
                   score_discount_amount = ROUND(COALESCE(l.discount, 0), 6)
              FROM sale_order o
              LEFT JOIN (
                  SELECT sol.order_id, COUNT(DISTINCT sol.product_id) AS products,
                         SUM(sol.price_unit * sol.product_uom_qty) AS gross,
                         SUM(sol.price_unit * sol.product_uom_qty * sol.discount) / 100
                             AS discount
                    FROM sale_order_line sol
                   WHERE sol.display_type IS NULL AND NOT COALESCE(sol.is_downpayment, FALSE)
                   GROUP BY sol.order_id
              ) l ON l.order_id = o.id
             WHERE o.id = so.id
        """))  # fmt: skip
