from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerCommitment(models.Model):
    """A promise a salesperson made to a customer (rebate, promo goods, discount,
    delivery date...), kept where accountants see it at collection time (seed 000)."""

    _name = "customer.commitment"
    _description = "Customer Commitment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "due_date, id desc"
    _check_company_auto = True

    name = fields.Char(string="Promise", required=True, tracking=True)
    commitment_type = fields.Selection(
        [
            ("rebate", "Rebate"),
            ("promo_goods", "Promotional Goods"),
            ("discount", "Discount"),
            ("delivery_date", "Delivery Date"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="rebate",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(tracking=True)
    promised_by_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        help="Who follows the promise up; moves with the customer on handover.",
    )
    date = fields.Date(string="Promised On", required=True, default=fields.Date.context_today)
    due_date = fields.Date(tracking=True)
    sale_order_id = fields.Many2one(
        "sale.order",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    state = fields.Selection(
        [
            ("open", "Open"),
            ("fulfilled", "Fulfilled"),
            ("cancelled", "Cancelled"),
            ("disputed", "Disputed"),
        ],
        required=True,
        default="open",
        tracking=True,
        index=True,
    )
    note = fields.Text()

    @api.constrains("amount")
    def _check_amount(self):
        for commitment in self:
            if commitment.amount < 0:
                raise ValidationError(_("The amount of a commitment cannot be negative."))

    @api.constrains("date", "due_date")
    def _check_due_date(self):
        for commitment in self:
            if commitment.due_date and commitment.due_date < commitment.date:
                raise ValidationError(
                    _(
                        "The due date of commitment “%(name)s” is before the date it was made.",
                        name=commitment.name,
                    )
                )

    def _set_state(self, state, allowed_from):
        wrong = self.filtered(lambda c: c.state not in allowed_from)
        if wrong:
            raise UserError(
                _(
                    "These commitments cannot be set to %(state)s from their current "
                    "state: %(names)s",
                    state=dict(self._fields["state"]._description_selection(self.env))[state],
                    names=", ".join(wrong.mapped("name")),
                )
            )
        self.write({"state": state})
        return True

    def action_fulfil(self):
        return self._set_state("fulfilled", {"open", "disputed"})

    def action_cancel(self):
        return self._set_state("cancelled", {"open", "disputed"})

    def action_dispute(self):
        return self._set_state("disputed", {"open"})

    def action_reopen(self):
        return self._set_state("open", {"fulfilled", "cancelled", "disputed"})

    @api.constrains("name")
    def _check_name_not_blank(self):
        if any(not (record.name or "").strip() for record in self):
            raise ValidationError(_("Say what the promise is: it cannot be blank."))
