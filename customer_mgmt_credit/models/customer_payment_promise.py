from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

# Judged by the daily run from the payments received: never set by hand.
JUDGED_FIELDS = {"state", "paid_amount", "judged_on"}


class CustomerPaymentPromise(models.Model):
    """A customer's promise to pay (承诺付款): how much, by when, told to whom on
    which call or visit. The daily run judges it from the payments received from
    the day it was made to its date plus the company's grace days: kept when they
    reach the amount, broken otherwise; a broken promise moves the customer up a
    follow-up level. While a promise is open, the follow-up run waits for it."""

    _name = "customer.payment.promise"
    _description = "Promise to Pay"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date, id"
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
        "res.users",
        string="Recorded By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
    )
    made_on = fields.Date(
        string="Promised On", required=True, default=fields.Date.context_today, tracking=True
    )
    date = fields.Date(string="Pay By", required=True, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    interaction_id = fields.Many2one(
        "customer.interaction",
        string="Call or Visit",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    note = fields.Text(help="Who promised, how the customer will pay.")
    state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken"), ("cancel", "Cancelled")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    paid_amount = fields.Monetary(
        string="Paid", readonly=True, help="Payments received from the promise to its date."
    )
    judged_on = fields.Date(readonly=True)
    is_late = fields.Boolean(compute="_compute_is_late")

    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for promise in self:
            promise.is_late = promise.state == "open" and promise.date < today

    @api.constrains("amount", "date", "made_on")
    def _check_promise(self):
        for promise in self:
            if promise.amount <= 0:
                raise ValidationError(self.env._("A promise to pay is for a positive amount."))
            if promise.date < promise.made_on:
                raise ValidationError(
                    self.env._("A promise cannot be due before the day it was made.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_judged(vals)
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        self._check_judged(vals)
        if not self.env.su and self.filtered(lambda p: p.state != "open"):
            raise UserError(self.env._("A judged or cancelled promise cannot be changed."))
        return super().write(vals)

    @api.model
    def _check_judged(self, vals):
        if not self.env.su and any(vals.get(name) for name in JUDGED_FIELDS):
            raise ValidationError(
                self.env._("Whether a promise was kept is judged from the payments received.")
            )

    def action_cancel(self):
        """The promise no longer stands (replaced by another one, or recorded by
        mistake): it is not judged."""
        if self.filtered(lambda p: p.state != "open"):
            raise UserError(self.env._("Only open promises can be cancelled."))
        self.check_access("write")
        self.sudo().write({"state": "cancel"})

    # ----------------------------------------------------------------- judging

    @api.model
    def _get_paid_sql(self, promises):
        """Per promise: the customer's payments (receivable credits of payment and
        bank entries) from the day the promise was made to its date plus grace."""
        return SQL(
            """SELECT pr.id, COALESCE(SUM(-l.balance), 0)
                 FROM customer_payment_promise pr
                 JOIN res_company c ON c.id = pr.company_id
                 JOIN res_partner p ON p.commercial_partner_id = pr.partner_id
                 JOIN account_move_line l ON l.partner_id = p.id
                      AND l.company_id = pr.company_id AND l.parent_state = 'posted'
                      AND l.balance < 0
                      AND l.date BETWEEN pr.made_on
                          AND pr.date + COALESCE(c.promise_grace_days, 0)
                 JOIN account_account a ON a.id = l.account_id
                      AND a.account_type = 'asset_receivable'
                 JOIN account_move m ON m.id = l.move_id
                 JOIN account_journal j ON j.id = m.journal_id
                WHERE pr.id IN %s
                  AND (m.origin_payment_id IS NOT NULL OR m.statement_line_id IS NOT NULL
                       OR j.type IN ('bank', 'cash'))
                GROUP BY pr.id""",
            tuple(promises.ids),
        )

    @api.model
    def _judge(self, company, today):
        """Judge the open promises of ``company`` on ``today``, in one query: kept
        as soon as the payments reach the amount, broken when the grace days are
        over without. Broken promises move their customers up a level. Returns
        (kept, broken)."""
        promises = self.sudo().search([("company_id", "=", company.id), ("state", "=", "open")])
        if not promises:
            return promises, promises
        self.env.flush_all()
        paid = dict(self.env.execute_query(self._get_paid_sql(promises)))
        half = company.currency_id.rounding / 2
        grace = timedelta(days=company.promise_grace_days)
        kept = broken = self.sudo().browse()
        by_paid = defaultdict(lambda: self.sudo().browse())
        for promise in promises:
            amount = paid.get(promise.id, 0.0)
            if amount >= promise.amount - half:
                kept |= promise
            elif promise.date + grace < today:
                broken |= promise
            else:
                continue
            by_paid[amount] |= promise
        for amount, group in by_paid.items():
            group.write({"paid_amount": amount, "judged_on": today})
        kept.write({"state": "kept"})
        broken.write({"state": "broken"})
        for promise in broken:
            env = promise.with_context(lang=promise.user_id.lang or self.env.lang).env
            promise.message_post(
                # sent to the salesperson: in their language
                body=env._(
                    "Promise broken: %(paid)s paid of %(amount)s promised by %(date)s.",
                    paid=company.currency_id.with_env(env).format(promise.paid_amount),
                    amount=company.currency_id.with_env(env).format(promise.amount),
                    date=format_date(env, promise.date),
                ),
                partner_ids=promise.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        if broken:
            self.env["customer.followup.step"]._escalate(broken.partner_id, company, today)
        return kept, broken
