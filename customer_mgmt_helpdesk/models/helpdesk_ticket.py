from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

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
        for vals in vals_list:
            self._check_timed_fields(vals)
        tickets = super().create(vals_list)
        # OCA's SLA lines compute their state lazily: a stage change in the same
        # transaction would read the new stage as the initial one and lose the
        # time already spent. Compute them as the request comes in.
        tickets.ticket_sla_ids.flush_recordset()
        return tickets

    def _work_hours_since_creation(self, moment):
        self.ensure_one()
        calendar = self.team_id.resource_calendar_id or self.company_id.resource_calendar_id
        if not calendar or not self.create_date or moment <= self.create_date:
            return 0.0
        return calendar.get_work_hours_count(self.create_date, moment, compute_leaves=True)

    def write(self, vals):
        self._check_timed_fields(vals)
        res = super().write(vals)
        if "stage_id" in vals:
            self._record_service_times()
        return res

    def _check_timed_fields(self, vals):
        protected = TIMED_FIELDS & set(vals)
        if protected and not self.env.su:
            raise AccessError(
                _(
                    "The service promise's deadlines and times are measured, not written: "
                    "%(fields)s.",
                    fields=", ".join(sorted(protected)),
                )
            )

    def set_sla(self):
        # The SLA lines are the clock: created by the system, not by the user.
        return super(HelpdeskTicket, self.sudo()).set_sla()

    def refresh_sla(self):
        return super(HelpdeskTicket, self.sudo()).refresh_sla()

    def _record_service_times(self):
        """Time the first answer (the ticket leaves its unattended stage) and the
        resolution (it reaches a closed stage), once; a reopened ticket is no
        longer resolved."""
        now = fields.Datetime.now()
        for ticket in self:
            vals = {}
            stage = ticket.stage_id
            if not stage.unattended and not ticket.first_response_date:
                vals["first_response_date"] = now
                vals["response_hours"] = ticket._work_hours_since_creation(now)
                if ticket.response_deadline and now > ticket.response_deadline:
                    vals["response_late"] = True
            if stage.closed and not ticket.resolved_date:
                vals["resolved_date"] = now
                vals["resolution_hours"] = ticket._work_hours_since_creation(now)
                if ticket.resolution_deadline and now > ticket.resolution_deadline:
                    vals["resolution_late"] = True
            elif not stage.closed and ticket.resolved_date:
                vals.update(resolved_date=False, resolution_hours=0.0)
            if vals:
                super(HelpdeskTicket, ticket.sudo()).write(vals)
        return True

    def message_post(self, **kwargs):
        """An answer to the customer from the team is the first response: the
        request leaves its unattended stage (and the response clock stops)."""
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
                    ticket.stage_id = answered
        return message

    # ------------------------------------------------------------ breaches

    @api.model
    def _cron_escalate_breaches(self):
        """Mark requests past a deadline as late and escalate each breach once:
        an activity for the team leader (or the tier's service manager)."""
        now = fields.Datetime.now()
        late = {
            "response": self.search(
                [
                    ("first_response_date", "=", False),
                    ("response_deadline", "<", now),
                    ("stage_id.closed", "=", False),
                    ("response_escalated_on", "=", False),
                ]
            ),
            "resolution": self.search(
                [
                    ("resolved_date", "=", False),
                    ("resolution_deadline", "<", now),
                    ("stage_id.closed", "=", False),
                    ("resolution_escalated_on", "=", False),
                ]
            ),
        }
        activity_type = self.env.ref("customer_mgmt_helpdesk.mail_activity_type_service_breach")
        for kind, tickets in late.items():
            if not tickets:
                continue
            tickets.sudo().write({f"{kind}_late": True, f"{kind}_escalated_on": now})
            activities = []
            for ticket in tickets:
                leader = ticket._escalation_user()
                deadline = ticket[f"{kind}_deadline"]
                summary = ticket.with_context(lang=leader.lang)._breach_summary(kind)
                activities.append(
                    {
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": ticket.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "user_id": leader.id,
                        "date_deadline": fields.Date.context_today(self),
                        "note": _(
                            "Promised by %(deadline)s (tier %(tier)s).",
                            deadline=fields.Datetime.to_string(deadline),
                            tier=ticket.customer_tier_id.name or "-",
                        ),
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

    def _breach_summary(self, kind):
        if kind == "response":
            return _("Not answered in time: %(ticket)s", ticket=self.display_name)
        return _("Not resolved in time: %(ticket)s", ticket=self.display_name)
