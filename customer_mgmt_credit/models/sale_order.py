from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

# Stored totals the credit check reads: computed by Odoo from the lines, never
# written by a user (a user who could would lower the exposure at will).
PROTECTED_ORDER_FIELDS = {"amount_total", "amount_untaxed", "amount_tax", "currency_rate"}
RELEASE_FIELDS = {"credit_released_amount", "credit_released_partner_id"}
# Changes of a confirmed order that can raise its open value or move it.
RECHECK_ORDER_FIELDS = {"partner_id", "partner_invoice_id", "currency_id", "pricelist_id"}
_CONFIRMING = "customer_mgmt_credit.confirming"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_released_amount = fields.Monetary(
        copy=False,
        readonly=True,
        currency_field="company_currency_id",
        help="Amount (company currency) up to which a credit manager released this order.",
    )
    credit_released_partner_id = fields.Many2one(
        "res.partner",
        string="Released For",
        copy=False,
        readonly=True,
        help="The customer the release was given for: it does not follow the order "
        "to another customer.",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    credit_warning = fields.Text(compute="_compute_credit_warning")

    # ------------------------------------------------------------ the amounts

    def _credit_partner(self):
        """The customer whose credit this order uses: the commercial partner of
        its invoice address (an order for a shop invoiced to its head office
        uses the head office's credit)."""
        self.ensure_one()
        return (self.partner_invoice_id or self.partner_id).commercial_partner_id

    def _credit_amount(self):
        """This order's total in the company's currency, from its lines."""
        self.ensure_one()
        lines = self.order_line.filtered(lambda line: not line.display_type)
        return sum(lines.mapped("price_total")) / (self.currency_rate or 1.0)

    def _credit_is_released(self):
        """A release covers this order, for this customer, up to its amount."""
        self.ensure_one()
        return bool(
            self.credit_released_partner_id
            and self.credit_released_partner_id == self._credit_partner()
            and float_compare(
                self._credit_amount(),
                self.credit_released_amount,
                precision_rounding=self.company_id.currency_id.rounding,
            )
            <= 0
        )

    # --------------------------------------------------------------- the check

    def _credit_check(self, lock=True, in_batch=False):
        """The credit check of confirming this order now; ``in_batch``: with the
        orders confirmed before it in the same call."""
        self.ensure_one()
        Engine = self.env["customer.credit.engine"]
        partner = self._credit_partner()
        # Customers without rules cost no more than reading whether they have any.
        if not Engine._rules_apply(partner, self.company_id) or self._credit_is_released():
            return Engine._check(self.env["res.partner"], self.company_id)
        pending = self._credit_pending() if in_batch else 0.0
        return Engine._check(
            partner, self.company_id, amount=self._credit_amount() + pending, lock=lock
        )

    def _credit_pending(self):
        """Exposure that orders confirmed with this one, before it, add for its
        customer: confirming several quotations at once is checked cumulatively."""
        self.ensure_one()
        batch = self.env.cr.cache.get(_CONFIRMING, self)
        pending = 0.0
        for order in batch:
            if order == self:
                break
            if (
                order._credit_partner() == self._credit_partner()
                and order.company_id == self.company_id
                and not order._credit_is_released()
            ):
                pending += order._credit_amount()
        return pending

    def _credit_refusal(self, check, document=None):
        """Record the block and return the message that refuses it."""
        self.env["customer.credit.event"]._log_document_block(check, self, amount=check.amount)
        return check.message(document or _("Order %s", self.name))

    def _credit_confirmation_error(self, in_batch=False):
        """The refusal of confirming this order, recorded, or False."""
        check = self._credit_check(in_batch=in_batch)
        return self._credit_refusal(check) if check else False

    def _confirmation_error_message(self):
        return super()._confirmation_error_message() or self._credit_confirmation_error(
            in_batch=True
        )

    def action_confirm(self):
        # The orders confirmed by this call, in order: each is checked with the
        # ones before it (kept on the cursor, where no RPC context can reach).
        previous = self.env.cr.cache.get(_CONFIRMING)
        self.env.cr.cache[_CONFIRMING] = self
        try:
            res = super().action_confirm()
            self.env["customer.credit.block"]._close_went_through(self)
            return res
        finally:
            if previous is None:
                self.env.cr.cache.pop(_CONFIRMING, None)
            else:
                self.env.cr.cache[_CONFIRMING] = previous

    def _credit_recheck(self, before):
        """After a change to confirmed orders: refuse it if an order's customer
        changed or its total grew and the customer's credit does not allow it.
        ``before``: {order: (customer, amount)} taken before the change."""
        for order in self.filtered(lambda o: o.state == "sale"):
            partner, amount = before.get(order, (None, 0.0))
            new_partner = order._credit_partner()
            grew = float_compare(
                order._credit_amount(), amount,
                precision_rounding=order.company_id.currency_id.rounding,
            ) > 0  # fmt: skip
            if new_partner == partner and not grew:
                continue
            if order._credit_is_released():
                continue
            # The order is in the exposure already, with its new value.
            check = self.env["customer.credit.engine"]._check(new_partner, order.company_id)
            if check:
                raise UserError(
                    order._credit_refusal(check, _("The change of order %s", order.name))
                )

    def _credit_snapshot(self):
        return {
            order: (order._credit_partner(), order._credit_amount())
            for order in self
            if order.state == "sale"
        }

    @api.model
    def _credit_strip_protected(self, vals):
        """Users never write the stored totals or release markers."""
        if self.env.su:
            return vals
        if RELEASE_FIELDS & set(vals):
            raise AccessError(_("Only the credit release of a credit manager releases an order."))
        return {key: value for key, value in vals.items() if key not in PROTECTED_ORDER_FIELDS}

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._credit_strip_protected(vals) for vals in vals_list]
        orders = super().create(vals_list)
        # An order created confirmed skipped action_confirm: check it now.
        orders.filtered(lambda o: o.state == "sale")._credit_recheck({})
        return orders

    def write(self, vals):
        vals = self._credit_strip_protected(vals)
        confirming = self.env.cr.cache.get(_CONFIRMING) or self.browse()
        if vals.get("state") == "sale":
            # Confirmed by a write, not by action_confirm: the same check.
            for order in self.filtered(lambda o: o.state != "sale") - confirming:
                error = order._credit_confirmation_error()
                if error:
                    raise UserError(error)
        if not (RECHECK_ORDER_FIELDS & set(vals)):
            return super().write(vals)
        before = self._credit_snapshot()
        res = super().write(vals)
        (self - confirming)._credit_recheck(before)
        return res

    @api.depends("partner_id", "partner_invoice_id", "amount_total", "state", "company_id")
    def _compute_credit_warning(self):
        for order in self:
            order.credit_warning = False
            if order.state not in ("draft", "sent") or not order.partner_id:
                continue
            check = order._credit_check(lock=False)
            if check:
                order.credit_warning = check.message(_("This order"))

    def action_credit_release(self):
        self.ensure_one()
        return self.env["customer.credit.release.wizard"]._action_open(self)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Computed by Odoo; the credit check reads them.
    _CREDIT_PROTECTED = {
        "price_total", "price_subtotal", "price_tax", "price_reduce_taxinc",
        "price_reduce_taxexcl", "qty_invoiced", "qty_to_invoice", "untaxed_amount_invoiced",
        "untaxed_amount_to_invoice",
    }  # fmt: skip
    # Changes that can raise a confirmed order's value.
    _CREDIT_RECHECK = {
        "product_id", "product_uom_qty", "product_uom", "price_unit", "discount", "tax_id",
        "order_id",
    }  # fmt: skip

    @api.model
    def _credit_strip(self, vals):
        if self.env.su:
            return vals
        return {key: value for key, value in vals.items() if key not in self._CREDIT_PROTECTED}

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._credit_strip(vals) for vals in vals_list]
        order_ids = {vals.get("order_id") for vals in vals_list if vals.get("order_id")}
        orders = self.env["sale.order"].browse(order_ids).exists()
        before = orders._credit_snapshot()
        lines = super().create(vals_list)
        if before:
            lines.order_id._credit_recheck(before)
        return lines

    def write(self, vals):
        vals = self._credit_strip(vals)
        if not (self._CREDIT_RECHECK & set(vals)):
            return super().write(vals)
        orders = self.order_id
        if vals.get("order_id"):
            orders |= self.env["sale.order"].browse(vals["order_id"])
        before = orders._credit_snapshot()
        res = super().write(vals)
        if before:
            orders._credit_recheck(before)
        return res
