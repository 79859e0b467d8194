from odoo import _, api, models
from odoo.exceptions import ValidationError


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _get_customer_discount_cap_error(self):
        """Return the error for lines whose discount exceeds the customer's tier
        cap, or False. Customer-management managers may grant more."""
        if self.env.user.has_group("customer_mgmt.customer_mgmt_group_manager"):
            return False
        for line in self:
            tier = line.order_id.partner_id.commercial_partner_id.customer_tier_id
            if tier.limit_discount and line.discount > tier.max_discount:
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
        return False

    @api.constrains("discount", "order_id")
    def _check_customer_discount_cap(self):
        error = self._get_customer_discount_cap_error()
        if error:
            raise ValidationError(error)
