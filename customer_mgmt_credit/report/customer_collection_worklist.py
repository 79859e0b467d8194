from odoo import fields, models
from odoo.tools import SQL

from ..models.customer_credit_engine import FIGURES_DEPENDS


def _partner_selection(fname):
    return lambda self: self.env["res.partner"]._fields[fname].selection


class CustomerCollectionWorklist(models.Model):
    """The collector's worklist (收款员): for this week, each customer with
    something to collect or settle: what is overdue and falls due, promises due,
    disputed statements, its next settlement day, place and method from the
    collection agreement, and its follow-up level. "Today" marks who to call or
    visit today. One query over the receivables, whatever the number of
    customers; salespeople see their customers, controllers all."""

    _name = "customer.collection.worklist"
    _description = "Collection Worklist"
    _auto = False
    _order = "today desc, overdue_amount desc, id"
    _rec_name = "partner_id"
    _depends = dict(
        FIGURES_DEPENDS,
        **{
            "res.partner": ["commercial_partner_id", "user_id", "collection_days",
                            "collection_place", "collection_method", "followup_level_id"],
            "customer.payment.promise": ["partner_id", "company_id", "state", "date", "amount"],
            "customer.statement": ["partner_id", "company_id", "state"],
        },
    )  # fmt: skip

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    today = fields.Boolean(string="For Today", readonly=True)
    balance = fields.Monetary(string="Owed", readonly=True)
    overdue_amount = fields.Monetary(string="Overdue", readonly=True)
    due_this_week = fields.Monetary(string="Falls Due This Week", readonly=True)
    oldest_days = fields.Integer(string="Oldest (Days After Due)", readonly=True)
    promise_date = fields.Date(string="Promised By", readonly=True)
    promise_amount = fields.Monetary(string="Promised", readonly=True)
    dispute_count = fields.Integer(string="Disputed Statements", readonly=True)
    next_settlement_date = fields.Date(string="Next Settlement Day", readonly=True)
    collection_place = fields.Selection(
        _partner_selection("collection_place"), string="Settlement Place", readonly=True
    )
    collection_method = fields.Selection(
        _partner_selection("collection_method"), string="Settlement Method", readonly=True
    )
    followup_level_id = fields.Many2one(
        "customer.followup.level", string="Follow-up Level", readonly=True
    )

    @property
    def _table_query(self) -> SQL:
        today = fields.Date.context_today(self)
        # the next day of the month named in the agreement, this month or next
        # (a 31st is the month's last day)
        next_day = SQL(
            """(SELECT MIN(CASE
                   WHEN date_trunc('month', %(t)s::date)::date
                        + LEAST(n, EXTRACT(DAY FROM date_trunc('month', %(t)s::date)
                                + interval '1 month - 1 day')::int) - 1 >= %(t)s::date
                   THEN date_trunc('month', %(t)s::date)::date
                        + LEAST(n, EXTRACT(DAY FROM date_trunc('month', %(t)s::date)
                                + interval '1 month - 1 day')::int) - 1
                   ELSE (date_trunc('month', %(t)s::date) + interval '1 month')::date
                        + LEAST(n, EXTRACT(DAY FROM date_trunc('month', %(t)s::date)
                                + interval '2 month - 1 day')::int) - 1
                   END)
                FROM (SELECT NULLIF(x, '')::int AS n
                        FROM unnest(string_to_array(regexp_replace(
                             cp.collection_days, '[^0-9,]', '', 'g'), ',')) AS x
                       WHERE x ~ '^[0-9]{1,2}$') days
               WHERE n BETWEEN 1 AND 31)""",
            t=today,
        )
        return SQL(
            """
            WITH items AS (
                SELECT p.commercial_partner_id AS partner_id, l.company_id,
                       SUM(l.amount_residual) AS balance,
                       COALESCE(SUM(l.amount_residual) FILTER (
                           WHERE l.amount_residual > 0 AND l.date_maturity < %(t)s), 0)
                           AS overdue,
                       COALESCE(SUM(l.amount_residual) FILTER (
                           WHERE l.amount_residual > 0
                             AND l.date_maturity BETWEEN %(t)s AND %(week_end)s), 0)
                           AS due_week,
                       MIN(l.date_maturity) FILTER (WHERE l.amount_residual > 0) AS oldest_due
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                  JOIN res_partner p ON p.id = l.partner_id
                 WHERE l.parent_state = 'posted' AND a.account_type = 'asset_receivable'
                   AND NOT l.reconciled
                 GROUP BY p.commercial_partner_id, l.company_id
            ), promises AS (
                SELECT partner_id, company_id, MIN(date) AS promise_date,
                       SUM(amount) AS promise_amount
                  FROM customer_payment_promise
                 WHERE state = 'open'
                 GROUP BY partner_id, company_id
            ), disputes AS (
                SELECT partner_id, company_id, COUNT(*) AS dispute_count
                  FROM customer_statement
                 WHERE state = 'disputed'
                 GROUP BY partner_id, company_id
            ), keys AS (
                SELECT partner_id, company_id FROM items
                 WHERE balance > 0 AND (overdue > 0 OR due_week > 0)
                UNION SELECT partner_id, company_id FROM promises
                 WHERE promise_date <= %(week_end)s
                UNION SELECT partner_id, company_id FROM disputes
            ), rows AS (
                SELECT k.partner_id, k.company_id, c.currency_id, cp.user_id,
                       cp.collection_place, cp.collection_method,
                       (cp.followup_level_id ->> k.company_id::text)::int AS followup_level_id,
                       GREATEST(COALESCE(i.balance, 0), 0) AS balance,
                       LEAST(COALESCE(i.overdue, 0), GREATEST(COALESCE(i.balance, 0), 0))
                           AS overdue_amount,
                       COALESCE(i.due_week, 0) AS due_this_week,
                       GREATEST(%(t)s::date - i.oldest_due, 0) AS oldest_days,
                       pr.promise_date, pr.promise_amount,
                       COALESCE(d.dispute_count, 0) AS dispute_count,
                       %(next_day)s AS next_settlement_date
                  FROM keys k
                  JOIN res_partner cp ON cp.id = k.partner_id
                  JOIN res_company c ON c.id = k.company_id
                  LEFT JOIN items i ON i.partner_id = k.partner_id AND i.company_id = k.company_id
                  LEFT JOIN promises pr
                         ON pr.partner_id = k.partner_id AND pr.company_id = k.company_id
                  LEFT JOIN disputes d
                         ON d.partner_id = k.partner_id AND d.company_id = k.company_id
            )
            SELECT rows.partner_id::bigint * 1000 + rows.company_id AS id, rows.*,
                   (rows.promise_date <= %(t)s OR rows.next_settlement_date = %(t)s
                    OR (rows.overdue_amount > 0 AND (rows.promise_date IS NULL
                                                    OR rows.promise_date < %(t)s)))
                       AS today
              FROM rows
            """,
            t=today,
            week_end=fields.Date.add(today, days=6),
            next_day=next_day,
        )

    # -------------------------------------------------------------- one click

    def _log(self, interaction_type):
        """Log a call or visit of this customer as an interaction and open it."""
        self.ensure_one()
        fmt = self.currency_id.format
        interaction = self.env["customer.interaction"].create({
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "interaction_type": interaction_type,
            "name": self.env._(
                "Collection: %(overdue)s overdue, %(due)s due this week",
                overdue=fmt(self.overdue_amount),
                due=fmt(self.due_this_week),
            ),
        })  # fmt: skip
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.interaction",
            "res_id": interaction.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_log_call(self):
        return self._log("call")

    def action_log_visit(self):
        return self._log("visit")

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
