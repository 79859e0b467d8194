from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerMgmtCase


@tagged("post_install", "-at_install")
class TestSecurity(CustomerMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Interaction = cls.env["customer.interaction"]
        cls.visit_a = Interaction.create(
            {
                "name": "Visit A",
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
            }
        )
        cls.visit_b = Interaction.create(
            {
                "name": "Visit B",
                "partner_id": cls.customer_b.id,
                "user_id": cls.salesman_b.id,
            }
        )
        Commitment = cls.env["customer.commitment"]
        cls.promise_a = Commitment.create(
            {
                "name": "2% rebate",
                "partner_id": cls.customer.id,
                "amount": 500,
                "promised_by_id": cls.salesman.id,
                "user_id": cls.salesman.id,
            }
        )
        cls.promise_b = Commitment.create(
            {
                "name": "Free display stand",
                "partner_id": cls.customer_b.id,
                "commitment_type": "promo_goods",
                "amount": 300,
                "promised_by_id": cls.salesman_b.id,
                "user_id": cls.salesman_b.id,
            }
        )

    def test_salesperson_sees_only_own_customers_interactions(self):
        visible = (
            self.env["customer.interaction"]
            .with_user(self.salesman)
            .search([("id", "in", (self.visit_a | self.visit_b).ids)])
        )
        self.assertEqual(visible, self.visit_a)
        with self.assertRaises(AccessError):
            self.visit_b.with_user(self.salesman).read(["summary"])

    def test_salesperson_sees_only_own_customers_commitments(self):
        visible = (
            self.env["customer.commitment"]
            .with_user(self.salesman)
            .search([("id", "in", (self.promise_a | self.promise_b).ids)])
        )
        self.assertEqual(visible, self.promise_a)
        self.assertEqual(self.customer.with_user(self.salesman).open_commitment_count, 1)
        self.assertEqual(self.customer_b.with_user(self.salesman).open_commitment_count, 0)

    def test_salesperson_sees_interactions_logged_by_colleague_on_own_customer(self):
        colleague_visit = self.env["customer.interaction"].create(
            {
                "name": "Manager visit",
                "partner_id": self.customer.id,
                "user_id": self.manager.id,
            }
        )
        visible = (
            self.env["customer.interaction"]
            .with_user(self.salesman)
            .search([("commercial_partner_id", "=", self.customer.id)])
        )
        self.assertIn(colleague_visit, visible)

    def test_manager_sees_all(self):
        visible = (
            self.env["customer.interaction"]
            .with_user(self.manager)
            .search([("id", "in", (self.visit_a | self.visit_b).ids)])
        )
        self.assertEqual(visible, self.visit_a | self.visit_b)

    def test_salesperson_cannot_delete_interactions(self):
        with self.assertRaises(AccessError):
            self.visit_a.with_user(self.salesman).unlink()
        self.visit_a.with_user(self.manager).unlink()
        self.assertFalse(self.visit_a.exists())

    def test_accountant_reads_all_commitments_but_cannot_change_them(self):
        visible = (
            self.env["customer.commitment"]
            .with_user(self.accountant)
            .search([("id", "in", (self.promise_a | self.promise_b).ids)])
        )
        self.assertEqual(visible, self.promise_a | self.promise_b)
        with self.assertRaises(AccessError):
            self.promise_a.with_user(self.accountant).write({"state": "fulfilled"})

    def test_personal_fields_need_the_personal_data_group(self):
        self.purchaser.write({"key_person_birthday": "1985-05-20", "key_person_hobbies": "Golf"})
        with self.assertRaises(AccessError):
            self.purchaser.with_user(self.salesman).read(["key_person_birthday"])
        with self.assertRaises(AccessError):
            self.purchaser.with_user(self.salesman).write({"key_person_hobbies": "Tea"})
        # The role is not private
        self.assertEqual(
            self.purchaser.with_user(self.salesman).read(["key_person_role"])[0]["key_person_role"],
            "purchaser",
        )
        data = self.purchaser.with_user(self.privacy_user).read(
            ["key_person_birthday", "key_person_hobbies"]
        )[0]
        self.assertEqual(data["key_person_hobbies"], "Golf")
        self.purchaser.with_user(self.privacy_user).write({"key_person_hobbies": "Tea"})
        self.assertEqual(self.purchaser.key_person_hobbies, "Tea")

    def test_personal_fields_hidden_from_form_without_group(self):
        arch = self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])
        form = arch["views"]["form"]["arch"]
        self.assertNotIn("key_person_birthday", form)
        self.assertIn("key_person_role", form)
        arch = self.env["res.partner"].with_user(self.privacy_user).get_views([(False, "form")])
        self.assertIn("key_person_birthday", arch["views"]["form"]["arch"])

    def test_multi_company_rule(self):
        other = self.env["res.company"].create({"name": "Other Trading Co"})
        foreign_customer = self.env["res.partner"].create(
            {"name": "Foreign", "is_company": True, "company_id": other.id}
        )
        foreign = (
            self.env["customer.interaction"]
            .with_company(other)
            .create(
                {
                    "name": "Foreign visit",
                    "partner_id": foreign_customer.id,
                    "company_id": other.id,
                    "user_id": self.manager.id,
                }
            )
        )
        self.manager.company_ids = [(4, other.id)]
        in_main = (
            self.env["customer.interaction"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id])
            .search([("id", "=", foreign.id)])
        )
        self.assertFalse(in_main)
        in_other = (
            self.env["customer.interaction"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[other.id])
            .search([("id", "=", foreign.id)])
        )
        self.assertEqual(in_other, foreign)

    def test_salesman_group_implies_customer_user(self):
        self.assertTrue(self.salesman.has_group("customer_mgmt.customer_mgmt_group_user"))
        self.assertFalse(self.salesman.has_group("customer_mgmt.customer_mgmt_group_manager"))
        self.assertTrue(self.manager.has_group("customer_mgmt.customer_mgmt_group_manager"))
