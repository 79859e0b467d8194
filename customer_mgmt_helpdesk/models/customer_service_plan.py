from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL


class CustomerServicePlan(models.Model):
    """A service a tier promises its customers again and again (seed 000's close
    service): a business review each quarter, training twice a year, display
    help each month. Scheduled as activities of the salesperson, done as
    interactions."""

    _name = "customer.service.plan"
    _description = "Customer Service Plan"
    _inherit = ["mail.thread"]
    _order = "tier_id, sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    tier_id = fields.Many2one(
        "customer.tier", required=True, ondelete="cascade", index=True,
        tracking=True,
    )  # fmt: skip
    company_id = fields.Many2one(related="tier_id.company_id", store=True)
    interval_months = fields.Integer(
        string="Every (Months)",
        required=True,
        default=3,
        tracking=True,
        help="3: each quarter, 6: twice a year, 1: each month.",
    )
    notice_days = fields.Integer(
        string="Notice (Days)",
        default=7,
        help="The salesperson's activity is created this many days before the service is due.",
    )
    date_start = fields.Date(
        string="Start",
        required=True,
        default=fields.Date.context_today,
        help="Customers never served under this plan are due from this day.",
    )
    interaction_type = fields.Selection(
        lambda self: self.env["customer.interaction"]._fields["interaction_type"].selection,
        string="Done As",
        required=True,
        default="meeting",
        help="The kind of interaction recorded when the service is done.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref(
            "customer_mgmt_helpdesk.mail_activity_type_service_plan", False
        ),
        domain=[("res_model", "in", (False, "res.partner"))],
    )
    description = fields.Text(translate=True, help="What the service consists of.")

    _sql_constraints = [
        ("interval_positive", "CHECK (interval_months > 0)", "A plan repeats every month or more."),
        ("notice_positive", "CHECK (notice_days >= 0)", "The notice cannot be negative."),
    ]

    @api.model
    def _due_sql(self, today, limit=None):
        """(partner, salesperson, plan, due date) of every service due by its
        notice and not scheduled yet, over all plans and customers in one pass.
        The next service is due an interval after the last one done, or after the
        last one scheduled and dropped (its activity cancelled): a dropped one
        is not asked for again, the next one is."""
        due = SQL(
            "COALESCE((GREATEST(d.last_done::date, x.last_dropped)"
            " + make_interval(months => plan.interval_months))::date, plan.date_start)"
        )
        return SQL(
            """SELECT p.id, p.user_id, plan.id, %(due)s
                 FROM customer_service_plan plan
                 JOIN res_partner p ON p.customer_tier_id = plan.tier_id
            LEFT JOIN (SELECT commercial_partner_id, service_plan_id, MAX(date) AS last_done
                         FROM customer_interaction
                        WHERE service_plan_id IS NOT NULL
                        GROUP BY commercial_partner_id, service_plan_id
                      ) d ON d.commercial_partner_id = p.id AND d.service_plan_id = plan.id
            LEFT JOIN (SELECT partner_id, service_plan_id,
                              MAX(split_part(key, ':', 2)::date) AS last_dropped
                         FROM customer_reminder_log
                        WHERE kind = 'service_plan' AND activity_id IS NULL
                        GROUP BY partner_id, service_plan_id
                      ) x ON x.partner_id = p.id AND x.service_plan_id = plan.id
                WHERE plan.active AND p.active AND p.parent_id IS NULL
                  AND p.user_id IS NOT NULL
                  AND p.customer_stage IN ('active', 'at_risk')
                  AND %(due)s - plan.notice_days <= %(today)s
                  AND NOT EXISTS (
                      SELECT 1 FROM customer_reminder_log l
                       WHERE l.partner_id = p.id AND l.kind = 'service_plan'
                         AND l.key = plan.id || ':' || %(due)s::text)
             ORDER BY %(due)s, p.id, plan.id
             %(limit)s""",
            due=due,
            today=today,
            limit=SQL("LIMIT %s", limit) if limit else SQL(""),
        )

    @api.model
    def _schedule(self, today=None, limit=None):
        """Create the activities of the services due. Returns how many."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        rows = self.env.execute_query(self._due_sql(today, limit))
        if not rows:
            return 0
        plans = self.browse({row[2] for row in rows})
        quiet = {"mail_create_nolog": True, "mail_create_nosubscribe": True}
        logs = (
            self.env["customer.reminder.log"]
            .with_context(**quiet, tracking_disable=True)
            .create([
                {"partner_id": partner_id, "kind": "service_plan",
                 "key": f"{plan_id}:{due}", "service_plan_id": plan_id}
                for partner_id, _user_id, plan_id, due in rows
            ])
        )  # fmt: skip
        users = self.env["res.users"].browse({row[1] for row in rows})
        partner_model = self.env["ir.model"]._get_id("res.partner")
        fallback = self.env.ref("mail.mail_activity_data_todo")
        vals_list = []
        for partner_id, user_id, plan_id, due in rows:
            plan = plans.browse(plan_id).with_context(lang=users.browse(user_id).lang)
            vals_list.append({
                "res_model_id": partner_model, "res_id": partner_id,
                "activity_type_id": (plan.activity_type_id or fallback).id,
                "user_id": user_id, "date_deadline": max(due, today),
                "summary": plan.name, "note": plan.description or False,
            })  # fmt: skip
        # No email per activity (they show in the systray). Odoo subscribes a
        # batch's assignees at once and fails on a customer twice in one batch:
        # a customer's second plan due goes in a second batch.
        rounds, seen = defaultdict(list), defaultdict(int)
        for index, vals in enumerate(vals_list):
            rounds[seen[vals["res_id"]]].append(index)
            seen[vals["res_id"]] += 1
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        activities = [None] * len(vals_list)
        for indexes in rounds.values():
            for index, activity in zip(
                indexes, Activity.create([vals_list[i] for i in indexes]), strict=True
            ):
                activities[index] = activity
        for log, activity in zip(logs, activities, strict=True):
            log.activity_id = activity
        return len(rows)

    @api.model
    def _cron_schedule(self):
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("customer_mgmt.reminder_batch_size", 500)
        )
        done = self._schedule(limit=limit)
        due = self._due_sql(fields.Date.context_today(self))
        [(remaining,)] = self.env.execute_query(SQL("SELECT COUNT(*) FROM (%s) due", due))
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
