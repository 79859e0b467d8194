from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_datetime

# Set on the records OCA's create makes: it may set their SLA lines.
SETTING_CLOCK = "customer_mgmt_helpdesk_setting_clock"
# Set by the timing and the escalation only: a missed promise stays missed.
TIMED_FIELDS = {
    "customer_tier_id",
    "salesperson_id",
    "response_deadline",
    "resolution_deadline",
    "first_response_date",
    "resolved_date",
    "response_hours",
    "resolution_hours",
    "response_late",
    "resolution_late",
    "breached",
    "response_escalated_on",
    "resolution_escalated_on",
    "service_state",
}

SATISFACTION = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    request_type = fields.Selection(
        [
            ("complaint", "Complaint"),
            ("feedback", "Feedback"),
            ("claim", "Claim"),
            ("service", "Service Need"),
        ],
        tracking=True,
        index=True,
    )
    justified = fields.Selection(
        [("yes", "Justified"), ("no", "Not Justified")],
        tracking=True,
        help="Whether the complaint or claim was found to be founded. Value scoring "
        "counts justified ones against the company, unfounded ones against the customer.",
    )
    customer_tier_id = fields.Many2one(
        "customer.tier",
        compute="_compute_customer_fields",
        store=True,
        index=True,
        help="The customer's tier when the request came in: its promises apply.",
    )
    salesperson_id = fields.Many2one(
        "res.users",
        compute="_compute_customer_fields",
        store=True,
        index=True,
    )
    interaction_id = fields.Many2one(
        "customer.interaction", string="From Interaction", index="btree_not_null", copy=False
    )
    commitment_id = fields.Many2one(
        "customer.commitment",
        string="Promise Concerned",
        index="btree_not_null",
        tracking=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The salesperson's promise the customer says was not kept.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Order Concerned",
        index="btree_not_null",
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice Concerned",
        index="btree_not_null",
        domain="[('partner_id', 'child_of', commercial_partner_id), "
        "('move_type', 'in', ('out_invoice', 'out_refund'))]",
    )
    service_state = fields.Selection(
        [
            ("new", "New"),
            ("answered", "Answered"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
        ],
        compute="_compute_service_state",
        store=True,
        index=True,
        help="New: not answered yet. Answered: being handled. Resolved: in a closed "
        "stage, the customer's satisfaction not recorded yet. Closed: resolved and "
        "the customer's satisfaction recorded.",
    )
    satisfaction = fields.Selection(SATISFACTION, tracking=True, copy=False)
    satisfaction_note = fields.Text(copy=False)
    satisfaction_score = fields.Integer(
        compute="_compute_satisfaction_score",
        store=True,
        aggregator="avg",
        help="The satisfaction from 1 to 5, to average it in the analysis.",
    )
    first_response_date = fields.Datetime(readonly=True, copy=False)
    resolved_date = fields.Datetime(readonly=True, copy=False)
    response_deadline = fields.Datetime(
        compute="_compute_deadlines", store=True, help="From the customer tier's response time."
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        help="From the customer tier's resolution time; waiting on the customer pauses it.",
    )
    response_hours = fields.Float(
        string="Response Time (Working Hours)",
        readonly=True,
        copy=False,
        aggregator="avg",
    )
    resolution_hours = fields.Float(
        string="Resolution Time (Working Hours)",
        readonly=True,
        copy=False,
        aggregator="avg",
    )
    response_late = fields.Boolean(
        string="Answered Late", readonly=True, copy=False, index=True,
        help="The first answer came, or is still missing, after its deadline. "
        "A missed promise stays missed.",
    )  # fmt: skip
    resolution_late = fields.Boolean(
        string="Resolved Late", readonly=True, copy=False, index=True,
        help="The resolution came, or is still missing, after its deadline.",
    )  # fmt: skip
    breached = fields.Boolean(compute="_compute_breached", store=True, index=True)
    response_escalated_on = fields.Datetime(readonly=True, copy=False)
    resolution_escalated_on = fields.Datetime(readonly=True, copy=False)

    @api.depends("commercial_partner_id")
    def _compute_customer_fields(self):
        for ticket in self:
            customer = ticket.commercial_partner_id
            ticket.customer_tier_id = customer.customer_tier_id
            ticket.salesperson_id = customer.user_id

    @api.depends("stage_id.unattended", "stage_id.closed", "satisfaction")
    def _compute_service_state(self):
        for ticket in self:
            stage = ticket.stage_id
            if stage.closed:
                ticket.service_state = "closed" if ticket.satisfaction else "resolved"
            elif stage.unattended or not stage:
                ticket.service_state = "new"
            else:
                ticket.service_state = "answered"

    @api.depends("satisfaction")
    def _compute_satisfaction_score(self):
        for ticket in self:
            ticket.satisfaction_score = int(ticket.satisfaction or 0)

    @api.depends("ticket_sla_ids.deadline", "ticket_sla_ids.sla_id.service_kind")
    def _compute_deadlines(self):
        for ticket in self:
            for kind in ("response", "resolution"):
                deadlines = ticket.ticket_sla_ids.filtered(
                    lambda line, kind=kind: line.sla_id.service_kind == kind and line.deadline
                ).mapped("deadline")
                ticket[f"{kind}_deadline"] = min(deadlines, default=False)

    @api.depends("response_late", "resolution_late")
    def _compute_breached(self):
        for ticket in self:
            ticket.breached = ticket.response_late or ticket.resolution_late

    @api.constrains("commitment_id", "interaction_id", "sale_order_id", "invoice_id")
    def _check_same_customer(self):
        for ticket in self:
            customer = ticket.commercial_partner_id
            for record in (
                ticket.commitment_id,
                ticket.interaction_id,
                ticket.sale_order_id,
                ticket.invoice_id,
            ):
                if record and customer and record.partner_id.commercial_partner_id != customer:
                    raise ValidationError(
                        _(
                            "%(record)s belongs to another customer than service request "
                            "%(ticket)s.",
                            record=record.display_name,
                            ticket=ticket.display_name,
                        )
                    )

    @api.model
    def _channel_for(self, interaction_type):
        xmlid = {
            "visit": "customer_mgmt_helpdesk.helpdesk_channel_visit",
            "meeting": "customer_mgmt_helpdesk.helpdesk_channel_visit",
            "call": "helpdesk_mgmt.helpdesk_ticket_channel_phone",
            "email": "helpdesk_mgmt.helpdesk_ticket_channel_email",
        }.get(interaction_type, "helpdesk_mgmt.helpdesk_ticket_channel_other")
        return self.env.ref(xmlid, False) or self.env["helpdesk.ticket.channel"]

    # ------------------------------------------------------------ timing

    @api.model_create_multi
    def create(self, vals_list):
        teams = self.env["helpdesk.ticket.team"].browse(
            {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        )
        for vals in vals_list:
            self._check_timed_fields(vals)
            # what comes to a customer service team (by email, from the portal) is a
            # customer's request, to be typed when read
            team = teams.browse(vals.get("team_id"))
            if team.service_requests and "request_type" not in vals:
                vals["request_type"] = self.env.context.get("default_request_type", "service")
        # OCA's create sets the SLA lines (the clock): the system's job, which the
        # user may not do (no write access to the lines).
        tickets = super(HelpdeskTicket, self.with_context(**{SETTING_CLOCK: True})).create(
            vals_list
        )
        # OCA's SLA lines compute their state lazily: a stage change in the same
        # transaction would read the new stage as the initial one and lose the
        # time already spent. Compute them as the request comes in.
        tickets.ticket_sla_ids.flush_recordset()
        # a request logged once answered already (created in an attended stage)
        tickets.filtered(lambda t: t.stage_id and not t.stage_id.unattended)._record_service_times()
        return tickets.with_context(**{SETTING_CLOCK: False})

    def set_sla(self):
        """At creation the system sets the clock; afterwards only a helpdesk
        manager resets it (OCA's *Refresh SLA*), as a reset restarts it."""
        if self.env.context.get(SETTING_CLOCK) and not self.ticket_sla_ids:
            self.check_access("write")
            return super(HelpdeskTicket, self.sudo()).set_sla()
        self._check_clock_reset()
        return super().set_sla()

    def refresh_sla(self):
        self._check_clock_reset()
        return super().refresh_sla()

    def _check_clock_reset(self):
        # RPC calls public methods without checking the records first.
        self.check_access("write")
        if not (self.env.su or self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager")):
            raise AccessError(_("Only a helpdesk manager resets a request's service promise."))

    def write(self, vals):
        self._check_timed_fields(vals)
        res = super().write(vals)
        if "stage_id" in vals:
            self._record_service_times()
        return res

    def _check_timed_fields(self, vals):
        if self.env.su:
            return
        protected = TIMED_FIELDS & set(vals)
        if protected:
            raise AccessError(
                _(
                    "The service promise's deadlines and times are measured, not written: "
                    "%(fields)s.",
                    fields=", ".join(sorted(protected)),
                )
            )
        # value scoring holds unfounded complaints against the customer
        if vals.get("justified") and not (
            self.env.user.has_group("customer_mgmt.customer_mgmt_group_manager")
            or self.env.user.has_group("helpdesk_mgmt.group_helpdesk_user")
        ):
            raise AccessError(
                _("Whether a complaint was justified is judged by the service team or a manager.")
            )

    def _clock(self, kind):
        """The working hours the promise's clock ran (pauses and closed periods
        left out) and whether it ran out: from OCA's SLA lines, or the working
        hours since the request came in when the tier promises nothing."""
        self.ensure_one()
        lines = self.ticket_sla_ids.filtered(lambda line: line.sla_id.service_kind == kind)
        if not lines:
            calendar = self.team_id.resource_calendar_id or self.company_id.resource_calendar_id
            if not calendar or not self.create_date:
                return 0.0, False
            now = fields.Datetime.now()
            hours = calendar.get_work_hours_count(self.create_date, now, compute_leaves=True)
            return (hours if now > self.create_date else 0.0), False
        line = lines[0]
        return line.consumed_time, line.state == "expired" or (
            line.consumed_time > line.hours + 1e-6
        )

    def _record_service_times(self):
        """Time the first answer (the ticket leaves its unattended stage) and the
        resolution (it reaches a closed stage), once; a reopened ticket is no
        longer resolved and its clock runs again. A missed promise stays missed."""
        now = fields.Datetime.now()
        for ticket in self:
            vals = {}
            stage = ticket.stage_id
            if not stage.unattended and not ticket.first_response_date:
                hours, missed = ticket._clock("response")
                vals.update(first_response_date=now, response_hours=hours)
                vals["response_late"] = ticket.response_late or missed
            if stage.closed and not ticket.resolved_date:
                hours, missed = ticket._clock("resolution")
                vals.update(resolved_date=now, resolution_hours=hours)
                vals["resolution_late"] = ticket.resolution_late or missed
            elif not stage.closed and ticket.resolved_date:
                vals.update(resolved_date=False, resolution_hours=0.0)
            if vals:
                super(HelpdeskTicket, ticket.sudo()).write(vals)
        return True

    def message_post(self, **kwargs):
        """An answer to the customer from the team is the first response: the
        request leaves its unattended stage (and the response clock stops),
        whoever of the company answers (an accountant who may only read it too)."""
        message = super().message_post(**kwargs)
        if (
            message.message_type == "comment"
            and not message.is_internal
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.env.user._is_internal()
            and message.author_id == self.env.user.partner_id
        ):
            waiting = self.filtered(lambda t: t.stage_id.unattended and not t.stage_id.closed)
            for ticket in waiting:
                answered = ticket.team_id._get_applicable_stages().filtered(
                    lambda s: not s.unattended and not s.closed
                )[:1]
                if answered:
                    ticket.sudo().stage_id = answered
        return message

    # ------------------------------------------------------------ breaches

    @api.model
    def _cron_escalate_breaches(self):
        """Mark requests past a deadline as late and escalate each breach once:
        an activity for the team leader (or the tier's service manager)."""
        now = fields.Datetime.now()
        late = {
            kind: self.search(
                [
                    ("request_type", "!=", False),
                    (done, "=", False),
                    ("stage_id.closed", "=", False),
                    (f"{kind}_escalated_on", "=", False),
                    # OCA's expired: past the deadline and not paused (waiting on
                    # the customer) nor met
                    (
                        "ticket_sla_ids",
                        "any",
                        [("sla_id.service_kind", "=", kind), ("expired", "=", True)],
                    ),
                ]
            )
            for kind, done in (("response", "first_response_date"), ("resolution", "resolved_date"))
        }
        activity_type = self.env.ref("customer_mgmt_helpdesk.mail_activity_type_service_breach")
        for kind, tickets in late.items():
            if not tickets:
                continue
            tickets.sudo().write({f"{kind}_late": True, f"{kind}_escalated_on": now})
            activities = []
            for ticket in tickets:
                leader = ticket._escalation_user()
                tz = leader.tz or ticket.company_id.partner_id.tz or "UTC"
                summary, note = ticket.with_context(lang=leader.lang, tz=tz)._breach_texts(kind)
                activities.append(
                    {
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": ticket.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "user_id": leader.id,
                        "date_deadline": fields.Date.context_today(self),
                        "note": note,
                    }
                )
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                activities
            )
        return sum(len(tickets) for tickets in late.values())

    def _escalation_user(self):
        self.ensure_one()
        return (
            self.team_id.user_id
            or self.customer_tier_id.service_manager_id
            or self.user_id
            or self.salesperson_id
            or self.env.ref("base.user_admin", False)
            or self.env.user
        )

    def _breach_texts(self, kind):
        """The escalation's summary and note, in the language and time zone of the
        context (the recipient's)."""
        if kind == "response":
            summary = _("Not answered in time: %(ticket)s", ticket=self.display_name)
        else:
            summary = _("Not resolved in time: %(ticket)s", ticket=self.display_name)
        note = _(
            "Promised by %(deadline)s (tier %(tier)s).",
            deadline=format_datetime(
                self.env, self[f"{kind}_deadline"], tz=self.env.context.get("tz"), dt_format="short"
            ),
            tier=self.customer_tier_id.name or "-",
        )
        return summary, note
