from odoo.addons.base.tests.common import new_test_user
from odoo.tests import HttpCase, tagged

ADDONS = [
    "customer_mgmt",
    "customer_mgmt_credit",
    "customer_mgmt_scoring",
    "customer_mgmt_helpdesk",
]
SALES = "sales_team.group_sale_salesman,base.group_partner_manager"
ROLES = {
    "cm_zh_salesperson": SALES,
    "cm_zh_accountant": "account.group_account_invoice,"
    "customer_mgmt_credit.customer_credit_group_controller",
    "cm_zh_manager": "sales_team.group_sale_manager,customer_mgmt.customer_mgmt_group_manager,"
    "customer_mgmt_credit.customer_credit_group_manager",
}


@tagged("post_install", "-at_install", "customer_mgmt")
class TestScreensInChinese(HttpCase):
    def test_each_role_opens_every_screen_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(ADDONS, ["zh_CN"], overwrite=True)
        customer = self.env["res.partner"].create({"name": "华东食品", "is_company": True})
        for login, groups in ROLES.items():
            with self.subTest(role=login):
                user = new_test_user(self.env, login=login, groups=groups, lang="zh_CN")
                customer.user_id = user
                self.start_tour("/odoo", "customer_mgmt_screens_tour", login=login, timeout=180)
