from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerTier(models.Model):
    """A customer class with the policies its customers enjoy (seed 000/001:
    sales, collection, visit and service policy per class)."""

    _name = "customer.tier"
    _description = "Customer Tier"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the tier between all companies.",
    )
    description = fields.Text(translate=True)
    # Sales policy
    pricelist_id = fields.Many2one(
        "product.pricelist",
        tracking=True,
        check_company=True,
        help="Set on the customers of this tier when the tier is applied.",
    )
    limit_discount = fields.Boolean(
        string="Cap Discounts",
        tracking=True,
        help="Refuse sale order lines whose discount exceeds the maximum discount.",
    )
    max_discount = fields.Float(string="Maximum Discount (%)", digits="Discount", tracking=True)
    sales_policy = fields.Text(translate=True)
    # Collection policy
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        tracking=True,
        check_company=True,
        help="Set on the customers of this tier when the tier is applied.",
    )
    collection_policy = fields.Text(translate=True)
    # Visit policy
    visit_interval_days = fields.Integer(
        string="Visit Every (Days)",
        tracking=True,
        help="A visit reminder is created when the last visit is older than this. "
        "0 means no visit cadence.",
    )
    visit_policy = fields.Text(translate=True)
    # Service policy
    response_time_hours = fields.Integer(
        string="Response Time (Hours)",
        tracking=True,
        help="The time within which this tier's requests are answered.",
    )
    service_policy = fields.Text(translate=True)
    partner_ids = fields.One2many("res.partner", "customer_tier_id", string="Customers")
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customer Count")

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("customer_tier_id", "in", self.ids)], ["customer_tier_id"], ["__count"]
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """A tier in use is archived, not deleted (its customers would silently
        lose their policies). Uninstalling removes tiers and the column together."""
        used = self.filtered("partner_count")
        if used:
            raise UserError(
                _(
                    "Tier %(tier)s still has customers: archive it or move them first.",
                    tier=used[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        # A missing name would only surface as a database error: say it clearly.
        for vals in vals_list:
            vals.setdefault("name", self.env.context.get("default_name", ""))
        return super().create(vals_list)

    @api.constrains("name")
    def _check_name(self):
        if any(not (tier.name or "").strip() for tier in self):
            raise ValidationError(_("A customer tier needs a name."))

    @api.constrains("max_discount")
    def _check_max_discount(self):
        for tier in self:
            if not 0 <= tier.max_discount <= 100:
                raise ValidationError(
                    _(
                        "The maximum discount of tier %(tier)s must be between 0 and 100%%.",
                        tier=tier.name,
                    )
                )

    @api.constrains("visit_interval_days", "response_time_hours")
    def _check_policy_durations(self):
        for tier in self:
            if tier.visit_interval_days < 0 or tier.response_time_hours < 0:
                raise ValidationError(
                    _(
                        "Visit interval and response time of tier %(tier)s cannot be negative.",
                        tier=tier.name,
                    )
                )

    def _get_partner_policy_values(self):
        """The partner values that applying this tier sets (extension point)."""
        self.ensure_one()
        vals = {}
        if self.pricelist_id:
            vals["property_product_pricelist"] = self.pricelist_id.id
        if self.payment_term_id:
            vals["property_payment_term_id"] = self.payment_term_id.id
        return vals

    def action_apply_to_customers(self):
        """Re-apply the pricelist and payment terms to every customer of the tier,
        after the tier's policies were changed."""
        for tier in self:
            tier.partner_ids._apply_customer_tier_policies()
        return True

    def action_view_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_mgmt.res_partner_action_customer"
        )
        action["domain"] = [("customer_tier_id", "=", self.id)]
        action["context"] = {"default_customer_tier_id": self.id, "default_is_company": True}
        return action
