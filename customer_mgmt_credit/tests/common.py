"""Fixtures of the credit tests: a customer with a limit, a stocked product
without taxes (amounts stay readable), credit controller and manager users."""

from odoo.addons.base.tests.common import new_test_user
from odoo.addons.customer_mgmt.tests.common import CustomerMgmtCase


class CreditCase(CustomerMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = new_test_user(
            cls.env, login="cm_credit_ctrl", name="Credit Controller",
            groups="customer_mgmt_credit.customer_credit_group_controller",
        )  # fmt: skip
        cls.credit_manager = new_test_user(
            cls.env, login="cm_credit_mgr", name="Credit Boss",
            groups="customer_mgmt_credit.customer_credit_group_manager,sales_team.group_sale_salesman",
        )  # fmt: skip
        cls._stock(cls.product)
        cls.company.credit_control_active = True
        cls.customer.credit_limit = 1000.0
