"""Generate the demo: a food and beverage distributor like seed 000's.

About N customers (distributors, wholesalers, retailers, KA chains) with dossiers and
key persons, a dozen brands and about 120 products, months of quotations, confirmed
orders, deliveries, invoices and payments with realistic lateness, customers who
stopped ordering and prospects. Everything goes through Odoo's own flows (order
confirmation, delivery validation, invoicing, payment registration), week by week
under a frozen clock, so dates are historic and the records are what Odoo makes;
the trading history in two processes (demo_history.py). With l10n_cn installed the
company gets China's chart of accounts and VAT before anything is booked.

    venv/bin/python setup/demo_data.py -c CONF -d DB [--customers 500] [--months 24]
"""

import argparse
import logging
import random
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

import demo_history

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError

_logger = logging.getLogger("demo_data")
MARKER = "customer_mgmt.demo_generated"

# A Chinese distributor's range, named in Chinese like its customers.
BRANDS = [
    ("金穗", "方便面", ["红烧牛肉", "香辣牛肉", "海鲜", "老坛酸菜"]),
    ("玉河", "大米", ["香米5kg", "东北大米10kg", "糯米2kg"]),
    ("红灯笼", "酱料", ["生抽", "老抽", "蚝油", "辣椒油"]),
    ("山泉", "饮料", ["饮用水550ml", "绿茶500ml", "凉茶310ml"]),
    ("开心熊猫", "休闲零食", ["海苔", "辣条", "瓜子"]),
    ("荷花", "饼干", ["苏打饼干", "蛋卷", "夹心饼干"]),
    ("银鹤", "茶叶", ["龙井250g", "普洱茶饼", "茉莉花茶100g"]),
    ("东风", "罐头", ["午餐肉", "鲭鱼", "黄桃"]),
    ("阳光牧场", "乳品", ["纯牛奶250ml", "乳饮料", "奶粉"]),
    ("龙井", "调味品", ["鸡精", "味精500g", "五香粉"]),
    ("海港鲜", "速冻食品", ["水饺1kg", "汤圆", "包子"]),
    ("桃花", "糖果", ["奶糖", "果冻", "芝麻酥"]),
]
INVOICES = "FROM account_move m WHERE m.move_type = 'out_invoice' AND m.state = 'posted'"
SUMMARY = [
    ("customers", "SELECT count(*) FROM res_partner WHERE customer_nature IS NOT NULL"),
    ("confirmed orders", "SELECT count(*) FROM sale_order WHERE state = 'sale'"),
    ("deliveries done", "SELECT count(*) FROM stock_picking WHERE state = 'done'"),
    ("posted invoices", f"SELECT count(*) {INVOICES}"),
    (
        "invoice lines",
        "SELECT count(*) FROM account_move_line l JOIN account_move m ON m.id = l.move_id "
        "WHERE m.move_type = 'out_invoice' AND l.display_type = 'product'",
    ),
    ("paid invoices", f"SELECT count(*) {INVOICES} AND m.payment_state IN ('paid', 'in_payment')"),
    (
        "open overdue invoices",
        f"SELECT count(*) {INVOICES} AND m.payment_state NOT IN ('paid', 'in_payment') "
        "AND m.invoice_date_due < CURRENT_DATE",
    ),
]
PACKS = [("", 1), (" 整箱x12", 12), (" 整箱x24", 24), (" 盒装x6", 6)]

SYLLABLES = list("鑫盛宏达佳和永兴福源万家利民百汇金鼎瑞丰恒通惠新发顺昌同德益康隆泰华")
CITIES = [
    ("state_cn_ZJ", ["杭州", "宁波", "温州", "绍兴", "金华"]),
    ("state_cn_JS", ["南京", "苏州", "无锡", "常州"]),
    ("state_cn_SH", ["上海"]),
    ("state_cn_AH", ["合肥", "芜湖"]),
    ("state_cn_FJ", ["福州", "厦门"]),
    ("state_cn_GD", ["广州", "深圳", "东莞"]),
]
SUFFIX = {
    "distributor": "食品经销有限公司",
    "wholesaler": "食品批发部",
    "retailer": ["便利店", "副食店", "生鲜超市", "食杂店"],
    "key_account": "连锁超市有限公司",
    "other": "餐饮管理有限公司",
}
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明"]
HOBBIES = ["高尔夫", "品茶", "钓鱼", "书法", "羽毛球", "麻将", "登山"]
PERSONALITY = ["直爽, 决策快", "谨慎, 看重数据", "热情, 看重关系"]

# nature: (share, cycle days range, lines range, quantity scale)
PROFILES = {
    "distributor": (0.15, (18, 35), (3, 8), 60),
    "key_account": (0.10, (21, 40), (4, 10), 35),
    "wholesaler": (0.15, (30, 60), (2, 6), 20),
    "retailer": (0.55, (60, 130), (1, 4), 6),
    "other": (0.05, (60, 150), (1, 3), 4),
}
# payment behaviour: (share, days paid after the due date, share left unpaid)
PAYERS = {
    "prompt": (0.55, (-5, 5), 0.0),
    "slow": (0.25, (10, 40), 0.02),
    "bad": (0.12, (40, 120), 0.25),
    "prepaid": (0.08, (-30, -25), 0.0),
}


def pick(rng, table):
    roll, acc = rng.random(), 0.0
    for key, spec in table.items():
        acc += spec[0]
        if roll < acc:
            return key
    return key


class DemoGenerator:
    def __init__(self, env, customers, months, seed, config):
        self.env = env(context=dict(env.context, **demo_history.QUIET))
        self.config = config
        self.rng = random.Random(seed)
        self.n_customers = customers
        self.today = date.today()
        self.start = self.today - timedelta(days=round(months * 30.4))
        self.started = time.perf_counter()

    def log(self, message):
        print(f"[demo {time.perf_counter() - self.started:6.0f} s] {message}", flush=True)

    # ---------------------------------------------------------------- master data

    def setup_company(self):
        company = self.env.company
        cny = self.env.ref("base.CNY")
        cny.active = True
        vals = {"name": "金穗食品贸易有限公司 Golden Ear Foods Trading",
                "country_id": self.env.ref("base.cn").id,
                "state_id": self.env.ref("base.state_cn_ZJ").id, "city": "杭州",
                "email": "finance@goldenear.example.cn"}  # fmt: skip
        fresh = not self.env["account.move.line"].search_count([], limit=1)
        if fresh:
            vals["currency_id"] = cny.id
        company.write(vals)
        # A Chinese company's accounts, journals and taxes (VAT 13% in the price),
        # in place of the generic chart made at install, before any entry.
        chart = self.env["account.chart.template"]
        if fresh and "cn" in chart._get_chart_template_mapping() and company.chart_template != "cn":
            chart.try_loading("cn", company)
            self.log("chart of accounts: China (l10n_cn)")
        # One currency: the pricelists made at install took the company's first one.
        self.env["product.pricelist"].with_context(active_test=False).search(
            [("company_id", "in", (company.id, False))]
        ).write({"currency_id": company.currency_id.id})
        # Chinese is loaded with the addons (run.sh: --load-language): the staff of
        # this Chinese company work in it; admin (the evaluator) stays in English.
        self.env["res.lang"]._activate_lang("zh_CN")
        terms = {
            "customer_mgmt.customer_tier_key": "account.account_payment_term_45days",
            "customer_mgmt.customer_tier_important": "account.account_payment_term_30days",
            "customer_mgmt.customer_tier_regular": "account.account_payment_term_15days",
            "customer_mgmt.customer_tier_watch": "account.account_payment_term_immediate",
        }
        for tier, term in terms.items():
            self.env.ref(tier).payment_term_id = self.env.ref(term)
        self.tiers = [self.env.ref(t) for t in terms]

    def setup_users(self):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        sales_groups = [
            self.env.ref("sales_team.group_sale_salesman").id,
            self.env.ref("base.group_partner_manager").id,
        ]
        names = ["王强", "李娜", "张伟", "刘芳", "陈磊", "杨洋"]
        self.salespeople = Users.create([
            {"name": name, "login": f"sales{i}", "password": f"sales{i}", "lang": "zh_CN",
             "email": f"sales{i}@goldenear.example.cn",
             "groups_id": [Command.set([self.env.ref("base.group_user").id, *sales_groups])]}
            for i, name in enumerate(names, start=1)
        ])  # fmt: skip
        accountant_groups = [
            self.env.ref("base.group_user").id,
            self.env.ref("account.group_account_invoice").id,
        ]
        controller = self.env.ref("customer_mgmt_credit.customer_credit_group_controller", False)
        if controller:  # credit addon installed: the accountant runs the credit desk
            accountant_groups.append(controller.id)
        self.accountant = Users.create({
            "name": "会计 赵敏", "login": "account1", "password": "account1", "lang": "zh_CN",
            "email": "account1@goldenear.example.cn",
            "groups_id": [Command.set(accountant_groups)],
        })  # fmt: skip
        admin = self.env.ref("base.user_admin")
        # The evaluator reads English (installed with Chinese only, Odoo switched
        # English off); the company's staff work in Chinese.
        self.env["res.lang"]._activate_lang("en_US")
        admin.lang = "en_US"
        privacy = self.env.ref("customer_mgmt.customer_mgmt_group_personal_data")
        privacy.users = [Command.link(admin.id)]

    def setup_products(self):
        root = self.env["product.category"].create({"name": "食品"})
        # prices to customers include the sales tax where the company's do (China)
        company = self.env.company
        tax = company.account_sale_tax_id
        vat = 1 + tax.amount / 100 if tax.price_include and tax.amount_type == "percent" else 1
        vals_list = []
        for brand, family, items in BRANDS:
            categ = self.env["product.category"].create({"name": brand, "parent_id": root.id})
            for item in items:
                for pack, units in PACKS[: 10 // len(items) + 1]:
                    cost = round(self.rng.uniform(3, 40) * units, 2)
                    margin = self.rng.uniform(1.08, 1.35) * vat
                    vals_list.append({
                        "name": f"{brand} {family} {item}{pack}",
                        "categ_id": categ.id,
                        "type": "consu",
                        "is_storable": True,
                        "invoice_policy": "order",
                        "standard_price": cost,
                        "list_price": round(cost * margin, 2),
                        "default_code": f"{brand[:2].upper()}{len(vals_list) + 1:04d}",
                    })  # fmt: skip
        self.products = self.env["product.product"].create(vals_list)
        stock = self.env.ref("stock.warehouse0").lot_stock_id
        for product in self.products:
            self.env["stock.quant"]._update_available_quantity(product, stock, 10_000_000)
        self.log(f"{len(self.products)} products in {len(BRANDS)} brands, stocked")

    # ------------------------------------------------------------------ customers

    def _name(self, nature, city):
        trade = "".join(self.rng.sample(SYLLABLES, 2))
        suffix = SUFFIX[nature]
        if isinstance(suffix, list):
            suffix = self.rng.choice(suffix)
        return f"{city}{trade}{suffix}"

    def _person(self):
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.randint(1, 2)))

    def setup_customers(self):
        rng = self.rng
        channels = self.env["customer.source.channel"].search([])
        vals_list, self.plans = [], []
        for _i in range(self.n_customers):
            nature = pick(rng, PROFILES)
            state_xmlid, cities = rng.choice(CITIES)
            city = rng.choice(cities)
            big = nature in ("distributor", "key_account")
            full = rng.random() < 0.7
            tier = self.tiers[0 if big and rng.random() < 0.5 else 1 if big else
                              2 if rng.random() < 0.85 else 3]  # fmt: skip
            vals = {
                "name": self._name(nature, city),
                "is_company": True,
                "city": city,
                "state_id": self.env.ref(f"base.{state_xmlid}").id,
                "country_id": self.env.ref("base.cn").id,
                "phone": f"+86 {rng.randint(130, 189)} {rng.randint(1000, 9999)} "
                f"{rng.randint(1000, 9999)}",
                "user_id": rng.choice(self.salespeople).id,
                "customer_nature": nature,
                "customer_tier_id": tier.id,
                "source_channel_id": rng.choice(channels).id,
                "development_potential": rng.choice(["high", "medium", "medium", "low"]),
                "responsible_person": self._person(),
            }
            if full:
                vals.update({
                    "street": f"{rng.choice(['中山路', '解放路', '人民路', '建设路'])}"
                              f"{rng.randint(1, 899)}号",
                    "employee_count": rng.randint(50, 800) if big else rng.randint(2, 40),
                    "annual_revenue": rng.randint(20, 400) * 1_000_000 if big
                    else rng.randint(3, 60) * 100_000,
                    "revenue_growth": round(rng.uniform(-15, 30), 1),
                    "business_scope": "食品、饮料、日用品批发零售" if big else "预包装食品零售",
                    "main_products": ", ".join(rng.sample([b[1] for b in BRANDS], 3)),
                    "vat": f"9133{rng.randint(10**13, 10**14 - 1)}",
                    "dossier_reviewed_on": self.today - timedelta(days=rng.randint(0, 300)),
                })  # fmt: skip
            vals_list.append(vals)
            self.plans.append(self._order_plan(nature))
        self.customers = self.env["res.partner"].create(vals_list)
        contacts = []
        roles = ["decision_maker", "purchaser", "finance", "user"]
        for customer in self.customers:
            for role in rng.sample(roles, rng.randint(1, 3)):
                contacts.append({
                    "name": self._person(), "parent_id": customer.id, "type": "contact",
                    "key_person_role": role,
                    "function": {"decision_maker": "总经理", "purchaser": "采购经理",
                                 "finance": "财务主管", "user": "店长"}[role],
                    "key_person_birthday": date(rng.randint(1965, 1995), rng.randint(1, 12),
                                                rng.randint(1, 28)),
                    "key_person_gender": rng.choice(["female", "male"]),
                    "key_person_hobbies": rng.choice(HOBBIES),
                    "key_person_personality": rng.choice(PERSONALITY),
                    "key_person_since": self.start - timedelta(days=rng.randint(0, 2000)),
                })  # fmt: skip
        self.env["res.partner"].create(contacts)
        self.log(f"{len(self.customers)} customers, {len(contacts)} key persons")

    def _order_plan(self, nature):
        """Order days of one customer: its own cycle, some start late, some stop."""
        rng = self.rng
        _share, cycle_range, lines, qty = PROFILES[nature]
        if rng.random() < 0.08:
            return {"days": [], "prospect": True}
        cycle = rng.randint(*cycle_range)
        first = self.start + timedelta(days=rng.randint(0, cycle))
        if rng.random() < 0.12:  # a new customer
            first = self.today - timedelta(days=rng.randint(20, 150))
        last = self.today
        if rng.random() < 0.10:  # a customer who stopped ordering
            last = self.today - timedelta(days=rng.randint(4 * cycle, 4 * cycle + 180))
        days, day = [], first
        while day <= last:
            days.append(day)
            day += timedelta(days=max(3, round(cycle * rng.uniform(0.7, 1.3))))
        preferred = rng.sample(list(self.products), min(len(self.products), rng.randint(8, 20)))
        return {"days": days, "lines": lines, "qty": qty, "products": preferred,
                "payer": pick(rng, PAYERS), "prospect": False}  # fmt: skip

    # --------------------------------------------------------------------- flows

    def _order_vals(self, customer, plan):
        rng = self.rng
        tier = customer.customer_tier_id
        cap = tier.max_discount if tier.limit_discount else 10
        return {
            "partner_id": customer.id,
            "user_id": customer.user_id.id,
            "order_line": [
                Command.create({
                    "product_id": product.id,
                    "product_uom_qty": max(1, round(plan["qty"] * rng.uniform(0.3, 2.0))),
                    "discount": rng.choice([0, 0, 0, min(cap, 2), min(cap, 5)]),
                })
                for product in rng.sample(
                    plan["products"], min(len(plan["products"]), rng.randint(*plan["lines"]))
                )
            ],
        }  # fmt: skip

    def _history_weeks(self):
        """Each week's quotations (on the Wednesday), with what becomes of each: most
        confirmed, a few cancelled, some left as quotations."""
        rng = self.rng
        by_week = defaultdict(list)
        for customer, plan in zip(self.customers, self.plans, strict=True):
            for day in plan["days"]:
                by_week[day - timedelta(days=day.weekday())].append((customer, plan))
        weeks = []
        for week in sorted(by_week):
            items = by_week[week]
            moment = datetime.combine(min(week + timedelta(days=2), self.today),
                                      datetime.min.time()) + timedelta(hours=10)  # fmt: skip
            orders = [self._order_vals(customer, plan) for customer, plan in items]
            rolls = [rng.random() for _ in items]
            weeks.append({
                "moment": moment,
                "orders": orders,
                "fates": ["cancel" if r < 0.03 else "quotation" if r < 0.10 else "confirm"
                          for r in rolls],
                "recent": (self.today - week).days < 7,
            })  # fmt: skip
        return weeks

    def run_history(self):
        """Orders, deliveries, invoices and payments of the whole period, in two
        processes (setup/demo_history.py)."""
        bank = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )
        payers = {
            customer.id: PAYERS[plan["payer"]][1:]
            for customer, plan in zip(self.customers, self.plans, strict=True)
            if not plan["prospect"]
        }
        weeks = self._history_weeks()
        # Deliveries reserve when their quantities are set, not at confirmation:
        # the same moves and lines, made in one step instead of two.
        delivery = self.env.ref("stock.picking_type_out")
        reservation = delivery.reservation_method
        delivery.reservation_method = "manual"
        self.env.cr.commit()
        figures = demo_history.run(
            self.config, self.env.cr.dbname, weeks, payers, bank.id, self.today,
            self.rng.randint(0, 2**31), self.log,
        )  # fmt: skip
        self.env.invalidate_all()
        delivery.reservation_method = reservation
        # this week's orders wait for their delivery, reserved as Odoo would have
        self.env["stock.picking"].search(
            [("picking_type_id", "=", delivery.id), ("state", "=", "confirmed")]
        ).action_assign()
        self.log(f"{figures['orders']} orders over {figures['weeks']} weeks, "
                 f"{figures['invoices']} invoices, {figures['paid']} paid "
                 f"in {figures['payment runs']} weekly payment runs")  # fmt: skip

    # ---------------------------------------------------------- customer mgmt

    def run_customer_management(self):
        rng = self.rng
        interactions, commitments = [], []
        kinds = ["visit", "visit", "call", "call", "email", "meeting", "complaint", "feedback"]
        topics = {
            "visit": "例行拜访, 检查货架陈列",
            "call": "电话沟通下一批订货",
            "email": "发送新价格表",
            "meeting": "季度业务回顾",
            "complaint": "投诉送货延迟",
            "feedback": "希望提供小包装",
        }
        for customer, plan in zip(self.customers, self.plans, strict=True):
            if plan["prospect"]:
                customer.write({
                    "customer_stage": rng.choice(["prospect", "qualified"]),
                    "man_money": rng.random() < 0.6, "man_authority": rng.random() < 0.5,
                    "man_need": rng.random() < 0.7,
                })  # fmt: skip
                continue
            for _i in range(rng.randint(1, 6)):
                kind = rng.choice(kinds)
                when = self.today - timedelta(days=rng.randint(1, 360))
                interactions.append({
                    "name": topics[kind], "interaction_type": kind, "partner_id": customer.id,
                    "user_id": customer.user_id.id,
                    "date": datetime.combine(when, datetime.min.time()) + timedelta(hours=10),
                    "summary": f"<p>{topics[kind]}.</p>",
                })  # fmt: skip
            if rng.random() < 0.3:
                when = self.today - timedelta(days=rng.randint(1, 200))
                commitments.append({
                    "name": rng.choice(["年终返利2%", "免费陈列架",
                                        "春季促销额外3%",
                                        "48小时内送达"]),
                    "commitment_type": rng.choice(["rebate", "promo_goods", "discount",
                                                   "delivery_date"]),
                    "partner_id": customer.id, "amount": rng.randint(2, 50) * 100,
                    "promised_by_id": customer.user_id.id, "user_id": customer.user_id.id,
                    "date": when, "due_date": when + timedelta(days=rng.randint(10, 120)),
                    "state": rng.choice(["open", "open", "fulfilled", "disputed"]),
                })  # fmt: skip
        self.env["customer.interaction"].create(interactions)
        self.env["customer.commitment"].create(commitments)
        self.run_churn_detection()
        if "customer.credit.grade" in self.env:  # credit addon installed: grade everyone
            self.credit_go_live()
            alerts = self.env["customer.credit.alert"]._cron_credit_alerts(batch_size=100_000)
            self.log(f"credit alerts run: {alerts} alerts")
            self.run_collections()
        self.env.cr.commit()
        self.log(f"{len(interactions)} interactions, {len(commitments)} commitments, "
                 "churn detection run")  # fmt: skip
        if "helpdesk.ticket" in self.env:  # service requests addon installed
            self.run_service()
        if "customer.score.engine" in self.env:
            self.run_value_scoring()

    def run_churn_detection(self):
        """The daily detection as it would have run: once a month over the last
        half year (customers slip away and some come back), then today; the lost
        ones, and half of those at risk, get the category a salesperson would give
        them, with its plan."""
        Churn = self.env["customer.churn"]
        for months_ago in range(6, -1, -1):
            Churn._run_detection(today=self.today - timedelta(days=round(months_ago * 30.4)))
        categories = ["dissatisfied", "competitor", "competitor", "negative_value", "involuntary"]
        for churn in Churn.search([("state", "in", ("at_risk", "lost"))]):
            # the lost all have a reason; for half of those at risk it is known already
            if churn.state == "lost" or self.rng.random() < 0.5:
                churn.category = self.rng.choice(categories)
        self.env.cr.commit()

    def credit_go_live(self):
        """Grade everyone as a preview, switch credit control on through the go-live
        step, then show the credit desk at work: a hold, a blocked quotation
        refused, another released."""
        golive = self.env["customer.credit.golive"].create({})
        golive.action_compute_grades()
        self.log(f"credit go-live preview: {golive.graded_count} customers graded, "
                 f"{len(golive.blocked_order_ids)} quotations and "
                 f"{len(golive.blocked_picking_ids)} deliveries would be blocked")  # fmt: skip
        golive.action_go_live()
        accountant = self.accountant
        held = self.customers.filtered(lambda c: c.credit_overdue_amount > 0)[:2]
        for customer in held:
            self.env["customer.credit.hold.wizard"].with_user(accountant).create(
                {"partner_id": customer.id, "reason": "逾期未付 暂停发货直至回款"}
            ).action_apply()
        quotations = self.env["sale.order"].search([("state", "in", ("draft", "sent"))])
        blocked = quotations.filtered("credit_warning")
        for order in blocked[:6]:
            try:
                with self.env.cr.savepoint():
                    order.with_user(order.user_id or self.env.user).action_confirm()
            except UserError:
                pass  # refused and recorded: it waits in the credit desk's queue
        for order in blocked[6:8]:
            wizard = self.env["customer.credit.release.wizard"].browse(
                order.action_credit_release()["res_id"]
            )
            wizard.reason = "客户已承诺本周回款 经理批准放行"
            wizard.action_release()
            order.action_confirm()
        self.log(f"credit control on: {len(held)} customers on hold, "
                 f"{len(blocked)} quotations blocked, 2 released")  # fmt: skip

    def run_collections(self):
        """Collection at work: KA chains and big distributors on monthly
        settlement, last month's statements sent, most confirmed and one
        disputed; promises to pay kept, running and broken; the nightly follow-up
        (bad payers at their levels); the deductions of KA chains; and a payment
        that releases what the credit desk held."""
        rng = self.rng
        company = self.env.company
        accountant = self.accountant
        big = self.customers.filtered(
            lambda c: c.customer_nature in ("key_account", "distributor")
        )  # fmt: skip
        settling = big[:15]
        for customer in settling:
            customer.write({
                "collection_days": rng.choice(["5", "10", "25", "5,20"]),
                "collection_place": rng.choice(["customer_finance", "bank_transfer"]),
                "collection_method": rng.choice(["transfer", "transfer", "acceptance_bill"]),
                "collection_signed_on": self.today - timedelta(days=rng.randint(30, 400)),
            })  # fmt: skip
        first = self.today.replace(day=1)
        end = first - timedelta(days=1)
        Statement = self.env["customer.statement"].with_user(accountant)
        statements = Statement._make(settling, end.replace(day=1), end, company)
        # Handed to the customers' finance on the month's visit (emailing them
        # here would attach PDFs made without the server's styles).
        statements._mark_sent()
        for statement in statements:
            statement.message_post(body="对账单已在月度拜访时交给客户财务签收。")
        # one disputes an invoice of the month; two in three of the others confirm
        disputed = statements.filtered(
            lambda st: st.line_ids.filtered(lambda line: line.kind == "invoice")
        )[-1:]
        confirmed = (statements - disputed)[: len(statements) * 2 // 3]
        confirmed.action_confirm_by_customer()
        if disputed:
            disputed.line_ids.filtered(lambda line: line.kind == "invoice")[:1].write(
                {"disputed": True, "dispute_note": "货物破损 待核对签收单"}
            )
            disputed.answer_note = "客户称该批货物有破损, 待核对签收单后再确认余额"
            disputed.action_dispute()

        # Promises made on calls two weeks ago (due last week) and this week.
        Promise = self.env["customer.payment.promise"]
        owing = self.customers.filtered(lambda c: c.credit_overdue_amount > 0)
        promises = Promise.create([
            {
                "partner_id": customer.id, "user_id": customer.user_id.id,
                "made_on": self.today - timedelta(days=14 if i % 2 else 2),
                "date": self.today - timedelta(days=7) if i % 2 else
                self.today + timedelta(days=rng.randint(1, 6)),
                "amount": round(customer.credit_overdue_amount, 2),
                "note": rng.choice(["财务说月底前转账", "老板答应下周付清", "先付一半 余款下月"]),
            }
            for i, customer in enumerate(owing[:12])
        ])  # fmt: skip
        # The nightly job: promises judged (broken ones move their customers up),
        # every customer at its level, settlement-day statements.
        self.env["customer.followup.step"]._cron_followup()
        levels = self.env["res.partner"]._read_group(
            [("followup_level_id", "!=", False)], ["followup_level_id"], ["__count"]
        )
        broken = promises.filtered(lambda p: p.state == "broken")

        # KA chains deduct fees from what they pay; the credit desk decides.
        chains = self.customers.filtered(lambda c: c.customer_nature == "key_account")
        invoices = self.env["account.move"].search([
            ("partner_id", "in", chains.ids), ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"), ("payment_state", "in", ("not_paid", "partial")),
        ], order="invoice_date desc", limit=8)  # fmt: skip
        reasons = ["listing", "barcode", "promotion", "display", "shrinkage"]
        deductions = self.env["customer.deduction"].create([
            {
                "partner_id": invoice.commercial_partner_id.id, "invoice_id": invoice.id,
                "amount": round(invoice.amount_residual * rng.uniform(0.03, 0.08), 2),
                "reason": reasons[i % len(reasons)],
                "note": rng.choice(["门店条码费按合同扣除", "新品进场费", "端架陈列费",
                                    "促销期间价格差"]),
            }
            for i, invoice in enumerate(invoices)
        ])  # fmt: skip
        deductions[:3].with_user(accountant).action_validate()
        refused = deductions[3:4].with_user(accountant)
        refused.decision_note = "合同未约定该项费用, 金额计入应收继续催收"
        refused.action_invalidate()

        # A salesperson's new quotation is refused for the customer's overdue debt
        # and waits on the credit desk; the customer pays; it is confirmed by itself.
        released = self._release_by_payment(company)
        self.log(
            f"collections: {len(statements)} statements handed over ({len(confirmed)} confirmed, "
            f"{len(disputed)} disputed), {len(promises)} promises ({len(broken)} broken), levels "
            + ", ".join(f"{level.name} {n}" for level, n in levels)
            + f", {len(deductions)} deductions, {len(released)} quotations released by payment"
        )

    def _release_by_payment(self, company):
        Order = self.env["sale.order"]
        released = Order
        bank = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        owing = self.customers.filtered(
            lambda c: c.credit_overdue_amount > 0 and c.credit_limited and c.credit_limit > 0
            and (not c.credit_hold or c.credit_hold_until_paid)
        )  # fmt: skip
        for customer in owing:
            if len(released) == 2:
                break
            product = self.rng.choice(self.products)
            quantity = max(1, int(customer.credit_limit * 0.3 / max(product.list_price, 1)))
            salesperson = customer.user_id
            order = Order.with_user(salesperson).create({
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id,
                                               "product_uom_qty": quantity})],
            })  # fmt: skip
            # As in the web client: the quotation is saved, then confirmed in a
            # request of its own (a refusal is queued in a transaction of its own).
            self.env.cr.commit()
            try:
                with self.env.cr.savepoint():
                    order.action_confirm()
            except UserError:
                pass  # refused for the debt: it waits in the credit desk's queue
            self.env.cr.commit()
            if order.state == "sale":
                continue  # nothing held it: not an example
            invoices = self.env["account.move"].search([
                ("commercial_partner_id", "=", customer.id), ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"), ("payment_state", "in", ("not_paid", "partial")),
            ])  # fmt: skip
            self.env["account.payment.register"].with_user(self.accountant).with_context(
                active_model="account.move", active_ids=invoices.ids
            ).create({"journal_id": bank.id, "group_payment": True}).action_create_payments()
            self.env.cr.commit()  # the release runs as the payment is committed
            if order.state == "sale":
                released |= order
            else:  # the credit still does not last: the demo leaves no stray quotation
                order.action_cancel()
        return released

    def run_service(self):
        """A season of service requests: complaints, feedback, claims and service
        needs of the last three months, each answered and resolved at its own
        pace under the tier's promise (most in time, some late, a few tied to a
        promise the salesperson did not keep), satisfaction asked at closing; and
        the Key tier's service plans with what was done of them."""
        rng = self.rng
        admin = self.env.ref("base.user_admin")
        calendar = self.env.company.resource_calendar_id
        calendar.tz = "Asia/Shanghai"
        team = self.env.ref("customer_mgmt_helpdesk.helpdesk_team_customer_service")
        team.write({"user_id": admin.id, "user_ids": [Command.set(self.salespeople.ids)],
                    "resource_calendar_id": calendar.id})  # fmt: skip
        promises = {  # hours to answer and to resolve, per tier
            self.tiers[0]: (4, 24), self.tiers[1]: (8, 40),
            self.tiers[2]: (16, 80), self.tiers[3]: (24, 120),
        }  # fmt: skip
        for tier, (response, resolution) in promises.items():
            tier.write({"response_time_hours": response, "resolution_time_hours": resolution,
                        "service_manager_id": admin.id})  # fmt: skip
        categories = {
            key: self.env.ref(f"customer_mgmt_helpdesk.helpdesk_category_{key}")
            for key in ("delivery", "quality", "price", "promise", "attitude", "other")
        }
        texts = {
            "delivery": ("送货延迟两天, 门店断货", "complaint"),
            "quality": ("一箱饼干受潮, 要求退换", "claim"),
            "price": ("发票价格与层级价格不符", "complaint"),
            "attitude": ("送货司机态度差", "complaint"),
            "other": ("希望提供小包装规格", "feedback"),
        }
        stages = {name: self.env.ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{name}")
                  for name in ("in_progress", "awaiting", "done")}  # fmt: skip
        unkept = self.env["customer.commitment"].search(
            [("state", "in", ("open", "disputed")), ("partner_id", "in", self.customers.ids)]
        )
        active = self.customers.filtered(lambda c: c.customer_stage in ("active", "at_risk"))
        Ticket = self.env["helpdesk.ticket"]
        count, late = 0, 0
        for _i in range(min(90, max(10, len(active) // 5))):
            customer = rng.choice(active)
            day = self.today - timedelta(days=rng.randint(1, 90))
            if day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)
            moment = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=rng.randint(1, 8)  # 9:00-16:00 in Shanghai
            )
            promise = unkept.filtered(lambda c, customer=customer: c.partner_id == customer)[:1]
            if promise and rng.random() < 0.7:
                key, (title, kind) = "promise", (f"{promise.name} 未兑现", "complaint")
            elif rng.random() < 0.2:
                key, (title, kind) = "other", ("需要门店陈列指导", "service")
            else:
                key = rng.choice(list(texts))
                title, kind = texts[key]
            with self._clock(moment):
                ticket = Ticket.with_user(customer.user_id).create({
                    "name": title, "description": f"<p>{title}。</p>",
                    "partner_id": customer.id, "team_id": team.id,
                    "user_id": customer.user_id.id, "request_type": kind,
                    "category_id": categories[key].id,
                    "commitment_id": promise.id if key == "promise" else False,
                    "channel_id": Ticket._channel_for(rng.choice(["visit", "call", "email"])).id,
                })  # fmt: skip
            # most answered and resolved within the promise, about one in five late
            answer = self._service_moment(moment, ticket.response_deadline, late=0.2)
            if answer <= datetime.now() and rng.random() < 0.93:
                with self._clock(answer):
                    ticket.stage_id = stages["in_progress"]
                done = self._service_moment(answer, ticket.resolution_deadline, late=0.25)
                if done <= datetime.now() and rng.random() < 0.8:
                    claim = kind in ("complaint", "claim")
                    asked = rng.random() < 0.7
                    with self._clock(done):  # the team leader closes and judges it
                        ticket.with_user(admin).write({
                            "stage_id": stages["done"].id,
                            "justified": rng.choice(["yes", "yes", "no"]) if claim else False,
                            "satisfaction": rng.choice("234455") if asked else False,
                        })  # fmt: skip
            count += 1
            late += ticket.response_late or ticket.resolution_late
        escalated = Ticket._cron_escalate_breaches()
        self.env.cr.commit()
        plans = self._service_plans()
        self.log(f"service: {count} requests ({late} answered or resolved late, "
                 f"{escalated} escalated now), {plans} planned services scheduled")  # fmt: skip

    def _service_moment(self, start, deadline, late):
        """When an answer or a resolution came: before the deadline, or after it."""
        if not deadline:
            return start + timedelta(hours=self.rng.uniform(1, 48))
        if self.rng.random() < late:
            return deadline + timedelta(hours=self.rng.uniform(1, 30))
        return start + (deadline - start) * self.rng.uniform(0.1, 0.9)

    def _service_plans(self):
        """The Key tier's close service, started half a year ago; part of it done."""
        key = self.tiers[0]
        start = self.today - timedelta(days=180)
        plans = self.env["customer.service.plan"].create([
            {"name": "季度业务回顾", "tier_id": key.id, "interval_months": 3,
             "interaction_type": "meeting", "date_start": start,
             "description": "与客户老板回顾上季度销量、库存和回款, 商定下季度目标"},
            {"name": "门店陈列指导", "tier_id": key.id, "interval_months": 1,
             "interaction_type": "visit", "date_start": start,
             "description": "检查门店货架陈列和促销物料, 现场指导"},
            {"name": "经营管理培训", "tier_id": key.id, "interval_months": 6,
             "interaction_type": "meeting", "date_start": start,
             "description": "为经销商讲解库存管理、账期管理和终端开发"},
        ])  # fmt: skip
        done = []
        for customer in self.customers.filtered(lambda c: c.customer_tier_id == key):
            for plan in plans:
                months = 6 // plan.interval_months
                for n in range(months):
                    if self.rng.random() < 0.6:
                        when = start + timedelta(days=round(n * 30.4 * plan.interval_months) + 5)
                        done.append({
                            "name": plan.name, "interaction_type": plan.interaction_type,
                            "partner_id": customer.id, "user_id": customer.user_id.id,
                            "date": datetime.combine(when, datetime.min.time())
                            + timedelta(hours=2),
                            "service_plan_id": plan.id,
                        })  # fmt: skip
        self.env["customer.interaction"].create(done)
        scheduled = plans._schedule()
        self.env.cr.commit()
        return scheduled

    def _clock(self, moment):
        return demo_history.clock(self.env, moment)

    def run_value_scoring(self):
        """Manual ratings for half the customers, then six monthly value snapshots
        (so the partner forms show a trend and class changes), tiers by class."""
        rng = self.rng
        manual = self.env["customer.score.indicator"].search([("source", "=", "manual")])
        ratings = [
            {"partner_id": customer.id, "indicator_id": indicator.id,
             "rating": str(rng.choice([2, 3, 3, 4, 4, 5])),
             "rated_by_id": customer.user_id.id or self.env.uid}
            for customer in self.customers if rng.random() < 0.5
            for indicator in manual
        ]  # fmt: skip
        self.env["customer.score.rating"].create(ratings)
        company = self.env.company
        company.value_assign_tiers = True
        engine = self.env["customer.score.engine"]
        Partner = self.env["res.partner"]
        for months_ago in range(5, -1, -1):
            day = self.today - timedelta(days=round(months_ago * 30.4))
            engine._run(company, today=day)
            while Partner._process_value_changes(company, limit=1000):
                pass
            self.env.cr.commit()
        company.value_scored_on = self.today
        self.env.cr.commit()
        self.log(f"{len(ratings)} value ratings, 6 monthly value snapshots")

    def run(self):
        self.setup_company()
        self.setup_users()
        self.setup_products()
        self.setup_customers()
        self.env.cr.commit()
        self.run_history()
        # the staff of this Chinese company do what follows in Chinese
        self.env = self.env(context=dict(self.env.context, lang="zh_CN"))
        self.run_customer_management()
        self.env["ir.config_parameter"].set_param(MARKER, fields_now())
        self.env.cr.commit()
        self.summary()

    def summary(self):
        cr = self.env.cr
        figures = {}
        for label, query in SUMMARY:
            cr.execute(query)
            figures[label] = cr.fetchone()[0]
        self.log(", ".join(f"{value} {label}" for label, value in figures.items()))


def fields_now():
    return datetime.now().isoformat(timespec="seconds")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if env["ir.config_parameter"].get_param(MARKER):
            print(f"[demo] {args.database} already has the demo data")
            return
        DemoGenerator(env, args.customers, args.months, args.seed, args.config).run()


if __name__ == "__main__":
    main()
