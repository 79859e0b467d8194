from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

# Severity of a customer's purchase status; the partner's stage is the mildest
# status over the companies it buys from.
SEVERITY = {"active": 0, "at_risk": 1, "lost": 2}


def _recommended_actions(env):
    # Seed 002, relationship termination management.
    return {
        "dissatisfied": env._(
            "Apologise sincerely, visit the customer, find out what disappointed them "
            "and fix the cause (product, service or supplier)."
        ),
        "competitor": env._(
            "Win the customer back if its value justifies it: compare what the "
            "competitor offers, differentiate on service and strengthen contacts at "
            "several levels."
        ),
        "negative_value": env._(
            "Reduce the effort spent on this customer and let it go gracefully, "
            "without rejecting it bluntly."
        ),
        "involuntary": env._("Close the record: no action is possible (e.g. bankruptcy)."),
    }


class CustomerChurn(models.Model):
    """A customer slipping away (at risk) or gone (lost): when it was noticed,
    what it was worth, why it left and what is done about it."""

    _name = "customer.churn"
    _description = "Customer Churn"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "detected_on desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    tier_id = fields.Many2one(
        "customer.tier", string="Tier at Detection", help="The customer's tier when detected."
    )
    state_id = fields.Many2one(
        related="partner_id.state_id", string="Region", store=True, index=True
    )
    country_id = fields.Many2one(related="partner_id.country_id", store=True)
    detected_on = fields.Date(required=True, default=fields.Date.context_today, index=True)
    detection_reason = fields.Selection(
        [
            ("cycle", "Late against its purchase cycle"),
            ("sales_drop", "Sales dropped"),
            ("no_cycle", "No order for a long time"),
            ("manual", "Declared by a manager"),
        ],
        readonly=True,
    )
    last_order_date = fields.Date(readonly=True)
    purchase_cycle_days = fields.Float(
        string="Purchase Cycle (Days)",
        digits=(16, 1),
        readonly=True,
        help="Median days between the customer's recent orders.",
    )
    value_lost = fields.Monetary(
        string="Annual Value Lost",
        readonly=True,
        help="Sales (untaxed) of the 12 months before detection.",
    )
    margin_lost = fields.Monetary(
        string="Annual Margin Lost", readonly=True, help="Margin of the same 12 months."
    )
    state = fields.Selection(
        [
            ("at_risk", "At Risk"),
            ("lost", "Lost"),
            ("won_back", "Won Back"),
            ("closed", "Closed"),
        ],
        required=True,
        default="at_risk",
        index=True,
        tracking=True,
    )
    manual = fields.Boolean(
        string="Declared Lost by Hand",
        readonly=True,
        help="A manager declared the customer lost; detection does not override it.",
    )
    category = fields.Selection(
        [
            ("dissatisfied", "Dissatisfied"),
            ("competitor", "Lost to Competitor"),
            ("negative_value", "Negative Value"),
            ("involuntary", "Involuntary"),
        ],
        tracking=True,
        index=True,
    )
    recommended_action = fields.Text(compute="_compute_recommended_action")
    reason_detail = fields.Text(string="Why")
    won_back_on = fields.Date(readonly=True)
    closed_on = fields.Date(readonly=True)

    _sql_constraints = [
        (
            "value_positive",
            "CHECK (value_lost IS NULL OR value_lost >= 0)",
            "The value lost cannot be negative.",
        ),
    ]

    def init(self):
        # One open episode per customer and company, even with two workers.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS customer_churn_open_uniq
                   ON customer_churn (partner_id, company_id)
                WHERE state IN ('at_risk', 'lost')"""
        )

    @api.depends("partner_id", "detected_on")
    def _compute_display_name(self):
        for churn in self:
            churn.display_name = _(
                "%(customer)s (%(date)s)",
                customer=churn.partner_id.display_name,
                date=churn.detected_on,
            )

    @api.depends("category")
    @api.depends_context("lang")
    def _compute_recommended_action(self):
        actions = _recommended_actions(self.env)
        for churn in self:
            churn.recommended_action = actions.get(churn.category, False)

    # ------------------------------------------------------------ category plans

    def _check_one_open_episode(self, vals_list):
        """Refuse a second open record for a customer and company with a clear
        message (the unique index behind it guards concurrent workers)."""
        keys = [
            (vals.get("partner_id"), vals.get("company_id") or self.env.company.id)
            for vals in vals_list
            if vals.get("state", "at_risk") in ("at_risk", "lost")
        ]
        existing = self.sudo().search(
            [
                ("partner_id", "in", [partner_id for partner_id, _company in keys]),
                ("state", "in", ("at_risk", "lost")),
            ]
        )
        taken = {(churn.partner_id.id, churn.company_id.id) for churn in existing}
        for key in keys:
            if key in taken:
                raise ValidationError(
                    _(
                        "There is already an open churn record for %(customer)s.",
                        customer=self.env["res.partner"].browse(key[0]).display_name,
                    )
                )
            taken.add(key)

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")  # before telling anything about existing records
        if not self.env.su and not self.env.user.has_group(
            "customer_mgmt.customer_mgmt_group_manager"
        ):
            for vals in vals_list:
                if vals.get("state", "at_risk") != "at_risk" or (
                    {"value_lost", "margin_lost", "won_back_on", "closed_on", "manual"}
                    & {key for key, value in vals.items() if value}
                ):
                    raise AccessError(
                        _(
                            "A salesperson records a customer at risk; only a customer "
                            "management manager declares it lost."
                        )
                    )
        self._check_one_open_episode(vals_list)
        churns = super().create(vals_list)
        churns.filtered("category")._apply_category_plan()
        return churns

    # Set by detection and by the actions (which check who may), never written
    # directly by a user: a salesperson cannot declare a loss or change its value.
    _DETECTION_FIELDS = frozenset({
        "state", "manual", "value_lost", "margin_lost", "won_back_on", "closed_on",
        "detected_on", "detection_reason", "last_order_date", "purchase_cycle_days",
        "partner_id",
    })  # fmt: skip

    def write(self, vals):
        if not self.env.su and self._DETECTION_FIELDS & set(vals):
            raise AccessError(
                _(
                    "The state and figures of a churn record change through its buttons "
                    "(won back, close, mark lost) and the detection only."
                )
            )
        res = super().write(vals)
        if vals.get("category"):
            self._apply_category_plan()
        return res

    def _get_category_plan(self):
        self.ensure_one()
        return self.env["mail.activity.plan"].search(
            [
                ("res_model", "=", self._name),
                ("customer_churn_category", "=", self.category),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )

    def _apply_category_plan(self):
        """Propose the category's recommended response as a plan of activities
        (editable under Settings > Activity Plans). Involuntary churn is closed."""
        today = fields.Date.context_today(self)
        for churn in self:
            if churn.category == "involuntary":
                if churn.state in ("at_risk", "lost"):
                    churn.sudo().write({"state": "closed", "closed_on": today})
                continue
            plan = churn._get_category_plan()
            if not plan or churn.state not in ("at_risk", "lost"):
                continue
            responsible_default = churn.user_id or self.env.user
            for template in plan.template_ids:
                responsible = (
                    template._determine_responsible(responsible_default, churn)["responsible"]
                    or responsible_default
                )
                churn.activity_schedule(
                    activity_type_id=template.activity_type_id.id,
                    summary=template.with_context(lang=responsible.lang).summary,
                    note=template.note,
                    user_id=responsible.id,
                    date_deadline=template._get_date_deadline(today),
                )
            # the note is the salesperson's, in their language
            churn_read = churn.with_context(lang=responsible_default.lang)
            churn.message_post(
                body=churn_read.env._(
                    "Plan “%(plan)s” proposed: %(action)s",
                    plan=plan.with_context(lang=responsible_default.lang).name,
                    action=churn_read.recommended_action,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------- user actions

    def _check_open(self):
        if any(churn.state not in ("at_risk", "lost") for churn in self):
            raise UserError(_("Only churn records at risk or lost can be changed this way."))

    def action_mark_lost(self):
        if not self.env.user.has_group("customer_mgmt.customer_mgmt_group_manager"):
            raise UserError(_("Only a customer management manager can declare a customer lost."))
        self._check_open()
        self.sudo().write({"state": "lost", "manual": True})
        self.partner_id.write({"customer_stage": "lost"})
        return True

    def action_won_back(self):
        self._check_open()
        self.check_access("write")
        self.sudo().write({"state": "won_back", "won_back_on": fields.Date.context_today(self)})
        self.partner_id.filtered(lambda p: p.customer_stage in ("at_risk", "lost")).write(
            {"customer_stage": "active"}
        )
        return True

    def action_close(self):
        self._check_open()
        self.check_access("write")
        self.sudo().write({"state": "closed", "closed_on": fields.Date.context_today(self)})
        return True

    @api.model
    def _get_export_fields(self):
        """Columns of the Excel report (report.customer_mgmt.churn_xlsx)."""
        return [
            "partner_id", "company_id", "state", "category", "detected_on",
            "detection_reason", "last_order_date", "purchase_cycle_days", "value_lost",
            "margin_lost", "tier_id", "state_id", "country_id", "user_id", "reason_detail",
            "won_back_on", "closed_on",
        ]  # fmt: skip

    # ---------------------------------------------------------------- detection

    def _get_purchase_status_query(self, today):
        """Per customer and company: last order, purchase cycle (median gap between
        its recent order days), sales of the last period against the one before,
        and the resulting status, all in one pass over the confirmed orders.
        Thresholds come from each company's settings."""
        return SQL(
            """
            WITH orders AS (
                SELECT so.company_id, p.commercial_partner_id AS partner_id,
                       so.date_order::date AS day,
                       so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount,
                       COALESCE(so.margin, 0) / COALESCE(NULLIF(so.currency_rate, 0), 1) AS margin
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND so.date_order::date <= %(today)s
            ), days AS (
                SELECT company_id, partner_id, day,
                       day - LAG(day) OVER w AS gap,
                       ROW_NUMBER() OVER (PARTITION BY company_id, partner_id
                                          ORDER BY day DESC) AS recency
                  FROM (SELECT DISTINCT company_id, partner_id, day FROM orders) d
                WINDOW w AS (PARTITION BY company_id, partner_id ORDER BY day)
            ), stats AS (
                SELECT d.company_id, d.partner_id, MAX(d.day) AS last_order,
                       COUNT(*) AS order_days,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY d.gap) FILTER (
                           WHERE d.recency <= c.customer_churn_cycle_orders
                             AND d.gap IS NOT NULL) AS cycle
                  FROM days d JOIN res_company c ON c.id = d.company_id
                 GROUP BY d.company_id, d.partner_id
            ), sales AS (
                SELECT o.company_id, o.partner_id,
                       SUM(o.amount) FILTER (
                           WHERE o.day > %(today)s - c.customer_churn_period_days) AS recent,
                       SUM(o.amount) FILTER (
                           WHERE o.day <= %(today)s - c.customer_churn_period_days
                             AND o.day > %(today)s - 2 * c.customer_churn_period_days
                       ) AS previous,
                       COUNT(DISTINCT o.day) FILTER (
                           WHERE o.day <= %(today)s - c.customer_churn_period_days
                             AND o.day > %(today)s - 2 * c.customer_churn_period_days
                       ) AS previous_days,
                       SUM(o.amount) FILTER (WHERE o.day > %(today)s - 365) AS year_sales,
                       SUM(o.margin) FILTER (WHERE o.day > %(today)s - 365) AS year_margin
                  FROM orders o JOIN res_company c ON c.id = o.company_id
                 GROUP BY o.company_id, o.partner_id
            ), judged AS (
                SELECT s.company_id, s.partner_id, s.last_order, s.cycle,
                       %(today)s - s.last_order AS idle,
                       COALESCE(v.year_sales, 0) AS year_sales,
                       COALESCE(v.year_margin, 0) AS year_margin,
                       (s.cycle > 0 AND s.order_days >= c.customer_churn_min_orders) AS has_cycle,
                       -- a drop is judged only on enough orders to mean something
                       (v.previous_days >= c.customer_churn_min_orders
                        AND COALESCE(v.recent, 0)
                            < v.previous * (1 - c.customer_churn_drop_share / 100.0)) AS dropped,
                       c.customer_churn_at_risk_multiple AS risk_x,
                       c.customer_churn_lost_multiple AS lost_x,
                       c.customer_churn_fallback_days AS fallback,
                       c.customer_churn_fallback_lost_days AS fallback_lost
                  FROM stats s
                  JOIN sales v ON v.company_id = s.company_id AND v.partner_id = s.partner_id
                  JOIN res_company c ON c.id = s.company_id
            )
            SELECT j.company_id, j.partner_id, p.customer_stage AS stage, j.last_order,
                   j.cycle, j.year_sales, j.year_margin,
                   CASE WHEN has_cycle THEN
                            CASE WHEN idle > lost_x * cycle THEN 'lost'
                                 WHEN idle > risk_x * cycle THEN 'at_risk'
                                 WHEN dropped THEN 'at_risk'
                                 ELSE 'active' END
                        WHEN idle > fallback_lost THEN 'lost'
                        WHEN idle > fallback THEN 'at_risk'
                        ELSE 'active' END AS status,
                   CASE WHEN has_cycle AND idle > risk_x * cycle THEN 'cycle'
                        WHEN has_cycle AND dropped THEN 'sales_drop'
                        WHEN NOT has_cycle AND idle > fallback THEN 'no_cycle' END AS reason
              FROM judged j
              JOIN res_partner p ON p.id = j.partner_id
             -- an archived customer is no longer followed up
             WHERE p.active
            """,
            today=today,
        )

    @api.model
    def _get_detection_changes(self, today):
        """Everything the detection would change today, as a list of
        (partner, company, row) to apply; empty when all is up to date."""
        self.env.flush_all()
        rows = self.env.execute_query_dict(self._get_purchase_status_query(today))
        open_churns = {
            (churn.partner_id.id, churn.company_id.id): churn
            for churn in self.sudo().search_fetch(
                [("state", "in", ("at_risk", "lost"))],
                ["partner_id", "company_id", "state", "manual"],
            )
        }
        # The partner's stage is its mildest status over all companies.
        stage_by_partner = {}
        for row in rows:
            current = stage_by_partner.get(row["partner_id"])
            if current is None or SEVERITY[row["status"]] < SEVERITY[current]:
                stage_by_partner[row["partner_id"]] = row["status"]
        changes = []
        for row in rows:
            key = (row["partner_id"], row["company_id"])
            churn = open_churns.get(key)
            status = row["status"]
            stage = row["stage"]
            target_stage = stage_by_partner[row["partner_id"]]
            if churn and churn.manual and status != "active":
                target_stage, status = "lost", "lost"
            needs_churn = (
                (status in ("at_risk", "lost") and not churn)
                or (status == "lost" and churn and churn.state == "at_risk")
                or (status == "active" and churn)
            )
            if needs_churn or stage != target_stage:
                changes.append((row, churn, target_stage))
        return changes

    @api.model
    def _apply_detection_changes(self, changes, today):
        Partner = self.env["res.partner"].sudo()
        to_create = []
        for row, churn, target_stage in changes:
            partner = Partner.browse(row["partner_id"])
            if partner.customer_stage != target_stage:
                partner.customer_stage = target_stage
            status = row["status"]
            if churn and status == "active":
                churn.sudo().write({"state": "won_back", "won_back_on": today})
            elif churn and status == "lost" and churn.state == "at_risk":
                churn.sudo().write({"state": "lost"})
            elif not churn and status in ("at_risk", "lost"):
                to_create.append(
                    {
                        "partner_id": partner.id,
                        "company_id": row["company_id"],
                        "state": status,
                        "detected_on": today,
                        "detection_reason": row["reason"] or "cycle",
                        "last_order_date": row["last_order"],
                        "purchase_cycle_days": row["cycle"] or 0.0,
                        "value_lost": max(row["year_sales"], 0.0),
                        "margin_lost": row["year_margin"],
                        "tier_id": partner.customer_tier_id.id,
                        "user_id": partner.user_id.id,
                    }
                )
        churns = self.sudo().with_context(mail_create_nosubscribe=True).create(to_create)
        churns._notify_salesperson()
        return churns

    def _notify_salesperson(self):
        activity_type = self.env.ref("customer_mgmt.mail_activity_type_churn_risk")
        for churn in self.filtered("user_id"):
            # Written in the salesperson's language, not the cron's.
            env = churn.with_context(lang=churn.user_id.lang).env
            churn.activity_schedule(
                activity_type_id=activity_type.id,
                summary=env._(
                    "%(customer)s is %(state)s: last order on %(date)s",
                    customer=churn.partner_id.display_name,
                    state=dict(self._fields["state"]._description_selection(env))[churn.state],
                    date=format_date(env, churn.last_order_date),
                ),
                user_id=churn.user_id.id,
            )

    @api.model
    def _run_detection(self, limit=None, today=None):
        """Apply up to ``limit`` detection changes. Returns (done, remaining)."""
        today = today or fields.Date.context_today(self)
        changes = self._get_detection_changes(today)
        batch = changes[:limit] if limit else changes
        by_company = defaultdict(list)
        for change in batch:
            by_company[change[0]["company_id"]].append(change)
        for company_id, company_changes in by_company.items():
            # tracked stages and states in the company's language
            company = self.env["res.company"].browse(company_id) or self.env.company
            run = self.with_context(lang=company._customer_mgmt_lang())
            run._apply_detection_changes(company_changes, today)
        return len(batch), len(changes) - len(batch)

    @api.model
    def _cron_detect_churn(self):
        """Daily churn detection; one committed batch per call, the cron
        framework calls again while changes remain."""
        limit = int(
            self.env["ir.config_parameter"].sudo().get_param("customer_mgmt.churn_batch_size", 1000)
        )
        done, remaining = self._run_detection(limit=limit)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
