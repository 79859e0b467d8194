from odoo import fields, models

NEVER = "[('id', '=', 0)]"


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    customer_tier_id = fields.Many2one(
        "customer.tier",
        ondelete="set null",
        index="btree_not_null",
        readonly=True,
        help="Kept in line with the tier's response and resolution times.",
    )
    service_kind = fields.Selection(
        [("response", "First Response"), ("resolution", "Resolution")],
        readonly=True,
    )

    def _retire_tier_sla(self):
        """Archived and matching no ticket: new tickets no longer get it, past
        tickets keep their SLA lines (which forbid deleting it)."""
        self.write({"active": False, "domain": NEVER})
