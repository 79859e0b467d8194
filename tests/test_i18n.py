import io

import polib

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import trans_export

ADDONS = ["customer_mgmt", "customer_mgmt_credit", "customer_mgmt_scoring"]


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

    def test_labels_data_and_errors_read_in_chinese(self):
        fields = self.env_zh["res.partner"].fields_get(["customer_stage", "customer_tier_id"])
        self.assertEqual(fields["customer_tier_id"]["string"], "客户层级")
        self.assertIn(("at_risk", "流失风险"), fields["customer_stage"]["selection"])
        tier = self.env_zh.ref("customer_mgmt.customer_tier_key")
        self.assertEqual(tier.name, "重点")
        with self.assertRaisesRegex(ValidationError, "员工人数不能为负数"):
            self.env_zh["res.partner"].create({"name": "X", "employee_count": -1})

    def test_value_scoring_reads_in_chinese(self):
        fields = self.env_zh["res.partner"].fields_get(["value_class"])
        self.assertIn(("developing", "培育中"), fields["value_class"]["selection"])
        indicator = self.env_zh.ref("customer_mgmt_scoring.indicator_punctuality")
        self.assertEqual(indicator.name, "付款准时性")
        with self.assertRaisesRegex(ValidationError, "权重"):
            indicator.weight = 50
