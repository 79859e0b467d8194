from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    customer_tier_id = fields.Many2one(
        related="partner_id.commercial_partner_id.customer_tier_id",
    )
    customer_tier_limit_discount = fields.Boolean(related="customer_tier_id.limit_discount")
    customer_tier_max_discount = fields.Float(related="customer_tier_id.max_discount")

    def _confirmation_error_message(self):
        """Refuse confirming an order whose discounts exceed the customer's tier cap,
        e.g. quoted before the customer moved to a stricter tier."""
        return (
            super()._confirmation_error_message()
            or self.order_line._get_customer_discount_cap_error()
        )
