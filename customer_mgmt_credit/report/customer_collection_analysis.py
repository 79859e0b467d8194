from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.customer_credit_engine import FIGURES_DEPENDS

MONTHS = 24
# Ratios of a group are computed from the sums of its rows, never summed or
# averaged themselves: {ratio: (numerator, denominator, factor)}.
RATIOS = {
    "dso": ("ar_end_days", "sales", 1.0),
    "best_dso": ("current_end_days", "sales", 1.0),
    "cei": ("cei_collected", "cei_collectible", 100.0),
    "still_open_share": ("still_open", "sales", 100.0),
    "promise_kept_rate": ("promises_kept", "promises_judged", 100.0),
}


class CustomerCollectionAnalysis(models.Model):
    """Collection figures per customer and month over the last 24 months, in
    the company's currency, tax included (receivables include VAT):
    receivables at the start and the end of the month, what was not yet due at
    the end, credit sales, money collected, what of the month's invoices is still
    unpaid today, and promises kept or broken. Ratios of any group (customer,
    salesperson, tier, month, year) come from its sums:

    - DSO = receivables at month end x days of the month / credit sales (the
      standard DSO, weighted over the months of the group);
    - best possible DSO: the same with what was not yet due; average days
      delinquent = DSO - best possible DSO;
    - CEI = (receivables at start + sales - receivables at end)
      / (receivables at start + sales - current receivables at end) x 100,
      monthly (N = 1);
    - still unpaid: the share of the sales of the period not paid today (seed
      003's 15 million of 30 million)."""

    _name = "customer.collection.analysis"
    _description = "Collection Analysis"
    _auto = False
    _order = "month desc, partner_id"
    _rec_name = "partner_id"
    _depends = dict(
        FIGURES_DEPENDS,
        **{
            "res.partner": ["commercial_partner_id", "user_id", "customer_tier_id"],
            "customer.payment.promise": ["partner_id", "company_id", "state", "date"],
        },
    )

    month = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    customer_tier_id = fields.Many2one("customer.tier", string="Tier", readonly=True)
    ar_begin = fields.Monetary(string="Receivables at Start", readonly=True)
    ar_end = fields.Monetary(string="Receivables at End", readonly=True)
    ar_current_end = fields.Monetary(string="Not Yet Due at End", readonly=True)
    overdue_end = fields.Monetary(string="Overdue at End", readonly=True)
    sales = fields.Monetary(string="Credit Sales", readonly=True)
    collected = fields.Monetary(readonly=True)
    still_open = fields.Monetary(
        string="Still Unpaid Today", readonly=True, help="Of the month's invoices."
    )
    promises_kept = fields.Integer(readonly=True)
    promises_broken = fields.Integer(readonly=True)
    promises_judged = fields.Integer(readonly=True)
    ar_end_days = fields.Float(string="Receivables x Days", readonly=True)
    current_end_days = fields.Float(string="Not Yet Due x Days", readonly=True)
    cei_collected = fields.Monetary(string="Collected of What Was Owed (CEI)", readonly=True)
    cei_collectible = fields.Monetary(string="Collectible (CEI)", readonly=True)
    dso = fields.Float(string="DSO (Days)", digits=(16, 1), readonly=True, aggregator="avg")
    best_dso = fields.Float(
        string="Best Possible DSO", digits=(16, 1), readonly=True, aggregator="avg"
    )
    days_delinquent = fields.Float(
        string="Average Days Delinquent", digits=(16, 1), readonly=True, aggregator="avg"
    )
    cei = fields.Float(
        string="Collection Effectiveness (%)", digits=(16, 1), readonly=True, aggregator="avg"
    )
    still_open_share = fields.Float(
        string="Still Unpaid (% of Sales)", digits=(16, 1), readonly=True, aggregator="avg"
    )
    promise_kept_rate = fields.Float(
        string="Promises Kept (%)", digits=(16, 1), readonly=True, aggregator="avg"
    )

    @property
    def _table_query(self) -> SQL:
        today = fields.Date.context_today(self)
        start = today.replace(day=1) - relativedelta(months=MONTHS - 1)
        return SQL(
            """
            WITH months AS (
                SELECT gs::date AS month, (gs + interval '1 month - 1 day')::date AS month_end,
                       EXTRACT(DAY FROM gs + interval '1 month - 1 day')::int AS days
                  FROM generate_series(%(start)s::date, %(this_month)s::date,
                                       interval '1 month') gs
            ), lines AS (
                SELECT p.commercial_partner_id AS partner_id, l.company_id, l.id, l.date,
                       COALESCE(l.date_maturity, l.date) AS date_maturity, l.balance,
                       l.move_id
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                  JOIN res_partner p ON p.id = l.partner_id
                 WHERE l.parent_state = 'posted' AND a.account_type = 'asset_receivable'
            ), opening AS (
                SELECT partner_id, company_id, SUM(balance) AS amount
                  FROM lines WHERE date < %(start)s GROUP BY partner_id, company_id
            ), monthly AS (
                SELECT partner_id, company_id, date_trunc('month', date)::date AS month,
                       SUM(balance) AS net
                  FROM lines WHERE date >= %(start)s
                 GROUP BY partner_id, company_id, date_trunc('month', date)
            ), collected AS (
                SELECT ln.partner_id, ln.company_id, date_trunc('month', ln.date)::date AS month,
                       SUM(-ln.balance) AS amount
                  FROM lines ln
                  JOIN account_move m ON m.id = ln.move_id
                  JOIN account_journal j ON j.id = m.journal_id
                 WHERE ln.balance < 0 AND ln.date >= %(start)s
                   AND (m.origin_payment_id IS NOT NULL OR m.statement_line_id IS NOT NULL
                        OR j.type IN ('bank', 'cash'))
                 GROUP BY ln.partner_id, ln.company_id, date_trunc('month', ln.date)
            ), invoices AS (
                SELECT p.commercial_partner_id AS partner_id, m.company_id,
                       date_trunc('month', m.invoice_date)::date AS month,
                       SUM(m.amount_total_signed) AS sales,
                       SUM(m.amount_residual_signed)
                           FILTER (WHERE m.move_type = 'out_invoice') AS still_open
                  FROM account_move m
                  JOIN res_partner p ON p.id = m.partner_id
                 WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.invoice_date >= %(start)s
                 GROUP BY p.commercial_partner_id, m.company_id,
                          date_trunc('month', m.invoice_date)
            ), current_end AS (
                -- what was still owed at each month end on items not yet due then
                SELECT ln.partner_id, ln.company_id, mo.month,
                       SUM(ln.balance - COALESCE(matched.amount, 0)) AS amount
                  FROM lines ln
                  JOIN months mo ON ln.date <= mo.month_end AND ln.date_maturity > mo.month_end
                  LEFT JOIN LATERAL (
                      SELECT SUM(pr.amount) AS amount FROM account_partial_reconcile pr
                       WHERE pr.debit_move_id = ln.id AND pr.max_date <= mo.month_end
                  ) matched ON TRUE
                 WHERE ln.balance > 0
                 GROUP BY ln.partner_id, ln.company_id, mo.month
            ), promises AS (
                SELECT partner_id, company_id, date_trunc('month', date)::date AS month,
                       COUNT(*) FILTER (WHERE state = 'kept') AS kept,
                       COUNT(*) FILTER (WHERE state = 'broken') AS broken
                  FROM customer_payment_promise
                 WHERE date >= %(start)s AND state IN ('kept', 'broken')
                 GROUP BY partner_id, company_id, date_trunc('month', date)
            ), keys AS (
                SELECT partner_id, company_id FROM opening WHERE amount != 0
                UNION SELECT partner_id, company_id FROM monthly
            ), running AS (
                SELECT k.partner_id, k.company_id, mo.month, mo.days,
                       COALESCE(mn.net, 0) AS net,
                       COALESCE(o.amount, 0) + SUM(COALESCE(mn.net, 0)) OVER (
                           PARTITION BY k.partner_id, k.company_id ORDER BY mo.month
                       ) AS ar_end
                  FROM keys k
                 CROSS JOIN months mo
                  LEFT JOIN opening o
                         ON o.partner_id = k.partner_id AND o.company_id = k.company_id
                  LEFT JOIN monthly mn ON mn.partner_id = k.partner_id
                         AND mn.company_id = k.company_id AND mn.month = mo.month
            ), figures AS (
                SELECT r.partner_id, r.company_id, r.month, r.days,
                       r.ar_end - r.net AS ar_begin, r.ar_end,
                       COALESCE(ce.amount, 0) AS ar_current_end,
                       COALESCE(i.sales, 0) AS sales, COALESCE(co.amount, 0) AS collected,
                       COALESCE(i.still_open, 0) AS still_open,
                       COALESCE(pr.kept, 0) AS promises_kept,
                       COALESCE(pr.broken, 0) AS promises_broken
                  FROM running r
                  LEFT JOIN current_end ce ON ce.partner_id = r.partner_id
                         AND ce.company_id = r.company_id AND ce.month = r.month
                  LEFT JOIN invoices i ON i.partner_id = r.partner_id
                         AND i.company_id = r.company_id AND i.month = r.month
                  LEFT JOIN collected co ON co.partner_id = r.partner_id
                         AND co.company_id = r.company_id AND co.month = r.month
                  LEFT JOIN promises pr ON pr.partner_id = r.partner_id
                         AND pr.company_id = r.company_id AND pr.month = r.month
                 WHERE r.ar_end != 0 OR r.net != 0 OR i.sales IS NOT NULL
            )
            SELECT f.partner_id::bigint * 1000000 + f.company_id * 1000
                       + (EXTRACT(YEAR FROM f.month)::int - 2000) * 12
                       + EXTRACT(MONTH FROM f.month)::int AS id,
                   f.partner_id, f.company_id, f.month, c.currency_id, cp.user_id,
                   cp.customer_tier_id, f.ar_begin, f.ar_end, f.ar_current_end,
                   GREATEST(f.ar_end - f.ar_current_end, 0) AS overdue_end,
                   f.sales, f.collected, f.still_open,
                   f.promises_kept, f.promises_broken,
                   f.promises_kept + f.promises_broken AS promises_judged,
                   f.ar_end * f.days AS ar_end_days,
                   f.ar_current_end * f.days AS current_end_days,
                   f.ar_begin + f.sales - f.ar_end AS cei_collected,
                   f.ar_begin + f.sales - f.ar_current_end AS cei_collectible,
                   %(dso)s AS dso, %(best_dso)s AS best_dso,
                   %(dso)s - %(best_dso)s AS days_delinquent,
                   %(cei)s AS cei, %(still_open_share)s AS still_open_share,
                   %(promise_kept_rate)s AS promise_kept_rate
              FROM figures f
              JOIN res_partner cp ON cp.id = f.partner_id
              JOIN res_company c ON c.id = f.company_id
            """,
            start=start,
            this_month=today.replace(day=1),
            dso=SQL("CASE WHEN f.sales > 0 THEN f.ar_end * f.days / f.sales ELSE 0 END"),
            best_dso=SQL(
                "CASE WHEN f.sales > 0 THEN f.ar_current_end * f.days / f.sales ELSE 0 END"
            ),
            cei=SQL(
                """CASE WHEN f.ar_begin + f.sales - f.ar_current_end != 0
                   THEN (f.ar_begin + f.sales - f.ar_end) * 100.0
                        / (f.ar_begin + f.sales - f.ar_current_end) ELSE 0 END"""
            ),
            still_open_share=SQL(
                "CASE WHEN f.sales > 0 THEN f.still_open * 100.0 / f.sales ELSE 0 END"
            ),
            promise_kept_rate=SQL(
                """CASE WHEN f.promises_kept + f.promises_broken > 0
                   THEN f.promises_kept * 100.0 / (f.promises_kept + f.promises_broken)
                   ELSE 0 END"""
            ),
        )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """A group's ratios are its sums' ratios (an average of ratios means
        nothing): the components are read with the group and divided here."""
        wanted = [name for name in [*RATIOS, "days_delinquent"] if any(
            spec.split(":")[0] == name for spec in fields
        )]  # fmt: skip
        if not wanted:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        components = {part for name, (num, den, _f) in RATIOS.items() for part in (num, den)}
        if "days_delinquent" in wanted:
            wanted = list({*wanted, "dso", "best_dso"})
        extra = [f"{name}:sum" for name in components]
        groups = super().read_group(
            domain, [*fields, *extra], groupby, offset, limit, orderby, lazy
        )
        for group in groups:
            for name, (num, den, factor) in RATIOS.items():
                if name in wanted:
                    denominator = group.get(den) or 0.0
                    group[name] = (
                        (group.get(num) or 0.0) * factor / denominator if denominator else 0.0
                    )
            if "days_delinquent" in wanted:
                group["days_delinquent"] = group["dso"] - group["best_dso"]
        return groups
