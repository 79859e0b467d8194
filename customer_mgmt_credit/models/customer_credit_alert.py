from odoo import api, fields, models
from odoo.tools import SQL, plaintext2html

ALERT_TYPES = [
    ("exposure", "Exposure Near the Limit"),
    ("overdue", "Overdue Past Tolerance"),
    ("downgrade", "Grade Downgrade"),
    ("top_exposure", "Largest Exposure"),
    ("ratio", "High Receivables to Sales"),
]


class CustomerCreditAlert(models.Model):
    """A red alert on a customer's credit (seeds 000, 003). At most one open alert
    per customer, company and kind: reruns of the cron update it, never duplicate
    it, and close it when the situation is back to normal."""

    _name = "customer.credit.alert"
    _description = "Customer Credit Alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson")
    alert_type = fields.Selection(ALERT_TYPES, string="Alert", required=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Closed")], default="open", required=True, tracking=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    credit_limit = fields.Monetary()
    exposure = fields.Monetary()
    overdue = fields.Monetary()
    oldest_overdue_days = fields.Integer(string="Oldest Overdue (Days)")
    # the figures the description names, rendered in each reader's language
    description_data = fields.Json(readonly=True, copy=False)
    description = fields.Text(compute="_compute_description")

    def init(self):
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS customer_credit_alert_open_uniq
                   ON customer_credit_alert (partner_id, company_id, alert_type)
                   WHERE state = 'open'"""
            )
        )

    @api.depends("alert_type", "partner_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._fields["alert_type"]._description_selection(self.env))
        for alert in self:
            alert.display_name = self.env._(
                "%(kind)s: %(customer)s",
                kind=labels.get(alert.alert_type, ""),
                customer=alert.partner_id.display_name or "",
            )

    @api.depends("alert_type", "description_data", "company_id")
    @api.depends_context("lang")
    def _compute_description(self):
        for alert in self:
            data = alert.description_data
            alert.description = alert._render_description(data) if data else False

    def _render_description(self, values):
        """The description of this alert from its ``values``, in the language of
        the environment. Key ``text``: a description kept as written."""
        self.ensure_one()
        if "text" in values:
            return values["text"]
        fmt = self.company_id.currency_id.format
        _ = self.env._
        kind = self.alert_type
        if kind == "exposure" and values.get("limit"):
            text = _(
                "Exposure %(exposure)s is %(share)s%% of the credit limit %(limit)s.",
                exposure=fmt(values["exposure"]),
                limit=fmt(values["limit"]),
                share=round(100 * values["exposure"] / values["limit"]),
            )
        elif kind == "exposure":
            text = _(
                "Exposure %(exposure)s while no credit is allowed (credit limit %(limit)s).",
                exposure=fmt(values.get("exposure", 0.0)),
                limit=fmt(0.0),
            )
        elif kind == "overdue":
            text = _(
                "%(overdue)s overdue, the oldest for %(days)s days (tolerance %(tolerance)s days).",
                overdue=fmt(values["overdue"]),
                days=values["days"],
                tolerance=values["tolerance"],
            )
        elif kind == "ratio":
            text = _(
                "Open receivables %(receivable)s are %(ratio)s%% of the last 12 months' sales "
                "%(sales)s.",
                receivable=fmt(values["receivable"]),
                sales=fmt(values["sales"]),
                ratio=values["ratio"],
            )
        elif kind == "top_exposure":
            text = _(
                "Exposure %(exposure)s, rank %(rank)s among the customers.",
                exposure=fmt(values["exposure"]),
                rank=values["rank"],
            )
        else:  # downgrade
            Engine = self.env["customer.credit.engine"]
            text = _(
                "Credit grade lowered from %(old)s to %(new)s (score %(score)s).",
                old=Engine._grade_name(values.get("old_grade_id"), values.get("old")),
                new=Engine._grade_name(values.get("new_grade_id"), values.get("new")),
                score=values.get("score"),
            )
        return text

    def action_done(self):
        self.write({"state": "done"})
        self.activity_ids.unlink()

    @api.model
    def _get_alert_users(self, partner, company):
        """Who is told: the salesperson of the customer and the company's credit
        manager (or, if none is set, the first credit manager)."""
        managers = self.env.ref("customer_mgmt_credit.customer_credit_group_manager").users
        manager = (
            company.credit_manager_user_id
            or managers.filtered(
                lambda user: user.active and not user.share and company in user.company_ids
            )[:1]
        )
        return (partner.user_id | manager).filtered("active")

    @api.model
    def _raise_alerts(self, company, wanted, kinds, close=True):
        """Make the alerts in ``wanted`` ({(partner id, kind): vals}) open, in
        ``company``, for the alert ``kinds`` evaluated: missing ones are created with
        their activities, open ones updated, and open ones of these kinds no longer
        wanted are closed (unless ``close`` is false). Returns the created alerts."""
        domain = [
            ("company_id", "=", company.id),
            ("state", "=", "open"),
            ("alert_type", "in", kinds),
        ]
        if not close:
            domain.append(("partner_id", "in", [key[0] for key in wanted]))
        opened = self.search(domain)
        by_key = {(alert.partner_id.id, alert.alert_type): alert for alert in opened}
        if close:
            keep = self.browse([by_key[key].id for key in wanted if key in by_key])
            (opened - keep).action_done()
        for key, vals in wanted.items():
            if key in by_key and any(by_key[key][f] != v for f, v in vals.items()):
                by_key[key].write(vals)
        new = [(key, vals) for key, vals in wanted.items() if key not in by_key]
        if not new:
            return self
        partners = self.env["res.partner"].browse([key[0] for key, _vals in new])
        alerts = self.create([
            {"partner_id": pid, "company_id": company.id, "alert_type": kind,
             "user_id": partner.user_id.id, **vals}
            for ((pid, kind), vals), partner in zip(new, partners, strict=True)
        ])  # fmt: skip
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for alert in alerts:
            for user in self._get_alert_users(alert.partner_id, company):
                # each reads it in their own language
                alert_read = alert.with_context(lang=user.lang)
                vals_list.append({
                    "res_model_id": model, "res_id": alert.id, "activity_type_id": todo.id,
                    "user_id": user.id, "date_deadline": alert.date,
                    "summary": alert_read.env._("Credit alert: %s", alert_read.display_name),
                    "note": plaintext2html(alert_read.description or ""),
                })  # fmt: skip
        # The document's name is stored once, in the company's language: computed
        # here, before Odoo's assignment notices, each in its recipient's language.
        activities = (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        activities.flush_recordset(["res_name"])
        activities.filtered(lambda activity: activity.user_id != self.env.user).sudo().with_context(
            mail_activity_quick_update=False
        ).action_notify()
        return alerts

    @api.model
    def _get_wanted_alerts(self, company, today):
        """The exposure, overdue, largest-exposure and receivables-to-sales alerts
        of all the company's customers, from one query."""
        rows = self.env.execute_query_dict(
            self.env["customer.credit.overview"]._get_overview_sql(company, today)
        )
        grades = {grade.id: grade for grade in self.env["customer.credit.grade"].search([])}
        share = company.credit_alert_exposure_share
        wanted = {}
        for row in rows:
            figures = {
                "credit_limit": row["credit_limit"],
                "exposure": row["exposure"],
                "overdue": row["overdue"],
                "oldest_overdue_days": row["oldest_overdue_days"],
            }
            limit, exposure = row["credit_limit"], row["exposure"]
            if row["credit_limited"] and exposure > 0 and exposure >= limit * share / 100:
                wanted[row["id"], "exposure"] = dict(
                    figures, description_data={"exposure": exposure, "limit": limit}
                )
            grade = grades.get(row["credit_grade_id"])
            tolerance = grade.overdue_tolerance_days if grade else company.credit_alert_overdue_days
            if row["oldest_overdue_days"] > tolerance:
                wanted[row["id"], "overdue"] = dict(
                    figures,
                    description_data={
                        "overdue": row["overdue"],
                        "days": row["oldest_overdue_days"],
                        "tolerance": tolerance,
                    },
                )
            ratio = 100 * row["receivable"] / row["sales"] if row["sales"] > 0 else 0
            if ratio > company.credit_alert_ratio:
                wanted[row["id"], "ratio"] = dict(
                    figures,
                    description_data={
                        "receivable": row["receivable"],
                        "sales": row["sales"],
                        "ratio": round(ratio),
                    },
                )
        largest = sorted((row for row in rows if row["exposure"] > 0), key=lambda r: -r["exposure"])
        for rank, row in enumerate(largest[: company.credit_alert_top_count], start=1):
            wanted[row["id"], "top_exposure"] = {
                "credit_limit": row["credit_limit"],
                "exposure": row["exposure"],
                "overdue": row["overdue"],
                "oldest_overdue_days": row["oldest_overdue_days"],
                "description_data": {"exposure": row["exposure"], "rank": rank},
            }
        return wanted

    @api.model
    def _cron_credit_alerts(self, batch_size=500):
        """Evaluate the alerts of every company in one query each and create at most
        ``batch_size`` new alerts per run: the cron commits and runs again while
        some remain, and a rerun creates nothing twice."""
        today = fields.Date.context_today(self)
        kinds = ["exposure", "overdue", "top_exposure", "ratio"]
        created = remaining = 0
        # Companies are few: loading them all is intended.
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            Alert = self.with_company(company).with_context(lang=company._customer_mgmt_lang())
            wanted = Alert._get_wanted_alerts(company, today)
            opened = Alert.search_read(
                [("company_id", "=", company.id), ("state", "=", "open"),
                 ("alert_type", "in", kinds)],
                ["partner_id", "alert_type"],
            )  # fmt: skip
            known = {(alert["partner_id"][0], alert["alert_type"]) for alert in opened}
            missing = [key for key in wanted if key not in known]
            room = max(batch_size - created, 0)
            keep = set(missing[room:])
            batch = {key: vals for key, vals in wanted.items() if key not in keep}
            created += len(Alert._raise_alerts(company, batch, kinds))
            remaining += len(keep)
        self.env["ir.cron"]._notify_progress(done=created, remaining=remaining)
        return created
