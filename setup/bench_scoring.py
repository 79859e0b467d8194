"""Benchmark of customer_mgmt_scoring at scale.

Fills a database with N company customers and a year of business each (bulk SQL,
every row valid for Odoo): confirmed sale orders with their lines (margins, some
of them negative, discounts of 0-15 % by customer, 1 or 4 products an order), one
done delivery an order (1-10 days after it), one posted invoice an order linked to
the order lines (terms of 0, 30 or 60 days), 4 in 5 of them paid through reconciled
payment entries (from prepaid to 40 days late, by customer), and 1 in 50 with a
credit note of 10 %. Then prints:

- the time of one plain SQL aggregate pass over the invoice lines (per customer:
  revenue, balance, lines), the reference;
- the time of a naive per-customer ORM loop computing the scoring figures (margin,
  order size and frequency, products an order, discount, delivery days, days paid
  after due, refunds) on a sample, extrapolated to all customers;
- with customer_mgmt_scoring installed: the time, queries and customers/s of the
  value score of all customers, and its ratios to the plain pass (target: within
  5x) and to the naive loop extrapolated.

    venv/bin/python setup/bench_scoring.py -c CONF -d DB [--customers 100000]
        [--orders-each 5] [--lines-each 4] [--sample 5000]

The database needs customer_mgmt_credit (customer_mgmt_scoring for the score run),
without demo data, e.g.
    cm_odoo -d cm_scoring_bench -i customer_mgmt,customer_mgmt_scoring \\
        --without-demo=all --stop-after-init
Rerunning reuses the filled data (marker in ir.config_parameter); the timed
operations are rolled back, so the database stays as filled.
"""

from collections import defaultdict
from datetime import date, datetime
from datetime import time as day_time
from functools import partial

from bench_common import bench_env, bench_parser, fill_once, timed
from dateutil.relativedelta import relativedelta

import odoo
from odoo import Command
from odoo.tools import SQL

MARKER = "customer_mgmt_scoring.bench_customers"
PATTERN = "Score Bench %"
PRODUCT_PREFIX = "Score Bench Product "
PRODUCTS = 50

# The fill, one statement a step: (label, tables to analyze after it, SQL).
# Customer c (0..N-1) has orders o = c * each + k (k 0..each-1), order o has lines
# l = o * lines + j (j 0..lines-1); every id is a base reserved from the table's
# sequence plus that number, so the links (order and invoice lines, payments,
# reconciliations) need no join. What varies by customer c:
#   discount mod(c, 16) %; 1 product an order if mod(c, 5) = 0, else `lines`;
#   price below cost (negative margin) if mod(c, 20) = 7;
#   delivery 1 + mod(c, 10) days after the order, invoiced that day;
#   terms 0, 30 or 60 days (mod(c, 3)); payment due + mod(c * 7, 51) - 10 days
#   (-10..+40), or 1-5 days before the invoice date if mod(c, 12) = 5 (prepaid);
# and by order: unpaid if mod(c * 7 + k, 5) = 0, credit note of 10 % if
# mod(c * 13 + k * 7, 50) = 0 (reconciled with the invoice, the payment pays the
# rest). Payment dates past today are today. Stored computed values are those Odoo
# computes, e.g. payment_state 'reversed' for an invoice settled by a credit note
# and a payment entry (not an account.payment); no full reconciliation records.
FILL_STEPS = [
    (
        "customers",
        ["res_partner"],
        """INSERT INTO res_partner (id, name, complete_name, commercial_partner_id, is_company,
                                    active, type, customer_rank, customer_stage, autopost_bills,
                                    create_date, write_date)
           SELECT %(partner)s + c, 'Score Bench ' || (c + 1), 'Score Bench ' || (c + 1),
                  %(partner)s + c, TRUE, TRUE, 'contact', 1, 'active', 'ask', now(), now()
             FROM generate_series(0, %(customers)s - 1) c""",
    ),
    (
        "order lines to insert (temporary table)",
        [],
        """CREATE TEMP TABLE score_bench_line ON COMMIT DROP AS
           SELECT s.*, round(s.qty * s.price * (100 - s.discount) / 100, 2) AS subtotal
             FROM (SELECT x.*, 1 + mod(x.c + x.k + x.j * 3, 10) AS qty,
                          mod(x.c, 16) AS discount,
                          (%(costs)s::numeric[])[x.p + 1] AS cost,
                          CASE WHEN mod(x.c, 20) = 7
                               THEN round((%(costs)s::numeric[])[x.p + 1] * 0.9, 2)
                               ELSE (%(prices)s::numeric[])[x.p + 1] END AS price
                     FROM (SELECT i.*, mod(i.c * 7 + i.k * 3
                                           + i.j * mod(i.c, 5), %(product_count)s) AS p
                             FROM (SELECT l, l / %(lines)s AS o, l / %(lines)s / %(each)s AS c,
                                          mod(l / %(lines)s, %(each)s) AS k,
                                          mod(l, %(lines)s) AS j
                                     FROM generate_series(0, %(line_count)s - 1) l) i) x) s""",
    ),
    (
        "orders to insert: dates, payments, refunds (temporary table)",
        [],
        """CREATE TEMP TABLE score_bench_order ON COMMIT DROP AS
           SELECT t.*, d.ordered_at, d.done_at, d.invoiced_on, d.due,
                  CASE WHEN d.paid THEN LEAST(CASE WHEN mod(t.c, 12) = 5
                                                   THEN d.invoiced_on - 1 - mod(t.c, 5)
                                                   ELSE d.due + mod(t.c * 7, 51) - 10 END,
                                              %(today)s::date) END AS paid_on,
                  CASE WHEN d.refunded THEN LEAST(d.invoiced_on + 5 + mod(t.c, 10),
                                                  %(today)s::date) END AS refunded_on,
                  d.refund, t.untaxed - d.refund AS to_pay,
                  CASE WHEN d.paid THEN 0 ELSE t.untaxed - d.refund END AS residual,
                  CASE WHEN d.paid AND d.refunded THEN 'reversed' WHEN d.paid THEN 'paid'
                       WHEN d.refunded THEN 'partial' ELSE 'not_paid' END AS payment_state,
                  'SBO/' || (t.c + 1) || '/' || (t.k + 1) AS order_name,
                  'SBINV/' || (t.c + 1) || '/' || (t.k + 1) AS invoice_name,
                  'SBPAY/' || (t.c + 1) || '/' || (t.k + 1) AS payment_name,
                  'SBREF/' || (t.c + 1) || '/' || (t.k + 1) AS refund_name
             FROM (SELECT o, c, k, sum(subtotal) AS untaxed,
                          sum(subtotal - cost * qty) AS margin,
                          sum(cost * qty) AS cost, count(DISTINCT p) AS products,
                          sum(price * qty) AS gross,
                          sum(price * qty * discount) / 100 AS discounted
                     FROM score_bench_line GROUP BY o, c, k) t
            CROSS JOIN LATERAL (
                SELECT a.*, a.invoiced_on + 30 * mod(t.c, 3) AS due,
                       mod(t.c * 7 + t.k, 5) <> 0 AS paid,
                       mod(t.c * 13 + t.k * 7, 50) = 0 AS refunded,
                       CASE WHEN mod(t.c * 13 + t.k * 7, 50) = 0
                            THEN round(t.untaxed * 0.1, 2) ELSE 0 END AS refund
                  FROM (SELECT b.ordered_at,
                               b.ordered_at + make_interval(days => 1 + mod(t.c, 10),
                                                            hours => 2) AS done_at,
                               (b.ordered_at + make_interval(days => 1 + mod(t.c, 10)))::date
                                   AS invoiced_on
                          FROM (SELECT %(today)s::timestamp
                                       - make_interval(days => 15 + t.k * %(span)s
                                                               + mod(t.c, 20))
                                       + make_interval(hours => 8 + mod(t.o, 9)) AS ordered_at
                               ) b) a) d""",
    ),
    (
        "confirmed sale orders",
        ["sale_order"],
        """INSERT INTO sale_order (id, name, partner_id, partner_invoice_id, partner_shipping_id,
                                   company_id, currency_id, warehouse_id, date_order, state,
                                   picking_policy, invoice_status, delivery_status,
                                   effective_date, amount_untaxed, amount_tax, amount_total,
                                   currency_rate, margin, margin_percent, locked,
                                   require_signature, require_payment, score_product_count,
                                   score_list_amount, score_discount_amount, create_date,
                                   write_date)
           SELECT %(order)s + o, order_name, %(partner)s + c, %(partner)s + c, %(partner)s + c,
                  %(company)s, %(currency)s, %(warehouse)s, ordered_at, 'sale', 'direct',
                  'invoiced', 'full', done_at, untaxed, 0, untaxed, 1, margin,
                  CASE WHEN untaxed <> 0 THEN margin::float8 / untaxed::float8 ELSE 0 END,
                  FALSE, FALSE, FALSE, products, gross, discounted, now(), now()
             FROM score_bench_order""",
    ),
    (
        "sale order lines (margins, discounts, delivered and invoiced)",
        ["sale_order_line"],
        """INSERT INTO sale_order_line (id, order_id, sequence, name, product_id, product_uom,
                                        product_uom_qty, price_unit, technical_price_unit,
                                        discount, price_subtotal, price_total, price_tax,
                                        price_reduce_taxexcl, price_reduce_taxinc,
                                        purchase_price, margin, margin_percent, qty_delivered,
                                        qty_delivered_method, qty_invoiced, qty_to_invoice,
                                        untaxed_amount_invoiced, untaxed_amount_to_invoice,
                                        invoice_status, state, customer_lead, is_downpayment,
                                        is_expense, order_partner_id, currency_id, company_id,
                                        warehouse_id, create_date, write_date)
           SELECT %(order_line)s + l, %(order)s + o, 10 + j,
                  (%(names)s::varchar[])[p + 1], (%(products)s::int[])[p + 1], %(uom)s, qty,
                  price, price, discount, subtotal, subtotal, 0, round(subtotal / qty, 2),
                  round(subtotal / qty, 2), cost, subtotal - cost * qty,
                  CASE WHEN subtotal <> 0 THEN (subtotal - cost * qty)::float8 / subtotal::float8
                       ELSE 0 END,
                  qty, 'stock_move', qty, 0, subtotal, 0, 'invoiced', 'sale', 0, FALSE, FALSE,
                  %(partner)s + c, %(currency)s, %(company)s, %(warehouse)s, now(), now()
             FROM score_bench_line""",
    ),
    (
        "done deliveries, one an order",
        ["stock_picking"],
        """INSERT INTO stock_picking (id, name, origin, partner_id, company_id, picking_type_id,
                                      location_id, location_dest_id, move_type, state,
                                      priority, scheduled_date, date, date_done, sale_id,
                                      is_locked, printed, create_date, write_date)
           SELECT %(picking)s + o, 'SBOUT/' || (c + 1) || '/' || (k + 1), order_name,
                  %(partner)s + c, %(company)s, %(out_type)s, %(stock_location)s,
                  %(customer_location)s, 'direct', 'done', '0', ordered_at, ordered_at,
                  done_at, %(order)s + o, TRUE, FALSE, now(), now()
             FROM score_bench_order""",
    ),
    (
        "posted invoices, one an order",
        ["account_move"],
        """INSERT INTO account_move (id, name, move_type, state, date, invoice_date,
                                     invoice_date_due, journal_id, company_id, currency_id,
                                     partner_id, commercial_partner_id,
                                     invoice_partner_display_name, invoice_origin, auto_post,
                                     invoice_currency_rate, amount_untaxed, amount_tax,
                                     amount_total, amount_residual, amount_untaxed_signed,
                                     amount_untaxed_in_currency_signed, amount_tax_signed,
                                     amount_total_signed, amount_total_in_currency_signed,
                                     amount_residual_signed, payment_state, posted_before,
                                     create_date, write_date)
           SELECT %(move)s + o, invoice_name, 'out_invoice', 'posted', invoiced_on,
                  invoiced_on, due, %(sale_journal)s, %(company)s, %(currency)s,
                  %(partner)s + c, %(partner)s + c, 'Score Bench ' || (c + 1), order_name,
                  'no', 1, untaxed, 0, untaxed, residual, untaxed, untaxed, 0, untaxed,
                  untaxed, residual, payment_state, TRUE, now(), now()
             FROM score_bench_order""",
    ),
    (
        "invoice product lines",
        ["account_move_line"],
        """INSERT INTO account_move_line (id, move_id, move_name, sequence, name, display_type,
                                          account_id, partner_id, product_id, product_uom_id,
                                          quantity, price_unit, discount, price_subtotal,
                                          price_total, balance, debit, credit,
                                          amount_currency, amount_residual,
                                          amount_residual_currency, tax_base_amount,
                                          reconciled, company_id, company_currency_id,
                                          currency_id, journal_id, date, invoice_date,
                                          parent_state, create_date, write_date)
           SELECT %(line)s + l.l, %(move)s + l.o, o.invoice_name, 10 + l.j,
                  (%(names)s::varchar[])[l.p + 1], 'product', %(income)s, %(partner)s + l.c,
                  (%(products)s::int[])[l.p + 1], %(uom)s, l.qty, l.price, l.discount,
                  l.subtotal, l.subtotal, -l.subtotal, 0, l.subtotal, -l.subtotal, 0, 0, 0,
                  FALSE, %(company)s, %(currency)s, %(currency)s, %(sale_journal)s,
                  o.invoiced_on, o.invoiced_on, 'posted', now(), now()
             FROM score_bench_line l JOIN score_bench_order o ON o.o = l.o""",
    ),
    (
        "invoice receivable lines",
        ["account_move_line"],
        """INSERT INTO account_move_line (id, move_id, move_name, sequence, name, display_type,
                                          account_id, partner_id, date_maturity, balance, debit,
                                          credit, amount_currency, amount_residual,
                                          amount_residual_currency, reconciled, company_id,
                                          company_currency_id, currency_id, journal_id, date,
                                          invoice_date, parent_state, create_date, write_date)
           SELECT %(line)s + %(line_count)s + o, %(move)s + o, invoice_name, 10000,
                  invoice_name, 'payment_term', %(receivable)s, %(partner)s + c, due, untaxed,
                  untaxed, 0, untaxed, residual, residual, residual = 0, %(company)s,
                  %(currency)s, %(currency)s, %(sale_journal)s, invoiced_on, invoiced_on,
                  'posted', now(), now()
             FROM score_bench_order""",
    ),
    (
        "invoice lines to order lines",
        ["sale_order_line_invoice_rel"],
        """INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id)
           SELECT %(line)s + l, %(order_line)s + l FROM score_bench_line""",
    ),
    (
        "credit notes of 10 %",
        ["account_move"],
        """INSERT INTO account_move (id, name, ref, move_type, state, date, invoice_date,
                                     invoice_date_due, journal_id, company_id, currency_id,
                                     partner_id, commercial_partner_id, reversed_entry_id,
                                     invoice_partner_display_name, invoice_origin, auto_post,
                                     invoice_currency_rate, amount_untaxed, amount_tax,
                                     amount_total, amount_residual, amount_untaxed_signed,
                                     amount_untaxed_in_currency_signed, amount_tax_signed,
                                     amount_total_signed, amount_total_in_currency_signed,
                                     amount_residual_signed, payment_state, posted_before,
                                     create_date, write_date)
           SELECT %(move)s + 2 * %(order_count)s + o, refund_name,
                  'Reversal of: ' || invoice_name, 'out_refund', 'posted', refunded_on,
                  refunded_on, refunded_on, %(sale_journal)s, %(company)s, %(currency)s,
                  %(partner)s + c, %(partner)s + c, %(move)s + o, 'Score Bench ' || (c + 1),
                  order_name, 'no', 1, refund, 0, refund, 0, -refund, -refund, 0, -refund,
                  -refund, 0, 'paid', TRUE, now(), now()
             FROM score_bench_order WHERE refund > 0""",
    ),
    (
        "credit note lines (product, receivable)",
        ["account_move_line"],
        """INSERT INTO account_move_line (id, move_id, move_name, sequence, name, display_type,
                                          account_id, partner_id, date_maturity, quantity,
                                          price_unit, price_subtotal, price_total, balance,
                                          debit, credit, amount_currency, amount_residual,
                                          amount_residual_currency, tax_base_amount, reconciled,
                                          company_id, company_currency_id, currency_id,
                                          journal_id, date, invoice_date, parent_state,
                                          create_date, write_date)
           SELECT %(line)s + %(line_count)s + 3 * %(order_count)s + 2 * o.o + r.n,
                  %(move)s + 2 * %(order_count)s + o.o, o.refund_name, 10 + r.n * 9990,
                  CASE r.n WHEN 0 THEN %(refund_label)s ELSE o.refund_name END, r.kind,
                  r.account, %(partner)s + o.c, CASE r.n WHEN 1 THEN o.refunded_on END,
                  CASE r.n WHEN 0 THEN 1 END, CASE r.n WHEN 0 THEN o.refund END,
                  CASE r.n WHEN 0 THEN o.refund END, CASE r.n WHEN 0 THEN o.refund END,
                  r.sign * o.refund, GREATEST(r.sign * o.refund, 0),
                  GREATEST(-r.sign * o.refund, 0), r.sign * o.refund, 0, 0, 0, r.n = 1,
                  %(company)s, %(currency)s, %(currency)s, %(sale_journal)s, o.refunded_on,
                  o.refunded_on, 'posted', now(), now()
             FROM score_bench_order o
            CROSS JOIN (VALUES (0, 'product', %(income)s, 1),
                               (1, 'payment_term', %(receivable)s, -1))
                       AS r(n, kind, account, sign)
            WHERE o.refund > 0""",
    ),
    (
        "payment entries of the paid invoices",
        ["account_move"],
        """INSERT INTO account_move (id, name, ref, move_type, state, date, journal_id,
                                     company_id, currency_id, partner_id, commercial_partner_id,
                                     auto_post, amount_total, amount_total_signed,
                                     amount_total_in_currency_signed, posted_before,
                                     create_date, write_date)
           SELECT %(move)s + %(order_count)s + o, payment_name, invoice_name, 'entry',
                  'posted', paid_on, %(bank_journal)s, %(company)s, %(currency)s,
                  %(partner)s + c, %(partner)s + c, 'no', to_pay, to_pay, to_pay, TRUE,
                  now(), now()
             FROM score_bench_order WHERE paid_on IS NOT NULL""",
    ),
    (
        "payment lines (receivable, bank)",
        ["account_move_line"],
        """INSERT INTO account_move_line (id, move_id, move_name, sequence, name, display_type,
                                          account_id, partner_id, balance, debit, credit,
                                          amount_currency, amount_residual,
                                          amount_residual_currency, reconciled, company_id,
                                          company_currency_id, currency_id, journal_id, date,
                                          parent_state, create_date, write_date)
           SELECT %(line)s + %(line_count)s + %(order_count)s + 2 * o.o + r.n,
                  %(move)s + %(order_count)s + o.o, o.payment_name, 10 + r.n,
                  o.invoice_name, 'entry', r.account, %(partner)s + o.c,
                  r.sign * o.to_pay, GREATEST(r.sign * o.to_pay, 0),
                  GREATEST(-r.sign * o.to_pay, 0), r.sign * o.to_pay, 0, 0, r.n = 0,
                  %(company)s, %(currency)s, %(currency)s, %(bank_journal)s, o.paid_on,
                  'posted', now(), now()
             FROM score_bench_order o
            CROSS JOIN (VALUES (0, %(receivable)s, -1), (1, %(bank_account)s, 1))
                       AS r(n, account, sign)
            WHERE o.paid_on IS NOT NULL""",
    ),
    (
        "reconciliations (invoices with payments and credit notes)",
        ["account_partial_reconcile"],
        """INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount,
                                                  debit_amount_currency, credit_amount_currency,
                                                  debit_currency_id, credit_currency_id,
                                                  company_id, max_date, create_date, write_date)
           SELECT %(line)s + %(line_count)s + o, p.line, p.amount, p.amount, p.amount,
                  %(currency)s, %(currency)s, %(company)s, GREATEST(invoiced_on, p.day), now(),
                  now()
             FROM score_bench_order
            CROSS JOIN LATERAL (
                SELECT %(line)s + %(line_count)s + %(order_count)s + 2 * o, to_pay, paid_on
                 WHERE paid_on IS NOT NULL
                UNION ALL
                SELECT %(line)s + %(line_count)s + 3 * %(order_count)s + 2 * o + 1, refund,
                       refunded_on
                 WHERE refund > 0
            ) AS p(line, amount, day)""",
    ),
]


def reserve_ids(cr, table, count):
    """The first of ``count`` consecutive new ids of ``table``, taken from its
    sequence at once (the rows are inserted with explicit ids)."""
    cr.execute(SQL("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", table))
    first = cr.fetchone()[0]
    cr.execute(SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", table, first + count - 1))
    return first


def bench_products(env):
    """The products the orders sell (ORM, once): costs 10-255, prices cost + 40 %."""
    products = env["product.product"].search(
        [("name", "=like", PRODUCT_PREFIX + "%")], order="default_code"
    )
    if not products:
        products = env["product.product"].create([
            {
                "name": f"{PRODUCT_PREFIX}{n:02d}",
                "default_code": f"SB{n:02d}",
                "type": "consu",
                "standard_price": 10 + 5 * n,
                "list_price": round((10 + 5 * n) * 1.4, 2),
                "taxes_id": [Command.clear()],
                "supplier_taxes_id": [Command.clear()],
            }
            for n in range(PRODUCTS)
        ])  # fmt: skip
    return products


def fill(env, customers, orders_each, lines_each):
    """Customers with a year of orders, deliveries, invoices, payments and credit
    notes (see FILL_STEPS), committed at the end."""
    company = env.company
    cr = env.cr
    products = bench_products(env)
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    out_type = warehouse.out_type_id
    journals = env["account.journal"].search([("company_id", "=", company.id)])
    sale_journal = journals.filtered(lambda j: j.type == "sale")[:1]
    bank_journal = journals.filtered(lambda j: j.type == "bank")[:1]
    receivable = env["res.partner"].with_company(company).new({}).property_account_receivable_id
    orders = customers * orders_each
    lines = orders * lines_each
    params = {
        "company": company.id,
        "currency": company.currency_id.id,
        "today": date.today(),
        "customers": customers,
        "each": orders_each,
        "lines": lines_each,
        "order_count": orders,
        "line_count": lines,
        "span": max(330 // orders_each, 1),
        "products": products.ids,
        "names": products.mapped("name"),
        "costs": products.mapped("standard_price"),
        "prices": products.mapped("list_price"),
        "product_count": len(products),
        "uom": products[0].uom_id.id,
        "warehouse": warehouse.id,
        "out_type": out_type.id,
        "stock_location": out_type.default_location_src_id.id,
        "customer_location": env.ref("stock.stock_location_customers").id,
        "sale_journal": sale_journal.id,
        "bank_journal": bank_journal.id,
        "receivable": receivable.id,
        "income": sale_journal.default_account_id.id,
        "bank_account": bank_journal.default_account_id.id,
        "refund_label": "Price correction 10 %",
        # ids: invoices, payments and credit notes share account_move, by thirds;
        # move lines: products, receivables, payments (2 an order), credit notes (2)
        "partner": reserve_ids(cr, "res_partner", customers),
        "order": reserve_ids(cr, "sale_order", orders),
        "order_line": reserve_ids(cr, "sale_order_line", lines),
        "picking": reserve_ids(cr, "stock_picking", orders),
        "move": reserve_ids(cr, "account_move", 3 * orders),
        "line": reserve_ids(cr, "account_move_line", lines + 5 * orders),
    }

    def run(query, tables):
        cr.execute(SQL(query, **params))
        if tables:  # fresh statistics, so the next steps join the new rows by index
            cr.execute(SQL("ANALYZE %s", SQL(", ").join(map(SQL.identifier, tables))))

    for label, tables, query in FILL_STEPS:
        timed(f"  {label}", partial(run, query, tables))
    timed("  ANALYZE", lambda: cr.execute("ANALYZE"))


def plain_pass(env):
    """The reference: one aggregate over the invoice product lines of the last
    12 months, per customer (revenue, balance, lines)."""
    company = env.company
    today = date.today()
    return env.execute_query(
        SQL(
            """SELECT p.commercial_partner_id, SUM(l.price_subtotal), SUM(l.balance), COUNT(*)
                 FROM account_move_line l
                 JOIN account_move m ON m.id = l.move_id
                 JOIN res_partner p ON p.id = m.partner_id
                WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                  AND m.company_id = %(company)s AND m.invoice_date >= %(start)s
                  AND m.invoice_date <= %(today)s AND l.display_type = 'product'
                GROUP BY p.commercial_partner_id""",
            company=company.id,
            start=today - relativedelta(months=12),
            today=today,
        )
    )


def naive_figures(env, partner, company, start):
    """The scoring figures of one customer, the naive way: ORM searches and reads
    of its orders, lines, deliveries, invoices and their payments."""
    orders = env["sale.order"].search([
        ("partner_id", "child_of", partner.id), ("state", "=", "sale"),
        ("company_id", "=", company.id),
        ("date_order", ">=", datetime.combine(start, day_time.min)),
    ])  # fmt: skip
    lines = orders.order_line.filtered(lambda line: not line.display_type)
    revenue = sum(lines.mapped("price_subtotal"))
    margin = sum(lines.mapped("margin"))
    gross = sum(line.price_unit * line.product_uom_qty for line in lines)
    discount = sum(line.price_unit * line.product_uom_qty * line.discount / 100 for line in lines)
    delivery_days = []
    for order in orders:
        done = order.picking_ids.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing"
        )
        if done:
            delivered = min(done.mapped("date_done"))
            delivery_days.append((delivered - order.date_order).total_seconds() / 86400)
    moves = env["account.move"].search([
        ("partner_id", "child_of", partner.id), ("state", "=", "posted"),
        ("move_type", "in", ("out_invoice", "out_refund")), ("company_id", "=", company.id),
        ("invoice_date", ">=", start),
    ])  # fmt: skip
    invoices = moves.filtered(lambda m: m.move_type == "out_invoice")
    refunds = moves - invoices
    paid_days = []
    for invoice in invoices:
        widget = invoice.invoice_payments_widget or {}
        dates = [
            item["date"]
            for item in widget.get("content", [])
            if env["account.move"].browse(item["move_id"]).move_type == "entry"
        ]
        if dates and invoice.payment_state in ("paid", "in_payment", "reversed"):
            paid_days.append((max(dates) - invoice.invoice_date_due).days)
    invoiced = sum(invoices.mapped("amount_untaxed"))
    return {
        "margin": margin,
        "margin_percent": revenue and margin / revenue * 100,
        "order_size": orders and revenue / len(orders),
        "orders_per_month": len(orders) / 12,
        "products_per_order": orders
        and sum(len(o.order_line.product_id) for o in orders) / len(orders),
        "discount": gross and discount / gross * 100,
        "delivery_days": delivery_days and sum(delivery_days) / len(delivery_days),
        "days_paid_after_due": paid_days and sum(paid_days) / len(paid_days),
        "refunds_percent": invoiced and sum(refunds.mapped("amount_untaxed")) / invoiced * 100,
    }


def naive(env, sample):
    """The scoring figures of ``sample`` customers, one customer at a time."""
    company = env.company
    start = date.today() - relativedelta(months=12)
    partners = env["res.partner"].search([("name", "like", PATTERN)], order="id", limit=sample)
    return {partner.id: naive_figures(env, partner, company, start) for partner in partners}


def scoring_installed(env):
    return bool(
        env["ir.module.module"].search_count(
            [("name", "=", "customer_mgmt_scoring"), ("state", "=", "installed")]
        )
    )


def main():
    parser = bench_parser(__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders-each", type=int, default=5)
    parser.add_argument("--lines-each", type=int, default=4)
    parser.add_argument("--sample", type=int, default=5_000)
    args = parser.parse_args()
    with bench_env(args) as env:
        cr = env.cr
        fill_once(
            env,
            MARKER,
            f"fill {args.customers} customers x {args.orders_each} orders x "
            f"{args.lines_each} lines (SQL)",
            lambda: fill(env, args.customers, args.orders_each, args.lines_each),
        )
        cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE %s", [PATTERN])
        customers = cr.fetchone()[0]
        counts = {}
        for table, where in (
            ("sale_order_line", "TRUE"),
            ("stock_picking", "state = 'done'"),
            ("account_move", "move_type = 'out_invoice'"),
            ("account_move_line", "display_type = 'product' AND move_id IN ("
             "SELECT id FROM account_move WHERE move_type = 'out_invoice')"),
            ("account_partial_reconcile", "TRUE"),
        ):  # fmt: skip
            cr.execute(SQL("SELECT count(*) FROM %s WHERE %s", SQL.identifier(table), SQL(where)))
            counts[table] = cr.fetchone()[0]
        print(
            f"database: {customers} customers, {counts['sale_order_line']} order lines, "
            f"{counts['stock_picking']} deliveries, {counts['account_move']} invoices, "
            f"{counts['account_move_line']} invoice product lines, "
            f"{counts['account_partial_reconcile']} reconciliations"
        )
        if not customers:
            return

        rows, plain = timed(
            "plain aggregate pass (invoice lines per customer, 12 months)",
            lambda: plain_pass(env),
        )
        print(f"  {len(rows)} customers")

        extrapolated = None
        if args.sample:
            env.invalidate_all()
            before = cr.sql_log_count
            figures, elapsed = timed(
                f"naive ORM loop, {min(args.sample, customers)} customers one by one",
                lambda: naive(env, args.sample),
            )
            queries = cr.sql_log_count - before
            extrapolated = elapsed / len(figures) * customers
            print(
                f"  {1000 * elapsed / len(figures):.1f} ms a customer, "
                f"{queries / len(figures):.0f} queries a customer; all {customers} customers: "
                f"about {extrapolated:.0f} s ({extrapolated / 60:.1f} min)"
            )
            averages = defaultdict(float)
            for values in figures.values():
                for key, value in values.items():
                    averages[key] += value / len(figures)
            print("  sample means: " + ", ".join(f"{k} {v:.2f}" for k, v in averages.items()))
            env.invalidate_all()

        if not scoring_installed(env):
            print(
                "customer_mgmt_scoring is not installed in this database: no score run "
                "(install it, e.g. cm_odoo -d DB -i customer_mgmt_scoring --stop-after-init)"
            )
            return
        company = env.company
        engine = env["customer.score.engine"]
        partners = env["res.partner"]
        # Start from the previous month's snapshots only, vacuumed (dead rows of
        # earlier benchmark runs would slow the unique index): the first run of a
        # period also marks those as no longer the latest.
        cr.execute("DELETE FROM customer_score_history")
        company.write({"value_assign_tiers": True, "value_latest_period": False})
        engine._run(company, today=date.today() - relativedelta(months=1))
        cr.commit()
        vacuum(args.database, "customer_score_history")
        runs = {}
        for run in ("first run of the period", "rerun in the same period"):
            before = cr.sql_log_count
            _result, runs[run] = timed(
                f"value score of all {customers} customers, {run} (set-based)",
                lambda: (engine._run(company), env.flush_all()),
            )
            print(
                f"  {customers / runs[run]:.0f} customers/s, queries: {cr.sql_log_count - before}"
            )
            cr.commit()
        classes = dict(env.execute_query(SQL(
            "SELECT value_class, count(*) FROM customer_score_history "
            "WHERE period = %s GROUP BY value_class", company.value_latest_period
        )))  # fmt: skip
        print("  classes: " + ", ".join(f"{k}: {v}" for k, v in sorted(classes.items())))
        timed(
            "tiers by class, one batch of 1,000 customers (ORM: tier, policies, tracking)",
            lambda: (partners._process_value_changes(company, limit=1000), env.flush_all()),
        )
        cr.rollback()
        env.invalidate_all()
        first = runs["first run of the period"]
        rerun = runs["rerun in the same period"]
        print(
            f"ratio score run / plain pass: {first / plain:.1f} first run of the period, "
            f"{rerun / plain:.1f} rerun (target: within 5)"
            + (f"; naive loop extrapolated / score run: {extrapolated / first:.0f}"
               if extrapolated else "")
        )  # fmt: skip


def vacuum(database, table):
    """VACUUM needs its own connection outside a transaction."""
    with odoo.sql_db.db_connect(database).cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))


if __name__ == "__main__":
    main()
