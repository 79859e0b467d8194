from collections import defaultdict
from datetime import timedelta

from markupsafe import escape

from odoo import api, fields, models
from odoo.tools import SQL

from .customer_credit_engine import CREDIT_MANAGER


class CustomerFollowupStep(models.Model):
    """One move of a customer to a follow-up level, with what was done: the
    statement emailed, the call or visit scheduled, the credit manager told, the
    hold. A customer has at most one open step: the next level or the debt paid
    closes it. The daily run makes them; nobody edits them."""

    _name = "customer.followup.step"
    _description = "Collection Follow-up Step"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "level_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    level_id = fields.Many2one("customer.followup.level", required=True, readonly=True, index=True)
    date = fields.Date(required=True, readonly=True, index=True)
    overdue_amount = fields.Monetary(string="Overdue", readonly=True)
    oldest_days = fields.Integer(string="Oldest Item (Days After Due)", readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Closed")],
        default="open",
        required=True,
        readonly=True,
        index=True,
    )
    close_reason = fields.Selection(
        [("next_level", "Next Level"), ("paid", "Overdue Paid")], readonly=True
    )
    closed_on = fields.Date(readonly=True)
    statement_id = fields.Many2one("customer.statement", readonly=True)
    actions_done = fields.Text(string="Done", readonly=True)

    # ------------------------------------------------------------------ the run

    @api.model
    def _cron_followup(self):
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([("credit_control_active", "=", True)]):
            # notes, hold reasons and step records in the company's language
            run = self.with_company(company).with_context(lang=company._customer_mgmt_lang())
            run.env["customer.payment.promise"]._judge(company, today)
            run._run(company, today)
            run.env["customer.statement"]._send_settlement_statements(company, today)

    @api.model
    def _get_chase_sql(self, company, today, ids=None):
        """One row per commercial partner (``ids``: these only) with open
        receivable items: what is overdue, the net balance (unmatched payments and
        credit notes count), and the due date of the oldest item still owed."""
        return SQL(
            """SELECT p.commercial_partner_id AS id,
                      SUM(l.amount_residual) AS balance,
                      COALESCE(SUM(l.amount_residual) FILTER (
                          WHERE l.amount_residual > 0 AND l.date_maturity < %(today)s), 0)
                          AS overdue,
                      MIN(l.date_maturity) FILTER (WHERE l.amount_residual > 0) AS oldest
                 FROM account_move_line l
                 JOIN res_partner p ON p.id = l.partner_id
                 JOIN account_account a ON a.id = l.account_id
                WHERE l.parent_state = 'posted' AND a.account_type = 'asset_receivable'
                  AND l.company_id = %(company)s AND NOT l.reconciled AND %(where)s
                GROUP BY p.commercial_partner_id""",
            today=today,
            company=company.id,
            where=SQL("p.commercial_partner_id IN %s", tuple(ids)) if ids else SQL("TRUE"),
        )

    @api.model
    def _get_figures(self, company, today, ids=None):
        self.env["account.move.line"].flush_model()
        return {
            row["id"]: row
            for row in self.env.execute_query_dict(self._get_chase_sql(company, today, ids))
        }

    @api.model
    def _waiting_for_promise(self, company, today):
        """Customers with a promise still running (its date plus grace not past):
        the chase waits for it."""
        grace = timedelta(days=company.promise_grace_days)
        promises = self.env["customer.payment.promise"].sudo().search([
            ("company_id", "=", company.id), ("state", "=", "open"),
            ("date", ">=", today - grace),
        ])  # fmt: skip
        return set(promises.partner_id.ids)

    @api.model
    def _escalate(self, partners, company, today):
        """Move these customers one level up their chain now (a broken promise),
        or to its first level if they were at none. Returns the new steps."""
        partners = partners.sudo().with_company(company)
        rows = self._get_figures(company, today, partners.ids)
        chains = self._get_levels(company)
        moves = defaultdict(lambda: partners.browse())
        figures = {}
        for partner in partners:
            chain = chains.get(partner.credit_grade_id.id) or chains.get(False) or []
            current = partner.followup_level_id
            target = next(
                (lvl for lvl in chain if not current or lvl._rank() > current._rank()), None
            )
            if target:
                row = rows.get(partner.id) or {"overdue": 0.0, "balance": 0.0, "oldest": None}
                days = (today - row["oldest"]).days if row["oldest"] else 0
                figures[partner.id] = (min(row["overdue"], row["balance"]), days)
                moves[target] |= partner
        steps = self.browse()
        for level, customers in moves.items():
            steps |= self._move(level, customers, figures, company, today)
        return steps

    @api.model
    def _get_levels(self, company):
        """{grade id or False: levels by days}."""
        chains = defaultdict(list)
        for level in self.env["customer.followup.level"].search(
            [("company_id", "=", company.id)], order="days, sequence, id"
        ):
            chains[level.grade_id.id].append(level)
        return chains

    @api.model
    def _run(self, company, today):
        """Move every customer of ``company`` to its follow-up level on ``today``,
        in one pass: one query for the debts, one read of grades and levels, the
        steps created in batch. A customer moves up only: a level it has reached is
        never done twice, however often the run is repeated. A customer whose
        overdue debt is paid leaves the chase. Returns the new steps."""
        rows = self._get_figures(company, today)
        chains = self._get_levels(company)
        promised = self._waiting_for_promise(company, today)
        Partner = self.env["res.partner"].sudo().with_company(company)
        chased = Partner.search([("followup_level_id", "!=", False)])
        partners = Partner.browse(list(rows)) | chased
        min_amount = company.followup_min_amount
        half = company.currency_id.rounding / 2
        moves = defaultdict(list)  # level -> partner ids
        leaving = []
        figures = {}
        # plain values of the few levels, read once: the loop runs per customer
        rank = {level: level._rank() for chain in chains.values() for level in chain}
        grade = {level: level.grade_id for level in rank}
        for partner in partners:
            row = rows.get(partner.id)
            current = partner.followup_level_id
            chain = chains.get(partner.credit_grade_id.id) or chains.get(False) or []
            target = None
            if row and row["oldest"] and row["balance"] > max(min_amount, half):
                days = (today - row["oldest"]).days
                target = next((lvl for lvl in reversed(chain) if rank[lvl][0] <= days), None)
                figures[partner.id] = (min(row["overdue"], row["balance"]), days)
            if target is None:
                if current:
                    leaving.append(partner.id)
            elif partner.id in promised:
                continue
            elif (
                current not in rank  # none, or of no chain any more
                or rank[target] > rank[current]
                or grade[current] != grade[target]
            ):
                moves[target].append(partner.id)
        self._leave(Partner.browse(leaving), today)
        steps = self.browse()
        for level, ids in moves.items():
            steps |= self._move(level, Partner.browse(ids), figures, company, today)
        return steps

    @api.model
    def _leave(self, partners, today):
        if not partners:
            return
        self.search([("partner_id", "in", partners.ids), ("state", "=", "open")]).write(
            {"state": "done", "close_reason": "paid", "closed_on": today}
        )
        partners.write({"followup_level_id": False, "followup_date": False})

    @api.model
    def _move(self, level, partners, figures, company, today):
        """Move ``partners`` to ``level``: close their open steps, record the new
        ones, and do what the level says."""
        self.search([("partner_id", "in", partners.ids), ("state", "=", "open")]).write(
            {"state": "done", "close_reason": "next_level", "closed_on": today}
        )
        # The note logged below says the level and why: no tracking message too
        # (and no tracking read of thousands of partners on a first run).
        partners.with_context(tracking_disable=True).write(
            {"followup_level_id": level.id, "followup_date": today}
        )
        statements = {}
        if level.send_statement:
            made = (
                self.env["customer.statement"]
                .sudo()
                ._make(partners, today.replace(day=1), today, company)
            )
            made._send_by_email()
            statements = {statement.partner_id.id: statement for statement in made}
        steps = self.create([
            {
                "partner_id": partner.id, "company_id": company.id, "level_id": level.id,
                "user_id": partner.user_id.id, "date": today,
                "overdue_amount": figures[partner.id][0], "oldest_days": figures[partner.id][1],
                "statement_id": statements.get(partner.id, self.env["customer.statement"]).id,
            }
            for partner in partners
        ])  # fmt: skip
        steps._do_actions(level)
        return steps

    def _do_actions(self, level):
        """Do what ``level`` says for these steps, in batch (the first run of a
        company may move thousands of customers): the activities, the credit
        manager's notice, the holds, and a note on each customer's form. Each
        step keeps what was done, in the company's words."""
        done = defaultdict(list)  # step -> what was done
        for step in self.filtered("statement_id"):
            statement = step.statement_id
            done[step].append(
                self.env._("Statement %s emailed.", statement.name)
                if statement.state == "sent"
                else self.env._("Statement %s made, not emailed (no email address).",
                                statement.name)
            )  # fmt: skip
        currency = self.company_id.currency_id  # one company a run
        amounts = {step: currency.format(step.overdue_amount) for step in self}
        manager = self[:1]._get_credit_manager()
        activities = ([], [])  # the level's call or visit, the manager's notice
        if level.activity != "none":
            activity_type = self.env.ref(
                "mail.mail_activity_data_call"
                if level.activity == "call"
                else "customer_mgmt.mail_activity_type_customer_visit"
            )
            for step in self:
                user = step.partner_id.user_id or manager
                if not user:
                    continue
                # in the recipient's language
                lang_env = self.with_context(lang=user.lang).env
                activities[0].append(step._activity_vals(
                    activity_type, user, lang_env._(
                        "Collect %(amount)s overdue from %(customer)s (%(level)s)",
                        amount=amounts[step], customer=step.partner_id.display_name,
                        level=level.with_context(lang=user.lang).name,
                    ), level.with_context(lang=user.lang).instructions or "",
                ))  # fmt: skip
                done[step].append(
                    self.env._("%(activity)s scheduled for %(user)s.",
                               activity=activity_type.name, user=user.name)
                )  # fmt: skip
        if level.notify_controller and manager:
            lang_env = self.with_context(lang=manager.lang).env
            todo = self.env.ref("mail.mail_activity_data_todo")
            for step in self:
                activities[1].append(step._activity_vals(todo, manager, lang_env._(
                    "Follow-up: %(customer)s owes %(amount)s overdue",
                    customer=step.partner_id.display_name, amount=amounts[step],
                )))  # fmt: skip
                done[step].append(self.env._("Credit manager %s notified.", manager.name))
        # The activities show in each user's systray; one email per customer
        # (Odoo's assignment notice) would bury them. One batch per kind: Odoo
        # subscribes a batch's users at once and fails on a record twice in it.
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        for batch in activities:
            Activity.create(batch)
        if level.credit_hold:
            self._hold(level, amounts, done)
        self.partner_id._message_log_batch(
            bodies={
                step.partner_id.id: escape(self.env._(
                    "Collection follow-up: level %(level)s (%(amount)s overdue, the oldest "
                    "%(days)s days). %(done)s",
                    level=level.name, amount=amounts[step], days=step.oldest_days,
                    done=" ".join(done[step]),
                ))
                for step in self
            },
        )  # fmt: skip
        for step in self:
            step.actions_done = "\n".join(done[step])

    def _activity_vals(self, activity_type, user, summary, note=""):
        return {
            "activity_type_id": activity_type.id,
            "summary": summary,
            "note": note,
            "automated": True,
            "date_deadline": self.date,
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": self.partner_id.id,
            "user_id": user.id,
        }

    def _hold(self, level, amounts, done):
        """Put the customers of these steps not on hold yet on a hold that the
        payment of their debt lifts: one write for all (the reason names the
        level; each customer's amount is on its step and its hold event)."""
        steps = self.filtered(lambda step: not step.partner_id.credit_hold)
        if not steps:
            return
        steps.partner_id.write({
            "credit_hold": True, "credit_hold_date": fields.Datetime.now(),
            "credit_hold_user_id": False, "credit_hold_until_paid": True,
            "credit_hold_reason": self.env._(
                "Follow-up level %(level)s: debt overdue %(days)s days or more.",
                level=level.name, days=level.days,
            ),
        })  # fmt: skip
        self.env["customer.credit.event"].sudo().create([
            {
                "partner_id": step.partner_id.id, "company_id": step.company_id.id,
                "event_type": "hold",
                "reason": self.env._(
                    "Follow-up level %(level)s: %(amount)s overdue for %(days)s days.",
                    level=level.name, amount=amounts[step], days=step.oldest_days,
                ),
            }
            for step in steps
        ])  # fmt: skip
        for step in steps:
            done[step].append(self.env._("Put on credit hold."))

    def _get_credit_manager(self):
        company = self.company_id
        managers = self.env.ref(CREDIT_MANAGER).users.filtered(
            lambda user: user.active and not user.share and company in user.company_ids
        )
        return company.credit_manager_user_id or managers[:1]

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }


class CustomerStatementSettlement(models.Model):
    _inherit = "customer.statement"

    @api.model
    def _send_settlement_statements(self, company, today):
        """Customers on monthly settlement get their statement ``lead`` days before
        their settlement day: the period since their last statement (or the
        month before), to today. Once per customer and day."""
        lead = company.statement_lead_days
        day = (today + timedelta(days=lead)).day
        Partner = self.env["res.partner"].sudo().with_company(company)
        customers = Partner.search(
            [("collection_days", "!=", False), ("parent_id", "=", False)]
        ).filtered(lambda p: day in p._collection_day_list())
        if not customers:
            return self.browse()
        done_today = self.sudo().search([
            ("partner_id", "in", customers.ids), ("company_id", "=", company.id),
            ("date_to", "=", today), ("state", "!=", "replaced"),
        ]).partner_id  # fmt: skip
        last = dict(
            self.sudo()._read_group(
                [("partner_id", "in", customers.ids), ("company_id", "=", company.id),
                 ("state", "!=", "replaced"), ("date_to", "<", today)],
                ["partner_id"], ["date_to:max"],
            )
        )  # fmt: skip
        by_start = defaultdict(lambda: Partner.browse())
        default_start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        for customer in customers - done_today:
            start = last[customer] + timedelta(days=1) if customer in last else default_start
            by_start[start] |= customer
        statements = self.browse()
        for start, group in by_start.items():
            statements |= self.sudo()._make(group, start, today, company)
        statements._send_by_email()
        return statements
