"""Findings of trying the addons as a company already on Odoo would (issue "Safe
on a live database"), each as the real user with the cache emptied first."""

from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CustomerMgmtCase

START = date(2026, 1, 1)


@tagged("post_install", "-at_install")
class TestLiveDatabase(CustomerMgmtCase):
    def as_user(self, record, user):
        self.env.invalidate_all()
        return record.with_user(user)

    def test_anyone_duplicates_a_contact_and_private_data_stays_behind(self):
        self.purchaser.sudo().write({"key_person_birthday": date(1980, 5, 17)})
        for user in (self.salesman, self.env.ref("base.user_admin")):
            copy = self.as_user(self.purchaser, user).copy()
            self.assertEqual(copy.parent_id, self.customer)
            self.assertFalse(copy.sudo().key_person_birthday)

    def _churn(self):
        return self.env["customer.churn"].create({
            "partner_id": self.customer.id, "company_id": self.company.id,
            "state": "at_risk", "user_id": self.salesman.id,
        })  # fmt: skip

    def test_salesperson_cannot_rewrite_a_churn_record(self):
        churn = self._churn()
        for vals in ({"state": "lost"}, {"state": "closed"}, {"value_lost": 1}):
            with self.assertRaises(AccessError, msg=vals):
                self.as_user(churn, self.salesman).write(vals)
        with self.assertRaises(AccessError):
            self.as_user(self.env["customer.churn"], self.salesman).create({
                "partner_id": self.customer_b.id, "company_id": self.company.id,
                "state": "lost", "value_lost": 99,
            })  # fmt: skip
        # The buttons still work, and the category (the salesperson's judgement).
        self.as_user(churn, self.salesman).write({"category": "dissatisfied"})
        self.as_user(churn, self.salesman).action_close()
        self.assertEqual(churn.state, "closed")

    def test_churn_detection_skips_archived_customers(self):
        archived = self.env["res.partner"].create({
            "name": "Gone Shop", "is_company": True, "user_id": self.salesman.id,
            "customer_stage": "active",
        })  # fmt: skip
        for offset in (0, 30, 60, 90):
            order = self._order(archived)
            order.action_confirm()
            order.date_order = START + timedelta(days=offset)
        archived.active = False
        self.env["customer.churn"]._run_detection(today=START + timedelta(days=200))
        churns = (
            self.env["customer.churn"]
            .with_context(active_test=False)
            .search([("partner_id", "=", archived.id)])
        )
        self.assertFalse(churns)
        self.assertFalse(archived.activity_ids)

    def test_dates_and_cycles_out_of_range_are_refused(self):
        customer = self.as_user(self.customer, self.salesman)
        future = date.today() + timedelta(days=30)
        for vals, message in (
            ({"dossier_reviewed_on": date(9999, 12, 31)}, "future date"),
            ({"dossier_review_cycle": 10**9}, "between 0 and 1830 days"),
            ({"cooperation_start": future}, "cannot start in the future"),
        ):
            with self.assertRefused(ValidationError, message):
                customer.write(vals)
        self.assertFalse(self.customer.dossier_reviewed_on)

    def test_interactions_and_commitments_need_a_subject(self):
        with self.assertRefused(ValidationError, "cannot be blank"):
            self.env["customer.interaction"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "name": "   "}
            )
        with self.assertRefused(ValidationError, "cannot be blank"):
            self.env["customer.commitment"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "name": " ", "promised_by_id": self.salesman.id}
            )

    def test_only_managers_change_a_customers_tier(self):
        self.customer.with_user(self.manager).customer_tier_id = self.tier
        generous = self.env["customer.tier"].create({"name": "Generous", "max_discount": 50})
        for tier in (False, generous.id):
            with self.assertRaises(AccessError):
                self.as_user(self.customer, self.salesman).write({"customer_tier_id": tier})
        self.assertEqual(self.customer.customer_tier_id, self.tier)
        with self.assertRaises(AccessError):
            self.as_user(self.env["res.partner"], self.salesman).create(
                {"name": "New Key Account", "customer_tier_id": self.tier.id}
            )
        # The cap still holds: a 90% discount is refused.
        order = self._order(self.customer, discount=90, user_id=self.salesman.id)
        with self.assertRaises(UserError):
            self.as_user(order, self.salesman).action_confirm()
        # Writing the same tier (a form saved unchanged) is harmless.
        self.as_user(self.customer, self.salesman).write({"customer_tier_id": self.tier.id})

    def test_a_tier_or_channel_in_use_is_not_deleted(self):
        self.customer.customer_tier_id = self.tier
        with self.assertRefused(UserError, "still has customers"):
            self.tier.unlink()
        channel = self.env["customer.source.channel"].create({"name": "Trade Fair 2026"})
        self.customer.source_channel_id = channel
        with self.assertRefused(UserError, "archive it instead"):
            channel.unlink()
        # Odoo's uninstall deletes both: the database no longer refuses it.
        fks = dict(
            self.env.execute_query(
                SQL(
                    """SELECT kcu.column_name, rc.delete_rule
                         FROM information_schema.referential_constraints rc
                         JOIN information_schema.key_column_usage kcu
                              ON kcu.constraint_name = rc.constraint_name
                        WHERE kcu.table_name = 'res_partner'
                          AND kcu.column_name IN ('customer_tier_id', 'source_channel_id')"""
                )
            )
        )
        self.assertEqual(fks, {"customer_tier_id": "SET NULL", "source_channel_id": "SET NULL"})
