from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

RELEASE_FIELDS = {"credit_released", "credit_released_partner_id"}


class StockPicking(models.Model):
    _inherit = "stock.picking"

    credit_released = fields.Boolean(copy=False, readonly=True)
    credit_released_partner_id = fields.Many2one(
        "res.partner", string="Released For", copy=False, readonly=True
    )
    credit_warning = fields.Text(compute="_compute_credit_warning")

    def _credit_orders(self):
        """The orders this delivery ships: linked by the picking, its procurement
        group or its moves' order lines (blanking one link does not unlink it)."""
        self.ensure_one()
        # Read as superuser: whoever validates (a stock user, an inventory
        # administrator selling only their own orders) is checked against the
        # order's customer, even an order they may not read.
        picking = self.sudo()
        return picking.sale_id | picking.group_id.sale_id | picking.move_ids.sale_line_id.order_id

    def _credit_partner(self, orders=None):
        """The customer whose credit this delivery uses: its order's invoiced
        customer (not the ship-to address), else its own partner. ``orders``:
        its _credit_orders(), when the caller has them already."""
        self.ensure_one()
        orders = self._credit_orders() if orders is None else orders
        if orders:
            return orders[0]._credit_partner()
        return self.partner_id.commercial_partner_id

    def _credit_is_outgoing(self):
        self.ensure_one()
        return self.picking_type_code == "outgoing" or (
            self.location_dest_id.usage == "customer" and self.location_id.usage != "customer"
        )

    def _credit_check(self, lock=True):
        """The credit check of shipping this delivery now. The order shipped is in
        the exposure already; a release of its order covers the limit, not a hold,
        overdue debt or a prepayment grade."""
        self.ensure_one()
        Engine = self.env["customer.credit.engine"]
        orders = self._credit_orders()
        partner = self._credit_partner(orders)
        if (
            not self._credit_is_outgoing()
            or not partner
            or not Engine._rules_apply(partner, self.company_id)
            or (self.credit_released and self.credit_released_partner_id == partner)
        ):
            return Engine._check(self.env["res.partner"], self.company_id)
        waive = ("limit",) if orders and all(o._credit_is_released() for o in orders) else ()
        return Engine._check(
            partner,
            self.company_id,
            amount=self._credit_excess_amount(orders),
            lock=lock,
            waive=waive,
        )

    def _credit_excess_amount(self, orders):
        """What shipping this delivery adds to the exposure, in the company's
        currency: goods beyond what their order line still has to deliver (the
        rest is in the exposure with its order), and goods of no order line
        (``orders``: the orders it ships)."""
        self.ensure_one()
        amount = 0.0
        for move in self.sudo().move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            line = move.sale_line_id
            if not line:
                if orders:  # Odoo adds a line for it at the list price
                    amount += move.product_id.lst_price * move.product_qty
                continue
            shipped = move.product_uom._compute_quantity(move.quantity, line.product_uom)
            excess = line.qty_delivered + shipped - max(line.product_uom_qty, line.qty_delivered)
            if excess > 0:
                # valued as the exposure will count them: the line's total per unit
                # (its rounded unit price is off by cents on a discount or VAT included)
                unit = (
                    line.price_total / line.product_uom_qty
                    if line.product_uom_qty
                    else line.price_reduce_taxinc
                )
                amount += excess * unit / (line.order_id.currency_rate or 1.0)
        return amount

    def _credit_refusal(self, check):
        self.env["customer.credit.event"]._log_document_block(check, self)
        return check.message(_("Delivery %s", self.name))

    @api.depends("partner_id", "sale_id", "state", "company_id")
    def _compute_credit_warning(self):
        for picking in self:
            picking.credit_warning = False
            if picking.state in ("done", "cancel"):
                continue
            check = picking._credit_check(lock=False)
            if check:
                picking.credit_warning = check.message(_("This delivery"))

    def _check_credit_before_shipping(self):
        """Refuse to ship any of these deliveries that credit control blocks."""
        for picking in self:
            check = picking._credit_check()
            if check:
                raise UserError(picking._credit_refusal(check))

    def _action_done(self):
        res = super()._action_done()
        self.env["customer.credit.block"]._close_went_through(
            self.filtered(lambda picking: picking.state == "done")
        )
        return res

    @api.model
    def _check_release_fields(self, vals_list):
        """Release markers are set by a credit manager's release only."""
        if not self.env.su and any(RELEASE_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(_("Only the credit release of a credit manager releases a delivery."))

    def write(self, vals):
        self._check_release_fields([vals])
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_release_fields(vals_list)
        return super().create(vals_list)

    def action_credit_release(self):
        self.ensure_one()
        return self.env["customer.credit.release.wizard"]._action_open(self)
