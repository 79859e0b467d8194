from odoo import api, fields, models
from odoo.tools import plaintext2html

from .customer_credit_engine import CREDIT_MANAGER

BLOCK_STATES = [
    ("waiting", "Waiting"),
    ("released", "Released"),
    ("rejected", "Rejected"),
    ("done", "Went Through"),
]


class CustomerCreditBlock(models.Model):
    """The credit desk's work queue: one line per blocked quotation or delivery
    while it waits for a decision, with the customer, amount, reasons, since when
    and the salesperson. The credit manager releases or rejects it; a document
    that goes through later (the customer paid) leaves the queue by itself."""

    _name = "customer.credit.block"
    _description = "Blocked Document (Credit Desk)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state_sequence, date, id"
    _check_company_auto = True
    _rec_name = "document"

    document = fields.Char(required=True, readonly=True)
    sale_order_id = fields.Many2one("sale.order", readonly=True, index=True, ondelete="cascade")
    picking_id = fields.Many2one("stock.picking", readonly=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    amount = fields.Monetary(readonly=True, help="The order's amount (deliveries: what they add).")
    exposure = fields.Monetary(readonly=True)
    credit_limit = fields.Monetary(readonly=True)
    block_reason = fields.Selection(
        [
            ("hold", "On Hold"),
            ("limit", "Credit Limit"),
            ("overdue", "Overdue Debt"),
            ("prepayment", "Prepayment Required"),
        ],
        string="Main Reason",
        readonly=True,
    )
    # what the check found, rendered in each reader's language
    reason_data = fields.Json(readonly=True, copy=False)
    reasons = fields.Text(compute="_compute_reasons")
    date = fields.Datetime(string="Blocked Since", required=True, readonly=True)
    last_date = fields.Datetime(string="Last Attempt", readonly=True)
    attempt_count = fields.Integer(string="Attempts", default=1, readonly=True)
    state = fields.Selection(
        BLOCK_STATES, default="waiting", required=True, readonly=True, tracking=True, index=True
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decision_date = fields.Datetime(readonly=True)
    decision_reason = fields.Text(readonly=True)
    # what the customer promised: the manager deciding a release weighs it
    promise_id = fields.Many2one(
        "customer.payment.promise",
        string="Open Promise",
        compute="_compute_promise_id",
        compute_sudo=True,
    )
    promise_amount = fields.Monetary(
        string="Promised", compute="_compute_promise_id", compute_sudo=True
    )
    promise_date = fields.Date(
        string="Promised By", compute="_compute_promise_id", compute_sudo=True
    )

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {state: index for index, (state, _label) in enumerate(BLOCK_STATES)}
        for block in self:
            block.state_sequence = order[block.state]

    @api.depends("reason_data", "company_id")
    @api.depends_context("lang")
    def _compute_reasons(self):
        for block in self:
            block.reasons = block.env["customer.credit.engine"]._render_reasons_text(block)

    @api.depends("partner_id", "company_id")
    def _compute_promise_id(self):
        promises = self.env["customer.payment.promise"].search(
            [("partner_id", "in", self.partner_id.ids), ("state", "=", "open")],
            order="date, id",
        )
        first = {}
        for promise in promises:  # the one due first
            first.setdefault((promise.partner_id.id, promise.company_id.id), promise)
        for block in self:
            promise = first.get((block.partner_id.id, block.company_id.id), promises.browse())
            block.promise_id = promise
            block.promise_amount = promise.amount
            block.promise_date = promise.date

    def _document(self):
        self.ensure_one()
        return self.sale_order_id or self.picking_id

    @api.model
    def _record(self, env, vals):
        """Queue the block of ``vals`` (an event's values), in ``env`` (the block's
        own transaction): a document already waiting gets its attempt counted and
        its figures updated; a new one gets an activity for the credit manager."""
        Block = env[self._name].sudo()
        doc_field = "sale_order_id" if vals.get("sale_order_id") else "picking_id"
        if not vals.get(doc_field):
            return Block
        waiting = Block.search(
            [(doc_field, "=", vals[doc_field]), ("state", "=", "waiting")], limit=1
        )
        figures = {
            "partner_id": vals["partner_id"],
            "amount": vals.get("amount", 0.0),
            "exposure": vals.get("exposure", 0.0),
            "credit_limit": vals.get("credit_limit", 0.0),
            "block_reason": vals.get("block_reason"),
            "reason_data": vals.get("reason_data"),
            "last_date": fields.Datetime.now(),
        }
        if waiting:
            waiting.write(dict(figures, attempt_count=waiting.attempt_count + 1))
            return waiting
        document = env["sale.order" if doc_field == "sale_order_id" else "stock.picking"].browse(
            vals[doc_field]
        )
        salesperson = document.user_id if doc_field == "sale_order_id" else document.sale_id.user_id
        block = Block.create(dict(
            figures,
            document=vals.get("document"),
            company_id=vals["company_id"],
            user_id=salesperson.id,
            date=fields.Datetime.now(),
            **{doc_field: vals[doc_field]},
        ))  # fmt: skip
        manager = block._get_credit_manager()
        if manager:
            # in the manager's language, whoever was blocked
            block_read = block.with_context(lang=manager.lang)
            block.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=block_read.env._("Credit decision: %s", block.document),
                note=plaintext2html(block_read.reasons or ""),
            )
        return block

    def _get_credit_manager(self):
        self.ensure_one()
        company = self.company_id
        managers = self.env.ref(CREDIT_MANAGER).users.filtered(
            lambda user: user.active and not user.share and company in user.company_ids
        )
        return company.credit_manager_user_id or managers[:1]

    def _decide(self, state, reason):
        """Close these waiting blocks as ``state`` with the manager's reason, and
        tell each salesperson on the document."""
        now = fields.Datetime.now()
        waiting = self.filtered(lambda b: b.state == "waiting")
        waiting.write({
            "state": state, "decided_by_id": self.env.uid, "decision_date": now,
            "decision_reason": reason,
        })  # fmt: skip
        waiting.activity_ids.action_feedback(feedback=reason)
        for block in waiting:
            # told to the salesperson: in their language
            env = block.with_context(lang=block.user_id.lang or self.env.lang).env
            if state == "released":
                body = env._(
                    "Credit block released by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            else:
                body = env._(
                    "Credit block rejected by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            # The salesperson's document: the manager may not write it otherwise.
            block._document().sudo().message_post(
                body=body,
                partner_ids=block.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        return waiting

    @api.model
    def _close_went_through(self, documents):
        """Documents confirmed or shipped after all (the customer paid, a limit
        was raised): their waiting blocks leave the queue."""
        if not documents:
            return
        field = "sale_order_id" if documents._name == "sale.order" else "picking_id"
        blocks = self.sudo().search([(field, "in", documents.ids), ("state", "=", "waiting")])
        if blocks:
            blocks.write({"state": "done", "decision_date": fields.Datetime.now()})
            blocks.activity_ids.unlink()

    def action_open_document(self):
        self.ensure_one()
        document = self._document()
        return {
            "type": "ir.actions.act_window",
            "res_model": document._name,
            "res_id": document.id,
            "view_mode": "form",
        }

    def action_decide(self):
        """Release or reject the selected blocks, with one reason."""
        return self.env["customer.credit.release.wizard"]._action_open_blocks(
            self.filtered(lambda b: b.state == "waiting")
        )
