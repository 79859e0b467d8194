from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .customer_score_history import VALUE_CLASSES

SCORING_MANAGER = "customer_mgmt.customer_mgmt_group_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The current value, read from the latest snapshot in the current company:
    # scoring writes its own tables, never res_partner.
    value_score = fields.Float(
        digits=(16, 1),
        compute="_compute_value",
        search="_search_value_score",
        help="0-100, from the weighted indicators; see the lines for how it is made.",
    )
    value_class = fields.Selection(
        VALUE_CLASSES,
        compute="_compute_value",
        search="_search_value_class",
        help="A: the customers who bring the first 80% of profit. C: negative or lowest "
        "profit (reduce effort, never reject bluntly). B: the rest. Developing: too young "
        "to be judged.",
    )
    value_rank = fields.Integer(string="Profit Rank", compute="_compute_value")
    value_customer_count = fields.Integer(string="Customers Ranked", compute="_compute_value")
    value_profit = fields.Monetary(
        string="Profit (Look-Back)", compute="_compute_value", currency_field="value_currency_id"
    )
    value_cumulative_share = fields.Float(
        string="Cumulative Share of Profit (%)", digits=(16, 1), compute="_compute_value"
    )
    value_scored_on = fields.Date(compute="_compute_value")
    value_score_change = fields.Float(
        string="Change Since Last Period",
        digits=(16, 1),
        compute="_compute_value",
        help="Score points gained (or lost) since the previous period's snapshot.",
    )
    value_previous_class = fields.Selection(
        VALUE_CLASSES, string="Previous Period's Class", compute="_compute_value"
    )
    value_currency_id = fields.Many2one("res.currency", compute="_compute_value")
    value_score_line_ids = fields.One2many(
        "customer.score.line",
        "partner_id",
        string="Value Score Lines",
        domain=lambda self: [("company_id", "=", self.env.company.id), ("is_latest", "=", True)],
    )
    value_history_ids = fields.One2many(
        "customer.score.history",
        "partner_id",
        domain=lambda self: [("company_id", "=", self.env.company.id)],
    )
    value_rating_ids = fields.One2many("customer.score.rating", "partner_id", string="Ratings")
    value_missing_ratings = fields.Char(
        compute="_compute_value_missing_ratings",
        help="Manual indicators not rated yet: left out of the score, the other weights "
        "are rescaled.",
    )
    customer_tier_locked = fields.Boolean(
        string="Tier Locked",
        tracking=True,
        help="Keep this customer's tier when value classes assign tiers. Managers only.",
    )

    @api.depends_context("company")
    def _compute_value(self):
        company = self.env.company
        commercial = self.commercial_partner_id
        history = (
            self.env["customer.score.history"]
            .sudo()
            .search(
                [("partner_id", "in", commercial.ids), ("company_id", "=", company.id)],
                order="partner_id, period desc",
            )
        )
        # newest first: the latest snapshot (if still scored), then the one before
        latest, previous = {}, {}
        for snapshot in history:
            pid = snapshot.partner_id.id
            if snapshot.is_latest:
                latest[pid] = snapshot
            elif pid in latest and pid not in previous:
                previous[pid] = snapshot
        for partner in self:
            pid = partner.commercial_partner_id.id
            current = latest.get(pid)
            before = previous.get(pid)
            partner.value_currency_id = company.currency_id
            partner.value_score = current.value_score if current else 0.0
            partner.value_class = current.value_class if current else False
            partner.value_rank = current.rank if current else 0
            partner.value_customer_count = current.customer_count if current else 0
            partner.value_profit = current.profit if current else 0.0
            partner.value_cumulative_share = current.cumulative_share if current else 0.0
            partner.value_scored_on = current.date if current else False
            partner.value_previous_class = before.value_class if before else False
            partner.value_score_change = (
                current.value_score - before.value_score if current and before else 0.0
            )

    def _search_latest_value(self, condition):
        """Partners whose latest snapshot in the current company meets ``condition``."""
        return [
            (
                "value_history_ids",
                "any",
                [("is_latest", "=", True), ("company_id", "=", self.env.company.id), condition],
            )
        ]

    def _search_value_class(self, operator, value):
        if operator in ("=", "!=") and not value:
            # no class: not scored in this company
            scored = self._search_latest_value(("value_class", "!=", False))
            return ["!", *scored] if operator == "=" else scored
        if operator in ("!=", "not in"):
            positive = "=" if operator == "!=" else "in"
            return ["!", *self._search_latest_value(("value_class", positive, value))]
        return self._search_latest_value(("value_class", operator, value))

    def _search_value_score(self, operator, value):
        return self._search_latest_value(("value_score", operator, value))

    @api.depends("value_rating_ids.indicator_id")
    def _compute_value_missing_ratings(self):
        manual = self.env["customer.score.indicator"].search(
            [("source", "=", "manual"), ("weight", ">", 0)]
        )
        for partner in self:
            rated = partner.commercial_partner_id.value_rating_ids.indicator_id
            missing = manual - rated
            partner.value_missing_ratings = ", ".join(missing.mapped("name"))

    def write(self, vals):
        if (
            "customer_tier_locked" in vals
            and not self.env.su
            and not self.env.user.has_group(SCORING_MANAGER)
        ):
            raise AccessError(_("Only customer management managers can lock a customer's tier."))
        return super().write(vals)

    # ------------------------------------------------------------------- runs

    def action_compute_value_score(self):
        """Score now in the current company: all customers are measured and stored
        (percentiles and the Pareto split need them all, and a period holds one
        ranking); these customers' class changes are logged and tiers applied at
        once, the others' by the scheduled action."""
        # it writes every customer's snapshot and applies tiers: as the button, managers
        if not self.env.user.has_group(SCORING_MANAGER):
            raise AccessError(_("Only customer management managers can compute value scores."))
        company = self.env.company
        partners = self.commercial_partner_id
        self.env["customer.score.engine"].sudo()._run(company)
        self._process_value_changes(company, partners.ids)
        return True

    @api.model
    def _get_value_changes(self, company, partner_ids=None, limit=None):
        """Latest snapshots with a class change to log or a tier to apply."""
        scope = (
            SQL("h.partner_id = ANY(%s)", partner_ids) if partner_ids is not None else SQL("TRUE")
        )
        # what earlier batches wrote (flags, tiers) must be seen by the query
        self.env.flush_all()
        rows = self.env.execute_query(SQL(
            """
            SELECT h.id FROM customer_score_history h
              JOIN res_partner p ON p.id = h.partner_id
             WHERE h.company_id = %(company)s AND h.period = %(latest)s AND %(scope)s
               AND (h.class_change_pending
                    OR (h.proposed_tier_id IS NOT NULL
                        AND h.proposed_tier_id IS DISTINCT FROM p.customer_tier_id
                        AND NOT COALESCE(p.customer_tier_locked, FALSE)))
             ORDER BY h.id %(limit)s
            """,
            company=company.id,
            latest=company.value_latest_period,
            scope=scope,
            limit=SQL("LIMIT %s", limit) if limit else SQL(),
        ))  # fmt: skip
        return self.env["customer.score.history"].sudo().browse(row[0] for row in rows)

    @api.model
    def _process_value_changes(self, company, partner_ids=None, limit=None):
        """Log class changes in the customers' chatter and apply the tier of their
        class (unless locked). Returns how many snapshots were processed."""
        snapshots = self._get_value_changes(company, partner_ids, limit)
        classes = dict(
            self.env["customer.score.history"]
            ._fields["value_class"]
            ._description_selection(self.env)
        )
        for snapshot in snapshots:
            partner = snapshot.partner_id.sudo().with_company(company)
            if snapshot.class_change_pending:
                partner.message_post(
                    body=Markup("<p>%s</p>")
                    % _(
                        "Value class changed from %(old)s to %(new)s: score %(score)s, "
                        "profit rank %(rank)s of %(count)s.",
                        old=classes.get(snapshot.previous_class, ""),
                        new=classes.get(snapshot.value_class, ""),
                        score=round(snapshot.value_score, 1),
                        rank=snapshot.rank,
                        count=snapshot.customer_count,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            tier = snapshot.proposed_tier_id
            if tier and tier != partner.customer_tier_id and not partner.customer_tier_locked:
                partner.customer_tier_id = tier
                snapshot.tier_id = tier
            snapshot.class_change_pending = False
        return len(snapshots)

    @api.model
    def _cron_compute_value_scores(self, batch_size=500):
        """All customers of every company: the scores in one set-based pass per
        company and day, then the chatter and tier changes in committed batches.
        A rerun the same day only finishes what is left. Returns what remains."""
        today = fields.Date.context_today(self)
        Cron = self.env["ir.cron"]
        # Companies are few: loading them all is intended.
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            # class-change notes and tracked tiers in the company's language
            Partner = self.with_context(lang=company._customer_mgmt_lang())
            if company.value_scored_on != today:
                Partner.env["customer.score.engine"]._run(company, today=today)
                company.sudo().value_scored_on = today
                Cron._notify_progress(done=1, remaining=1)
                return 1
            done = Partner._process_value_changes(company, limit=batch_size)
            remaining = len(Partner._get_value_changes(company))
            Cron._notify_progress(done=done, remaining=remaining)
            if remaining:
                return remaining
        return 0
