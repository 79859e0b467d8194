from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_statement import AGE_BUCKETS

# What the customer's answer may mark on a line; the rest is the books'.
ANSWER_FIELDS = {"disputed", "dispute_note"}


class CustomerStatementLine(models.Model):
    """A line of a statement: a movement of the period (with the running
    balance) or an item still open at the cut-off (with its age), copied from the
    journal item so that the statement does not change with the books."""

    _name = "customer.statement.line"
    _description = "Customer Statement Line"
    _order = "statement_id, section, date, id"

    statement_id = fields.Many2one(
        "customer.statement", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    section = fields.Selection(
        [
            ("activity", "Movement"),
            ("open", "Open Item"),
            ("uninvoiced", "Delivered, Not Invoiced"),
        ],
        required=True,
        readonly=True,
    )
    kind = fields.Selection(
        [
            ("invoice", "Invoice"),
            ("credit_note", "Credit Note"),
            ("payment", "Payment"),
            ("other", "Other Entry"),
        ],
        string="Type",
        readonly=True,
    )
    date = fields.Date(readonly=True)
    date_maturity = fields.Date(string="Due Date", readonly=True)
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    move_line_id = fields.Many2one("account.move.line", string="Journal Item", readonly=True)
    reference = fields.Char(readonly=True)
    debit = fields.Monetary(string="Charged", readonly=True)
    credit = fields.Monetary(string="Credited", readonly=True)
    balance = fields.Monetary(
        readonly=True, help="Movements: the balance after this line. Open items: what is still due."
    )
    days_overdue = fields.Integer(readonly=True)
    age = fields.Selection(AGE_BUCKETS, readonly=True)
    disputed = fields.Boolean(help="The customer contests this item.")
    dispute_note = fields.Char(string="Customer's Objection")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise ValidationError(
                self.env._("Statement lines are copied from the books when a statement is made.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            frozen = sorted(set(vals) - ANSWER_FIELDS)
            if frozen:
                raise ValidationError(
                    self.env._(
                        "Only the customer's objection can be marked on a statement line, "
                        "not %s.",
                        ", ".join(self._fields[name].string for name in frozen),
                    )
                )
            if self.statement_id.filtered(lambda s: s.state in ("confirmed", "replaced")):
                raise ValidationError(
                    self.env._(
                        "A confirmed or replaced statement cannot be disputed line by line: "
                        "make a new version or mark the statement disputed first."
                    )
                )
        return super().write(vals)
