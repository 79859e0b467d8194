from datetime import timedelta

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TODAY, ScoringCase, days_ago, freeze_time

NEXT_MONTH = TODAY.replace(month=TODAY.month + 1, day=2)


@tagged("post_install", "-at_install")
class TestScoringClasses(ScoringCase):
    """Pareto classes on customers whose profits are known: 50, 30, 10, 6, 3, 1
    hundred (total 10,000), one at a loss and one too young to be judged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.by_profit = {}
        for profit in (5000, 3000, 1000, 600, 300, 100):
            partner = cls._customer(f"Customer {profit}")
            cls._profit(partner, profit)
            cls.by_profit[profit] = partner
        cls.loss = cls._customer("Loss Maker")
        cls._profit(cls.loss, -50)
        cls.young = cls._customer("New Shop")
        cls._profit(cls.young, 0, days=30)
        cls.scored = cls.loss | cls.young
        for partner in cls.by_profit.values():
            cls.scored |= partner
        cls.company = cls.env.company

    def _classes(self):
        return {name: partner.value_class for name, partner in self._named().items()}

    def _named(self):
        return {**self.by_profit, "loss": self.loss, "young": self.young}

    def test_pareto_split(self):
        self._score()
        self.assertEqual(
            self._classes(),
            {5000: "a", 3000: "a",  # together the first 80% of profit
             1000: "b", 600: "b", 300: "b",
             100: "c",  # the last 1% of profit
             "loss": "c", "young": "developing"},
        )  # fmt: skip
        top = self._latest(self.by_profit[5000])
        self.assertEqual((top.rank, top.customer_count), (1, 8))
        self.assertAlmostEqual(top.profit_share, 50, 2)
        self.assertAlmostEqual(self._latest(self.by_profit[3000]).cumulative_share, 80, 2)
        self.assertAlmostEqual(self._latest(self.by_profit[100]).cumulative_share, 100, 2)
        self.assertEqual(self._latest(self.loss).rank, 8)
        # partner search by class
        found = self.env["res.partner"].search([("value_class", "=", "a")])
        self.assertEqual(found, self.by_profit[5000] | self.by_profit[3000])
        self.assertIn(self.customer, self.env["res.partner"].search([("value_class", "=", False)]))

    def _credit_note(self, partner, lines, days=100):
        """A posted credit note ``days`` before TODAY with (product, amount) lines."""
        with freeze_time(days_ago(days)):
            refund = self.env["account.move"].create({
                "move_type": "out_refund", "partner_id": partner.id,
                "invoice_date": days_ago(days),
                "invoice_line_ids": [
                    Command.create({"product_id": product.id if product else False,
                                    "name": "Listing fee deducted" if not product else False,
                                    "quantity": 1, "price_unit": amount,
                                    "tax_ids": [Command.clear()]})
                    for product, amount in lines
                ],
            })  # fmt: skip
            refund.action_post()
        return refund

    def test_fees_and_deductions_cost_profit_returns_do_not(self):
        """3000 deducts a listing fee of 2,500 (a credit note without goods): its
        profit is 500 and it falls to class B; 1000's credit note for goods coming
        back leaves its profit alone."""
        self._credit_note(self.by_profit[3000], [(None, 2500.0)])
        self._credit_note(self.by_profit[1000], [(self.product, 900.0)])
        self._score()
        self.assertAlmostEqual(self._latest(self.by_profit[3000]).profit, 500.0, 2)
        self.assertAlmostEqual(self._latest(self.by_profit[1000]).profit, 1000.0, 2)
        self.assertEqual(self.by_profit[3000].value_class, "b")
        # a fee credited before the profit's look-back does not count
        self._credit_note(self.by_profit[600], [(None, 500.0)], days=400)
        self._score()
        self.assertAlmostEqual(self._latest(self.by_profit[600]).profit, 600.0, 2)

    def test_thresholds_are_configuration(self):
        self.company.write({"value_class_a_share": 50, "value_class_c_share": 0})
        self._score()
        self.assertEqual(self.by_profit[5000].value_class, "a")
        self.assertEqual(self.by_profit[3000].value_class, "b")
        self.assertEqual(self.by_profit[100].value_class, "b")
        self.assertEqual(self.loss.value_class, "c")
        with self.assertRefused(ValidationError, "share of profit"):
            self.company.write({"value_class_a_share": 90, "value_class_c_share": 20})

    def test_developing_customers_not_judged(self):
        self._score()
        self.assertEqual(self.young.value_class, "developing")
        self.company.value_developing_months = 0
        self._score()
        self.assertEqual(self.young.value_class, "c", "judged on its profit (0) once old enough")

    def test_history_once_per_period_and_class_change_logged(self):
        History = self.env["customer.score.history"]
        partner = self.by_profit[1000]
        self._score()
        self._score()
        snapshots = History.search([("partner_id", "=", partner.id)])
        self.assertEqual(len(snapshots), 1, "a rerun in the same period updates its snapshot")
        self.assertEqual(snapshots.value_class, "b")
        self.assertFalse(snapshots.previous_class, "the first classification is not a change")
        messages = partner.message_ids
        # next month it brings 9,000 more: class A
        self._profit(partner, 9000, days=5)
        with freeze_time(NEXT_MONTH):
            self.scored.action_compute_value_score()
        snapshots = History.search([("partner_id", "=", partner.id)], order="period")
        self.assertEqual(len(snapshots), 2)
        self.assertEqual(snapshots.mapped("value_class"), ["b", "a"])
        self.assertEqual(snapshots.mapped("is_latest"), [False, True])
        self.assertEqual(snapshots[1].previous_class, "b")
        self.assertFalse(snapshots[1].class_change_pending)
        new = partner.message_ids - messages
        self.assertEqual(len(new), 1)
        self.assertEqual(
            self.env["res.partner"]._process_value_changes(self.company), 0, "logged once"
        )
        self.assertIn("from B - Modest Profit to A - Top Profit", new.body)
        self.assertEqual(partner.value_previous_class, "b")
        self.assertGreater(partner.value_score_change, 0)
        # the trend on the partner form lists both periods
        self.assertEqual(len(partner.value_history_ids), 2)
        # a rerun logs nothing more
        with freeze_time(NEXT_MONTH):
            self.scored.action_compute_value_score()
        self.assertEqual(len(partner.message_ids - messages), 1)

    def test_customers_without_business_leave_the_ranking(self):
        self._score()
        # 100 days later the orders of 300 days ago are out of the 12 months' look-back
        with freeze_time(TODAY + timedelta(days=100)):
            self.scored.action_compute_value_score()
        gone = self.by_profit[5000]
        self.assertFalse(gone.value_class)
        self.assertEqual(len(gone.value_history_ids), 1, "its history stays")
        self.assertFalse(gone.value_history_ids.is_latest)
        self.assertEqual(self.young.value_class, "developing", "still scored")
        self.assertEqual(self._latest(self.young).customer_count, 1)

    def test_a_customer_no_longer_scored_leaves_the_period(self):
        History = self.env["customer.score.history"]
        self._score()
        gone = self.by_profit[300]
        gone.action_archive()
        self._score()
        latest = History.search([("is_latest", "=", True), ("partner_id", "in", self.scored.ids)])
        self.assertNotIn(gone, latest.partner_id, "its snapshot of the period is removed")
        self.assertEqual(sorted(latest.mapped("rank")), list(range(1, len(latest) + 1)))
        self.assertEqual(set(latest.mapped("customer_count")), {len(latest)})
        # the flag searches as a boolean, whatever the spelling
        self.assertEqual(History.search([("is_latest", "in", [True])]), History.search(
            [("is_latest", "=", 1)]
        ))  # fmt: skip
        self.assertEqual(
            History.search([("is_latest", "!=", True), ("partner_id", "in", self.scored.ids)]),
            History,
        )
        with self.assertRefused(UserError, "true or false"):
            History.search([("is_latest", "ilike", "yes")])

    def test_a_run_never_rewrites_an_earlier_period(self):
        """Months switched to quarters mid-quarter, or a user a day behind in another
        time zone: the run updates the current snapshots, never an earlier period."""
        History = self.env["customer.score.history"]
        june = TODAY.replace(day=1)
        self._score()
        self.assertEqual(self.company.value_latest_period, june)
        self.company.value_period = "quarter"  # the quarter started in April
        self._score()
        with freeze_time(june - timedelta(days=1)):
            self.by_profit[100].action_compute_value_score()
        periods = History.search([("partner_id", "in", self.scored.ids)]).mapped("period")
        self.assertEqual(set(periods), {june})
        self.assertEqual(len(periods), len(self.scored))
        # the next quarter opens a new period for every customer
        with freeze_time(NEXT_MONTH):
            self.by_profit[100].action_compute_value_score()
        self.assertEqual(self.company.value_latest_period, NEXT_MONTH.replace(day=1))
        self.assertEqual(self.by_profit[5000].value_class, "a", "scored in the new period too")

    def test_scores_are_per_company(self):
        self._score()
        other = self.env["res.company"].create({"name": "Northern Branch"})
        self.env.user.company_ids |= other
        top = self.by_profit[5000]
        with freeze_time(days_ago(50)):
            self.env["sale.order"].with_company(other).create({
                "partner_id": top.id, "company_id": other.id,
                "order_line": [Command.create({"product_id": self.product.id,
                                               "price_unit": 100_000})],
            }).action_confirm()  # fmt: skip
        with freeze_time(TODAY):
            (top | self.by_profit[3000]).with_company(other).action_compute_value_score()
        in_other = top.with_company(other)
        self.assertEqual(in_other.value_class, "developing", "a new customer of that company")
        self.assertEqual(in_other.value_customer_count, 1, "only that company's customers")
        self.assertFalse(self.by_profit[3000].with_company(other).value_class)
        self.assertEqual(top.value_class, "a", "unchanged in the first company")
        self.assertEqual(top.value_customer_count, 8)
        # a user of the first company only does not see the other company's snapshots
        History = self.env["customer.score.history"]
        self.assertEqual(
            History.with_user(self.salesman).search([("partner_id", "=", top.id)]).company_id,
            self.company,
        )

    def test_tier_applied_unless_locked(self):
        tiers = {
            xmlid: self.env.ref(f"customer_mgmt.customer_tier_{xmlid}")
            for xmlid in ("key", "important", "regular", "watch")
        }
        self._score()
        self.assertFalse(self.by_profit[5000].customer_tier_id, "off unless the company wants it")
        self.company.value_assign_tiers = True
        locked = self.by_profit[3000]
        with self.assertRefused(AccessError, "Only customer management managers"):
            locked.with_user(self.salesman).customer_tier_locked = True
        locked.with_user(self.scoring_manager).write(
            {"customer_tier_id": tiers["watch"].id, "customer_tier_locked": True}
        )
        self._score()
        top = self.by_profit[5000]
        expected = tiers["key"] if top.value_score >= 60 else tiers["important"]
        self.assertEqual(top.customer_tier_id, expected)
        self.assertEqual(self.by_profit[1000].customer_tier_id, tiers["regular"])
        self.assertEqual(self.loss.customer_tier_id, tiers["watch"])
        self.assertEqual(self.loss.property_payment_term_id, tiers["watch"].payment_term_id)
        self.assertFalse(self.young.customer_tier_id, "no rule for developing customers")
        self.assertEqual(locked.customer_tier_id, tiers["watch"], "locked by a manager")
        self.assertEqual(self._latest(self.loss).tier_id, tiers["watch"])

    def test_company_tier_only_for_that_companys_customers(self):
        """A company's own tier can only be held by that company's customers: a
        rule for every company cannot point to it, and a shared customer falls
        through to the next rule instead of failing the run."""
        Rule = self.env["customer.score.tier.rule"]
        own_tier = self.env["customer.tier"].create(
            {"name": "Platinum (this company)", "company_id": self.company.id}
        )
        with self.assertRefused(UserError, "compan"):
            Rule.create({"value_class": "a", "tier_id": own_tier.id})
        Rule.create({
            "value_class": "a", "tier_id": own_tier.id, "company_id": self.company.id,
            "sequence": 1,
        })  # fmt: skip
        own, shared = self.by_profit[5000], self.by_profit[3000]
        own.company_id = self.company
        self.company.value_assign_tiers = True
        self._score()
        self.assertEqual(own.customer_tier_id, own_tier)
        shared_tiers = self.env.ref("customer_mgmt.customer_tier_key") | self.env.ref(
            "customer_mgmt.customer_tier_important"
        )
        self.assertIn(shared.customer_tier_id, shared_tiers, "the next rule, a shared tier")

    def test_simulation_previews_from_its_form_unchanged(self):
        """The form sends what the browser sends (readonly fields only when forced):
        opened and previewed unchanged, it lists no change."""
        self._score()
        form = Form(self.env["customer.score.simulation"].with_user(self.scoring_manager))
        self.assertEqual(form.weight_total, 100)
        wizard = form.save()
        self.assertEqual(
            len(wizard.line_ids), self.Indicator.with_context(active_test=False).search_count([])
        )
        with freeze_time(TODAY):
            wizard.action_preview()
        self.assertEqual((wizard.customer_count, wizard.change_count), (8, 0))

    def test_simulation_changes_nothing_until_applied(self):
        self._score()
        before = self._classes()
        weights = self.Indicator.search([]).mapped("weight")
        wizard = self.env["customer.score.simulation"].with_user(self.scoring_manager).create({})
        self.assertEqual(wizard.weight_total, 100)
        wizard.a_share = 50
        margin = wizard.line_ids.filtered(lambda line: line.indicator_id.code == "margin")
        punctuality = wizard.line_ids.filtered(lambda line: line.indicator_id.code == "punctuality")
        margin.weight += 5
        with self.assertRefused(UserError, "must sum to 100, not 105"):
            wizard.action_preview()
        punctuality.weight -= 5
        with freeze_time(TODAY):
            wizard.action_preview()
        self.assertEqual(wizard.customer_count, 8)
        self.assertEqual(wizard.change_count, 1)
        self.assertEqual(wizard.change_ids.partner_id, self.by_profit[3000])
        self.assertEqual((wizard.change_ids.current_class, wizard.change_ids.new_class), ("a", "b"))
        self.assertIn("A - Top Profit → B - Modest Profit: 1", wizard.change_summary)
        # nothing changed
        self.assertEqual(self._classes(), before)
        self.assertEqual(self.Indicator.search([]).mapped("weight"), weights)
        self.assertEqual(self.company.value_class_a_share, 80)
        with freeze_time(TODAY):
            wizard.action_apply()
        self.assertEqual(self.company.value_class_a_share, 50)
        self.assertEqual(self.Indicator.search([("code", "=", "margin")]).weight, 25)
        self.assertEqual(self.by_profit[3000].value_class, "b")

    def test_weights_must_sum_to_100(self):
        margin = self.Indicator.search([("code", "=", "margin")])
        with self.assertRefused(ValidationError, "must sum to 100, not 110"):
            margin.with_user(self.scoring_manager).weight = 30
        self.assertEqual(margin.weight, 20, "nothing saved")
        with self.assertRefused(ValidationError, "must sum to 100, not 80"):
            margin.with_user(self.scoring_manager).action_archive()
        with self.assertRefused(AccessError, "not allowed"):
            margin.with_user(self.salesman).weight = 20
        # no context key of an RPC call skips the check
        for key in ("score_defer_weight_check", "install_filename"):
            with self.assertRefused(ValidationError, "must sum to 100"):
                margin.with_user(self.scoring_manager).with_context(**{key: True}).weight = 30
        # a change of several weights at once (one write) is accepted
        claims = self.Indicator.search([("code", "=", "claims")])
        (margin | claims).with_user(self.scoring_manager).write({"weight": 12.5})
        self.Indicator._check_weights_sum()
        with self.assertRefused(ValidationError, "between 1 and 120 months"):
            margin.with_user(self.scoring_manager).lookback_months = 100_000

    def test_cron_batches_give_the_same_result_as_one_pass(self):
        self.company.value_assign_tiers = True
        self._score()
        one_pass = {
            p.id: (p.value_class, round(p.value_score, 6), p.customer_tier_id.id)
            for p in self.scored
        }
        # Start again from nothing and let the scheduled action work in batches of 2
        self.env["customer.score.history"].search([]).unlink()
        self.scored.customer_tier_id = False
        self.company.value_scored_on = False
        calls = 0
        with freeze_time(TODAY):
            while self.env["res.partner"]._cron_compute_value_scores(batch_size=2):
                calls += 1
        self.assertGreater(calls, 3, "tiers were applied over several batches")
        self.env.invalidate_all()
        batched = {
            p.id: (p.value_class, round(p.value_score, 6), p.customer_tier_id.id)
            for p in self.scored
        }
        self.assertEqual(batched, one_pass)
        # a rerun the same day has nothing left to do
        with freeze_time(TODAY):
            self.assertEqual(self.env["res.partner"]._cron_compute_value_scores(), 0)

    def test_history_grouped_by_period_sums_only_what_adds_up(self):
        """Grouped by period, a row shows profit, not a sum of ranks or of shares
        (which gave 600% over six periods, and left no room for the label)."""
        self._score()
        groups = self.env["customer.score.history"].read_group(
            [("partner_id", "in", self.scored.ids)],
            ["rank", "profit_share", "profit"],
            ["period:month"],
        )
        self.assertEqual(len(groups), 1)
        self.assertNotIn("rank", groups[0])
        self.assertNotIn("profit_share", groups[0])
        self.assertEqual(groups[0]["profit"], sum((5000, 3000, 1000, 600, 300, 100, -50, 0)))

    def test_history_shows_no_grand_total_across_periods(self):
        """Each period's profit is that of its own look-back: Value History (all
        periods) has no footer total, the ranking of one period keeps it."""

        def footer_totals(xmlid):
            action = self.env.ref(xmlid)
            view = action.view_ids.filtered(lambda v: v.view_mode == "list").view_id
            arch = self.env["customer.score.history"].get_views([(view.id, "list")])
            root = etree.fromstring(arch["views"]["list"]["arch"])
            return {field.get("name") for field in root.iter("field") if field.get("sum")}

        self.assertFalse(footer_totals("customer_mgmt_scoring.customer_score_history_action"))
        self.assertEqual(
            footer_totals("customer_mgmt_scoring.customer_score_history_action_pareto"),
            {"revenue", "profit"},
        )

    def test_value_analysis_xlsx(self):
        self._score()
        book = self._xlsx("customer_mgmt_scoring.customer_value_analysis_xlsx", user=self.salesman)
        self.assertEqual(book.sheetnames, ["Pareto", "Classes", "Indicators"])
        pareto = list(book["Pareto"].values)
        self.assertEqual(pareto[0][:2], ("Rank", "Customer"))
        self.assertEqual(len(pareto), 9)  # header + 8 customers
        self.assertEqual([row[1] for row in pareto[1:3]], ["Customer 5000", "Customer 3000"])
        self.assertEqual(pareto[2][10], 80)  # cumulative share
        classes = {row[0]: row[1] for row in list(book["Classes"].values)[1:]}
        revenue = book["Classes"]["D2"]
        self.assertEqual((revenue.number_format, revenue.value), ("#,##0.00", 8140))  # class A
        self.assertEqual(
            classes,
            {"A - Top Profit": 2, "B - Modest Profit": 3, "C - Low or Negative Profit": 2,
             "Developing": 1},
        )  # fmt: skip
        indicators = list(book["Indicators"].values)
        self.assertIn("Order Profit Margin", indicators[0])
        self.assertEqual(len(indicators), 9)

    def test_salespeople_read_scores_managers_rate(self):
        self._score()
        partner = self.by_profit[5000].with_user(self.salesman)
        with self.assertRefused(AccessError, "Only customer management managers"):
            partner.action_compute_value_score()
        self.assertEqual(partner.value_class, "a")
        self.assertTrue(partner.value_score_line_ids)
        # the Value page of the form opens for a salesperson
        partner.get_views([(False, "form")])
        [values] = partner.web_read({
            "value_score": {}, "value_class": {}, "value_missing_ratings": {},
            "value_score_line_ids": {"fields": {"indicator_id": {}, "value_display": {},
                                                "contribution": {}}},
            "value_history_ids": {"fields": {"period": {}, "value_class": {}}},
            "value_rating_ids": {"fields": {"rating": {}, "rated_by_id": {}}},
        })  # fmt: skip
        self.assertEqual(len(values["value_history_ids"]), 1)
        self.assertIn("% margin", values["value_score_line_ids"][0]["value_display"])
        influence = self.Indicator.search([("code", "=", "industry_influence")])
        Rating = self.env["customer.score.rating"]
        with self.assertRefused(AccessError, "not allowed"):
            Rating.with_user(self.salesman).create(
                {"partner_id": partner.id, "indicator_id": influence.id, "rating": "4"}
            )
        with freeze_time(days_ago(3)):
            rating = Rating.with_user(self.scoring_manager).create(
                {"partner_id": partner.id, "indicator_id": influence.id, "rating": "4"}
            )
        self.assertEqual((rating.rated_by_id, rating.rated_on), (self.scoring_manager, days_ago(3)))
        margin = self.Indicator.search([("code", "=", "margin")])
        with self.assertRefused(ValidationError, "cannot be rated by hand"):
            Rating.create({"partner_id": partner.id, "indicator_id": margin.id, "rating": "4"})
