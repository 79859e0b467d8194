from odoo import _, api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    customer_tier_id = fields.Many2one(
        related="partner_id.commercial_partner_id.customer_tier_id",
    )
    customer_tier_limit_discount = fields.Boolean(related="customer_tier_id.limit_discount")
    customer_tier_max_discount = fields.Float(related="customer_tier_id.max_discount")
    customer_discount_cap_warning = fields.Char(
        compute="_compute_customer_discount_cap_warning",
        help="Lines whose discount exceeds the cap of the customer's tier, e.g. quoted "
        "before the customer moved to a stricter tier.",
    )

    @api.depends(
        "order_line.discount", "customer_tier_limit_discount", "customer_tier_max_discount"
    )
    def _compute_customer_discount_cap_warning(self):
        for order in self:
            over = order.order_line._over_customer_discount_cap()
            order.customer_discount_cap_warning = bool(over) and _(
                "%(count)s line(s) exceed the %(max)s%% discount cap of tier %(tier)s: "
                "lower them, or the order can only be confirmed by a customer "
                "management manager.",
                count=len(over),
                max=order.customer_tier_max_discount,
                tier=order.customer_tier_id.name,
            )

    def _confirmation_error_message(self):
        """Refuse confirming an order whose discounts exceed the customer's tier cap,
        e.g. quoted before the customer moved to a stricter tier."""
        return (
            super()._confirmation_error_message()
            or self.order_line._get_customer_discount_cap_error()
        )

    def _action_confirm(self):
        """A customer who orders again is won back (its stage follows at the next
        detection run: no write on the partner here)."""
        res = super()._action_confirm()
        churns = (
            self.env["customer.churn"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", self.partner_id.commercial_partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                    ("state", "in", ("at_risk", "lost")),
                ]
            )
        )
        if churns:
            churns.write({"state": "won_back", "won_back_on": fields.Date.context_today(self)})
        return res
