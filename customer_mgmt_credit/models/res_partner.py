import math
from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .customer_credit_engine import CREDIT_MANAGER
from .customer_statement import STATEMENT_STATES

# Who may write which credit field, checked in write() whatever the view says.
# Set only by the grade computation (as superuser): a user who could write them
# could lift a check.
COMPUTED_FIELDS = {
    "credit_grade_id", "credit_grade_computed_id", "credit_score", "credit_score_date",
    "credit_on_time_ratio", "credit_avg_days_late", "credit_avg_days_to_pay",
    "credit_monthly_sales", "credit_limit_proposed", "credit_payment_term_proposed_id",
}  # fmt: skip
# Set by credit managers.
MANAGER_FIELDS = {
    "credit_limit", "credit_limited", "credit_limit_manual",
    "credit_grade_override_id", "credit_grade_override_reason",
}  # fmt: skip
# Set only by the daily follow-up run: a customer moved to its last level by
# hand would never be chased again.
FOLLOWUP_FIELDS = {"followup_level_id", "followup_date"}
# Set only through the hold wizard (credit controllers), so each change is audited.
HOLD_FIELDS = {
    "credit_hold", "credit_hold_reason", "credit_hold_date", "credit_hold_user_id",
    "credit_hold_until_paid",
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
    credit_limited = fields.Boolean(
        company_dependent=True,
        tracking=True,
        help="The credit limit applies: exposure may not pass it (a limit of 0 means no "
        "credit at all). Unticked: no limit.",
    )
    credit_limit_proposed = fields.Float(
        string="Proposed Limit",
        company_dependent=True,
        help="The limit the grade gives this customer, applied when credit control is "
        "switched on and the limit was not set by hand.",
    )
    credit_payment_term_proposed_id = fields.Many2one(
        "account.payment.term",
        string="Proposed Payment Terms",
        company_dependent=True,
        help="The payment terms the grade and the tier give this customer together.",
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
    credit_limit_display = fields.Monetary(
        string="Your Credit Limit",
        compute="_compute_credit_figures",
        currency_field="credit_currency_id",
        help="The limit this customer is quoted against (0 with no limit).",
    )
    credit_warning = fields.Text(compute="_compute_credit_figures")
    credit_allow_edit = fields.Boolean(compute="_compute_credit_allow_edit")
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
    credit_hold_until_paid = fields.Boolean(
        string="Hold Until Paid",
        company_dependent=True,
        help="The hold is lifted by itself when a payment brings the customer back within "
        "its limit and overdue tolerance.",
    )

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

    # Collection follow-up (per company, set by the daily run)
    followup_level_id = fields.Many2one(
        "customer.followup.level",
        string="Follow-up Level",
        company_dependent=True,
        tracking=True,
        readonly=True,
        help="The collection follow-up level the customer has reached.",
    )
    followup_date = fields.Date(string="Level Reached On", company_dependent=True, readonly=True)
    followup_step_ids = fields.One2many(
        "customer.followup.step", "partner_id", string="Follow-up Steps"
    )

    statement_ids = fields.One2many("customer.statement", "partner_id", string="Statements")
    promise_ids = fields.One2many(
        "customer.payment.promise", "partner_id", string="Promises to Pay"
    )
    statement_count = fields.Integer(compute="_compute_statement_count")
    statement_last_id = fields.Many2one(
        "customer.statement", string="Last Statement", compute="_compute_statement_count"
    )
    statement_last_state = fields.Selection(
        STATEMENT_STATES, string="Last Statement's Status", compute="_compute_statement_count"
    )

    def _compute_statement_count(self):
        groups = dict(
            self.env["customer.statement"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids), ("state", "!=", "replaced")],
                ["partner_id"],
                ["id:max"],
            )
        )
        counts = dict(
            self.env["customer.statement"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        Statement = self.env["customer.statement"]
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.statement_count = counts.get(commercial, 0)
            partner.statement_last_id = Statement.browse(groups.get(commercial))
            partner.statement_last_state = partner.statement_last_id.state

    def _collection_day_list(self):
        """The settlement days of the collection agreement, as numbers."""
        self.ensure_one()
        # a Chinese keyboard types the fullwidth comma
        days = (self.collection_days or "").replace("\uff0c", ",").split(",")
        return [int(day) for day in days if day.strip()]

    @api.constrains("collection_days")
    def _check_collection_days(self):
        for partner in self:
            try:
                days = partner._collection_day_list()
            except ValueError:
                days = [0]
            if any(not 1 <= day <= 31 for day in days):
                raise ValidationError(
                    self.env._(
                        "Settlement days are days of the month from 1 to 31, separated by "
                        "commas, e.g. 5, 20 (not '%s').",
                        partner.collection_days,
                    )
                )

    def _credit_lift_hold(self, company, reason):
        """Lift this customer's hold in ``company`` (the system: a payment), with
        the event that records it."""
        self.ensure_one()
        self.sudo().with_company(company).write({
            "credit_hold": False, "credit_hold_reason": False, "credit_hold_date": False,
            "credit_hold_user_id": False, "credit_hold_until_paid": False,
        })  # fmt: skip
        self.env["customer.credit.event"].sudo().create({
            "partner_id": self.id, "company_id": company.id, "event_type": "unhold",
            "reason": reason, "user_id": self.env.ref("base.user_root").id,
        })  # fmt: skip
        # a note on the customer, read by everyone: the company's language
        told = self.with_context(lang=company._customer_mgmt_lang()).env
        self.sudo().message_post(
            body=told._("Credit hold lifted: %s", reason), subtype_xmlid="mail.mt_note"
        )

    def action_view_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_mgmt_credit.customer_statement_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    @api.depends_context("company", "uid", "lang")
    def _compute_credit_figures(self):
        company = self.env.company
        Engine = self.env["customer.credit.engine"]
        figures = Engine._get_figures(self, company)
        for partner in self:
            commercial = partner.commercial_partner_id
            row = figures.get(commercial.id, {})
            customer = commercial.sudo().with_company(company)
            grade, limit = Engine._get_policy(customer)
            exposure = row.get("exposure", 0.0)
            partner.credit_currency_id = company.currency_id
            partner.credit_receivable = row.get("receivable", 0.0)
            partner.credit_orders_to_invoice = row.get("orders", 0.0)
            partner.credit_draft_invoices = row.get("draft_invoices", 0.0)
            partner.credit_exposure = exposure
            partner.credit_limit_display = limit or 0.0
            partner.credit_available = limit - exposure if limit is not None else 0.0
            partner.credit_overdue_amount = row.get("overdue", 0.0)
            partner.credit_oldest_overdue_days = row.get("oldest_days", 0)
            sales = row.get("sales", 0.0)
            partner.credit_receivable_sales_ratio = (
                100 * row.get("receivable", 0.0) / sales if sales > 0 else 0.0
            )
            # The banner: what would refuse an order now, from the figures read.
            reasons = {}
            if commercial.id and Engine._rules_apply(commercial, company):
                reasons = Engine._get_reasons(
                    customer, company, row, 0.0, grade, limit, prepayment=False
                )
            partner.credit_warning = "\n".join(reasons.values()) or False

    @api.depends_context("uid")
    def _compute_credit_allow_edit(self):
        self.credit_allow_edit = self.env.user.has_group(CREDIT_MANAGER)

    # ------------------------------------------------------------ protections

    @api.constrains("credit_limit")
    def _check_credit_limit(self):
        for partner in self:
            if partner.sudo().credit_limit < 0:
                raise ValidationError(
                    _(
                        "The credit limit of %(customer)s cannot be negative.",
                        customer=partner.display_name,
                    )
                )

    def _check_credit_write(self, fnames):
        """Refuse credit fields to users not entitled to them (see the field sets)."""
        if self.env.su:
            return
        if COMPUTED_FIELDS & fnames:
            raise AccessError(
                _(
                    "Credit grades and scores are set by the grade computation only; "
                    "a credit manager overrides the grade with a reason."
                )
            )
        if FOLLOWUP_FIELDS & fnames:
            raise AccessError(
                _("Follow-up levels are set by the daily collection follow-up run only.")
            )
        if HOLD_FIELDS & fnames:
            raise AccessError(
                _(
                    "Customers are put on credit hold and released from it with the Credit "
                    "Hold button, by credit controllers."
                )
            )
        if MANAGER_FIELDS & fnames and not self.env.user.has_group(CREDIT_MANAGER):
            raise AccessError(_("Only credit managers can change credit limits and grades."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # The form sends every field's empty default with a new customer: only a
            # value sets something (a limit, a grade, a hold).
            self._check_credit_write({name for name, value in vals.items() if value})
            if vals.get("credit_limit", 0) > 0 and "credit_limited" not in vals:
                vals["credit_limited"] = True
        return super().create(vals_list)

    def _check_credit_reparent(self, before):
        """A customer under credit control moved under another company would use
        that company's credit: only credit managers do that."""
        if self.env.su or self.env.user.has_group(CREDIT_MANAGER):
            return
        Engine = self.env["customer.credit.engine"]
        companies = self.env["res.company"].sudo().search([("credit_control_active", "=", True)])
        for partner, commercial in before.items():
            if partner.commercial_partner_id == commercial:
                continue
            if any(Engine._rules_apply(commercial, company) for company in companies):
                raise AccessError(
                    _(
                        "%(customer)s is under credit control: only credit managers move it "
                        "under another company.",
                        customer=commercial.display_name,
                    )
                )

    def write(self, vals):
        self._check_credit_write(set(vals))
        before = (
            {partner: partner.commercial_partner_id for partner in self}
            if {"parent_id", "is_company"} & set(vals)
            else {}
        )
        if "credit_limit" in vals and "credit_limited" not in vals and vals["credit_limit"]:
            # Typing a limit means applying it.
            vals = dict(vals, credit_limited=True)
        if "credit_limit" in vals and "credit_limit_manual" not in vals and not self.env.su:
            # A limit a person set is never replaced by the grade computation.
            vals = dict(vals, credit_limit_manual=True)
        res = super().write(vals)
        if before:
            self._check_credit_reparent(before)
        if {"credit_grade_override_id", "credit_grade_override_reason"} & set(vals):
            for partner in self:
                partner.sudo().credit_grade_id = (
                    partner.credit_grade_override_id or partner.credit_grade_computed_id
                )
            self._apply_payment_term_policy()
        return res

    @api.constrains("credit_grade_override_id", "credit_grade_override_reason")
    def _check_grade_override_reason(self):
        for partner in self:
            if (
                partner.credit_grade_override_id
                and not (partner.credit_grade_override_reason or "").strip()
            ):
                raise ValidationError(_("Overriding the credit grade needs a reason."))

    # ------------------------------------------------------ payment terms policy

    @api.model
    def _payment_term_days(self, term):
        """How long a payment term gives the customer, in days (the last due date
        of an invoice dated today): the measure of "stricter"."""
        if not term:
            return None
        return max((line.nb_days for line in term.line_ids), default=0)

    def _get_payment_term_policy(self, grade=None):
        """The payment terms this customer gets from its tier and its credit grade:
        the stricter (shorter) of the two, empty when neither sets terms. The grade
        is the one in force once credit control is on, or ``grade`` (the go-live
        preview)."""
        self.ensure_one()
        if grade is None:
            active = self.env.company.credit_control_active
            grade = self.sudo().credit_grade_id if active else self.env["customer.credit.grade"]
        terms = [t for t in (self.customer_tier_id.payment_term_id, grade.payment_term_id) if t]
        if not terms:
            return self.env["account.payment.term"]
        return min(terms, key=lambda term: (self._payment_term_days(term), term.id))

    def _apply_payment_term_policy(self):
        """Set the payment terms the policy gives each customer, with a note in
        its chatter saying where they come from: one write and one batch of notes
        per payment term, whatever the number of customers."""
        by_term = defaultdict(lambda: self.browse())
        for partner in self.filtered(lambda p: not p.parent_id):
            term = partner._get_payment_term_policy()
            if term and partner.property_payment_term_id != term:
                by_term[term] |= partner
        for term, customers in by_term.items():
            partners = customers.sudo()
            partners.property_payment_term_id = term
            none = self.env._("none")
            partners._message_log_batch({
                partner.id: self.env._(
                    "Payment terms set to %(term)s: the stricter of the tier's "
                    "(%(tier)s) and the credit grade's (%(grade)s).",
                    term=term.name,
                    tier=partner.customer_tier_id.payment_term_id.name or none,
                    grade=partner.credit_grade_id.payment_term_id.name or none,
                )
                for partner in partners
            })  # fmt: skip

    def _apply_customer_tier_policies(self):
        res = super()._apply_customer_tier_policies()
        self._apply_payment_term_policy()
        return res

    # ----------------------------------------------------- grade computation

    def _get_payment_behaviour(self, company, today):
        """Number of paid invoices due in the last 12 months, on-time ratio, average
        days late and average days to pay, per commercial partner: one query."""
        ids = tuple(self.ids)
        if not ids:
            return {}
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
                flush=self.env["customer.credit.engine"]._get_flush_sql(),
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

        # measured values are stored: in the language of the run (the company's)
        def days(value):
            return self.env._("%(days)s days", days=value)

        def years(since):
            value = "%.1f" % ((today - since).days / 365)
            return self.env._("%(years)s years", years=value)

        factors = {
            "on_time": (f"{on_time:.0f}%", on_time) if count else None,
            "delay": (days(f"{late:.1f}"), max(0.0, 100 - 2 * late)) if count else None,
            "overdue": (
                days(figures.get("oldest_days", 0)),
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
                years(cooperation),
                min(100.0, 20 * (today - cooperation).days / 365),
            )
            if cooperation
            else None,
            "dossier": (f"{self.dossier_completeness}%", float(self.dossier_completeness)),
        }
        return factors

    def action_compute_credit_grade(self):
        """Score, grade, proposed limit and terms of these customers in the current
        company, set-based: a fixed number of queries for the whole set. Once
        credit control is on, the grade, limit (unless set by hand) and terms are
        applied; before, they are only proposed (the go-live preview)."""
        if not (self.env.su or self.env.user.has_group(CREDIT_MANAGER)):
            raise AccessError(_("Only credit managers compute credit grades."))
        company = self.env.company
        company._check_credit_weights()
        weights = company._get_credit_weights()
        today = fields.Date.context_today(self)
        partners = self.commercial_partner_id.filtered("id").with_company(company).sudo()
        if not partners:
            return True
        figures = self.env["customer.credit.engine"]._get_figures(partners, company, today)
        behaviour = partners._get_payment_behaviour(company, today)
        Grade = self.env["customer.credit.grade"]
        self.env["customer.credit.score.line"].sudo().search(
            [("partner_id", "in", partners.ids), ("company_id", "=", company.id)]
        ).unlink()
        lines = []
        downgrades = {}
        active = company.credit_control_active
        for partner in partners:
            row = figures.get(partner.id, {})
            factors = partner._credit_factor_scores(row, behaviour, today)
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
            count, on_time, late, to_pay = behaviour.get(partner.id, (0, 0, 0, 0))
            # Without a paid invoice to judge, a customer starts at the company's
            # starting grade: never a high grade on what it says about itself.
            if count < company.credit_min_paid_invoices:
                grade = company.credit_start_grade_id or Grade._grade_for_score(score, company)
            else:
                grade = Grade._grade_for_score(score, company)
            effective = partner.credit_grade_override_id or grade
            monthly_sales = row.get("sales", 0.0) / 12
            term = partner._get_payment_term_policy(effective)
            term_days = partner._payment_term_days(term or partner.property_payment_term_id)
            vals = {
                "credit_score": score,
                "credit_score_date": today,
                "credit_grade_computed_id": grade.id,
                "credit_on_time_ratio": on_time or 0.0,
                "credit_avg_days_late": late or 0.0,
                "credit_avg_days_to_pay": to_pay or 0.0,
                "credit_monthly_sales": monthly_sales,
                "credit_limit_proposed": effective._get_limit(
                    monthly_sales,
                    term_days,
                    row.get("sales", 0.0) / row["invoice_count"]
                    if row.get("invoice_count")
                    else 0.0,
                )
                if effective
                else 0.0,
            }
            if active:
                previous = partner.credit_grade_id
                if previous and effective and effective.min_score < previous.min_score:
                    downgrades[partner.id, "downgrade"] = {
                        "description_data": {
                            "old_grade_id": previous.id,
                            "old": previous.name,
                            "new_grade_id": effective.id,
                            "new": effective.name,
                            "score": round(score, 1),
                        }
                    }
                vals["credit_grade_id"] = effective.id
                if effective and not partner.credit_limit_manual:
                    vals["credit_limit"] = vals["credit_limit_proposed"]
                    vals["credit_limited"] = True
            if term != partner.credit_payment_term_proposed_id:
                vals["credit_payment_term_proposed_id"] = term.id
            partner.write(vals)
        if active:
            partners._apply_payment_term_policy()
        self.env["customer.credit.score.line"].sudo().create(lines)
        if downgrades:
            self.env["customer.credit.alert"].sudo()._raise_alerts(
                company, downgrades, ["downgrade"], close=False
            )
        return True

    @api.model
    def _get_credit_grade_domain(self, company):
        """The customers graded in ``company``: those that bought from it."""
        buyers = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("company_id", "=", company.id), ("state", "=", "sale")],
                ["partner_invoice_id"],
            )
        )
        ids = {partner.commercial_partner_id.id for (partner,) in buyers}
        return [("id", "in", list(ids))]

    @api.model
    def _cron_compute_credit_grades(self, batch_size=500):
        """All customers that bought, per company, in committed batches: customers
        scored today are skipped, so a crash resumes and a rerun changes nothing."""
        today = fields.Date.context_today(self)
        # Companies are few: loading them all is intended.
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            # payment-term notes and tracked grades in the company's language
            Partner = self.with_company(company).with_context(lang=company._customer_mgmt_lang())
            todo = Partner.search([
                *Partner._get_credit_grade_domain(company),
                "|", ("credit_score_date", "=", False), ("credit_score_date", "<", today),
            ])  # fmt: skip
            if not todo:
                continue
            batch = todo[:batch_size]
            batch.action_compute_credit_grade()
            remaining = len(todo) - len(batch)
            self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
            if remaining:
                return

    # ------------------------------------------------------------- drill-downs

    def _credit_drill_down(self, xmlid, domain):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = {"create": False}
        return action

    def action_view_credit_receivable(self):
        """The open receivable items behind the exposure."""
        return self._credit_drill_down(
            "account.action_account_moves_all",
            [("partner_id", "child_of", self.commercial_partner_id.id),
             ("company_id", "=", self.env.company.id), ("parent_state", "=", "posted"),
             ("account_id.account_type", "=", "asset_receivable"), ("reconciled", "=", False)],
        )  # fmt: skip

    def action_view_credit_orders(self):
        """The confirmed orders invoiced to this customer."""
        return self._credit_drill_down(
            "sale.action_orders",
            [("partner_invoice_id", "child_of", self.commercial_partner_id.id),
             ("company_id", "=", self.env.company.id), ("state", "=", "sale"),
             ("invoice_status", "!=", "invoiced")],
        )  # fmt: skip

    def action_view_credit_draft_invoices(self):
        """The draft customer invoices counted in the exposure."""
        return self._credit_drill_down(
            "account.action_move_out_invoice_type",
            [("partner_id", "child_of", self.commercial_partner_id.id),
             ("company_id", "=", self.env.company.id), ("state", "=", "draft"),
             ("move_type", "=", "out_invoice")],
        )  # fmt: skip
