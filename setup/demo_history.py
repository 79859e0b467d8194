"""The demo's trading history, made by two processes at once (the machine has two
cores and one Odoo process uses one): a sales process creates each week's
quotations, confirms and delivers them; an accounting process follows a week
behind, invoicing and posting what was delivered and paying what falls due.

Everything goes through Odoo's own flows under the week's frozen clock. The two
processes touch different rows (orders and stock; invoices and payments), each
commits week by week; a week that meets a concurrent update is redone.
"""

import heapq
import multiprocessing
import queue
import random
import time
import traceback
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import errors

import odoo
from odoo import SUPERUSER_ID, api

# Demo records are made by the thousand: no tracking, no "you have been
# assigned" emails queued for the salespeople.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
    "mail_auto_subscribe_no_notify": True,
}
RETRIED = (errors.SerializationFailure, errors.DeadlockDetected, errors.LockNotAvailable)


@contextmanager
def clock(env, moment):
    """Freeze the clock, the transaction's one too (records' create_date)."""
    with freeze_time(moment), patch.object(env.cr, "now", lambda: moment):
        yield
    env.flush_all()


def run(config, database, weeks, payers, bank_id, today, seed, log):
    """Make the history of ``weeks`` (see DemoGenerator._history_weeks) in two
    processes; return the figures of both."""
    ctx = multiprocessing.get_context("spawn")
    handover, results = ctx.Queue(), ctx.Queue()
    workers = [
        ctx.Process(target=_sales, args=(config, database, weeks, handover, results)),
        ctx.Process(
            target=_accounting,
            args=(config, database, payers, bank_id, today, seed, handover, results),
        ),
    ]
    for worker in workers:
        worker.start()
    figures, pending = {}, len(workers)
    try:
        while pending:
            try:
                kind, payload = results.get(timeout=10)
            except queue.Empty:
                if any(worker.exitcode for worker in workers):  # died without a word
                    raise RuntimeError("a demo history process stopped unexpectedly") from None
                continue
            if kind == "progress":
                log(payload)
            elif kind == "done":
                figures.update(payload)
                pending -= 1
            else:
                raise RuntimeError(f"demo history failed:\n{payload}")
    finally:
        for worker in workers:
            if worker.is_alive() and pending:
                worker.terminate()
            worker.join()
    return figures


@contextmanager
def _environment(config, database):
    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, QUIET)


def _redone(env, work, rng=None):
    """Run ``work`` in the current transaction; redo it after a concurrent update."""
    state = rng.getstate() if rng else None
    for attempt in range(6):
        try:
            result = work()
            env.cr.commit()
            return result
        except RETRIED:
            if attempt == 5:
                raise
            env.cr.rollback()
            env.invalidate_all()
            if rng:
                rng.setstate(state)
            time.sleep(0.2 * (attempt + 1))


def _sales(config, database, weeks, handover, results):
    try:
        with _environment(config, database) as env:
            orders_count = 0
            for index, week in enumerate(weeks):
                delivered = _redone(env, lambda week=week: _sell(env, week))
                handover.put((week["moment"], delivered))
                orders_count += len(week["orders"])
                if len(weeks) > 20 and index % 13 == 0:
                    results.put(("progress", f"week of {week['moment']:%Y-%m-%d}: "
                                             f"{orders_count} orders so far"))  # fmt: skip
            handover.put(None)
            results.put(("done", {"orders": orders_count, "weeks": len(weeks)}))
    except Exception:  # reported to the parent, which stops both
        handover.put(False)
        results.put(("error", traceback.format_exc()))


def _sell(env, week):
    """One week's quotations; most confirmed, a few cancelled; the confirmed ones
    delivered unless the week is the current one. Returns what was delivered."""
    with clock(env, week["moment"]):
        orders = env["sale.order"].create(week["orders"])
        fates = dict(zip(orders.ids, week["fates"], strict=True))
        confirmed = orders.filtered(lambda o: fates[o.id] == "confirm")
        confirmed.action_confirm()
        orders.filtered(lambda o: fates[o.id] == "cancel")._action_cancel()
        if week["recent"] or not confirmed:
            return []
        deliver(confirmed)
    return confirmed.ids


def deliver(orders):
    """Validate the orders' deliveries, everything shipped."""
    pickings = orders.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
    pickings.move_ids.picked = True
    pickings.with_context(skip_backorder=True, skip_sms=True).button_validate()


def _accounting(config, database, payers, bank_id, today, seed, handover, results):
    try:
        with _environment(config, database) as env:
            rng = random.Random(seed)
            due, figures = [], {"invoices": 0, "paid": 0, "payment runs": 0}
            while True:
                item = handover.get()
                if item is False:
                    return
                # what fell due before this week's moment is paid first; at the
                # end, everything due by today
                moment = item[0] if item else datetime.now()
                until = moment.date() if item else today + timedelta(days=1)
                paying = []
                while due and due[0][0] < until:
                    paying.append(heapq.heappop(due))
                if paying:
                    at = min(moment, datetime.now())
                    _redone(env, lambda p=paying, at=at: _pay(env, p, bank_id, at))
                    figures["paid"] += len(paying)
                    figures["payment runs"] += 1
                if item is None:
                    break
                if item[1]:
                    count, payable = _redone(
                        env, lambda i=item: _invoice(env, i, payers, today, rng), rng
                    )
                    figures["invoices"] += count
                    for entry in payable:
                        heapq.heappush(due, entry)
            results.put(("done", figures))
    except Exception:  # reported to the parent, which stops both
        results.put(("error", traceback.format_exc()))


def _invoice(env, item, payers, today, rng):
    """Invoice and post the week's delivered orders; return how many, and when
    each will be paid (after its due date plus its customer's lateness; bad payers
    leave some unpaid)."""
    moment, order_ids = item
    with clock(env, moment):
        moves = env["sale.order"].browse(order_ids)._create_invoices()
        moves.action_post()
    plans = []
    for move in moves:
        lateness, unpaid = payers[move.commercial_partner_id.id]
        if rng.random() < unpaid:
            continue
        pay_on = (move.invoice_date_due or move.invoice_date) + timedelta(
            days=rng.randint(*lateness)
        )
        pay_on = max(pay_on, move.invoice_date)
        if pay_on <= today:
            plans.append((pay_on, move.id))
    return len(moves), plans


def _pay(env, items, bank_id, moment):
    """One payment per invoice on its own date, created and posted in bulk, then
    each matched with its invoice in one reconciliation (what reconcile() does for
    one pair, and the register wizard for many)."""
    moves = env["account.move"].browse([move_id for _day, move_id in items])
    with clock(env, moment):
        payments = env["account.payment"].create([
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": move.commercial_partner_id.id,
                "amount": move.amount_residual,
                "date": day,
                "journal_id": bank_id,
                "memo": move.name,
            }
            for (day, _move_id), move in zip(items, moves, strict=True)
        ])  # fmt: skip
        payments.action_post()
        env["account.move.line"]._reconcile_plan([
            (payment.move_id.line_ids | move.line_ids).filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
            for payment, move in zip(payments, moves, strict=True)
        ])  # fmt: skip
