"""Benchmark of customer_mgmt_credit at scale.

Fills a database with N customers and their invoice histories over the last 12
months (bulk SQL: posted invoices with product and receivable lines, most of them
paid late or on time through reconciled payments, the rest open), then prints:

- the time of the grade recompute of all customers (score, grade, limit, terms),
  and of its set-based SQL passes alone;
- the time of 200 order confirmations without the credit check, with the addon for
  customers without a limit (standard path), and with the full check (lock row +
  one SQL pass), and their ratio.

    venv/bin/python setup/bench_credit.py -c CONF -d DB [--customers 20000]
        [--invoices-each 5] [--lines-each 5]

The database must have customer_mgmt_credit installed, without demo data, e.g.
    cm_odoo -d cm_credit_bench -i customer_mgmt,customer_mgmt_credit \\
        --without-demo=all --stop-after-init
Rerunning reuses the filled data (marker in ir.config_parameter); the timed
operations are rolled back, so the database stays as filled.
"""

import time
from datetime import date
from statistics import median

from bench_common import bench_env, bench_parser, fill_once, timed

from odoo import Command
from odoo.tools import SQL

MARKER = "customer_mgmt_credit.bench_customers"
PATTERN = "Credit Bench %"


def fill(env, customers, invoices_each, lines_each):
    """Customers with invoices spread over the last 12 months; 4 in 5 paid, each
    customer with its own lateness (-10 to +29 days), the others open."""
    company = env.company
    cr = env.cr
    Account = env["account.account"].with_company(company)
    receivable = Account.search([("account_type", "=", "asset_receivable")], limit=1)
    income = Account.search([("account_type", "=", "income")], limit=1)
    sale_journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    bank_journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    params = {
        "company": company.id,
        "currency": company.currency_id.id,
        "today": date.today(),
        "receivable": receivable.id,
        "income": income.id,
        "bank_account": bank_journal.default_account_id.id,
        "sale_journal": sale_journal.id,
        "bank_journal": bank_journal.id,
        "customers": customers,
        "last": invoices_each - 1,
        "lines": lines_each,
        "span": max(330 // invoices_each, 1),
        "pattern": PATTERN,
        "invoices": "CBENCH/%",
        "payments": "CBPAY/%",
    }
    steps = [
        """INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                    customer_rank, autopost_bills, create_date, write_date)
           SELECT 'Credit Bench ' || g, 'Credit Bench ' || g, TRUE, TRUE, 'contact', 1,
                  'ask', now(), now()
             FROM generate_series(1, %(customers)s) g""",
        """UPDATE res_partner SET commercial_partner_id = id
            WHERE commercial_partner_id IS NULL AND name LIKE %(pattern)s""",
        # invoices: amount 100-1000 a line; paid unless (id * 7 + k) % 5 = 0
        """INSERT INTO account_move (name, move_type, state, date, invoice_date,
                                     invoice_date_due, journal_id, company_id, currency_id,
                                     partner_id, commercial_partner_id, auto_post,
                                     amount_untaxed, amount_tax, amount_total, amount_residual,
                                     amount_untaxed_signed, amount_total_signed,
                                     amount_residual_signed, payment_state,
                                     create_date, write_date)
           SELECT 'CBENCH/' || p.id || '/' || k, 'out_invoice', 'posted', d.inv, d.inv,
                  d.inv + 30, %(sale_journal)s, %(company)s, %(currency)s, p.id, p.id, 'no',
                  a.total, 0, a.total, a.residual, a.total, a.total, a.residual,
                  CASE WHEN a.residual = 0 THEN 'paid' ELSE 'not_paid' END, now(), now()
             FROM res_partner p CROSS JOIN generate_series(0, %(last)s) k
            CROSS JOIN LATERAL (SELECT %(today)s::date - 15 - k * %(span)s
                                       - mod(p.id, 20) AS inv) d
            CROSS JOIN LATERAL (
                SELECT %(lines)s * 100 * (1 + mod(p.id, 10)) AS total,
                       CASE WHEN mod(p.id * 7 + k, 5) = 0
                            THEN %(lines)s * 100 * (1 + mod(p.id, 10)) ELSE 0 END AS residual
            ) a
            WHERE p.name LIKE %(pattern)s""",
        """INSERT INTO account_move_line (move_id, name, display_type, account_id, partner_id,
                                          company_id, company_currency_id, currency_id,
                                          journal_id, date, parent_state, quantity,
                                          price_unit, price_subtotal, price_total, balance,
                                          debit, credit, amount_currency, amount_residual,
                                          amount_residual_currency, reconciled,
                                          create_date, write_date)
           SELECT m.id, 'Bench goods ' || j, 'product', %(income)s, m.partner_id,
                  m.company_id, m.currency_id, m.currency_id, m.journal_id, m.date, 'posted',
                  1, m.amount_total / %(lines)s, m.amount_total / %(lines)s,
                  m.amount_total / %(lines)s, -m.amount_total / %(lines)s, 0,
                  m.amount_total / %(lines)s, -m.amount_total / %(lines)s, 0, 0, FALSE,
                  now(), now()
             FROM account_move m CROSS JOIN generate_series(1, %(lines)s) j
            WHERE m.name LIKE %(invoices)s""",
        """INSERT INTO account_move_line (move_id, name, display_type, account_id, partner_id,
                                          company_id, company_currency_id, currency_id,
                                          journal_id, date, date_maturity, parent_state,
                                          balance, debit, credit, amount_currency,
                                          amount_residual, amount_residual_currency,
                                          reconciled, create_date, write_date)
           SELECT m.id, m.name, 'payment_term', %(receivable)s, m.partner_id, m.company_id,
                  m.currency_id, m.currency_id, m.journal_id, m.date, m.invoice_date_due,
                  'posted', m.amount_total, m.amount_total, 0, m.amount_total,
                  m.amount_residual, m.amount_residual, m.amount_residual = 0, now(), now()
             FROM account_move m WHERE m.name LIKE %(invoices)s""",
        # payments of the paid invoices: due date + the customer's lateness
        """INSERT INTO account_move (name, move_type, state, date, journal_id, company_id,
                                     currency_id, partner_id, commercial_partner_id, auto_post,
                                     amount_total, amount_total_signed, create_date, write_date)
           SELECT 'CBPAY/' || m.id, 'entry', 'posted',
                  LEAST(m.invoice_date_due + mod(m.partner_id, 40) - 10, %(today)s::date),
                  %(bank_journal)s, m.company_id, m.currency_id, m.partner_id, m.partner_id,
                  'no', m.amount_total, m.amount_total, now(), now()
             FROM account_move m
            WHERE m.name LIKE %(invoices)s AND m.payment_state = 'paid'""",
        """INSERT INTO account_move_line (move_id, name, display_type, account_id, partner_id,
                                          company_id, company_currency_id, currency_id,
                                          journal_id, date, parent_state, balance, debit,
                                          credit, amount_currency, amount_residual,
                                          amount_residual_currency, reconciled,
                                          create_date, write_date)
           SELECT pm.id, pm.name, 'entry', acc.account_id, pm.partner_id, pm.company_id,
                  pm.currency_id, pm.currency_id, pm.journal_id, pm.date, 'posted',
                  acc.sign * pm.amount_total, GREATEST(acc.sign * pm.amount_total, 0),
                  GREATEST(-acc.sign * pm.amount_total, 0), acc.sign * pm.amount_total,
                  0, 0, acc.account_id = %(receivable)s, now(), now()
             FROM account_move pm
            CROSS JOIN (VALUES (%(receivable)s, -1), (%(bank_account)s, 1))
                       AS acc(account_id, sign)
            WHERE pm.name LIKE %(payments)s""",
        """INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount,
                                                  debit_amount_currency, credit_amount_currency,
                                                  debit_currency_id, credit_currency_id,
                                                  company_id, max_date, create_date, write_date)
           SELECT dl.id, cl.id, dl.balance, dl.balance, dl.balance, dl.currency_id,
                  cl.currency_id, dl.company_id, cl.date, now(), now()
             FROM account_move m
             JOIN account_move_line dl ON dl.move_id = m.id AND dl.account_id = %(receivable)s
             JOIN account_move pm ON pm.name = 'CBPAY/' || m.id
                  AND pm.journal_id = %(bank_journal)s AND pm.state = 'posted'
             JOIN account_move_line cl ON cl.move_id = pm.id AND cl.account_id = %(receivable)s
            WHERE m.name LIKE %(invoices)s AND m.payment_state = 'paid'""",
    ]
    for step in steps:
        cr.execute(SQL(step, **params))
        # fresh statistics, so the next step joins the new rows by index
        cr.execute("ANALYZE res_partner, account_move, account_move_line")
    cr.execute("ANALYZE")


def fill_and_describe(env, customers, invoices_each=5, lines_each=5):
    """Fill the database once (the credit and collections benchmarks share it)
    and print what it holds."""
    fill_once(
        env,
        MARKER,
        f"fill {customers} customers x {invoices_each} invoices x {lines_each} lines (SQL)",
        lambda: fill(env, customers, invoices_each, lines_each),
    )
    cr = env.cr
    cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE %s", [PATTERN])
    customers = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FILTER (WHERE m.move_type = 'out_invoice' "
        "                        AND l.display_type = 'product'), count(*) "
        "FROM account_move_line l JOIN account_move m ON m.id = l.move_id "
        "WHERE l.company_id = %s",
        [env.company.id],
    )
    invoice_lines, all_lines = cr.fetchone()
    print(
        f"database: {customers} customers, {invoice_lines} invoice lines, "
        f"{all_lines} journal items"
    )


def confirm_orders(env, partners, product, variant):
    """Confirm one order per partner, one by one as users do, under ``variant``
    (off: credit control switched off; plain: on, customers without rules;
    limit: on, every customer with a limit: lock row and full check). Rolled
    back. Returns (seconds, queries per confirmation)."""
    env.company.credit_control_active = variant != "off"
    if variant == "limit":
        # Every check passes (the timing is of a full check, not of a refusal):
        # a high limit, and the filled overdue invoices within tolerance.
        partners.sudo().write({"credit_limit": 10_000_000})
        env.company.credit_alert_overdue_days = 366
    orders = env["sale.order"].create([
        {"partner_id": partner.id, "order_line": [Command.create({
            "product_id": product.id, "product_uom_qty": 1, "price_unit": 100})]}
        for partner in partners
    ])  # fmt: skip
    env.flush_all()
    env.invalidate_all()
    cr = env.cr
    before = cr.sql_log_count
    start = time.perf_counter()
    for order in orders:
        order.action_confirm()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = (cr.sql_log_count - before) / len(orders)
    assert set(orders.mapped("state")) == {"sale"}, "every order is confirmed"
    cr.rollback()
    env.invalidate_all()
    return elapsed, queries


def main():
    parser = bench_parser(__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--invoices-each", type=int, default=5)
    parser.add_argument("--lines-each", type=int, default=5)
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with bench_env(args) as env:
        cr = env.cr
        fill_and_describe(env, args.customers, args.invoices_each, args.lines_each)

        partners = env["res.partner"].search([("name", "like", PATTERN)], order="id")
        company = env.company
        today = date.today()
        timed(
            "exposure and overdue of all customers (one SQL pass)",
            lambda: env["customer.credit.engine"]._get_figures(partners, company, today),
        )
        timed(
            "payment behaviour of all customers (one SQL pass)",
            lambda: partners._get_payment_behaviour(company, today),
        )
        company.credit_control_active = True
        before = cr.sql_log_count
        _result, elapsed = timed(
            f"grade recompute of all {len(partners)} customers (score, grade, limit)",
            lambda: (partners.action_compute_credit_grade(), env.flush_all()),
        )
        print(f"  {len(partners) / elapsed:.0f} customers/s, queries: {cr.sql_log_count - before}")
        grades = env["res.partner"]._read_group(
            [("id", "in", partners.ids)], ["credit_grade_id"], ["__count"]
        )
        print("  grades: " + ", ".join(f"{g.name or '-'}: {n}" for g, n in grades))
        cr.rollback()
        env.invalidate_all()

        product = env["product.product"].search([("name", "=", "Credit Bench Rice")], limit=1)
        if not product:
            product = env["product.product"].create(
                {"name": "Credit Bench Rice", "type": "consu", "taxes_id": [Command.clear()]}
            )
            cr.commit()
        sample = partners[: args.orders]
        # The variants alternate, in a rotating order, so that none gains from
        # running first (a cold cache) or last.
        variants = ["off", "plain", "limit"]
        times = {variant: [] for variant in variants}
        queries = {}
        for round_ in range(args.rounds):
            shift = round_ % len(variants)
            for variant in variants[shift:] + variants[:shift]:
                elapsed, per_order = confirm_orders(env, sample, product, variant)
                times[variant].append(elapsed)
                queries[variant] = per_order
                print(f"  round {round_ + 1}, {variant}: {elapsed:.2f} s, "
                      f"{per_order:.1f} queries an order")  # fmt: skip
        off = median(times["off"])
        for variant, label in (
            ("off", "credit control off"),
            ("plain", "customers without a limit"),
            ("limit", "customers with a limit (lock row + full check)"),
        ):
            print(
                f"{len(sample)} confirmations, {label}: median {median(times[variant]):.2f} s "
                f"(ratio {median(times[variant]) / off:.2f}), "
                f"{queries[variant]:.1f} queries an order "
                f"({queries[variant] - queries['off']:+.1f})"
            )
        cr.rollback()


if __name__ == "__main__":
    main()
