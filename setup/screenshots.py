"""Screenshots of the main screens for the README, taken from a running demo.

Logs in over JSON-RPC, hands the session to headless Chromium (DevTools
protocol), opens each screen and saves a PNG in docs/screenshots/.

    venv/bin/python setup/screenshots.py --url http://127.0.0.1:8069 --db customer_mgmt_demo

The demo server must be running (bash setup/run.sh). Screens are opened as the
user each belongs to: a salesperson, the accountant, the manager.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket

SCREENS = [
    # (file, login, path under /odoo, what to wait for)
    ("customers", "sales1", "action-customer_mgmt.res_partner_action_customer", ".o_kanban_record"),
    ("customer-dossier", "sales1", "action-customer_mgmt.res_partner_action_customer",
     ".o_kanban_record"),
    ("credit-desk", "account1", "action-customer_mgmt_credit.customer_credit_block_action",
     ".o_data_row"),
    ("customer-credit", "account1", "action-customer_mgmt_credit.res_partner_action_credit",
     ".o_data_row"),
    ("aged-receivables", "account1", "action-customer_mgmt_credit.customer_credit_ageing_action",
     ".o_data_row"),
    ("value-ranking", "admin", "action-customer_mgmt_scoring.customer_score_history_action_pareto",
     ".o_data_row, .o_graph_renderer"),
    ("churn-analysis", "admin", "action-customer_mgmt.customer_churn_action_analysis",
     ".o_pivot, .o_data_row"),
    ("service-requests", "sales1", "action-customer_mgmt_helpdesk.helpdesk_ticket_action_service",
     ".o_data_row"),
    ("missed-promises", "admin", "action-customer_mgmt_helpdesk.helpdesk_ticket_action_breaches",
     ".o_group_header, .o_data_row"),
]  # fmt: skip
OPEN_FIRST_RECORD = {"customer-dossier"}


class Chrome:
    def __init__(self, width=1440, height=900):
        self.profile = tempfile.mkdtemp(prefix="cm-shots-")
        self.process = subprocess.Popen(
            [shutil.which("chromium") or "chromium", "--headless=new", "--no-sandbox",
             "--disable-gpu", "--remote-debugging-port=9333", f"--user-data-dir={self.profile}",
             f"--window-size={width},{height}", "--lang=zh-CN", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _i in range(50):
            try:
                tabs = requests.get("http://127.0.0.1:9333/json", timeout=2).json()
                page = next(tab for tab in tabs if tab["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration):
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0
        self.send("Page.enable")
        self.send("Network.enable")

    def send(self, method, **params):
        self.counter += 1
        self.ws.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                time.sleep(1.5)  # let charts and avatars settle
                return True
            time.sleep(0.3)
        return False

    def close(self):
        self.ws.close()
        self.process.terminate()
        shutil.rmtree(self.profile, ignore_errors=True)


def session_id(url, db, login):
    response = requests.post(
        f"{url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": login}},
        timeout=60,
    )
    response.raise_for_status()
    return response.cookies["session_id"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="customer_mgmt_demo")
    parser.add_argument("--out", default=str(Path(__file__).parent.parent / "docs/screenshots"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    chrome = Chrome()
    try:
        for name, login, path, ready in SCREENS:
            chrome.send("Network.clearBrowserCookies")
            chrome.send(
                "Network.setCookie", name="session_id", value=session_id(args.url, args.db, login),
                url=args.url,
            )  # fmt: skip
            chrome.send("Page.navigate", url=f"{args.url}/odoo/{path}")
            if not chrome.wait_for(ready):
                print(f"{name}: {ready} did not appear, skipped")
                continue
            if name in OPEN_FIRST_RECORD:
                chrome.evaluate("document.querySelector('.o_kanban_record').click()")
                chrome.wait_for(".o_form_view .o_notebook")
            shot = chrome.send("Page.captureScreenshot", format="png")
            Path(args.out, f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
            print(f"{name}.png ({login})")
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
