from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

# Fields that may count for dossier completeness (the company picks among them).
DOSSIER_FIELDS = [
    "customer_nature",
    "responsible_person",
    "business_scope",
    "employee_count",
    "annual_revenue",
    "revenue_growth",
    "main_products",
    "source_channel_id",
    "development_potential",
    "customer_tier_id",
    "user_id",
    "phone",
    "email",
    "street",
    "city",
    "country_id",
    "vat",
    "website",
    "industry_id",
    "child_ids",
]

PERSONAL_GROUP = "customer_mgmt.customer_mgmt_group_personal_data"
MAX_REVIEW_CYCLE_DAYS = 1830


def _man_strategies(env):
    # Seed 002: upper case = condition present; a strategy per combination.
    return {
        "MAN": env._("Ideal prospect: propose and close the deal now."),
        "MAn": env._(
            "Can buy and decide but has no need yet: keep in touch, show how "
            "the products solve a problem, do not over-invest."
        ),
        "MaN": env._(
            "Has money and need but not the authority: find and reach the decision maker."
        ),
        "mAN": env._(
            "Decides and needs but lacks money: offer suitable payment terms or "
            "smaller orders after checking creditworthiness."
        ),
        "maN": env._(
            "Needs but neither pays nor decides: reach the decision maker and "
            "check financing before investing time."
        ),
        "mAn": env._("Only authority: low priority, nurture occasionally."),
        "Man": env._("Only money: low priority, create a need first."),
        "man": env._("Not a prospect: no effort for now."),
    }


class ResPartner(models.Model):
    _inherit = "res.partner"

    user_id = fields.Many2one(tracking=True)

    # Dossier (seed 000/002/003/004)
    customer_nature = fields.Selection(
        [
            ("distributor", "Distributor"),
            ("wholesaler", "Wholesaler"),
            ("retailer", "Retailer"),
            ("key_account", "KA Chain"),
            ("manufacturer", "Manufacturer"),
            ("end_user", "End User"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    responsible_person = fields.Char(
        help="The person in charge of the customer's business (owner, general manager)."
    )
    business_scope = fields.Text()
    employee_count = fields.Integer(string="Employees")
    dossier_currency_id = fields.Many2one("res.currency", compute="_compute_dossier_currency_id")
    annual_revenue = fields.Monetary(currency_field="dossier_currency_id")
    revenue_growth = fields.Float(string="Revenue Growth (%)", digits=(16, 1))
    main_products = fields.Text()
    source_channel_id = fields.Many2one("customer.source.channel", ondelete="set null")
    development_potential = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")],
        tracking=True,
    )
    customer_stage = fields.Selection(
        [
            ("prospect", "Prospect"),
            ("qualified", "Qualified"),
            ("active", "Active"),
            ("at_risk", "At Risk"),
            ("lost", "Lost"),
        ],
        string="Lifecycle Stage",
        default="prospect",
        group_expand=True,  # every stage as a kanban column, in lifecycle order
        index=True,
        tracking=True,
    )
    first_order_date = fields.Date(
        compute="_compute_order_dates",
        help="Date of the first confirmed sale order of the customer.",
    )
    last_order_date = fields.Date(
        compute="_compute_order_dates",
        help="Date of the last confirmed sale order of the customer.",
    )
    cooperation_start_manual = fields.Date(copy=False)
    cooperation_start = fields.Date(
        compute="_compute_cooperation_start",
        inverse="_inverse_cooperation_start",
        help="First confirmed order, unless set by hand.",
    )

    # MAN qualification of prospects (seed 002)
    man_money = fields.Boolean(string="Money", help="The prospect can pay.")
    man_authority = fields.Boolean(string="Authority", help="We talk to who decides.")
    man_need = fields.Boolean(string="Need", help="The prospect needs our products.")
    man_code = fields.Char(string="MAN", compute="_compute_man_code", store=True, index=True)
    man_strategy = fields.Text(string="MAN Strategy", compute="_compute_man_strategy")

    # Dossier upkeep
    dossier_completeness = fields.Integer(
        string="Dossier Completeness (%)",
        compute="_compute_dossier_completeness",
        store=True,
        aggregator="avg",
    )
    dossier_missing = fields.Char(string="Missing in Dossier", compute="_compute_dossier_missing")
    dossier_reviewed_on = fields.Date(tracking=True)
    dossier_review_cycle = fields.Integer(
        string="Review Every (Days)",
        help="Leave 0 to use the company's dossier review cycle.",
    )
    dossier_review_cycle_default = fields.Integer(
        string="Company Review Cycle (Days)",
        compute="_compute_dossier_review_cycle_default",
        help="The cycle used while the customer has none of its own.",
    )
    dossier_next_review = fields.Date(
        string="Next Dossier Review",
        compute="_compute_dossier_next_review",
        store=True,
        index=True,
    )
    dossier_is_stale = fields.Boolean(
        string="Dossier Stale",
        compute="_compute_dossier_is_stale",
        search="_search_dossier_is_stale",
    )

    # Tier and policies in force
    customer_tier_id = fields.Many2one(
        "customer.tier",
        tracking=True,
        index=True,
        # Deleting a tier in use is refused in Python (customer.tier), not by the
        # database: uninstalling must be able to remove tiers and the column.
        ondelete="set null",
        check_company=True,
    )
    tier_pricelist_id = fields.Many2one(
        related="customer_tier_id.pricelist_id", string="Tier's Pricelist", tracking=False
    )
    tier_limit_discount = fields.Boolean(
        related="customer_tier_id.limit_discount", string="Tier Caps Discounts", tracking=False
    )
    tier_max_discount = fields.Float(
        related="customer_tier_id.max_discount", string="Tier Maximum Discount (%)", tracking=False
    )
    tier_payment_term_id = fields.Many2one(
        related="customer_tier_id.payment_term_id", string="Tier Payment Terms", tracking=False
    )
    tier_visit_interval_days = fields.Integer(
        related="customer_tier_id.visit_interval_days", string="Visit Every (Days)", tracking=False
    )
    tier_response_time_hours = fields.Integer(
        related="customer_tier_id.response_time_hours",
        string="Response Time (Hours)",
        tracking=False,
    )
    tier_sales_policy = fields.Text(
        related="customer_tier_id.sales_policy", string="Sales Policy", tracking=False
    )
    tier_collection_policy = fields.Text(
        related="customer_tier_id.collection_policy", string="Collection Policy", tracking=False
    )
    tier_visit_policy = fields.Text(
        related="customer_tier_id.visit_policy", string="Visit Policy", tracking=False
    )
    tier_service_policy = fields.Text(
        related="customer_tier_id.service_policy", string="Service Policy", tracking=False
    )

    # Interactions and commitments
    customer_interaction_ids = fields.One2many(
        "customer.interaction", "commercial_partner_id", string="Interactions"
    )
    customer_interaction_count = fields.Integer(compute="_compute_customer_interaction_stats")
    last_interaction_date = fields.Datetime(compute="_compute_customer_interaction_stats")
    last_visit_date = fields.Datetime(compute="_compute_customer_interaction_stats")
    customer_commitment_ids = fields.One2many(
        "customer.commitment", "commercial_partner_id", string="Commitments"
    )
    open_commitment_count = fields.Integer(compute="_compute_open_commitments")
    open_commitment_amount = fields.Monetary(
        compute="_compute_open_commitments", currency_field="dossier_currency_id"
    )

    # Churn
    customer_churn_ids = fields.One2many(
        "customer.churn", "commercial_partner_id", string="Churn Records"
    )
    customer_churn_count = fields.Integer(compute="_compute_customer_churn_count")

    # Key person (contacts of a customer, seed 000/003/004)
    key_person_role = fields.Selection(
        [
            ("decision_maker", "Decision Maker"),
            ("purchaser", "Purchaser"),
            ("finance", "Finance"),
            ("user", "User"),
            ("influencer", "Influencer"),
            ("other", "Other"),
        ],
        index=True,
    )
    # Private: never copied with the contact (nor readable to copy it).
    key_person_birthday = fields.Date(string="Birthday", groups=PERSONAL_GROUP, copy=False)
    key_person_gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other")],
        string="Gender",
        groups=PERSONAL_GROUP,
        copy=False,
    )
    key_person_personality = fields.Text(string="Personality", groups=PERSONAL_GROUP, copy=False)
    key_person_hobbies = fields.Text(string="Hobbies", groups=PERSONAL_GROUP, copy=False)
    key_person_family_dates = fields.Text(
        string="Family Dates",
        groups=PERSONAL_GROUP,
        copy=False,
        help="Birthdays and anniversaries of the family, e.g. 'wife 03-12, son 07-08'.",
    )
    key_person_since = fields.Date(string="In Position Since", groups=PERSONAL_GROUP, copy=False)
    key_person_transfer_reason = fields.Text(
        string="Transfer Reason", groups=PERSONAL_GROUP, copy=False
    )

    # ------------------------------------------------------------------ computes

    @api.depends("company_id")
    def _compute_dossier_currency_id(self):
        for partner in self:
            partner.dossier_currency_id = (
                partner.company_id.currency_id or self.env.company.currency_id
            )

    def _get_order_date_bounds(self):
        """First and last confirmed order per commercial partner, in one query."""
        ids = [pid for pid in self.commercial_partner_id.ids if pid]
        if not ids:
            return {}
        self.env["sale.order"].flush_model(["partner_id", "state", "date_order"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """SELECT p.commercial_partner_id, MIN(so.date_order)::date,
                          MAX(so.date_order)::date
                 FROM sale_order so
                 JOIN res_partner p ON p.id = so.partner_id
                WHERE so.state = 'sale' AND p.commercial_partner_id IN %s
                GROUP BY p.commercial_partner_id""",
                tuple(ids),
            )
        )
        return {partner_id: (first, last) for partner_id, first, last in rows}

    def _compute_order_dates(self):
        bounds = self._get_order_date_bounds()
        for partner in self:
            first, last = bounds.get(partner.commercial_partner_id.id, (False, False))
            partner.first_order_date = first
            partner.last_order_date = last

    @api.depends("cooperation_start_manual")
    def _compute_cooperation_start(self):
        bounds = self._get_order_date_bounds()
        for partner in self:
            first = bounds.get(partner.commercial_partner_id.id, (False, False))[0]
            partner.cooperation_start = partner.cooperation_start_manual or first

    def _inverse_cooperation_start(self):
        for partner in self:
            partner.cooperation_start_manual = partner.cooperation_start

    @api.depends("man_money", "man_authority", "man_need")
    def _compute_man_code(self):
        for partner in self:
            code = "".join(
                letter.upper() if flag else letter
                for letter, flag in (
                    ("m", partner.man_money),
                    ("a", partner.man_authority),
                    ("n", partner.man_need),
                )
            )
            partner.man_code = code

    @api.depends("man_code")
    def _compute_man_strategy(self):
        strategies = _man_strategies(self.env)
        for partner in self:
            partner.man_strategy = strategies.get(partner.man_code or "man")

    def _get_dossier_field_names(self):
        company = self.company_id or self.env.company
        names = company.sudo().customer_dossier_field_ids.mapped("name")
        return [n for n in names if n in self._fields] or DOSSIER_FIELDS

    @api.depends(*DOSSIER_FIELDS)
    def _compute_dossier_completeness(self):
        for partner in self:
            names = partner._get_dossier_field_names()
            filled = sum(1 for name in names if partner[name])
            partner.dossier_completeness = round(100 * filled / len(names))

    @api.depends(*DOSSIER_FIELDS)
    def _compute_dossier_missing(self):
        for partner in self:
            partner.dossier_missing = ", ".join(
                partner._fields[name].get_description(self.env)["string"]
                for name in partner._get_dossier_field_names()
                if not partner[name]
            )

    @api.depends(
        "dossier_reviewed_on",
        "dossier_review_cycle",
        "create_date",
        "company_id.customer_dossier_review_days",
    )
    def _compute_dossier_next_review(self):
        for partner in self:
            start = partner.dossier_reviewed_on or (
                partner.create_date and partner.create_date.date()
            )
            cycle = partner.dossier_review_cycle or partner.dossier_review_cycle_default
            partner.dossier_next_review = (
                start + timedelta(days=cycle) if start and cycle else False
            )

    @api.depends("company_id.customer_dossier_review_days")
    @api.depends_context("company")
    def _compute_dossier_review_cycle_default(self):
        for partner in self:
            company = partner.company_id or self.env.company
            partner.dossier_review_cycle_default = company.customer_dossier_review_days

    @api.depends("dossier_next_review")
    def _compute_dossier_is_stale(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.dossier_is_stale = bool(
                partner.dossier_next_review and partner.dossier_next_review <= today
            )

    def _search_dossier_is_stale(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(_("Unsupported search on Dossier Stale."))
        today = fields.Date.context_today(self)
        stale = [("dossier_next_review", "<=", today)]
        if (operator == "=") == value:
            return stale
        return ["|", ("dossier_next_review", "=", False), ("dossier_next_review", ">", today)]

    def _compute_customer_interaction_stats(self):
        groups = self.env["customer.interaction"]._read_group(
            [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            ["commercial_partner_id"],
            ["__count", "date:max"],
        )
        stats = {partner.id: (count, last) for partner, count, last in groups}
        visits = dict(
            self.env["customer.interaction"]._read_group(
                [
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                    ("interaction_type", "=", "visit"),
                ],
                ["commercial_partner_id"],
                ["date:max"],
            )
        )
        for partner in self:
            commercial = partner.commercial_partner_id
            count, last = stats.get(commercial.id, (0, False))
            partner.customer_interaction_count = count
            partner.last_interaction_date = last
            partner.last_visit_date = visits.get(commercial, False)

    def _compute_open_commitments(self):
        groups = self.env["customer.commitment"]._read_group(
            [
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                ("state", "in", ("open", "disputed")),
            ],
            ["commercial_partner_id"],
            ["__count", "amount:sum"],
        )
        stats = {partner.id: (count, amount) for partner, count, amount in groups}
        for partner in self:
            count, amount = stats.get(partner.commercial_partner_id.id, (0, 0.0))
            partner.open_commitment_count = count
            partner.open_commitment_amount = amount

    def _compute_customer_churn_count(self):
        counts = dict(
            self.env["customer.churn"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.customer_churn_count = counts.get(partner.commercial_partner_id, 0)

    # --------------------------------------------------------------- constraints

    @api.constrains("employee_count", "annual_revenue", "revenue_growth")
    def _check_dossier_figures(self):
        for partner in self:
            if partner.employee_count < 0:
                raise ValidationError(_("The number of employees cannot be negative."))
            if partner.annual_revenue < 0:
                raise ValidationError(_("The annual revenue cannot be negative."))
            if not -100 <= partner.revenue_growth <= 1000:
                raise ValidationError(
                    _(
                        "Revenue growth must be between -100%% and 1000%%, not %(growth)s%%.",
                        growth=partner.revenue_growth,
                    )
                )

    @api.constrains("dossier_review_cycle", "dossier_reviewed_on", "cooperation_start_manual")
    def _check_dossier_review_cycle(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if not 0 <= partner.dossier_review_cycle <= MAX_REVIEW_CYCLE_DAYS:
                raise ValidationError(
                    _(
                        "The dossier review cycle must be between 0 and %(max)s days (5 years), "
                        "not %(days)s.",
                        max=MAX_REVIEW_CYCLE_DAYS,
                        days=partner.dossier_review_cycle,
                    )
                )
            if partner.dossier_reviewed_on and partner.dossier_reviewed_on > today:
                raise ValidationError(
                    _(
                        "The dossier of %(customer)s cannot be reviewed on a future date "
                        "(%(date)s).",
                        customer=partner.display_name,
                        date=partner.dossier_reviewed_on,
                    )
                )
            if partner.cooperation_start_manual and partner.cooperation_start_manual > today:
                raise ValidationError(
                    _(
                        "The cooperation with %(customer)s cannot start in the future "
                        "(%(date)s).",
                        customer=partner.display_name,
                        date=partner.cooperation_start_manual,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    def _check_tier_write(self, vals_list):
        """A tier sets prices, payment terms and the discount cap: only customer
        management managers (and the value scoring, as superuser) change it."""
        if self.env.su or self.env.user.has_group("customer_mgmt.customer_mgmt_group_manager"):
            return
        if any("customer_tier_id" in vals for vals in vals_list):
            raise AccessError(
                _(
                    "Only customer management managers change a customer's tier: it sets "
                    "the customer's prices, payment terms and discount cap."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_tier_write([vals for vals in vals_list if vals.get("customer_tier_id")])
        partners = super().create(vals_list)
        partners.filtered("customer_tier_id")._apply_customer_tier_policies()
        return partners

    def write(self, vals):
        if "customer_tier_id" in vals and any(
            partner.customer_tier_id.id != vals["customer_tier_id"] for partner in self
        ):
            self._check_tier_write([vals])
        res = super().write(vals)
        if vals.get("customer_tier_id"):
            self._apply_customer_tier_policies()
        return res

    # ---------------------------------------------------------------- actions

    def _apply_customer_tier_policies(self):
        """Set the tier's pricelist and payment terms on its customers."""
        for tier in self.customer_tier_id:
            partners = self.filtered(lambda p, t=tier: p.customer_tier_id == t)
            vals = tier._get_partner_policy_values()
            if vals:
                partners.write(vals)

    def action_mark_dossier_reviewed(self):
        self.write({"dossier_reviewed_on": fields.Date.context_today(self)})
        return True

    def _customer_action(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        commercial = self.commercial_partner_id
        action["domain"] = [("commercial_partner_id", "=", commercial.id)]
        action["context"] = {"default_partner_id": commercial.id}
        return action

    def action_view_customer_interactions(self):
        return self._customer_action("customer_mgmt.customer_interaction_action")

    def action_view_customer_commitments(self):
        return self._customer_action("customer_mgmt.customer_commitment_action")

    def action_view_customer_churn(self):
        return self._customer_action("customer_mgmt.customer_churn_action")

    def action_declare_lost(self):
        """A manager declares the customer lost (seed 002: relationship termination)."""
        if not self.env.user.has_group("customer_mgmt.customer_mgmt_group_manager"):
            raise UserError(_("Only a customer management manager can declare a customer lost."))
        Churn = self.env["customer.churn"]
        today = fields.Date.context_today(self)
        for partner in self.commercial_partner_id:
            company = partner.company_id or self.env.company
            churn = Churn.search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("state", "in", ("at_risk", "lost")),
                ]
            )
            if churn:
                churn.action_mark_lost()
                continue
            Churn.create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "state": "lost",
                    "manual": True,
                    "detected_on": today,
                    "detection_reason": "manual",
                    "last_order_date": partner.last_order_date,
                    "tier_id": partner.customer_tier_id.id,
                    "user_id": partner.user_id.id or self.env.user.id,
                }
            )
            partner.customer_stage = "lost"
        return self.action_view_customer_churn()
