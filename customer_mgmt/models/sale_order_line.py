from odoo import _, api, models
from odoo.exceptions import ValidationError


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _over_customer_discount_cap(self):
        """The lines whose discount exceeds the cap of their customer's tier."""

        def over(line):
            tier = line.order_id.partner_id.commercial_partner_id.customer_tier_id
            return tier.limit_discount and line.discount > tier.max_discount

        return self.filtered(over)

    def _get_customer_discount_cap_error(self):
        """Return the error for lines whose discount exceeds the customer's tier
        cap, or False. Customer-management managers may grant more."""
        if self.env.user.has_group("customer_mgmt.customer_mgmt_group_manager"):
            return False
        line = self._over_customer_discount_cap()[:1]
        if not line:
            return False
        tier = line.order_id.partner_id.commercial_partner_id.customer_tier_id
        return _(
            "The discount of %(discount)s%% on “%(product)s” exceeds the maximum "
            "of %(max)s%% allowed for %(customer)s (tier %(tier)s). "
            "Ask a customer management manager to grant it.",
            discount=line.discount,
            product=line.name or line.product_id.display_name,
            max=tier.max_discount,
            customer=line.order_id.partner_id.commercial_partner_id.display_name,
            tier=tier.name,
        )

    @api.constrains("discount", "order_id")
    def _check_customer_discount_cap(self):
        error = self._get_customer_discount_cap_error()
        if error:
            raise ValidationError(error)
