import io
import json
from urllib.parse import urlencode

import openpyxl

from odoo.addons.base.tests.common import new_test_user
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import CustomerMgmtCase


@tagged("post_install", "-at_install")
class TestRegisterExport(CustomerMgmtCase):
    def _export(self, partners=None):
        ctx = {"active_model": "res.partner", "active_ids": partners.ids} if partners else {}
        wizard = (
            self.env["customer.register.export"]
            .with_user(self.salesman)
            .with_context(**ctx)
            .create({})
        )
        action = wizard.action_export()
        self.assertEqual(action["report_name"], "customer_mgmt.register_xlsx")
        self.assertTrue(action["close_on_report_download"], "the dialog closes after the download")
        book = self._xlsx("customer_mgmt.customer_register_xlsx", wizard, user=self.salesman)
        return book.active

    def test_export_holds_one_row_per_selected_customer(self):
        self.customer.write(
            {
                "customer_nature": "distributor",
                "customer_tier_id": self.tier.id,
                "employee_count": 120,
                "annual_revenue": 30_000_000,
                "main_products": "Biscuits",
            }
        )
        sheet = self._export(self.customer | self.customer_b | self.purchaser)
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        self.assertEqual(len(rows), 3, "header + 2 customers (the contact rolls up)")
        by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
        sunshine = by_name["Sunshine Foods Distribution"]
        self.assertEqual(sunshine["Customer Nature"], "Distributor")
        self.assertEqual(sunshine["Customer Tier"], "Test Key")
        self.assertEqual(sunshine["Employees"], 120)
        self.assertEqual(sunshine["Annual Revenue"], 30_000_000)
        self.assertEqual(sunshine["Salesperson"], "Sales A")
        self.assertEqual(by_name["Golden Harvest Retail"]["Lifecycle Stage"], "Active")

    def test_another_user_cannot_download_my_export(self):
        """The download names the wizard in its URL: another salesperson changing the
        id does not get the customers someone else chose."""
        wizard = (
            self.env["customer.register.export"]
            .with_user(self.salesman)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({})
        )
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self._xlsx("customer_mgmt.customer_register_xlsx", wizard, user=self.salesman_b)

    def test_export_all_customers(self):
        sheet = self._export()
        companies = self.env["res.partner"].search_count([("is_company", "=", True)])
        self.assertEqual(sheet.max_row, companies + 1)


@tagged("post_install", "-at_install")
class TestRegisterDownload(HttpCase):
    def test_salesperson_downloads_the_register_over_http(self):
        """The browser's path: /report/download as a salesperson returns the
        workbook, and nothing is stored."""
        user = new_test_user(self.env, login="cm_dl_sales", groups=CustomerMgmtCase.SALES_GROUPS)
        customer = self.env["res.partner"].create({"name": "Download Trading", "is_company": True})
        wizard = (
            self.env["customer.register.export"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=customer.ids)
            .create({})
        )
        attachments = self.env["ir.attachment"].search_count([])
        self.authenticate("cm_dl_sales", "cm_dl_sales")
        url = f"/report/xlsx/customer_mgmt.register_xlsx/{wizard.id}"
        response = self.url_open(
            "/report/download?" + urlencode({"data": json.dumps([url, "xlsx"]), "context": "{}"})
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("customer-register.xlsx", response.headers["Content-Disposition"])
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
        self.assertEqual([row[0] for row in rows[1:]], ["Download Trading"])
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
