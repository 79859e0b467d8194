"""Benchmark of churn detection at scale.

Fills a database with N customers and their order histories (bulk SQL: only the
columns detection reads, every row valid for Odoo), then prints the time of the
detection pass over all customers, the number of queries it takes, and the time
of one plain aggregate pass over the same orders for comparison.

    venv/bin/python setup/bench_churn.py -c CONF -d DB [--customers 100000]

The database must have customer_mgmt installed (setup/bench.sh creates it).
"""

from datetime import date

from bench_common import bench_env, bench_parser, fill_once, timed

from odoo.tools import SQL

MARKER = "customer_mgmt.bench_churn_customers"


def fill(env, customers, orders_each):
    """Customers with regular histories: cycles of 7 to 66 days, the last order
    0 to 399 days ago, so that some are active, some at risk and some lost."""
    company = env.company
    cr = env.cr
    cr.execute(
        SQL(
            """INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                    customer_stage, autopost_bills, create_date, write_date)
           SELECT 'Bench Customer ' || g, 'Bench Customer ' || g, TRUE, TRUE, 'contact',
                  'active', 'ask', now(), now()
             FROM generate_series(1, %s) g""",
            customers,
        )
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id "
        "WHERE commercial_partner_id IS NULL AND name LIKE 'Bench Customer %%'"
    )
    cr.execute(
        SQL(
            """INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                   company_id, currency_id, warehouse_id, picking_policy,
                                   date_order, state, amount_untaxed,
                                   amount_tax, amount_total, currency_rate, margin,
                                   create_date, write_date)
           SELECT 'BENCH/' || p.id || '/' || k, p.id, p.id, p.id, %(company)s, %(currency)s,
                  %(warehouse)s, 'direct',
                  %(today)s::timestamp
                      - make_interval(days => mod(p.id::bigint * 7919, 400)::int
                                              + k * (7 + mod(p.id, 60))),
                  'sale', 500 + mod(p.id, 1000), 0, 500 + mod(p.id, 1000), 1.0,
                  (500 + mod(p.id, 1000)) * 0.15, now(), now()
             FROM res_partner p CROSS JOIN generate_series(0, %(last)s) k
            WHERE p.name LIKE %(pattern)s""",
            company=company.id,
            currency=company.currency_id.id,
            # sale_stock (a dependency of credit) makes both columns NOT NULL
            warehouse=env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1).id,
            today=date.today(),
            last=orders_each - 1,
            pattern="Bench Customer %",
        )
    )


def main():
    parser = bench_parser(__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders-each", type=int, default=12)
    args = parser.parse_args()
    with bench_env(args) as env:
        cr = env.cr
        fill_once(
            env,
            MARKER,
            f"fill {args.customers} customers x {args.orders_each} orders (SQL)",
            lambda: fill(env, args.customers, args.orders_each),
        )
        # Fresh statistics: without them the planner joins 1.2M orders by nested loop.
        cr.execute("ANALYZE res_partner, sale_order")
        cr.execute("SELECT count(*) FROM sale_order WHERE state = 'sale'")
        orders = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM res_partner WHERE parent_id IS NULL")
        partners = cr.fetchone()[0]
        print(f"database: {partners} customers, {orders} confirmed orders")
        churn = env["customer.churn"]
        today = date.today()
        timed(
            "plain aggregate pass (orders per customer, last date)",
            lambda: cr.execute(
                """SELECT p.commercial_partner_id, count(*), max(so.date_order)
                     FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                    WHERE so.state = 'sale' GROUP BY 1"""
            )
            or cr.fetchall(),
        )
        rows, _elapsed = timed(
            "detection SQL pass (cycle, trend, status for all)",
            lambda: env.execute_query_dict(churn._get_purchase_status_query(today)),
        )
        statuses = {}
        for row in rows:
            statuses[row["status"]] = statuses.get(row["status"], 0) + 1
        print(f"  statuses: {statuses}")
        before = cr.sql_log_count
        changes, _elapsed = timed(
            "detection changes (SQL pass + diff with stages and records)",
            lambda: churn._get_detection_changes(today),
        )
        print(f"  queries: {cr.sql_log_count - before}, changes to apply: {len(changes)}")
        batch = min(1000, len(changes))
        _result, elapsed = timed(
            f"apply one cron batch of {batch} changes (records, stages, activities)",
            lambda: churn._apply_detection_changes(changes[:batch], today),
        )
        cr.rollback()  # keep the database as filled, so the benchmark can be rerun
        if batch:
            print(
                f"  {batch / elapsed:.0f} changes/s applied; a first run over "
                f"{len(changes)} changes takes about {len(changes) / batch * elapsed:.0f} s "
                "in committed batches"
            )


if __name__ == "__main__":
    main()
