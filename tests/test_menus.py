from collections import Counter

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "customer_mgmt")
class TestMenus(TransactionCase):
    def test_each_screen_has_one_name(self):
        """A screen is called the same in the menu and in its breadcrumb, and no two
        screens of Customer Management share a name, in English or Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            [
                "customer_mgmt",
                "customer_mgmt_credit",
                "customer_mgmt_scoring",
                "customer_mgmt_helpdesk",
            ],
            ["zh_CN"],
        )
        root = self.env.ref("customer_mgmt.customer_mgmt_menu_root")
        for lang in ("en_US", "zh_CN"):
            menus = (
                self.env["ir.ui.menu"]
                .with_context(lang=lang)
                .search([("id", "child_of", root.id), ("action", "!=", False)])
            )
            names = Counter(menus.mapped("name"))
            self.assertEqual([name for name, n in names.items() if n > 1], [], lang)
            for menu in menus:
                if menu.action._name == "ir.actions.act_window":
                    self.assertEqual(menu.action.name, menu.name, f"{lang}: {menu.complete_name}")
