from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .customer_credit_engine import CREDIT_CONTROLLER

DEDUCTION_REASONS = [
    ("listing", "Listing Fee"),
    ("barcode", "Barcode Fee"),
    ("display", "Display Fee"),
    ("promotion", "Promotion"),
    ("rebate", "Rebate"),
    ("quality", "Quality Claim"),
    ("price", "Price Difference"),
    ("shrinkage", "Shrinkage"),
    ("other", "Other"),
]
# Set by the validation only.
DECIDED_FIELDS = {"state", "credit_note_id", "decided_by_id", "decision_date"}


class CustomerDeduction(models.Model):
    """What a customer kept back from an invoice (扣款), or claims as a fee: the
    listing, barcode or display fees of a KA chain, a promotion, a rebate, a
    quality claim, a price difference (seed 003). Recorded by the salesperson or
    from a short payment; a credit controller decides: a valid deduction becomes
    a credit note booked as trade spend and matched with the invoice (so it
    counts against the customer's profit in value scoring), an invalid one stays
    owed and goes back to collection."""

    _name = "customer.deduction"
    _description = "Customer Deduction"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", index=True, default=lambda self: self.env.user
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    reason = fields.Selection(DEDUCTION_REASONS, required=True, tracking=True)
    invoice_id = fields.Many2one(
        "account.move",
        check_company=True,
        tracking=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', partner_id)]",
    )
    payment_move_id = fields.Many2one(
        "account.move", string="Short Payment", readonly=True, check_company=True
    )
    note = fields.Text(string="Customer's Claim")
    evidence = fields.Binary(attachment=True)
    evidence_name = fields.Char()
    state = fields.Selection(
        [("open", "To Check"), ("valid", "Valid"), ("invalid", "Invalid")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    credit_note_id = fields.Many2one("account.move", readonly=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decision_date = fields.Date(readonly=True)
    decision_note = fields.Text(tracking=True)

    @api.constrains("amount")
    def _check_amount(self):
        if any(deduction.amount <= 0 for deduction in self):
            raise ValidationError(self.env._("A deduction is a positive amount."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_decided(vals)
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        self._check_decided(vals)
        if not self.env.su and self.filtered(lambda d: d.state != "open"):
            raise UserError(self.env._("A decided deduction cannot be changed."))
        return super().write(vals)

    @api.model
    def _check_decided(self, vals):
        if not self.env.su and any(vals.get(name) for name in DECIDED_FIELDS):
            raise ValidationError(
                self.env._("A deduction is decided with its Valid and Invalid buttons.")
            )

    def _check_decider(self):
        if not self.env.user.has_group(CREDIT_CONTROLLER):
            raise AccessError(self.env._("Only credit controllers decide on deductions."))
        if self.filtered(lambda d: d.state != "open"):
            raise UserError(self.env._("This deduction is decided already."))

    @api.model
    def _get_trade_spend_account(self, company):
        account = company.deduction_account_id
        if not account:
            account = self.env["account.account"].search(
                [*self.env["account.account"]._check_company_domain(company),
                 ("account_type", "=", "expense")], limit=1,
            )  # fmt: skip
        if not account:
            raise UserError(
                self.env._("Set the trade spend account of deductions in the credit settings.")
            )
        return account

    def action_validate(self):
        """The deduction is justified: a credit note for its amount, booked as
        trade spend, posted and matched with the invoice."""
        self._check_decider()
        for deduction in self:
            company = deduction.company_id
            account = self._get_trade_spend_account(company)
            # the customer reads the credit note: in the customer's language
            env = deduction.with_context(lang=deduction.partner_id.lang or self.env.lang).env
            reason = dict(self._fields["reason"]._description_selection(env))[deduction.reason]
            credit_note = self.env["account.move"].with_company(company).create({
                "move_type": "out_refund",
                "partner_id": deduction.partner_id.id,
                "invoice_date": fields.Date.context_today(self),
                "invoice_origin": deduction.invoice_id.name or False,
                "reversed_entry_id": deduction.invoice_id.id or False,
                "ref": env._("Deduction: %s", reason),
                "invoice_line_ids": [Command.create({
                    "name": env._("Deduction: %(reason)s %(note)s", reason=reason,
                                  note=deduction.note or ""),
                    "quantity": 1, "price_unit": deduction.amount, "account_id": account.id,
                    "tax_ids": [Command.clear()],
                })],
            })  # fmt: skip
            credit_note.action_post()
            if deduction.invoice_id and deduction.invoice_id.amount_residual > 0:
                lines = (deduction.invoice_id | credit_note).line_ids.filtered(
                    lambda line: line.account_type == "asset_receivable" and not line.reconciled
                )
                lines.reconcile()
            deduction.sudo().write({
                "state": "valid", "credit_note_id": credit_note.id,
                "decided_by_id": self.env.uid, "decision_date": fields.Date.context_today(self),
            })  # fmt: skip
            told = deduction._salesperson_env()
            deduction._tell_salesperson(
                told._("Deduction accepted: credit note %s issued.", credit_note.name)
            )

    def action_invalidate(self):
        """The deduction is not justified: the amount stays owed and is chased."""
        self._check_decider()
        for deduction in self:
            if not (deduction.decision_note or "").strip():
                raise UserError(
                    self.env._("Say why the deduction is refused, for the customer's salesperson.")
                )
        self.sudo().write({
            "state": "invalid", "decided_by_id": self.env.uid,
            "decision_date": fields.Date.context_today(self),
        })  # fmt: skip
        for deduction in self:
            told = deduction._salesperson_env()
            deduction._tell_salesperson(
                told._("Deduction refused, the amount is still owed: %s", deduction.decision_note)
            )

    def _salesperson_env(self):
        """The environment to write to the salesperson in: their language."""
        return self.with_context(lang=self.user_id.lang or self.env.lang).env

    def _tell_salesperson(self, body):
        self.message_post(
            body=body, partner_ids=self.user_id.partner_id.ids, subtype_xmlid="mail.mt_note"
        )
