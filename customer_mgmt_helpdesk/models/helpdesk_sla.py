from odoo import fields, models


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    customer_tier_id = fields.Many2one(
        "customer.tier",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        help="Kept in line with the tier's response and resolution times.",
    )
    service_kind = fields.Selection(
        [("response", "First Response"), ("resolution", "Resolution")],
        readonly=True,
    )
