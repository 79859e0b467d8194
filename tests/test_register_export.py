import base64
import io

import openpyxl

from odoo.tests import tagged

from .common import CustomerMgmtCase


@tagged("post_install", "-at_install", "customer_mgmt")
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
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        return attachment, book.active

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
        attachment, sheet = self._export(self.customer | self.customer_b | self.purchaser)
        self.assertTrue(attachment.name.endswith(".xlsx"))
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

    def test_export_all_customers(self):
        _attachment, sheet = self._export()
        companies = self.env["res.partner"].search_count([("is_company", "=", True)])
        self.assertEqual(sheet.max_row, companies + 1)
