from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CustomerMgmtCase


@tagged("post_install", "-at_install")
class TestDossier(CustomerMgmtCase):
    def test_customer_form_opens_on_the_dossier(self):
        arch = self.env["res.partner"].with_user(self.salesman).get_view(view_type="form")["arch"]
        pages = {page.get("name"): page for page in etree.fromstring(arch).iter("page")}
        self.assertEqual(pages["customer_dossier"].get("autofocus"), "autofocus")
        self.assertFalse(pages["contact_addresses"].get("autofocus"))

    def test_salesperson_lands_on_own_customers_and_owns_new_ones(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_mgmt.res_partner_action_customer"
        )
        context = safe_eval(action["context"], {"uid": self.salesman.id})
        self.assertEqual(context["search_default_my_customers"], 1)
        Partner = self.env["res.partner"].with_user(self.salesman).with_context(**context)
        listed = Partner.search(safe_eval(action["domain"]))
        self.assertIn(self.customer, listed)
        self.assertNotIn(self.env.company.partner_id, listed, "not the company itself")
        form = Form(Partner)
        form.name = "New Noodle Shop"
        self.assertEqual(form.save().user_id, self.salesman)

    def test_person_added_to_a_customer_is_a_contact_with_a_role(self):
        with Form(self.customer.with_user(self.salesman)) as form:
            with form.child_ids.new() as person:
                person.name = "Wang Wei"
                self.assertEqual(person.type, "contact")
                person.key_person_role = "decision_maker"  # visible for contacts only
        added = self.customer.child_ids.filtered(lambda p: p.name == "Wang Wei")
        self.assertEqual((added.type, added.key_person_role), ("contact", "decision_maker"))

    def test_review_cycle_left_at_0_shows_the_company_cycle(self):
        self.company.customer_dossier_review_days = 180
        self.customer.dossier_reviewed_on = date(2026, 1, 10)
        form = Form(self.customer.with_user(self.salesman))
        self.assertEqual((form.dossier_review_cycle, form.dossier_review_cycle_default), (0, 180))
        self.assertEqual(form.dossier_next_review, "2026-07-09")
        form.dossier_review_cycle = 30
        self.assertEqual(form.save().dossier_next_review, date(2026, 2, 9))

    def test_negative_employee_count_refused(self):
        with self.assertRefused(ValidationError, "employees cannot be negative"):
            self.customer.employee_count = -3
        self.assertEqual(self.customer.employee_count, 0)

    def test_growth_out_of_range_refused(self):
        with self.assertRefused(ValidationError, "between -100% and 1000%"):
            self.customer.revenue_growth = -150
        with self.assertRefused(ValidationError, "between -100% and 1000%"):
            self.customer.revenue_growth = 1500
        self.customer.revenue_growth = 12.5
        self.assertEqual(self.customer.revenue_growth, 12.5)

    def test_negative_revenue_refused(self):
        with self.assertRefused(ValidationError, "annual revenue cannot be negative"):
            self.customer.annual_revenue = -1

    def test_completeness_counts_configured_fields(self):
        fields = self.env["ir.model.fields"].search(
            [
                ("model", "=", "res.partner"),
                ("name", "in", ["customer_nature", "phone", "business_scope", "employee_count"]),
            ]
        )
        self.company.customer_dossier_field_ids = fields
        self.env.flush_all()
        self.assertEqual(self.customer.dossier_completeness, 0)
        self.customer.write({"customer_nature": "distributor", "phone": "+86 21 5555 0101"})
        self.assertEqual(self.customer.dossier_completeness, 50)
        self.assertIn("Employees", self.customer.dossier_missing)
        self.assertNotIn("Phone", self.customer.dossier_missing)
        self.customer.write({"business_scope": "Snacks", "employee_count": 40})
        self.assertEqual(self.customer.dossier_completeness, 100)
        self.assertFalse(self.customer.dossier_missing)

    def test_completeness_follows_configuration_change(self):
        self.customer.write({"customer_nature": "retailer"})
        self.company.customer_dossier_field_ids = self.env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "=", "customer_nature")]
        )
        self.env.flush_all()
        self.assertEqual(self.customer.dossier_completeness, 100)

    def test_man_code_and_strategy(self):
        prospect = self.env["res.partner"].create(
            {
                "name": "Prospect Mart",
                "is_company": True,
                "man_money": True,
                "man_need": True,
            }
        )
        self.assertEqual(prospect.man_code, "MaN")
        self.assertIn("decision maker", prospect.man_strategy)
        prospect.man_authority = True
        self.assertEqual(prospect.man_code, "MAN")
        self.assertIn("close", prospect.man_strategy)
        funnel = self.env["res.partner"]._read_group(
            [("id", "=", prospect.id)], ["man_code"], ["__count"]
        )
        self.assertEqual(funnel, [("MAN", 1)])

    def test_review_cycle_makes_dossier_stale(self):
        self.company.customer_dossier_review_days = 90
        self.customer.dossier_reviewed_on = date(2026, 1, 10)
        self.assertEqual(self.customer.dossier_next_review, date(2026, 4, 10))
        with freeze_time("2026-04-11"):
            self.customer.invalidate_recordset(["dossier_is_stale"])
            self.assertTrue(self.customer.dossier_is_stale)
            stale = self.env["res.partner"].search([("dossier_is_stale", "=", True)])
            self.assertIn(self.customer, stale)
            self.customer.action_mark_dossier_reviewed()
            self.assertEqual(self.customer.dossier_next_review, date(2026, 7, 10))
            self.assertFalse(self.customer.dossier_is_stale)
            self.assertNotIn(
                self.customer, self.env["res.partner"].search([("dossier_is_stale", "=", True)])
            )

    def test_partner_review_cycle_overrides_company(self):
        self.customer.write({"dossier_reviewed_on": date(2026, 1, 1), "dossier_review_cycle": 30})
        self.assertEqual(self.customer.dossier_next_review, date(2026, 1, 31))
        with self.assertRaises(ValidationError):
            self.customer.dossier_review_cycle = -1

    def test_cooperation_start_from_first_order_and_overridable(self):
        self.assertFalse(self.customer.cooperation_start)
        order = self._order(self.customer)
        order.action_confirm()
        order.date_order = "2025-03-04 10:00:00"
        later = self._order(self.purchaser)  # a contact's order counts for the company
        later.action_confirm()
        self.customer.invalidate_recordset(["cooperation_start", "first_order_date"])
        self.assertEqual(self.customer.cooperation_start, date(2025, 3, 4))
        self.customer.cooperation_start = date(2019, 6, 1)
        self.assertEqual(self.customer.cooperation_start_manual, date(2019, 6, 1))
        self.assertEqual(self.customer.first_order_date, date(2025, 3, 4))

    def test_form_edits_dossier(self):
        with Form(self.customer) as form:
            form.customer_nature = "key_account"
            form.employee_count = 250
            form.annual_revenue = 30_000_000
            form.main_products = "Biscuits, beverages"
            form.source_channel_id = self.env.ref(
                "customer_mgmt.customer_source_channel_trade_fair"
            )
        self.assertEqual(self.customer.customer_nature, "key_account")
        self.assertEqual(self.customer.source_channel_id.name, "Trade Fair")

    def test_tracking_on_tier_stage_salesperson(self):
        self.flush_tracking()  # the creation in setUpClass is behind us
        self.customer.write(
            {
                "customer_tier_id": self.tier.id,
                "customer_stage": "at_risk",
                "user_id": self.salesman_b.id,
            }
        )
        self.flush_tracking()
        tracked = self.customer.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("customer_tier_id", tracked)
        self.assertIn("customer_stage", tracked)
        self.assertIn("user_id", tracked)

    def test_post_init_marks_ordering_customers_active(self):
        from ..hooks import post_init_hook

        buyer = self.env["res.partner"].create({"name": "Old Buyer", "is_company": True})
        self.assertEqual(buyer.customer_stage, "prospect")
        self._order(buyer).action_confirm()
        post_init_hook(self.env)
        self.assertEqual(buyer.customer_stage, "active")
        self.assertEqual(self.customer_b.customer_stage, "active")

    def test_review_date_in_future_not_stale(self):
        self.customer.dossier_reviewed_on = date.today()
        self.assertGreater(self.customer.dossier_next_review, date.today() + timedelta(days=1))
        self.assertFalse(self.customer.dossier_is_stale)
