from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

CREDIT_MANAGER = "customer_mgmt_credit.customer_credit_group_manager"
CREDIT_CONTROLLER = "customer_mgmt_credit.customer_credit_group_controller"

# The fields the credit figures are read from: flushed before their query runs,
# and the _depends of the reports built on them.
FIGURES_DEPENDS = {
    "res.partner": ["commercial_partner_id"],
    "account.account": ["account_type"],
    "account.move.line": [
        "amount_residual", "date_maturity", "date", "parent_state", "account_id",
        "company_id", "reconciled", "partner_id", "move_id", "price_total",
    ],
    "account.move": [
        "amount_total_signed", "amount_untaxed_signed", "state", "invoice_date",
        "invoice_date_due", "payment_state", "move_type", "company_id", "partner_id",
    ],
    "account.partial.reconcile": ["debit_move_id", "credit_move_id"],
    "sale.order": ["currency_rate", "state", "company_id", "partner_invoice_id"],
    "sale.order.line": [
        "order_id", "invoice_lines", "price_total", "price_reduce_taxinc", "product_uom_qty",
        "qty_delivered", "is_downpayment", "display_type",
    ],
}  # fmt: skip

# The rules a check applies, in the order their reasons are listed.
REASON_ORDER = ("hold", "limit", "overdue", "prepayment")


class CreditCheck:
    """The result of one credit check: why an operation of ``amount`` (company
    currency) for a commercial partner is refused (``reason_data``: {code:
    values}, empty when it may go on), with the figures and the limit it was
    judged on."""

    def __init__(self, partner, company, amount=0.0, reason_data=None, figures=None, limit=None):
        self.partner = partner
        self.company = company
        self.amount = amount
        self.reason_data = reason_data or {}
        self.figures = figures or {}
        self.limit = limit

    def __bool__(self):
        """True when the check blocks."""
        return bool(self.reason_data)

    @property
    def reasons(self):
        """{code: message} in the language of the user checked."""
        return self.partner.env["customer.credit.engine"]._render_reasons(
            self.reason_data, self.company.currency_id
        )

    @property
    def exposure(self):
        return self.figures.get("exposure", 0.0)

    def message(self, document):
        """The refusal as the user reads it, naming ``document`` and who releases."""
        env = self.partner.env
        managers = (
            env.ref(CREDIT_MANAGER)
            .sudo()
            .users.filtered(
                lambda user: user.active and not user.share and self.company in user.company_ids
            )
        )
        return env._(
            "%(document)s is blocked by credit control:\n%(reasons)s\n"
            "A credit manager (%(managers)s) can release it.",
            document=document,
            reasons="\n".join(f"- {message}" for message in self.reasons.values()),
            managers=", ".join(managers[:3].mapped("name")) or env._("none defined"),
        )


class CustomerCreditEngine(models.AbstractModel):
    """What a customer owes and may still owe (the exposure), and the one check
    that every operation raising it or shipping goods goes through: order
    confirmation (one or many), changes to confirmed orders, deliveries, the
    banners and the credit desk's queue."""

    _name = "customer.credit.engine"
    _description = "Customer Credit Engine"

    # ---------------------------------------------------------------- exposure

    @api.model
    def _get_exposure_parts(self):
        """The parts of the exposure, each a method ``_exposure_sql_<part>`` giving
        (cp, amount) rows: a later addon adds a part by extending this list."""
        return ["receivable", "orders", "draft_invoices"]

    @api.model
    def _exposure_sql_receivable(self, company, partners, today):
        """Posted, unreconciled receivable lines: invoices not yet paid, minus
        credit notes and payments not yet matched (advance payments)."""
        return SQL(
            """SELECT parts.cp, SUM(l.amount_residual) AS amount
                 FROM account_move_line l
                 JOIN %(partners)s parts ON parts.id = l.partner_id
                 JOIN account_account a ON a.id = l.account_id
                WHERE l.parent_state = 'posted' AND a.account_type = 'asset_receivable'
                  AND l.company_id = %(company)s AND NOT l.reconciled
                GROUP BY parts.cp""",
            partners=partners,
            company=company.id,
        )

    @api.model
    def _exposure_sql_orders(self, company, partners, today):
        """Confirmed orders, tax included, by the quantity ordered (or delivered,
        if more) whatever the invoice policy, less what is already on an invoice
        (draft or posted: drafts are their own part). Valued from the line's total,
        not its rounded unit price (with a discount or a price including tax, unit
        price x quantity misses the total by cents). A down payment line counts
        minus what was invoiced as down payment, so the down payment is counted
        once, in the receivables or the draft invoices. Keyed on the invoiced
        customer of the order."""
        return SQL(
            """SELECT parts.cp, SUM(CASE
                       WHEN sol.is_downpayment THEN -COALESCE(inv.amount, 0)
                       WHEN sol.product_uom_qty > 0
                       THEN GREATEST(sol.price_total
                                     * GREATEST(sol.product_uom_qty, sol.qty_delivered)
                                     / sol.product_uom_qty - COALESCE(inv.amount, 0), 0)
                       ELSE GREATEST(sol.price_reduce_taxinc * sol.qty_delivered
                                     - COALESCE(inv.amount, 0), 0)
                       END / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
                 FROM sale_order_line sol
                 JOIN sale_order so ON so.id = sol.order_id
                 JOIN %(partners)s parts ON parts.id = so.partner_invoice_id
                 LEFT JOIN LATERAL (
                     SELECT SUM(CASE WHEN m.move_type = 'out_refund' THEN -aml.price_total
                                     ELSE aml.price_total END) AS amount
                       FROM sale_order_line_invoice_rel rel
                       JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                       JOIN account_move m ON m.id = aml.move_id
                      WHERE rel.order_line_id = sol.id AND m.state != 'cancel'
                 ) inv ON TRUE
                WHERE so.state = 'sale' AND so.company_id = %(company)s
                  AND sol.display_type IS NULL
                GROUP BY parts.cp""",
            partners=partners,
            company=company.id,
        )

    @api.model
    def _exposure_sql_draft_invoices(self, company, partners, today):
        """Draft customer invoices; draft credit notes never lower the exposure
        (anybody can draft one)."""
        return SQL(
            """SELECT parts.cp, SUM(m.amount_total_signed) AS amount
                 FROM account_move m
                 JOIN %(partners)s parts ON parts.id = m.partner_id
                WHERE m.move_type = 'out_invoice' AND m.state = 'draft'
                  AND m.company_id = %(company)s
                GROUP BY parts.cp""",
            partners=partners,
            company=company.id,
        )

    @api.model
    def _get_flush_sql(self):
        """Empty SQL that makes the ORM flush what the credit queries read."""
        return SQL().join(
            SQL(to_flush=self.env[model]._fields[fname])
            for model, fnames in FIGURES_DEPENDS.items()
            for fname in fnames
        )

    @api.model
    def _get_figures_sql(self, company, today, ids=None):
        """One row per commercial partner (column ``id``) with any figure: each
        exposure part as a column, ``exposure`` their sum, ``overdue`` and its
        ``oldest`` due date, and ``sales``, the last 12 months' invoiced sales,
        child contacts included, in the company's currency. ``ids``: these
        commercial partners, else all."""
        where = SQL("commercial_partner_id IN %s", tuple(ids)) if ids else SQL("TRUE")
        partners = SQL.identifier("parts")
        parts = self._get_exposure_parts()
        ctes = SQL(", ").join(
            SQL(
                "%s AS (%s)",
                SQL.identifier(f"part_{part}"),
                getattr(self, f"_exposure_sql_{part}")(company, partners, today),
            )
            for part in parts
        )
        columns = SQL(", ").join(
            SQL(
                "COALESCE(%s, 0) AS %s",
                SQL.identifier(f"part_{part}", "amount"),
                SQL.identifier(part),
            )
            for part in parts
        )
        joins = SQL(" ").join(
            SQL(
                "LEFT JOIN %s ON %s = cps.cp",
                SQL.identifier(f"part_{part}"),
                SQL.identifier(f"part_{part}", "cp"),
            )
            for part in parts
        )
        union = SQL(" UNION ").join(
            SQL("SELECT cp FROM %s", SQL.identifier(f"part_{part}")) for part in parts
        )
        return SQL(
            """%(flush)s
            WITH parts AS (
                SELECT id, commercial_partner_id AS cp FROM res_partner WHERE %(where)s
            ), %(ctes)s, overdue AS (
                SELECT parts.cp,
                       SUM(l.amount_residual) AS overdue, MIN(l.date_maturity) AS oldest
                  FROM account_move_line l
                  JOIN parts ON parts.id = l.partner_id
                  JOIN account_account a ON a.id = l.account_id
                 WHERE l.parent_state = 'posted' AND a.account_type = 'asset_receivable'
                   AND l.company_id = %(company)s AND NOT l.reconciled
                   AND l.date_maturity < %(today)s AND l.amount_residual > 0
                 GROUP BY parts.cp
            ), sales AS (
                SELECT parts.cp, SUM(m.amount_untaxed_signed) AS sales,
                       COUNT(*) FILTER (WHERE m.move_type = 'out_invoice') AS invoice_count
                  FROM account_move m
                  JOIN parts ON parts.id = m.partner_id
                 WHERE m.move_type IN ('out_invoice', 'out_refund') AND m.state = 'posted'
                   AND m.company_id = %(company)s AND m.invoice_date > %(year_ago)s
                 GROUP BY parts.cp
            ), cps AS (
                %(union)s UNION SELECT cp FROM overdue UNION SELECT cp FROM sales
            ), result AS (
                SELECT cps.cp AS id, %(columns)s,
                       COALESCE(o.overdue, 0) AS overdue, o.oldest,
                       COALESCE(s.sales, 0) AS sales,
                       COALESCE(s.invoice_count, 0) AS invoice_count
                  FROM cps %(joins)s
                  LEFT JOIN overdue o ON o.cp = cps.cp
                  LEFT JOIN sales s ON s.cp = cps.cp
            )
            SELECT result.*, %(total)s AS exposure FROM result
            """,
            flush=self._get_flush_sql(),
            where=where,
            ctes=ctes,
            union=union,
            columns=columns,
            joins=joins,
            total=SQL(" + ").join(SQL.identifier("result", part) for part in parts),
            today=today,
            year_ago=today - timedelta(days=365),
            company=company.id,
        )

    @api.model
    def _get_figures(self, partners, company, today=None):
        """The credit figures of these partners' commercial partners, as
        {commercial partner id: {figure: value}}: one query for any number of
        partners. Partners without any figure are left out."""
        ids = {pid for pid in partners.commercial_partner_id.ids if pid}
        if not ids:
            return {}
        today = today or fields.Date.context_today(self)
        rows = self.env.execute_query_dict(self._get_figures_sql(company, today, ids))
        for row in rows:
            row["oldest_days"] = (today - row["oldest"]).days if row["oldest"] else 0
        return {row["id"]: row for row in rows}

    # ------------------------------------------------------------------- check

    @api.model
    def _rules_apply(self, partner, company):
        """Whether credit control applies to this commercial partner in ``company``:
        switched on for the company, and a limit, a hold or a grade. Otherwise
        standard Odoo behaviour."""
        if not company.credit_control_active:
            return False
        partner = partner.sudo().with_company(company)
        return bool(partner.credit_limited or partner.credit_hold or partner.credit_grade_id)

    @api.model
    def _get_policy(self, customer, proposed=False):
        """(grade, limit or None) of a commercial partner (sudo, in its company):
        in force, or ``proposed`` by the last grade computation (go-live preview:
        a limit set by hand is kept)."""
        if not proposed:
            return customer.credit_grade_id, (
                customer.credit_limit if customer.credit_limited else None
            )
        grade = customer.credit_grade_override_id or customer.credit_grade_computed_id
        if customer.credit_limited and (customer.credit_limit_manual or not grade):
            return grade, customer.credit_limit
        return grade, customer.credit_limit_proposed if grade else None

    @api.model
    def _check(self, partner, company, amount=0.0, prepayment=True, lock=True, waive=()):
        """The one credit check: may ``partner`` (any contact; its commercial
        partner is judged) take ``amount`` more exposure in ``company``? With
        ``lock``, the customer's lock row is written first, so that two concurrent
        checks for one customer are serialized (see customer.credit.lock).
        ``waive``: reason codes a release already covers."""
        partner = partner.commercial_partner_id
        if not partner or not self._rules_apply(partner, company):
            return CreditCheck(partner, company, amount)
        if lock:
            self.env["customer.credit.lock"]._acquire(partner, company)
        figures = self._get_figures(partner, company).get(partner.id, {})
        # Credit data is accounting data: the check reads it for whoever asks.
        customer = partner.sudo().with_company(company)
        grade, limit = self._get_policy(customer)
        data = self._get_reason_data(customer, company, figures, amount, grade, limit, prepayment)
        for code in waive:
            data.pop(code, None)
        return CreditCheck(partner, company, amount, data, figures, limit)

    @api.model
    def _get_reasons(self, customer, company, figures, amount, grade, limit, prepayment=True):
        """{code: message} of every rule ``customer`` breaks with ``amount`` more,
        under ``grade`` and ``limit`` (None: no limit), in the user's language."""
        data = self._get_reason_data(customer, company, figures, amount, grade, limit, prepayment)
        return self._render_reasons(data, company.currency_id)

    @api.model
    def _get_reason_data(self, customer, company, figures, amount, grade, limit, prepayment=True):
        """{code: values} of every rule broken: what a block stores, so that each
        reader gets its reasons in their own language (``_render_reasons``)."""
        exposure = figures.get("exposure", 0.0)
        rounding = company.currency_id.rounding
        data = {}
        if customer.credit_hold:
            data["hold"] = {
                "customer": customer.display_name,
                "date": customer.credit_hold_date
                and fields.Date.to_string(customer.credit_hold_date),
                "reason": customer.credit_hold_reason or "",
            }
        if limit is not None and exposure + amount - limit > rounding / 2:
            data["limit"] = {"limit": limit, "exposure": exposure, "amount": amount}
        oldest = figures.get("oldest_days", 0)
        tolerance = grade.overdue_tolerance_days if grade else company.credit_alert_overdue_days
        if (grade or limit is not None) and oldest > tolerance:
            data["overdue"] = {
                "overdue": figures.get("overdue", 0.0),
                "days": oldest,
                "grade_id": grade.id,
                "grade": grade.name,
                "tolerance": tolerance,
            }
        if prepayment and grade.prepayment_required and exposure + amount > rounding / 2:
            data["prepayment"] = {
                "grade_id": grade.id,
                "grade": grade.name,
                "missing": exposure + amount,
            }
        return data

    @api.model
    def _grade_name(self, grade_id, name=None):
        """The name of a grade stored with its ``name`` in reasons or alerts, in
        this environment's language; a grade deleted since by that ``name``."""
        grade = self.env["customer.credit.grade"].sudo().browse(grade_id).exists()
        return grade.name or name or self.env._("none")

    @api.model
    def _render_reasons_text(self, record):
        """The ``reason_data`` of ``record`` (a block or an event) as a text, a
        line per reason, in this environment's language."""
        messages = self._render_reasons(record.reason_data, record.company_id.currency_id)
        return "\n".join(messages.values()) or False

    @api.model
    def _render_reasons(self, data, currency):
        """The messages of reason ``data`` ({code: values}) in this environment's
        language; amounts in ``currency``. Code ``text``: a text kept as written."""
        fmt = currency.format
        reasons = {}
        data = data or {}
        # stored as jsonb, which keeps no key order: the rules' order
        for code in sorted(data, key=lambda c: REASON_ORDER.index(c) if c in REASON_ORDER else -1):
            values = data[code]
            if code == "hold" and values.get("date"):
                reasons[code] = self.env._(
                    "%(customer)s is on credit hold since %(date)s: %(reason)s", **values
                )
            elif code == "hold":
                reasons[code] = self.env._(
                    "%(customer)s is on credit hold: %(reason)s",
                    customer=values["customer"],
                    reason=values["reason"],
                )
            elif code == "limit":
                reasons[code] = self.env._(
                    "Credit limit %(limit)s exceeded: exposure %(exposure)s + this %(amount)s "
                    "= %(total)s.",
                    limit=fmt(values["limit"]),
                    exposure=fmt(values["exposure"]),
                    amount=fmt(values["amount"]),
                    total=fmt(values["exposure"] + values["amount"]),
                )
            elif code == "overdue":
                reasons[code] = self.env._(
                    "%(overdue)s overdue, the oldest for %(days)s days (grade %(grade)s "
                    "tolerates %(tolerance)s days).",
                    overdue=fmt(values["overdue"]),
                    days=values["days"],
                    grade=self._grade_name(values.get("grade_id"), values.get("grade")),
                    tolerance=values["tolerance"],
                )
            elif code == "prepayment":
                reasons[code] = self.env._(
                    "Grade %(grade)s requires payment before delivery: advance payments do not "
                    "cover this (%(missing)s missing).",
                    grade=self._grade_name(values.get("grade_id"), values.get("grade")),
                    missing=fmt(values["missing"]),
                )
            else:
                reasons[code] = str(values)
        return reasons
