import io

import polib

from odoo import Command
from odoo.addons.base.tests.common import new_test_user
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import trans_export

ADDONS = [
    "customer_mgmt",
    "customer_mgmt_credit",
    "customer_mgmt_scoring",
    "customer_mgmt_helpdesk",
]


@tagged("post_install", "-at_install", "customer_mgmt")
class TestChineseTranslation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(ADDONS, ["zh_CN"], overwrite=True)
        cls.env_zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def test_po_file_is_complete(self):
        for addon in ADDONS:
            po = polib.pofile(file_path(f"{addon}/i18n/zh_CN.po"))
            pot = polib.pofile(file_path(f"{addon}/i18n/{addon}.pot"))
            self.assertEqual(po.percent_translated(), 100, addon)
            self.assertEqual({e.msgid for e in pot} - {e.msgid for e in po}, set(), addon)
            # the committed template holds every term the code and data have now
            buffer = io.BytesIO()
            trans_export(False, [addon], buffer, "po", self.env.cr)
            exported = polib.pofile(buffer.getvalue().decode())
            self.assertEqual({e.msgid for e in exported} - {e.msgid for e in pot}, set(), addon)
            # and nothing of it went missing (a file Babel fails to read loses all its terms)
            self.assertEqual({e.msgid for e in pot} - {e.msgid for e in exported}, set(), addon)

    def test_labels_data_and_errors_read_in_chinese(self):
        fields = self.env_zh["res.partner"].fields_get(["customer_stage", "customer_tier_id"])
        self.assertEqual(fields["customer_tier_id"]["string"], "客户层级")
        self.assertIn(("at_risk", "流失风险"), fields["customer_stage"]["selection"])
        tier = self.env_zh.ref("customer_mgmt.customer_tier_key")
        self.assertEqual(tier.name, "重点")
        with self.assertRaisesRegex(ValidationError, "员工人数不能为负数"):
            self.env_zh["res.partner"].create({"name": "X", "employee_count": -1})

    def test_service_requests_read_in_chinese(self):
        fields = self.env_zh["helpdesk.ticket"].fields_get(["request_type", "service_state"])
        self.assertIn(("complaint", "投诉"), fields["request_type"]["selection"])
        self.assertIn(("answered", "已答复"), fields["service_state"]["selection"])
        team = self.env_zh.ref("customer_mgmt_helpdesk.helpdesk_team_customer_service")
        self.assertEqual(team.name, "客户服务")
        with self.assertRaisesRegex(ValidationError, "解决时限不能为负数"):
            self.env_zh.ref("customer_mgmt.customer_tier_key").resolution_time_hours = -1

    def test_value_scoring_reads_in_chinese(self):
        fields = self.env_zh["res.partner"].fields_get(["value_class"])
        self.assertIn(("developing", "培育中"), fields["value_class"]["selection"])
        indicator = self.env_zh.ref("customer_mgmt_scoring.indicator_punctuality")
        self.assertEqual(indicator.name, "付款准时性")
        with self.assertRaisesRegex(ValidationError, "权重"):
            indicator.weight = 50

    def test_churn_plan_in_the_salespersons_language(self):
        """A churn category proposes its plan (Odoo keeps plan names in one
        language; ours are translated): a Chinese salesperson gets the steps and
        the note in Chinese, an English one in English, whoever sets the category."""
        for lang, step, plan in (
            ("zh_CN", "致电道歉并倾听投诉", "挽回不满意的客户"),
            ("en_US", "Call to apologise and listen to the complaint",
             "Win back a dissatisfied customer"),
        ):  # fmt: skip
            salesman = new_test_user(
                self.env, login=f"cm_plan_{lang}", lang=lang,
                groups="sales_team.group_sale_salesman",
            )  # fmt: skip
            customer = self.env["res.partner"].create(
                {"name": f"华南食品 {lang}", "is_company": True, "user_id": salesman.id}
            )
            churn = self.env["customer.churn"].create({
                "partner_id": customer.id, "user_id": salesman.id, "state": "at_risk",
                "last_order_date": "2026-03-05",
            })  # fmt: skip
            churn.category = "dissatisfied"
            self.assertEqual(churn.activity_ids.sorted("id")[:1].summary, step)
            self.assertIn(plan, churn.message_ids[:1].body)

    def test_service_promises_named_in_the_company_language(self):
        """A helpdesk SLA has one name (not translated): a tier's promises are
        named in the company's language, whoever saves the tier."""
        self.env.company.partner_id.lang = "zh_CN"
        tier = self.env["customer.tier"].create(
            {"name": "Gold", "response_time_hours": 4, "resolution_time_hours": 24}
        )
        slas = self.env["helpdesk.sla"].search([("customer_tier_id", "=", tier.id)])
        self.assertEqual(set(slas.mapped("name")), {"Gold：首次答复", "Gold：解决"})  # noqa: RUF001

    def test_texts_written_for_a_user_are_in_their_language(self):
        """The churn detection (a cron, in English) writes the salesperson's
        activity in the salesperson's language; an English salesperson's blocked
        order gives the credit manager an activity in the manager's language."""
        salesman = new_test_user(
            self.env, login="cm_zh_sales", groups="sales_team.group_sale_salesman", lang="zh_CN"
        )
        customer = self.env["res.partner"].create(
            {"name": "华东食品", "is_company": True, "user_id": salesman.id}
        )
        churn = self.env["customer.churn"].create(
            {"partner_id": customer.id, "user_id": salesman.id, "last_order_date": "2026-03-05"}
        )
        churn._notify_salesperson()
        self.assertIn("华东食品：流失风险，最近一次下单日期为", churn.activity_ids.summary)  # noqa: RUF001

        self.env.company.credit_control_active = True
        self.env.company.credit_manager_user_id = manager = new_test_user(
            self.env, login="cm_zh_credit", lang="zh_CN",
            groups="customer_mgmt_credit.customer_credit_group_manager",
        )  # fmt: skip
        customer.write({"credit_limited": True, "credit_limit": 10})
        english = new_test_user(
            self.env, login="cm_en_sales", groups="sales_team.group_sale_salesman"
        )
        product = self.env["product.product"].create({"name": "Rice", "list_price": 100})
        order = self.env["sale.order"].create({
            "partner_id": customer.id, "user_id": english.id,
            "order_line": [Command.create({"product_id": product.id, "price_unit": 100})],
        })  # fmt: skip
        # The block is recorded in a transaction of its own: share the test's.
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        self.env.flush_all()
        try:  # no savepoint: it would roll the block back
            order.with_user(english).action_confirm()
        except UserError as error:
            self.assertIn("blocked by credit control", str(error), "English for the salesperson")
        block = self.env["customer.credit.block"].search([("sale_order_id", "=", order.id)])
        activity = block.activity_ids.filtered(lambda act: act.user_id == manager)
        self.assertEqual(activity.summary, f"信用审批：{order.name}")  # noqa: RUF001
