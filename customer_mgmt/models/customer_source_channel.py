from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CustomerSourceChannel(models.Model):
    _name = "customer.source.channel"
    _description = "Customer Source Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A source channel with this name already exists."),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """A channel customers came from is archived, not deleted."""
        used = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_count([("source_channel_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(_("Customers came through this channel: archive it instead."))
