"""Load benchmark: Odoo in multi-worker mode confirming orders over HTTP.

For each database (one without our addons, one with them and credit control on)
this starts ``odoo-bin --workers N``, logs in many HTTP clients as a salesperson
and has them confirm orders through JSON-RPC, as browsers would:

- rate: orders of customers without credit rules, confirmed by all clients at
  once; confirmations per second, with and without our addons;
- room (with our addons): one customer whose limit leaves room for ``--room``
  of ``--room-orders`` orders, all fired at once: exactly ``--room`` may pass,
  the others are refused with the credit message. Odoo retries a transaction
  that lost a race (serialization failure) itself; a request that still fails
  is sent again by its client, as a user would click again.

    venv/bin/python setup/bench_load.py -c CONF --plain-db A --ours-db B
        [--workers 4] [--clients 16] [--orders 320] [--room-orders 50] [--room 10]
        [--rounds 2]

Each run creates its own customers and draft orders, so runs can follow each
other on the same databases. Exits non-zero if the room was not exactly kept.
"""

import argparse
import os
import queue
import subprocess
import sys
import threading
import time
from statistics import median

import requests

import odoo
from odoo import SUPERUSER_ID, Command, api

LOGIN = "load_sales"
PRICE = 100.0
RETRIES = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--plain-db", required=True, help="sale and stock, none of our addons")
    parser.add_argument("--ours-db", required=True, help="with our addons")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--orders", type=int, default=320, help="orders timed for the rate")
    parser.add_argument("--room-orders", type=int, default=50)
    parser.add_argument("--room", type=int, default=10)
    parser.add_argument("--port", type=int, default=8169)
    parser.add_argument(
        "--rounds", type=int, default=2, help="rounds, in alternating order (the machine is noisy)"
    )
    return parser.parse_args()


def prepare(db, args, ours):
    """Salesperson, product and today's customers and draft orders; committed."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        user = env["res.users"].search([("login", "=", LOGIN)])
        if not user:
            user = env["res.users"].create({
                "name": "Load Salesperson", "login": LOGIN, "password": LOGIN,
                "groups_id": [Command.set([env.ref("sales_team.group_sale_salesman").id])],
            })  # fmt: skip
        product = env["product.product"].search([("default_code", "=", "LOAD-RICE")])
        if not product:
            product = env["product.product"].create({
                "name": "Load Rice", "default_code": "LOAD-RICE", "type": "consu",
                "list_price": PRICE, "taxes_id": [Command.clear()],
            })  # fmt: skip
        stamp = time.strftime("%H%M%S")

        def orders(partners, count):
            return env["sale.order"].create([
                {"partner_id": partners[i % len(partners)].id, "user_id": user.id,
                 "order_line": [Command.create({
                     "product_id": product.id, "product_uom_qty": 1, "price_unit": PRICE,
                 })]}
                for i in range(count)
            ]).ids  # fmt: skip

        Partner = env["res.partner"]
        customers = Partner.create([
            {"name": f"Load Buyer {stamp}-{i}", "is_company": True, "user_id": user.id}
            for i in range(max(args.orders // 10, 1))
        ])  # fmt: skip
        plan = {"warm": orders(customers, args.clients * 2), "rate": orders(customers, args.orders)}
        if ours:
            env.company.credit_control_active = True
            room = Partner.create({
                "name": f"Load Room {stamp}", "is_company": True, "user_id": user.id,
                "credit_limited": True, "credit_limit": args.room * PRICE + PRICE / 2,
            })  # fmt: skip
            plan["room"] = orders(room, args.room_orders)
            plan["room_partner"] = room.id
        cr.commit()
    return plan


class Server:
    """odoo-bin with workers on one database, for the time of a ``with``."""

    def __init__(self, args, db):
        self.args, self.db = args, db
        self.base = f"http://127.0.0.1:{args.port}"

    def __enter__(self):
        odoo_bin = os.path.join(os.environ["CM_ODOO_DIR"], "odoo-bin")
        self.log = open(f"{os.environ['CM_HOME']}/bench-load-{self.db}.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, odoo_bin, "-c", self.args.config, "-d", self.db,
             "--db-filter", f"^{self.db}$", "--workers", str(self.args.workers),
             "--max-cron-threads", "0", "--http-port", str(self.args.port),
             "--gevent-port", str(self.args.port + 1), "--log-level", "warn"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                if requests.get(self.base + "/web/login", timeout=5).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(1)
        raise RuntimeError(f"the server on {self.db} did not answer, see {self.log.name}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def login(server):
    session = requests.Session()
    response = session.post(
        server.base + "/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": server.db, "login": LOGIN, "password": LOGIN}},
        timeout=60,
    )
    response.raise_for_status()
    if response.json().get("error"):
        raise RuntimeError(response.json()["error"])
    return session


def confirm(session, server, order_id, tally):
    """Confirm one order as the browser does; count the outcome in ``tally``."""
    for _attempt in range(RETRIES):
        response = session.post(
            server.base + "/web/dataset/call_kw/sale.order/action_confirm",
            json={"jsonrpc": "2.0", "method": "call", "params": {
                "model": "sale.order", "method": "action_confirm", "args": [[order_id]],
                "kwargs": {},
            }},
            timeout=120,
        )  # fmt: skip
        error = response.json().get("error")
        if not error:
            tally["confirmed"] += 1
            return
        name = error.get("data", {}).get("name", "")
        if name.endswith("UserError"):
            tally["refused"] += 1
            return
        if "Serialization" in name or "concurrent" in error.get("data", {}).get("message", ""):
            tally["sent again"] += 1
            continue
        tally["errors"] += 1
        print("  error:", name, error.get("data", {}).get("message", "")[:200])
        return
    tally["errors"] += 1


def fire(server, sessions, order_ids):
    """All clients confirm ``order_ids`` at once; (tally, seconds)."""
    todo = queue.Queue()
    for order_id in order_ids:
        todo.put(order_id)
    tally = {"confirmed": 0, "refused": 0, "sent again": 0, "errors": 0}
    lock = threading.Lock()

    def client(session):
        while True:
            try:
                order_id = todo.get_nowait()
            except queue.Empty:
                return
            mine = dict.fromkeys(tally, 0)
            confirm(session, server, order_id, mine)
            with lock:
                for key, value in mine.items():
                    tally[key] += value

    threads = [threading.Thread(target=client, args=(session,)) for session in sessions]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - start


def run(args, db, ours):
    plan = prepare(db, args, ours)
    label = "with our addons" if ours else "without our addons"
    with Server(args, db) as server:
        sessions = [login(server) for _i in range(args.clients)]
        fire(server, sessions, plan["warm"])  # workers load their registry and caches
        tally, seconds = fire(server, sessions, plan["rate"])
        rate = tally["confirmed"] / seconds
        print(
            f"{label:<22} {len(plan['rate'])} orders by {args.clients} clients, "
            f"{args.workers} workers: {seconds:6.1f} s, {rate:5.1f} confirmations/s {tally}"
        )
        room = None
        if ours:
            room, seconds = fire(server, sessions, plan["room"])
            print(
                f"{'room for ' + str(args.room):<22} {len(plan['room'])} orders of one "
                f"customer fired at once: {room} in {seconds:.1f} s"
            )
    return rate, room


def main():
    args = parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    rates = {False: [], True: []}
    rooms = []
    for index in range(args.rounds):
        # ABBA...: neither database always runs first on a warm or cold machine
        for ours in (False, True) if index % 2 == 0 else (True, False):
            rate, room = run(args, args.ours_db if ours else args.plain_db, ours)
            rates[ours].append(rate)
            if room:
                rooms.append(room)
    plain, with_ours = median(rates[False]), median(rates[True])
    print(
        f"median rate: {plain:.1f} confirmations/s without our addons, {with_ours:.1f} with "
        f"them (ratio {with_ours / plain:.2f}) over {args.rounds} rounds"
    )
    kept = all(room["confirmed"] == args.room and not room["errors"] for room in rooms)
    print(
        f"room kept: {'yes' if kept else 'NO'} ({[room['confirmed'] for room in rooms]} confirmed)"
    )
    sys.exit(0 if kept else 1)


if __name__ == "__main__":
    main()
