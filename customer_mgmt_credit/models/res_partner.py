import math
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

CREDIT_MANAGER = "customer_mgmt_credit.customer_credit_group_manager"
CREDIT_CONTROLLER = "customer_mgmt_credit.customer_credit_group_controller"
# Fields only credit managers change; hold fields only credit controllers (through
# the hold wizard). Checked in write(), whatever the view says.
MANAGER_FIELDS = {
    "credit_limit",
    "credit_limit_manual",
    "credit_grade_override_id",
    "credit_grade_override_reason",
}
CONTROLLER_FIELDS = {"credit_hold", "credit_hold_reason", "credit_hold_date", "credit_hold_user_id"}
# The fields the credit figures are read from, flushed before their query runs.
FIGURES_DEPENDS = {
    "res.partner": ["commercial_partner_id"],
    "account.account": ["account_type"],
    "account.move.line": [
        "amount_residual", "date_maturity", "date", "parent_state", "account_id",
        "company_id", "reconciled", "partner_id", "move_id",
    ],
    "account.move": [
        "amount_total_signed", "amount_untaxed_signed", "state", "invoice_date",
        "invoice_date_due", "payment_state", "move_type", "company_id", "partner_id",
    ],
    "account.partial.reconcile": ["debit_move_id", "credit_move_id"],
    "sale.order": [
        "amount_total", "amount_untaxed", "currency_rate", "state", "company_id", "partner_id",
    ],
    "sale.order.line": ["untaxed_amount_to_invoice", "order_id", "invoice_lines"],
}  # fmt: skip


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Grade and score (per company, set by the grade computation)
    credit_grade_id = fields.Many2one(
        "customer.credit.grade",
        company_dependent=True,
        tracking=True,
        help="The computed grade, unless a credit manager overrode it.",
    )
    credit_grade_computed_id = fields.Many2one(
        "customer.credit.grade", string="Computed Grade", company_dependent=True
    )
    credit_grade_override_id = fields.Many2one(
        "customer.credit.grade", string="Grade Override", company_dependent=True, tracking=True
    )
    credit_grade_override_reason = fields.Text(
        string="Override Reason", company_dependent=True, tracking=True
    )
    credit_score = fields.Float(digits=(16, 1), company_dependent=True)
    credit_score_date = fields.Date(string="Scored On", company_dependent=True)
    credit_score_line_ids = fields.One2many(
        "customer.credit.score.line",
        "partner_id",
        string="Score Details",
        domain=lambda self: [("company_id", "=", self.env.company.id)],
    )
    credit_limit_manual = fields.Boolean(
        string="Limit Set by Hand",
        company_dependent=True,
        help="Keep the credit limit when grades are recomputed.",
    )
    credit_financial_rating = fields.Selection(
        [("1", "1 - Weak"), ("2", "2"), ("3", "3 - Average"), ("4", "4"), ("5", "5 - Strong")],
        string="Financial Rating",
        help="Manual rating of the customer's financial statements, bank references...",
    )
    credit_on_time_ratio = fields.Float(
        string="Paid On Time (%)", digits=(16, 1), company_dependent=True
    )
    credit_avg_days_late = fields.Float(
        string="Average Days Late", digits=(16, 1), company_dependent=True
    )
    credit_avg_days_to_pay = fields.Float(
        string="Average Days to Pay",
        digits=(16, 1),
        company_dependent=True,
        help="From invoice date to payment, invoices due in the last 12 months.",
    )
    credit_monthly_sales = fields.Float(
        string="Average Monthly Sales", company_dependent=True, help="Last 12 months."
    )

    # Live figures, in the company's currency
    credit_currency_id = fields.Many2one("res.currency", compute="_compute_credit_figures")
    credit_receivable = fields.Monetary(
        string="Open Receivables",
        compute="_compute_credit_figures",
        currency_field="credit_currency_id",
    )
    credit_orders_to_invoice = fields.Monetary(
        string="Confirmed, Not Invoiced",
        compute="_compute_credit_figures",
        currency_field="credit_currency_id",
    )
    credit_draft_invoices = fields.Monetary(
        string="Draft Invoices",
        compute="_compute_credit_figures",
        currency_field="credit_currency_id",
    )
    credit_exposure = fields.Monetary(
        compute="_compute_credit_figures", currency_field="credit_currency_id"
    )
    credit_available = fields.Monetary(
        string="Available Credit",
        compute="_compute_credit_figures",
        currency_field="credit_currency_id",
    )
    credit_overdue_amount = fields.Monetary(
        string="Overdue", compute="_compute_credit_figures", currency_field="credit_currency_id"
    )
    credit_oldest_overdue_days = fields.Integer(
        string="Oldest Overdue (Days)", compute="_compute_credit_figures"
    )
    credit_receivable_sales_ratio = fields.Float(
        string="Receivables / Sales (%)",
        compute="_compute_credit_figures",
        digits=(16, 1),
        help="Open receivables against the last 12 months' invoiced sales (seed 003).",
    )

    # Hold (per company)
    credit_hold = fields.Boolean(string="On Credit Hold", company_dependent=True, tracking=True)
    credit_hold_reason = fields.Text(string="Hold Reason", company_dependent=True)
    credit_hold_date = fields.Datetime(string="Held Since", company_dependent=True)
    credit_hold_user_id = fields.Many2one("res.users", string="Held By", company_dependent=True)

    credit_event_ids = fields.One2many(
        "customer.credit.event", "partner_id", string="Credit Events"
    )

    # Collection agreement (seed 000: when, where, how the customer settles)
    collection_days = fields.Char(
        string="Settlement Days", help="Days of the month the customer settles, e.g. 5, 20."
    )
    collection_place = fields.Selection(
        [
            ("customer_finance", "Customer's Finance Department"),
            ("bank_transfer", "Bank Transfer"),
            ("our_office", "Our Office"),
            ("on_delivery", "On Delivery"),
        ],
        string="Settlement Place",
    )
    collection_method = fields.Selection(
        [
            ("cash", "Cash"),
            ("cheque", "Cheque"),
            ("transfer", "Bank Transfer"),
            ("acceptance_bill", "Bank Acceptance Bill"),
        ],
        string="Settlement Method",
    )
    collection_signed_on = fields.Date(string="Agreement Signed On")
    collection_document = fields.Binary(string="Signed Agreement", attachment=True)
    collection_document_name = fields.Char()
    collection_note = fields.Text(string="Collection Notes")

    # ------------------------------------------------------------ figures (SQL)

    @api.model
    def _get_credit_flush_sql(self):
        """Empty SQL that makes the ORM flush what the credit queries read."""
        return SQL().join(
            SQL(to_flush=self.env[model]._fields[fname])
            for model, fnames in FIGURES_DEPENDS.items()
            for fname in fnames
        )

    @api.model
    def _get_credit_figures_sql(self, company, today, ids=None):
        """The query of receivables, overdue, confirmed-not-invoiced orders, draft
        invoices and the last 12 months' sales per commercial partner (column ``id``),
        child contacts included, in the company's currency. Only partners with any
        of these figures have a row. ``ids``: these commercial partners, else all."""
        partners = SQL("commercial_partner_id IN %s", tuple(ids)) if ids else SQL("TRUE")
        return SQL(
            """%(flush)s
            WITH parts AS (
                SELECT id, commercial_partner_id AS cp FROM res_partner WHERE %(partners)s
            ), recv AS (
                SELECT parts.cp, SUM(l.amount_residual) AS receivable,
                       SUM(l.amount_residual) FILTER (
                           WHERE l.date_maturity < %(today)s AND l.amount_residual > 0) AS overdue,
                       MIN(l.date_maturity) FILTER (
                           WHERE l.date_maturity < %(today)s AND l.amount_residual > 0) AS oldest
                  FROM account_move_line l
                  JOIN parts ON parts.id = l.partner_id
                  JOIN account_account a ON a.id = l.account_id
                 WHERE l.parent_state = 'posted' AND a.account_type = 'asset_receivable'
                   AND l.company_id = %(company)s AND NOT l.reconciled
                 GROUP BY parts.cp
            ), orders AS (
                SELECT parts.cp,
                       SUM(sol.untaxed_amount_to_invoice
                           * so.amount_total / NULLIF(so.amount_untaxed, 0)
                           / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS to_invoice
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN parts ON parts.id = so.partner_id
                 WHERE so.state = 'sale' AND so.company_id = %(company)s
                   AND sol.untaxed_amount_to_invoice > 0
                 GROUP BY parts.cp
            ), moves AS (
                -- draft invoices made from orders are already in their order's amount
                SELECT parts.cp,
                       SUM(m.amount_total_signed) FILTER (
                           WHERE m.state = 'draft' AND NOT EXISTS (
                               SELECT 1 FROM account_move_line ml
                                 JOIN sale_order_line_invoice_rel rel
                                      ON rel.invoice_line_id = ml.id
                                WHERE ml.move_id = m.id)) AS draft,
                       SUM(m.amount_untaxed_signed) FILTER (
                           WHERE m.state = 'posted' AND m.invoice_date > %(year_ago)s) AS sales
                  FROM account_move m
                  JOIN parts ON parts.id = m.partner_id
                 WHERE m.move_type IN ('out_invoice', 'out_refund')
                   AND m.company_id = %(company)s AND m.state IN ('draft', 'posted')
                 GROUP BY parts.cp
            )
            SELECT COALESCE(r.cp, o.cp, m.cp) AS id,
                   COALESCE(r.receivable, 0) AS receivable,
                   COALESCE(r.overdue, 0) AS overdue, r.oldest,
                   COALESCE(o.to_invoice, 0) AS to_invoice,
                   COALESCE(m.draft, 0) AS draft, COALESCE(m.sales, 0) AS sales
              FROM recv r
              FULL JOIN orders o ON o.cp = r.cp
              FULL JOIN moves m ON m.cp = COALESCE(r.cp, o.cp)
            """,
            flush=self._get_credit_flush_sql(),
            partners=partners,
            today=today,
            year_ago=today - timedelta(days=365),
            company=company.id,
        )

    def _get_credit_figures(self, company, today=None):
        """The credit figures of these partners' commercial partners, as
        {commercial partner id: {figure: value}}: one query for any number of
        partners. Partners without any figure are left out."""
        ids = {pid for pid in self.commercial_partner_id.ids if pid}
        if not ids:
            return {}
        today = today or fields.Date.context_today(self)
        rows = self.env.execute_query_dict(self._get_credit_figures_sql(company, today, ids))
        figures = {}
        for row in rows:
            row["exposure"] = row["receivable"] + row["to_invoice"] + row["draft"]
            row["oldest_days"] = (today - row["oldest"]).days if row["oldest"] else 0
            figures[row["id"]] = row
        return figures

    @api.model
    def _get_credit_overview_sql(self, company, today):
        """One row per commercial partner with credit figures, a limit, a grade or
        a hold in ``company``: its grade, limit, hold, exposure, available credit,
        overdue and oldest overdue days. Used by the credit overview report and the
        alerts, so both read the same figures as the check."""
        # The SQL of company-dependent fields; the limit is an accounting field,
        # the overview only exposes it to the report's own readers.
        Partner = self.sudo().with_company(company)
        limit = Partner._field_to_sql("p", "credit_limit")
        grade = Partner._field_to_sql("p", "credit_grade_id")
        hold = Partner._field_to_sql("p", "credit_hold")
        return SQL(
            """
            WITH figures AS (%(figures)s)
            SELECT p.id AS id, p.id AS partner_id, %(company)s AS company_id,
                   comp.currency_id AS currency_id, p.user_id AS user_id,
                   %(grade)s AS credit_grade_id,
                   COALESCE(%(limit)s, 0) AS credit_limit,
                   COALESCE(%(hold)s, FALSE) AS credit_hold,
                   COALESCE(f.receivable, 0) AS receivable,
                   COALESCE(f.to_invoice, 0) + COALESCE(f.draft, 0) AS not_invoiced,
                   COALESCE(f.receivable + f.to_invoice + f.draft, 0) AS exposure,
                   CASE WHEN COALESCE(%(limit)s, 0) > 0
                        THEN %(limit)s - COALESCE(f.receivable + f.to_invoice + f.draft, 0)
                        ELSE 0 END AS available,
                   COALESCE(f.overdue, 0) AS overdue,
                   COALESCE(%(today)s::date - f.oldest, 0) AS oldest_overdue_days,
                   COALESCE(f.sales, 0) AS sales
              FROM res_partner p
              JOIN res_company comp ON comp.id = %(company)s
              LEFT JOIN figures f ON f.id = p.id
             WHERE p.id = p.commercial_partner_id
               AND (f.id IS NOT NULL OR COALESCE(%(limit)s, 0) > 0
                    OR %(grade)s IS NOT NULL OR COALESCE(%(hold)s, FALSE))
            """,
            figures=self._get_credit_figures_sql(company, today),
            company=company.id,
            today=today,
            limit=limit,
            grade=grade,
            hold=hold,
        )

    @api.depends_context("company")
    def _compute_credit_figures(self):
        company = self.env.company
        figures = self._get_credit_figures(company)
        for partner in self:
            row = figures.get(partner.commercial_partner_id.id, {})
            commercial = partner.commercial_partner_id
            exposure = row.get("exposure", 0.0)
            partner.credit_currency_id = company.currency_id
            partner.credit_receivable = row.get("receivable", 0.0)
            partner.credit_orders_to_invoice = row.get("to_invoice", 0.0)
            partner.credit_draft_invoices = row.get("draft", 0.0)
            partner.credit_exposure = exposure
            limit = commercial._get_credit_limit()
            partner.credit_available = limit - exposure if limit else 0.0
            partner.credit_overdue_amount = row.get("overdue", 0.0)
            partner.credit_oldest_overdue_days = row.get("oldest_days", 0)
            sales = row.get("sales", 0.0)
            partner.credit_receivable_sales_ratio = (
                100 * row.get("receivable", 0.0) / sales if sales > 0 else 0.0
            )

    # --------------------------------------------------------------- the rules

    def _get_credit_limit(self):
        """The limit in the current company. Everyone subject to the check may know
        it; Odoo restricts the field to accounting users, hence sudo."""
        self.ensure_one()
        return self.sudo().credit_limit

    def _credit_rules_apply(self):
        """Whether the credit check applies to this commercial partner in the current
        company: a limit, a hold or a grade. Otherwise standard Odoo behaviour."""
        self.ensure_one()
        return bool(self._get_credit_limit() or self.credit_hold or self.credit_grade_id)

    def _get_credit_block_reasons(self, figures, amount=0.0, check_prepayment=False):
        """The reasons to refuse an operation of ``amount`` (company currency) for
        this commercial partner, as {code: message}."""
        self.ensure_one()
        currency = self.env.company.currency_id
        fmt = lambda value: currency.format(value)  # noqa: E731
        grade = self.credit_grade_id
        reasons = {}
        if self.credit_hold and self.credit_hold_date:
            reasons["hold"] = _(
                "%(customer)s is on credit hold since %(date)s: %(reason)s",
                customer=self.display_name,
                date=fields.Date.to_string(fields.Datetime.to_datetime(self.credit_hold_date)),
                reason=self.credit_hold_reason or "",
            )
        elif self.credit_hold:
            reasons["hold"] = _(
                "%(customer)s is on credit hold: %(reason)s",
                customer=self.display_name,
                reason=self.credit_hold_reason or "",
            )
        exposure = figures.get("exposure", 0.0)
        limit = self._get_credit_limit()
        if limit and exposure + amount > limit:
            reasons["limit"] = _(
                "Credit limit %(limit)s exceeded: exposure %(exposure)s + this %(amount)s "
                "= %(total)s.",
                limit=fmt(limit),
                exposure=fmt(exposure),
                amount=fmt(amount),
                total=fmt(exposure + amount),
            )
        oldest = figures.get("oldest_days", 0)
        if grade and oldest > grade.overdue_tolerance_days:
            reasons["overdue"] = _(
                "%(overdue)s overdue, the oldest for %(days)s days (grade %(grade)s "
                "tolerates %(tolerance)s days).",
                overdue=fmt(figures.get("overdue", 0.0)),
                days=oldest,
                grade=grade.name,
                tolerance=grade.overdue_tolerance_days,
            )
        if check_prepayment and grade.prepayment_required and exposure + amount > 0:
            reasons["prepayment"] = _(
                "Grade %(grade)s requires payment before delivery: advance payments do not "
                "cover this order (%(missing)s missing).",
                grade=grade.name,
                missing=fmt(exposure + amount),
            )
        return reasons

    def _get_credit_block_message(self, document, reasons):
        managers = self.env.ref(CREDIT_MANAGER).sudo().users.filtered("active")
        return _(
            "%(document)s is blocked by credit control:\n%(reasons)s\n"
            "A credit manager (%(managers)s) can release it.",
            document=document,
            reasons="\n".join(f"- {message}" for message in reasons.values()),
            managers=", ".join(managers[:3].mapped("name")) or _("none defined"),
        )

    # ------------------------------------------------------------ protections

    def write(self, vals):
        if not self.env.su:
            if MANAGER_FIELDS & set(vals) and not self.env.user.has_group(CREDIT_MANAGER):
                raise AccessError(_("Only credit managers can change credit limits and grades."))
            if CONTROLLER_FIELDS & set(vals) and not self.env.user.has_group(CREDIT_CONTROLLER):
                raise AccessError(_("Only credit controllers can put customers on hold."))
        res = super().write(vals)
        if {"credit_grade_override_id", "credit_grade_override_reason"} & set(vals):
            for partner in self:
                partner.sudo().credit_grade_id = (
                    partner.credit_grade_override_id or partner.credit_grade_computed_id
                )
        return res

    @api.constrains("credit_grade_override_id", "credit_grade_override_reason")
    def _check_grade_override_reason(self):
        for partner in self:
            if (
                partner.credit_grade_override_id
                and not (partner.credit_grade_override_reason or "").strip()
            ):
                raise ValidationError(_("Overriding the credit grade needs a reason."))

    # ----------------------------------------------------- grade computation

    def _get_payment_behaviour(self, company, today):
        """Number of paid invoices due in the last 12 months, on-time ratio, average
        days late and average days to pay, per commercial partner: one query."""
        ids = tuple(self.ids)
        rows = self.env.execute_query(
            SQL(
                """%(flush)s
            WITH paid AS (
                SELECT p.commercial_partner_id AS cp, m.id, m.invoice_date_due AS due,
                       m.invoice_date, MAX(cl.date) AS paid_on
                  FROM account_move m
                  JOIN res_partner p ON p.id = m.partner_id
                  JOIN account_move_line dl ON dl.move_id = m.id
                  JOIN account_account a ON a.id = dl.account_id
                       AND a.account_type = 'asset_receivable'
                  JOIN account_partial_reconcile pr ON pr.debit_move_id = dl.id
                  JOIN account_move_line cl ON cl.id = pr.credit_move_id
                 WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                   AND m.payment_state IN ('paid', 'in_payment')
                   AND m.company_id = %(company)s AND m.invoice_date_due > %(year_ago)s
                   AND p.commercial_partner_id IN %(ids)s
                 GROUP BY p.commercial_partner_id, m.id, m.invoice_date_due, m.invoice_date
            )
            SELECT cp, COUNT(*), AVG((paid_on <= due)::int) * 100,
                   AVG(GREATEST(paid_on - due, 0)),
                   AVG(GREATEST(paid_on - COALESCE(invoice_date, due), 0))
              FROM paid GROUP BY cp
            """,
                flush=self._get_credit_flush_sql(),
                ids=ids,
                company=company.id,
                year_ago=today - timedelta(days=365),
            )
        )
        return {row[0]: row[1:] for row in rows}

    def _credit_factor_scores(self, figures, behaviour, today):
        """Each factor's (measured value, score 0-100), None when unknown."""
        self.ensure_one()
        count, on_time, late, _to_pay = behaviour.get(self.id, (0, None, None, None))
        cooperation = self.cooperation_start
        factors = {
            "on_time": (f"{on_time:.0f}%", on_time) if count else None,
            "delay": (f"{late:.1f} d", max(0.0, 100 - 2 * late)) if count else None,
            "overdue": (
                f"{figures.get('oldest_days', 0)} d",
                max(0.0, 100.0 - figures.get("oldest_days", 0)),
            ),
            "revenue": (
                self.dossier_currency_id.format(self.annual_revenue),
                min(100.0, 20 * math.log10(self.annual_revenue / 10_000))
                if self.annual_revenue > 10_000
                else 0.0,
            )
            if self.annual_revenue
            else None,
            "rating": (self.credit_financial_rating, (int(self.credit_financial_rating) - 1) * 25)
            if self.credit_financial_rating
            else None,
            "cooperation": (
                f"{(today - cooperation).days / 365:.1f} y",
                min(100.0, 20 * (today - cooperation).days / 365),
            )
            if cooperation
            else None,
            "dossier": (f"{self.dossier_completeness}%", float(self.dossier_completeness)),
        }
        return factors

    def action_compute_credit_grade(self):
        """Score, grade, limit and terms of these customers in the current company,
        set-based: a fixed number of queries for the whole set."""
        company = self.env.company
        company._check_credit_weights()
        weights = company._get_credit_weights()
        today = fields.Date.context_today(self)
        partners = self.commercial_partner_id.with_company(company)
        figures = partners._get_credit_figures(company, today)
        behaviour = partners._get_payment_behaviour(company, today)
        Grade = self.env["customer.credit.grade"]
        self.env["customer.credit.score.line"].sudo().search(
            [("partner_id", "in", partners.ids), ("company_id", "=", company.id)]
        ).unlink()
        lines = []
        downgrades = {}
        for partner in partners:
            factors = partner._credit_factor_scores(figures.get(partner.id, {}), behaviour, today)
            known = {k: v for k, v in factors.items() if v is not None and weights[k]}
            total_weight = sum(weights[k] for k in known)
            score = (
                sum(weights[k] * known[k][1] for k in known) / total_weight if total_weight else 0
            )
            for factor, (value, factor_score) in known.items():
                weight = 100 * weights[factor] / total_weight
                lines.append({
                    "partner_id": partner.id, "company_id": company.id, "factor": factor,
                    "value": value, "score": factor_score, "weight": weight,
                    "contribution": factor_score * weight / 100,
                })  # fmt: skip
            grade = Grade._grade_for_score(score, company)
            count = behaviour.get(partner.id, (0, 0, 0, 0))
            vals = {
                "credit_score": score,
                "credit_score_date": today,
                "credit_grade_computed_id": grade.id,
                "credit_grade_id": (partner.credit_grade_override_id or grade).id,
                "credit_on_time_ratio": count[1] or 0.0,
                "credit_avg_days_late": count[2] or 0.0,
                "credit_avg_days_to_pay": count[3] or 0.0,
                "credit_monthly_sales": figures.get(partner.id, {}).get("sales", 0.0) / 12,
            }
            effective = partner.credit_grade_override_id or grade
            previous = partner.credit_grade_id
            if previous and effective and effective.min_score < previous.min_score:
                downgrades[partner.id, "downgrade"] = {
                    "description": _(
                        "Credit grade lowered from %(old)s to %(new)s (score %(score)s).",
                        old=previous.name,
                        new=effective.name,
                        score=round(score, 1),
                    )
                }
            if effective and not partner.credit_limit_manual:
                vals["credit_limit"] = effective._get_limit(vals["credit_monthly_sales"])
            if effective.payment_term_id:
                vals["property_payment_term_id"] = effective.payment_term_id.id
            partner.sudo().write(vals)
        self.env["customer.credit.score.line"].sudo().create(lines)
        if downgrades:
            self.env["customer.credit.alert"].sudo()._raise_alerts(
                company, downgrades, ["downgrade"], close=False
            )
        return True

    @api.model
    def _cron_compute_credit_grades(self, batch_size=500):
        """All customers with sales, per company, in committed batches: customers
        scored today are skipped, so a crash resumes and a rerun changes nothing."""
        today = fields.Date.context_today(self)
        # Companies are few: loading them all is intended.
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            Partner = self.with_company(company)
            todo = Partner.search([
                ("parent_id", "=", False),
                ("sale_order_ids.state", "=", "sale"),
                "|", ("credit_score_date", "=", False), ("credit_score_date", "<", today),
            ])  # fmt: skip
            batch = todo[:batch_size]
            batch.action_compute_credit_grade()
            remaining = len(todo) - len(batch)
            self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
            if remaining:
                return
