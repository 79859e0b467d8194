from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_date

PERSONAL_GROUP = "customer_mgmt.customer_mgmt_group_personal_data"


class CustomerReminderLog(models.Model):
    """What the reminder cron already reminded of. The unique key makes a rerun,
    or two workers running the cron at once, create each reminder only once,
    even after its activity was marked done."""

    _name = "customer.reminder.log"
    _description = "Customer Reminder Log"
    # Birthday activities hang on the log (see _create_reminders).
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(
        [
            ("visit", "Visit Due"),
            ("dossier_review", "Dossier Review"),
            ("birthday", "Birthday"),
        ],
        required=True,
    )
    key = fields.Char(required=True, help="The occurrence reminded of, e.g. a due date.")
    activity_id = fields.Many2one("mail.activity", ondelete="set null")

    _sql_constraints = [
        ("occurrence_uniq", "unique (partner_id, kind, key)", "This reminder exists already."),
    ]

    # ------------------------------------------------------------ due items
    # Each query returns (partner_id, user_id, due date) for every occurrence not
    # reminded of yet, over all partners in one pass.

    def _not_logged(self, kind, key_sql):
        return SQL(
            """NOT EXISTS (SELECT 1 FROM customer_reminder_log l
                            WHERE l.partner_id = p.id AND l.kind = %s AND l.key = (%s)::text)""",
            kind,
            key_sql,
        )

    def _due_visits(self, today):
        due = SQL("(COALESCE(v.last_visit, p.create_date)::date + t.visit_interval_days)")
        return SQL(
            """SELECT p.id, p.user_id, %(due)s
                 FROM res_partner p
                 JOIN customer_tier t ON t.id = p.customer_tier_id
            LEFT JOIN (SELECT commercial_partner_id, MAX(date) AS last_visit
                         FROM customer_interaction
                        WHERE interaction_type = 'visit'
                        GROUP BY commercial_partner_id) v ON v.commercial_partner_id = p.id
                WHERE p.active AND p.parent_id IS NULL AND p.user_id IS NOT NULL
                  AND t.visit_interval_days > 0
                  AND p.customer_stage IN ('active', 'at_risk')
                  AND %(due)s <= %(today)s
                  AND %(not_logged)s""",
            due=due,
            today=today,
            not_logged=self._not_logged("visit", due),
        )

    def _due_dossier_reviews(self, today):
        return SQL(
            """SELECT p.id, p.user_id, p.dossier_next_review
                 FROM res_partner p
                WHERE p.active AND p.parent_id IS NULL AND p.user_id IS NOT NULL
                  AND p.customer_stage != 'lost'
                  AND p.dossier_next_review <= %(today)s
                  AND %(not_logged)s""",
            today=today,
            not_logged=self._not_logged("dossier_review", SQL("p.dossier_next_review")),
        )

    def _due_birthdays(self, today, days_ahead):
        # The birthday's occurrence this year and next (29 February falls on the
        # 28th in other years), reminded days_ahead days before.
        month_start = SQL("make_date(y, EXTRACT(month FROM p.key_person_birthday)::int, 1)")
        occurrence = SQL(
            """(%(month_start)s
                + (LEAST(EXTRACT(day FROM p.key_person_birthday)::int,
                         EXTRACT(day FROM %(month_start)s + interval '1 month - 1 day')::int)
                   - 1))""",
            month_start=month_start,
        )
        # Only a salesperson who may know the birthday is reminded of it.
        return SQL(
            """SELECT p.id, c.user_id, %(occurrence)s
                 FROM res_partner p
                 JOIN res_partner c ON c.id = p.commercial_partner_id
                CROSS JOIN unnest(ARRAY[%(year)s, %(year)s + 1]) AS y
                WHERE p.active AND c.active AND p.parent_id IS NOT NULL
                  AND p.key_person_birthday IS NOT NULL AND c.user_id IS NOT NULL
                  AND EXISTS (SELECT 1 FROM res_groups_users_rel r
                               WHERE r.uid = c.user_id AND r.gid = %(private)s)
                  AND %(occurrence)s BETWEEN %(today)s AND %(until)s
                  AND %(not_logged)s""",
            private=self.env.ref(PERSONAL_GROUP).id,
            occurrence=occurrence,
            year=today.year,
            today=today,
            until=today + timedelta(days=days_ahead),
            not_logged=self._not_logged("birthday", occurrence),
        )

    def _get_due_reminders(self, today):
        """All reminders due today and not created yet, as (kind, partner, user, date)."""
        self.env.flush_all()
        days_ahead = max(self.env.company.customer_birthday_notice_days, 0)
        due = []
        for kind, query in (
            ("visit", self._due_visits(today)),
            ("dossier_review", self._due_dossier_reviews(today)),
            ("birthday", self._due_birthdays(today, days_ahead)),
        ):
            due += [(kind, *row) for row in self.env.execute_query(query)]
        due.sort(key=lambda item: (item[3], item[1], item[0]))
        return due

    # ------------------------------------------------------------- creation

    @api.model
    def _get_reminder_activity_types(self):
        return {
            "visit": self.env.ref("customer_mgmt.mail_activity_type_customer_visit"),
            "dossier_review": self.env.ref("customer_mgmt.mail_activity_type_dossier_review"),
            "birthday": self.env.ref("customer_mgmt.mail_activity_type_birthday"),
        }

    @api.model
    def _get_reminder_summary(self, kind, partner, date):
        """The activity's title, in the language of ``partner``'s environment."""
        env = partner.env
        if kind == "visit":
            return env._(
                "Visit %(customer)s (tier %(tier)s cadence)",
                customer=partner.display_name,
                tier=partner.customer_tier_id.name,
            )
        if kind == "dossier_review":
            return env._("Review the dossier of %(customer)s", customer=partner.display_name)
        return env._(
            "Birthday of %(person)s (%(customer)s) on %(date)s",
            person=partner.name,
            customer=partner.commercial_partner_id.name,
            date=format_date(env, date),
        )

    @api.model
    def _create_reminders(self, due):
        """Create one log and one activity per due item, in bulk. A birthday's
        activity hangs on its log, which only the personal data group reads, not
        on the contact that every salesperson reads: its text and its deadline
        would tell the birthday."""
        if not due:
            return self
        types = self._get_reminder_activity_types()
        partner_model = self.env["ir.model"]._get_id("res.partner")
        log_model = self.env["ir.model"]._get_id(self._name)
        partners = self.env["res.partner"].browse([item[1] for item in due])
        logs = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        ).create([
            {"partner_id": partner_id, "kind": kind, "key": fields.Date.to_string(date)}
            for kind, partner_id, _user_id, date in due
        ])  # fmt: skip
        today = fields.Date.context_today(self)
        users = self.env["res.users"].browse({item[2] for item in due if item[2]})
        # each salesperson reads their reminders in their own language
        langs = defaultdict(lambda: self.env.lang, {user.id: user.lang for user in users})
        activities = self.env["mail.activity"].sudo().create([
            {
                "res_model_id": log_model if kind == "birthday" else partner_model,
                "res_id": log.id if kind == "birthday" else partner_id,
                "activity_type_id": types[kind].id,
                "user_id": user_id,
                "date_deadline": date if kind == "birthday" else max(date, today),
                "summary": self._get_reminder_summary(
                    kind, partners.browse(partner_id).with_context(lang=langs[user_id]), date
                ),
            }
            for (kind, partner_id, user_id, date), log in zip(due, logs, strict=True)
        ])  # fmt: skip
        for log, activity in zip(logs, activities, strict=True):
            log.activity_id = activity
        return logs

    @api.model
    def _run_reminders(self, limit=None, today=None):
        """Create up to ``limit`` due reminders. Returns (created, remaining)."""
        due = self._get_due_reminders(today or fields.Date.context_today(self))
        batch = due[:limit] if limit else due
        self._create_reminders(batch)
        return len(batch), len(due) - len(batch)

    @api.model
    def _cron_customer_reminders(self):
        """Visits due by tier policy, stale dossiers and key-person birthdays.
        One batch per call; the cron framework commits and calls again while
        work remains, so a crash resumes where it stopped."""
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("customer_mgmt.reminder_batch_size", 500)
        )
        done, remaining = self._run_reminders(limit=limit)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
