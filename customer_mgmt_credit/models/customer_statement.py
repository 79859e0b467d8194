from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

STATEMENT_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("confirmed", "Confirmed"),
    ("disputed", "Disputed"),
    ("replaced", "Replaced"),
]
# Set when the statement is made, from the journal items: what the customer
# confirms must not change under it. A corrected period is a new version.
SNAPSHOT_FIELDS = {
    "name", "partner_id", "company_id", "date_from", "date_to", "user_id", "recipient_id",
    "version", "previous_id", "opening_balance", "invoiced", "credit_notes", "paid",
    "other_moves", "closing_balance", "overdue_amount", "age_current", "age_1_30",
    "age_31_60", "age_61_90", "age_over_90", "line_ids", "open_item_ids", "state",
    "uninvoiced_amount", "uninvoiced_ids",
    "sent_date", "answer_date",
}  # fmt: skip
AGE_BUCKETS = [
    ("current", "Not Due"),
    ("1_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("over_90", "Over 90 Days"),
]


def age_bucket(days):
    """The ageing bucket of an item ``days`` past its due date."""
    if days <= 0:
        return "current"
    if days <= 30:
        return "1_30"
    if days <= 60:
        return "31_60"
    if days <= 90:
        return "61_90"
    return "over_90"


class CustomerStatement(models.Model):
    """A statement of account (对账单): what a customer owed at the start of a
    period, what it was invoiced, credited and paid in it, what it owes at the end
    and the open items by age. Made from the posted receivable journal items and
    then frozen, so that the customer confirms or disputes fixed figures; if the
    books change for the period afterwards, a new version replaces it."""

    _name = "customer.statement"
    _description = "Customer Statement of Account"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, partner_id, version desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    recipient_id = fields.Many2one(
        "res.partner",
        string="Send To",
        readonly=True,
        help="The customer's invoice address, else the customer.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda s: s.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To (Cut-off)", required=True, readonly=True, index=True)
    version = fields.Integer(default=1, readonly=True)
    previous_id = fields.Many2one("customer.statement", string="Replaces", readonly=True)
    state = fields.Selection(
        STATEMENT_STATES, default="draft", required=True, readonly=True, tracking=True, index=True
    )
    opening_balance = fields.Monetary(readonly=True)
    invoiced = fields.Monetary(readonly=True)
    credit_notes = fields.Monetary(readonly=True)
    paid = fields.Monetary(string="Payments", readonly=True)
    other_moves = fields.Monetary(string="Other Entries", readonly=True)
    closing_balance = fields.Monetary(readonly=True)
    overdue_amount = fields.Monetary(string="Overdue at Cut-off", readonly=True)
    age_current = fields.Monetary(string="Not Due", readonly=True)
    age_1_30 = fields.Monetary(string="1-30 Days", readonly=True)
    age_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    age_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    age_over_90 = fields.Monetary(string="Over 90 Days", readonly=True)
    line_ids = fields.One2many(
        "customer.statement.line",
        "statement_id",
        string="Movements",
        domain=[("section", "=", "activity")],
    )
    open_item_ids = fields.One2many(
        "customer.statement.line",
        "statement_id",
        string="Open Items",
        domain=[("section", "=", "open")],
    )
    # Seed 000: "finance does not know how much was shipped": goods delivered and
    # not invoiced yet are owed too, though not in the books.
    uninvoiced_amount = fields.Monetary(
        string="Delivered, Not Invoiced",
        readonly=True,
        help="Goods delivered on confirmed orders and not invoiced yet, tax included, "
        "when the statement was made: owed once invoiced, not in the closing balance.",
    )
    uninvoiced_ids = fields.One2many(
        "customer.statement.line",
        "statement_id",
        string="Delivered, Not Invoiced Orders",
        domain=[("section", "=", "uninvoiced")],
    )
    sent_date = fields.Datetime(string="Sent On", readonly=True, tracking=True)
    answer_date = fields.Date(string="Answered On", readonly=True, tracking=True)
    answered_by = fields.Char(
        tracking=True, help="Who confirmed or disputed it at the customer (name, position)."
    )
    answer_note = fields.Text(string="Customer's Answer", tracking=True)
    books_changed = fields.Boolean(
        compute="_compute_books_changed",
        help="Journal items of the period changed after the statement was made: its "
        "closing balance is no longer the books'. Make a new version.",
    )
    books_closing_balance = fields.Monetary(
        string="Closing Balance in the Books Now", compute="_compute_books_changed"
    )

    _sql_constraints = [
        (
            "period_check",
            "CHECK (date_from <= date_to)",
            "A statement's period must start before it ends.",
        ),
    ]

    # ------------------------------------------------------------------ guards

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_snapshot_vals(vals)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .with_company(company)
                    .next_by_code("customer.statement")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_snapshot_vals(vals)
        return super().write(vals)

    @api.model
    def _check_snapshot_vals(self, vals):
        """Only the statement run sets figures, lines and states: a user's values
        (empty defaults of a form excepted) are refused."""
        bad = sorted(
            name
            for name in SNAPSHOT_FIELDS & set(vals)
            if vals[name] and not self._only_line_updates(name, vals[name])
        )
        if bad:
            raise ValidationError(
                self.env._(
                    "A statement's figures and state come from the books and its buttons: "
                    "%(fields)s cannot be set by hand. Make statements with 'Make "
                    "Statements' and a new version when the books change.",
                    fields=", ".join(self._fields[name].string for name in bad),
                )
            )

    @api.model
    def _only_line_updates(self, name, commands):
        """The form saves a ticked objection as an update of the line: the line
        itself then decides what may change (see customer.statement.line)."""
        return name in ("line_ids", "open_item_ids") and all(
            isinstance(command, list | tuple)
            and command[0] in (fields.Command.UPDATE, fields.Command.LINK)
            for command in commands
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(
                self.env._(
                    "Only draft statements can be deleted: the customer has seen the others."
                )
            )

    # -------------------------------------------------------------- generation

    @api.model
    def _receivable_where(self, company):
        return SQL(
            """l.parent_state = 'posted' AND a.account_type = 'asset_receivable'
               AND l.company_id = %s""",
            company.id,
        )

    @api.model
    def _read_books(self, company, partner_ids, date_from, date_to):
        """The journal items behind statements of these commercial partners for one
        period, in three queries whatever the number of partners: ({cp: opening},
        {cp: [movement rows]}, {cp: [open item rows at the cut-off]})."""
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        parts = SQL(
            "(SELECT id, commercial_partner_id AS cp FROM res_partner "
            "WHERE commercial_partner_id IN %s)",
            tuple(partner_ids),
        )
        where = self._receivable_where(company)
        opening = dict(
            self.env.execute_query(
                SQL(
                    """SELECT parts.cp, SUM(l.balance)
                         FROM account_move_line l
                         JOIN %(parts)s parts ON parts.id = l.partner_id
                         JOIN account_account a ON a.id = l.account_id
                        WHERE %(where)s AND l.date < %(from)s
                        GROUP BY parts.cp""",
                    parts=parts,
                    where=where,
                    **{"from": date_from},
                )
            )
        )
        moves = defaultdict(list)
        for row in self.env.execute_query_dict(
            SQL(
                """SELECT parts.cp, l.id AS move_line_id, l.move_id, l.date, l.date_maturity,
                          l.balance, m.move_type, j.type AS journal_type,
                          m.origin_payment_id IS NOT NULL OR m.statement_line_id IS NOT NULL
                              AS is_payment,
                          CONCAT_WS(' ', m.name, NULLIF(m.ref, '')) AS reference
                     FROM account_move_line l
                     JOIN %(parts)s parts ON parts.id = l.partner_id
                     JOIN account_account a ON a.id = l.account_id
                     JOIN account_move m ON m.id = l.move_id
                     JOIN account_journal j ON j.id = m.journal_id
                    WHERE %(where)s AND l.date BETWEEN %(from)s AND %(to)s
                    ORDER BY parts.cp, l.date, l.move_id, l.id""",
                parts=parts,
                where=where,
                to=date_to,
                **{"from": date_from},
            )
        ):
            moves[row["cp"]].append(row)
        # What each item still owed at the cut-off: its balance less the matches
        # dated on or before it (later payments do not count).
        open_items = defaultdict(list)
        for row in self.env.execute_query_dict(
            SQL(
                """SELECT * FROM (
                     SELECT parts.cp, l.id AS move_line_id, l.move_id, l.date,
                            COALESCE(l.date_maturity, l.date) AS date_maturity,
                            m.move_type, j.type AS journal_type,
                            m.origin_payment_id IS NOT NULL OR m.statement_line_id IS NOT NULL
                                AS is_payment,
                            CONCAT_WS(' ', m.name, NULLIF(m.ref, '')) AS reference,
                            l.balance AS balance,
                            l.balance
                              - COALESCE((SELECT SUM(pr.amount) FROM account_partial_reconcile pr
                                           WHERE pr.debit_move_id = l.id
                                             AND pr.max_date <= %(to)s), 0)
                              + COALESCE((SELECT SUM(pr.amount) FROM account_partial_reconcile pr
                                           WHERE pr.credit_move_id = l.id
                                             AND pr.max_date <= %(to)s), 0) AS residual
                       FROM account_move_line l
                       JOIN %(parts)s parts ON parts.id = l.partner_id
                       JOIN account_account a ON a.id = l.account_id
                       JOIN account_move m ON m.id = l.move_id
                       JOIN account_journal j ON j.id = m.journal_id
                      WHERE %(where)s AND l.date <= %(to)s
                        AND (NOT l.reconciled OR EXISTS (
                             SELECT 1 FROM account_partial_reconcile pr
                              WHERE (pr.debit_move_id = l.id OR pr.credit_move_id = l.id)
                                AND pr.max_date > %(to)s))
                   ) items
                  WHERE ROUND(items.residual, 6) != 0
                  ORDER BY cp, date_maturity, date, move_line_id""",
                parts=parts,
                where=where,
                to=date_to,
            )
        ):
            open_items[row["cp"]].append(row)
        return opening, moves, open_items

    @api.model
    def _read_uninvoiced(self, company, partner_ids, date_to):
        """Per commercial partner, its confirmed orders with goods delivered and not
        invoiced (as the order lines say now), delivered first on or before the
        cut-off, in company currency, tax included, in one query: {cp: [rows]}."""
        for model in ("sale.order", "sale.order.line", "stock.picking"):
            self.env[model].flush_model()
        rows = defaultdict(list)
        for row in self.env.execute_query_dict(
            SQL(
                """SELECT p.commercial_partner_id AS cp, so.id AS order_id,
                          CONCAT_WS(' ', so.name, NULLIF(so.client_order_ref, '')) AS reference,
                          d.delivered_on,
                          SUM(GREATEST(sol.qty_delivered - sol.qty_invoiced, 0)
                              * sol.price_total / sol.product_uom_qty)
                              / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount
                     FROM sale_order so
                     JOIN res_partner p ON p.id = so.partner_invoice_id
                     JOIN sale_order_line sol ON sol.order_id = so.id
                          AND sol.display_type IS NULL AND sol.is_downpayment IS NOT TRUE
                          AND sol.product_uom_qty > 0
                     JOIN LATERAL (
                          SELECT MAX(sp.date_done)::date AS delivered_on,
                                 MIN(sp.date_done)::date AS first_on
                            FROM stock_picking sp
                           WHERE sp.sale_id = so.id AND sp.state = 'done'
                     ) d ON d.first_on <= %(to)s
                    WHERE so.state = 'sale' AND so.company_id = %(company)s
                      AND p.commercial_partner_id IN %(partners)s
                    GROUP BY p.commercial_partner_id, so.id, d.delivered_on
                   HAVING ROUND(SUM(GREATEST(sol.qty_delivered - sol.qty_invoiced, 0)
                                    * sol.price_total / sol.product_uom_qty), 2) > 0
                    ORDER BY d.delivered_on, so.id""",
                to=date_to,
                company=company.id,
                partners=tuple(partner_ids),
            )
        ):
            rows[row["cp"]].append(row)
        return rows

    @api.model
    def _kind(self, row):
        if row["move_type"] in ("out_invoice", "out_receipt"):
            return "invoice"
        if row["move_type"] == "out_refund":
            return "credit_note"
        if row["is_payment"] or row["journal_type"] in ("bank", "cash"):
            return "payment"
        return "other"

    @api.model
    def _make(self, partners, date_from, date_to, company=None):
        """Make statements of these customers (their commercial partners) for one
        period in ``company``: every customer with a balance or a movement gets one,
        the others none. Reads the books and the orders in four queries and creates in batch.
        Returns the statements."""
        company = company or self.env.company
        if date_from > date_to:
            raise UserError(self.env._("A statement's period must start before it ends."))
        customers = partners.commercial_partner_id
        if not customers:
            return self.browse()
        opening, moves, open_items = self._read_books(company, customers.ids, date_from, date_to)
        uninvoiced = self._read_uninvoiced(company, customers.ids, date_to)
        rounding = company.currency_id.rounding
        vals_list = []
        for customer in customers:
            rows = moves.get(customer.id, [])
            start = opening.get(customer.id) or 0.0
            if (
                not rows
                and abs(start) < rounding / 2
                and not open_items.get(customer.id)
                and not uninvoiced.get(customer.id)
            ):
                continue
            vals_list.append(
                self._statement_vals(
                    customer, company, date_from, date_to, start, rows,
                    open_items[customer.id], uninvoiced[customer.id],
                )
            )  # fmt: skip
        statements = self.sudo().create(vals_list)
        return statements.sudo(False)

    @api.model
    def _statement_vals(
        self, customer, company, date_from, date_to, opening, rows, items, uninvoiced=()
    ):
        totals = defaultdict(float)
        balance = opening
        lines = []
        for row in rows:
            kind = self._kind(row)
            totals[kind] += row["balance"]
            balance += row["balance"]
            lines.append(
                fields.Command.create(
                    {
                        "section": "activity",
                        "kind": kind,
                        "date": row["date"],
                        "date_maturity": row["date_maturity"],
                        "move_id": row["move_id"],
                        "move_line_id": row["move_line_id"],
                        "reference": row["reference"],
                        "debit": max(row["balance"], 0.0),
                        "credit": max(-row["balance"], 0.0),
                        "balance": balance,
                    }
                )  # fmt: skip
            )
        ages = defaultdict(float)
        for row in items:
            days = (date_to - row["date_maturity"]).days
            bucket = age_bucket(days) if row["residual"] > 0 else "current"
            ages[bucket] += row["residual"]
            lines.append(
                fields.Command.create(
                    {
                        "section": "open",
                        "kind": self._kind(row),
                        "date": row["date"],
                        "date_maturity": row["date_maturity"],
                        "move_id": row["move_id"],
                        "move_line_id": row["move_line_id"],
                        "reference": row["reference"],
                        "debit": max(row["balance"], 0.0),
                        "credit": max(-row["balance"], 0.0),
                        "balance": row["residual"],
                        "days_overdue": max(days, 0),
                        "age": bucket,
                    }
                )  # fmt: skip
            )
        uninvoiced_amounts = [company.currency_id.round(row["amount"]) for row in uninvoiced]
        for row, amount in zip(uninvoiced, uninvoiced_amounts, strict=True):
            lines.append(
                fields.Command.create(
                    {
                        "section": "uninvoiced",
                        "date": row["delivered_on"],
                        "sale_order_id": row["order_id"],
                        "reference": row["reference"],
                        "balance": amount,
                    }
                )  # fmt: skip
            )
        invoice_address = customer.address_get(["invoice"])["invoice"]
        return {
            "partner_id": customer.id,
            "recipient_id": invoice_address or customer.id,
            "company_id": company.id,
            "user_id": customer.user_id.id,
            "date_from": date_from,
            "date_to": date_to,
            "opening_balance": opening,
            "invoiced": totals["invoice"],
            "credit_notes": -totals["credit_note"],
            "paid": -totals["payment"],
            "other_moves": totals["other"],
            "closing_balance": balance,
            "overdue_amount": sum(amount for bucket, amount in ages.items() if bucket != "current"),
            **{f"age_{bucket}": ages[bucket] for bucket, _label in AGE_BUCKETS},
            "uninvoiced_amount": sum(uninvoiced_amounts),
            "line_ids": lines,
        }

    # ---------------------------------------------------------------- changes

    @api.depends("closing_balance", "date_from", "date_to", "state")
    def _compute_books_changed(self):
        """Compare the frozen figures with the books now: the closing balance and
        the movements of the period (a correction that nets to zero still shows).
        One query per company and period."""
        groups = defaultdict(lambda: self.browse())
        for statement in self:
            statement.books_changed = False
            statement.books_closing_balance = statement.closing_balance
            if statement.id and statement.state != "replaced":
                groups[statement.company_id, statement.date_from, statement.date_to] |= statement
        for (company, date_from, date_to), statements in groups.items():
            self.env["account.move.line"].flush_model()
            books = {
                cp: (closing, debit, count)
                for cp, closing, debit, count in self.env.execute_query(
                    SQL(
                        """SELECT p.commercial_partner_id, SUM(l.balance),
                                  SUM(l.debit) FILTER (WHERE l.date >= %(from)s),
                                  COUNT(*) FILTER (WHERE l.date >= %(from)s)
                             FROM account_move_line l
                             JOIN res_partner p ON p.id = l.partner_id
                             JOIN account_account a ON a.id = l.account_id
                            WHERE %(where)s AND l.date <= %(to)s
                              AND p.commercial_partner_id IN %(ids)s
                            GROUP BY p.commercial_partner_id""",
                        where=self._receivable_where(company),
                        to=date_to,
                        ids=tuple(statements.partner_id.ids),
                        **{"from": date_from},
                    )
                )
            }
            half = company.currency_id.rounding / 2
            for statement in statements:
                closing, debit, count = books.get(statement.partner_id.id) or (0.0, 0.0, 0)
                frozen = statement.line_ids
                statement.books_closing_balance = closing or 0.0
                statement.books_changed = (
                    abs((closing or 0.0) - statement.closing_balance) >= half
                    or abs((debit or 0.0) - sum(frozen.mapped("debit"))) >= half
                    or count != len(frozen)
                )

    # ----------------------------------------------------------------- actions

    def _check_state(self, states, action):
        wrong = self.filtered(lambda s: s.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(action)s: statement %(name)s is %(state)s.",
                    action=action,
                    name=wrong[0].name,
                    state=labels[wrong[0].state],
                )
            )

    def _set_state(self, vals):
        """Buttons change the frozen fields: the user's right to write the
        statement is checked, then the change is made by the system."""
        self.check_access("write")
        self.sudo().write(vals)

    def _get_mail_template(self):
        return self.env.ref("customer_mgmt_credit.mail_template_customer_statement")

    def action_send(self):
        """Open the email composer with the statement's PDF, in the customer's language."""
        self.ensure_one()
        self._check_state(("draft", "sent"), self.env._("Send"))
        template = self._get_mail_template()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "mark_statement_sent": True,
                "force_email": True,
            },
        }

    def _send_by_email(self):
        """Send each statement to its customer with the PDF (batch sending: the
        settlement-day run and the list's action). Statements whose customer has no
        email address are returned unsent."""
        self._check_state(("draft", "sent"), self.env._("Send"))
        template = self._get_mail_template()
        sent = self.filtered(lambda s: s.recipient_id.email)
        for statement in sent:
            statement.message_post_with_source(
                template,
                message_type="comment",
                email_layout_xmlid="mail.mail_notification_light",
                subtype_xmlid="mail.mt_comment",
                partner_ids=statement.recipient_id.ids,
            )
        sent._mark_sent()
        return self - sent

    def action_send_by_email(self):
        unsent = self._send_by_email()
        if unsent:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "message": self.env._(
                        "Not sent, no email address: %s",
                        ", ".join(unsent.mapped("partner_id.display_name")),
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def _mark_sent(self):
        self.filtered(lambda s: s.state == "draft")._set_state(
            {"state": "sent", "sent_date": fields.Datetime.now()}
        )

    def message_post(self, **kwargs):
        # Sent from the composer: the statement is sent.
        if self.env.context.get("mark_statement_sent"):
            self._mark_sent()
        return super().message_post(**kwargs)

    def action_confirm_by_customer(self):
        """The customer signed the statement: its figures are agreed."""
        self._check_state(("draft", "sent", "disputed"), self.env._("Confirm"))
        self._set_state({"state": "confirmed", "answer_date": fields.Date.context_today(self)})
        self.line_ids.filtered("disputed").sudo().write({"disputed": False})

    def action_dispute(self):
        """The customer disputes the statement: the items it contests are ticked
        and its reason is in the answer."""
        self._check_state(("draft", "sent"), self.env._("Dispute"))
        for statement in self:
            if not (statement.answer_note or "").strip():
                raise UserError(
                    self.env._(
                        "Write down the customer's objection in 'Customer's Answer' on "
                        "statement %s before marking it disputed.",
                        statement.name,
                    )
                )
            if not (statement.line_ids | statement.open_item_ids).filtered("disputed"):
                raise UserError(
                    self.env._(
                        "Tick the items the customer disputes on statement %s.", statement.name
                    )
                )
        self._set_state({"state": "disputed", "answer_date": fields.Date.context_today(self)})

    def action_new_version(self):
        """The books changed for the period: make the statement again as a new
        version that replaces this one."""
        self._check_state(("draft", "sent", "confirmed", "disputed"), self.env._("New Version"))
        self.check_access("write")
        new = self.browse()
        for statement in self:
            made = self._make(
                statement.partner_id, statement.date_from, statement.date_to, statement.company_id
            )
            if not made:
                made = self.sudo().create(
                    self._statement_vals(
                        statement.partner_id, statement.company_id, statement.date_from,
                        statement.date_to, 0.0, [], [],
                    )
                )  # fmt: skip
            made.sudo().write({"version": statement.version + 1, "previous_id": statement.id})
            statement.sudo().write({"state": "replaced"})
            statement.message_post(
                body=self.env._("Replaced by version %(version)s: %(name)s",
                                version=made.version, name=made.name)
            )  # fmt: skip
            new |= made
        return new._action_open()

    def _action_open(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_mgmt_credit.customer_statement_action"
        )
        if len(self) == 1:
            action.update(res_id=self.id, view_mode="form", views=[(False, "form")])
        else:
            action["domain"] = [("id", "in", self.ids)]
        return action
