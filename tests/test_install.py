import os
import re

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "customer_mgmt")
class TestInstall(TransactionCase):
    def test_addons_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "customer_mgmt")])
        self.assertEqual(module.state, "installed")

    def test_install_over_odoo_demo_data_logs_no_warning_from_our_code(self):
        """setup/test.sh installs our addons into a database with Odoo's demo data
        and keeps the log: none of its warnings or errors may come from us."""
        path = os.environ.get("CM_INSTALL_LOG")
        if not path:
            self.skipTest("run through setup/test.sh, which records the install log")
        with open(path, encoding="utf-8") as log:
            text = log.read()
        self.assertIn("customer_mgmt", text, "the log is the install of our addons")
        ours = re.compile(r"(WARNING|ERROR|CRITICAL) .*customer_mgmt")
        problems = [line for line in text.splitlines() if ours.search(line)]
        self.assertEqual(problems, [])
