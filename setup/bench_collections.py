"""Benchmark of collections (customer_mgmt_credit) at scale.

Uses the credit benchmark's data (N customers, each with 5 invoices of 5 lines over
the last 12 months, one of them still open and most of those overdue; filled once
by bulk SQL, see bench_credit.py), then prints:

- a plain aggregate over the same journal items (sum and count per customer), the
  reference the follow-up run is measured against;
- the follow-up run of the first day (every overdue customer enters the chase at
  once: steps, statements, activities, holds, chatter), of the next day (the daily
  run: a few customers cross a level) and its rerun (nothing moves: never twice),
  with their ratio to the plain aggregate;
- 1,000 statements made (four SQL passes) and rendered as one PDF, and as Excel.

    venv/bin/python setup/bench_collections.py -c CONF -d DB [--customers 20000]
        [--statements 1000]

Every timed step is rolled back: the database stays as filled.
"""

import time
from datetime import date, timedelta

from bench_common import bench_env, bench_parser, timed
from bench_credit import PATTERN, fill_and_describe

from odoo.tools import SQL


def plain_aggregate(env, company):
    """What any report over the same lines costs: one GROUP BY per customer."""
    return env.execute_query(
        SQL(
            """SELECT p.commercial_partner_id, SUM(l.balance), SUM(l.amount_residual),
                      COUNT(*), MIN(l.date_maturity)
                 FROM account_move_line l JOIN res_partner p ON p.id = l.partner_id
                WHERE l.company_id = %s AND l.parent_state = 'posted'
                GROUP BY p.commercial_partner_id""",
            company.id,
        )
    )


def followup_run(env, company, day):
    """The nightly job of one company on ``day``, as the cron runs it. Returns
    (steps made, queries)."""
    cr = env.cr
    before = cr.sql_log_count
    Step = env["customer.followup.step"].with_company(company)
    env["customer.payment.promise"].with_company(company)._judge(company, day)
    steps = Step._run(company, day)
    env["customer.statement"].with_company(company)._send_settlement_statements(company, day)
    env.flush_all()
    return len(steps), cr.sql_log_count - before


def main():
    parser = bench_parser(__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--statements", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with bench_env(args) as env:
        cr = env.cr
        fill_and_describe(env, args.customers)
        company = env.company
        company.credit_control_active = True
        env.flush_all()

        plain = min(
            timed("plain aggregate over the journal items (GROUP BY customer)",
                  lambda: plain_aggregate(env, company))[1]
            for _ in range(args.rounds)
        )  # fmt: skip

        today = date.today()
        tomorrow = today + timedelta(days=1)
        start = time.perf_counter()
        made, queries = followup_run(env, company, today)
        first = time.perf_counter() - start
        print(
            f"{'follow-up run, first day (everyone overdue enters the chase)':<70} "
            f"{first:8.2f} s\n  {made} customers moved to a level, {queries} queries, "
            f"{made / first:.0f} customers/s"
        )
        levels = (
            env["res.partner"]
            .with_company(company)
            ._read_group([("followup_level_id", "!=", False)], ["followup_level_id"], ["__count"])
        )
        print("  levels: " + ", ".join(f"{level.name}: {n}" for level, n in levels))
        # Fresh statistics for the next day, as autovacuum gives them after the
        # nightly commit (the first day is rolled back at the end).
        cr.execute("ANALYZE mail_followers, mail_activity, mail_message, res_partner")
        daily, reruns = [], []
        with cr.savepoint(flush=False) as savepoint:
            for round_ in range(args.rounds):
                with cr.savepoint(flush=False) as inner:
                    start = time.perf_counter()
                    made, queries = followup_run(env, company, tomorrow)
                    elapsed = time.perf_counter() - start
                    daily.append(elapsed)
                    print(
                        f"  round {round_ + 1}, next day: {elapsed:.2f} s, "
                        f"{made} moved, {queries} queries"
                    )
                    start = time.perf_counter()
                    again, queries = followup_run(env, company, tomorrow)
                    rerun = time.perf_counter() - start
                    reruns.append(rerun)
                    print(f"  round {round_ + 1}, rerun: {rerun:.2f} s, {again} moved, "
                          f"{queries} queries")  # fmt: skip
                    assert again == 0, "a rerun moves nobody"
                    inner.rollback()
                    env.invalidate_all()
            savepoint.rollback()
        best = min(daily)
        print(
            f"{'follow-up run, the next day (the daily run)':<70} {best:8.2f} s\n"
            f"  ratio to the plain aggregate: {best / plain:.1f}x; with nobody to move "
            f"(the pass alone) {min(reruns):.2f} s, {min(reruns) / plain:.1f}x"
        )

        partners = env["res.partner"].search([("name", "like", PATTERN)], order="id")
        sample = partners[: args.statements]
        Statement = env["customer.statement"].with_company(company)
        statements, _elapsed = timed(
            f"{len(sample)} statements made (4 SQL passes, batch create)",
            lambda: Statement._make(sample, today - timedelta(days=365), today, company),
        )
        print(f"  {len(statements)} statements, {len(statements.line_ids)} lines")
        report = env.ref("customer_mgmt_credit.customer_statement_report")
        pdf, elapsed = timed(
            f"{len(statements)} statements rendered as one PDF (QWeb + wkhtmltopdf)",
            lambda: report.with_context(force_report_rendering=True)._render_qweb_pdf(
                report.report_name, statements.ids
            )[0],
        )
        print(f"  {len(pdf) / 1e6:.1f} MB, {len(statements) / elapsed:.1f} statements/s")
        xlsx = env.ref("customer_mgmt_credit.customer_statement_xlsx")
        data, elapsed = timed(
            f"{len(statements)} statements rendered as one Excel workbook",
            lambda: xlsx._render_xlsx(xlsx.report_name, statements.ids, {})[0],
        )
        print(f"  {len(data) / 1e6:.1f} MB")
        cr.rollback()


if __name__ == "__main__":
    main()
