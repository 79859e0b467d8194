from odoo import fields, models


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
