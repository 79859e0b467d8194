import io
import unicodedata
from datetime import date

from freezegun import freeze_time
from PyPDF2 import PdfReader

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestStatement(CreditCase):
    """October's statement of a customer with a September invoice paid in
    October, two October invoices (one paid in November), a credit note, and an
    invoice of its purchaser (a contact of the customer)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.september = cls._invoice(cls.customer, 1000.0, date(2026, 9, 10), date(2026, 10, 10))
        cls.inv_500 = cls._invoice(cls.customer, 500.0, date(2026, 10, 5), date(2026, 11, 4))
        cls.inv_300 = cls._invoice(cls.purchaser, 300.0, date(2026, 10, 20), date(2026, 10, 28))
        cls.refund = cls._invoice(cls.customer, 100.0, date(2026, 10, 25), move_type="out_refund")
        cls._pay(cls.september, date(2026, 10, 20))
        cls._pay(cls.inv_500, date(2026, 11, 5))
        cls._invoice(cls.customer_b, 999.0, date(2026, 10, 6))
        cls.Statement = cls.env["customer.statement"]
        cls.customer.email = "finance@sunshine.example"
        # wkhtmltopdf fetches the styles from the server, which is busy running
        # this test under odoo-bin: point it at a closed port (unstyled PDF).
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")

    def _make(self, user=None, partners=None, **kw):
        wizard = (
            self.env["customer.statement.make"]
            .with_user(user or self.controller)
            .create(
                {
                    "date_from": date(2026, 10, 1),
                    "date_to": date(2026, 10, 31),
                    "scope": "selected",
                    "partner_ids": (partners or self.customer).ids,
                    **kw,
                }
            )  # fmt: skip
        )
        action = wizard.action_make()
        return self.Statement.browse(action.get("res_id") or []) or self.Statement.search(
            action["domain"]
        )

    def _books_balance(self, partner, date_to):
        """The customer's receivable balance in the journal items, as Odoo reads it."""
        [[balance]] = self.env["account.move.line"]._read_group(
            [
                ("partner_id", "child_of", partner.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("date", "<=", date_to),
            ],
            aggregates=["balance:sum"],
        )
        return balance

    def test_balances_match_the_journal_items(self):
        statement = self._make()
        self.assertEqual(statement.partner_id, self.customer)
        self.assertRegex(statement.name, r"^ST/\d{4}/\d{5}$")
        self.assertEqual(statement.opening_balance, 1000.0)
        self.assertEqual(statement.invoiced, 800.0, "500 + 300 of its purchaser")
        self.assertEqual(statement.credit_notes, 100.0)
        self.assertEqual(statement.paid, 1000.0, "the November payment is not in October")
        self.assertEqual(statement.closing_balance, 700.0)
        self.assertEqual(
            statement.closing_balance, self._books_balance(self.customer, date(2026, 10, 31))
        )
        self.assertEqual(
            statement.opening_balance, self._books_balance(self.customer, date(2026, 9, 30))
        )
        self.assertEqual(
            statement.line_ids.mapped("balance"), [1500.0, 1800.0, 800.0, 700.0],
            "running balance after each movement",
        )  # fmt: skip
        self.assertEqual(
            statement.line_ids.mapped("kind"), ["invoice", "invoice", "payment", "credit_note"]
        )
        # open at the cut-off: the 500 paid in November still is
        items = {line.move_id: line for line in statement.open_item_ids}
        self.assertEqual(statement.open_item_ids.move_id, self.inv_500 | self.inv_300 | self.refund)
        self.assertEqual(items[self.inv_500].balance, 500.0)
        self.assertEqual(items[self.inv_500].age, "current")
        self.assertEqual(items[self.inv_300].days_overdue, 3)
        self.assertEqual(items[self.inv_300].age, "1_30")
        self.assertEqual(items[self.refund].balance, -100.0)
        self.assertEqual(sum(statement.open_item_ids.mapped("balance")), statement.closing_balance)
        self.assertEqual(statement.overdue_amount, 300.0)
        self.assertEqual((statement.age_current, statement.age_1_30), (400.0, 300.0))
        self.assertFalse(statement.books_changed)
        # one customer, one statement: the other customer's invoice is not on it
        self.assertNotIn(999.0, statement.line_ids.mapped("debit"))

    def _delivered(self, qty, price, day, invoice=False):
        """An order of the customer confirmed and delivered on ``day``."""
        self.company.credit_control_active = False  # not what is tested here
        with freeze_time(day):
            order = self._order(self.customer, qty=qty, price=price)
            order.action_confirm()
            picking = order.picking_ids
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()
            if invoice:
                order._create_invoices().action_post()
        return order

    def test_goods_delivered_and_not_invoiced_are_listed(self):
        shipped = self._delivered(2, 150.0, "2026-10-20")
        self._delivered(1, 80.0, "2026-10-21", invoice=True)
        self._delivered(1, 90.0, "2026-11-03")  # after the cut-off
        statement = self._make()
        self.assertEqual(statement.uninvoiced_ids.mapped("reference"), [shipped.name])
        self.assertEqual(statement.uninvoiced_ids.date, date(2026, 10, 20))
        self.assertEqual(statement.uninvoiced_amount, 300.0)
        self.assertEqual(
            statement.closing_balance, 700.0 + 80.0, "the invoiced order is in the books, not here"
        )
        # the salesperson's form and the PDF show them
        form = Form(statement.with_user(self.salesman))
        self.assertEqual(form.uninvoiced_amount, 300.0)
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("customer_mgmt_credit.customer_statement_report", statement.ids)
        )
        text = " ".join(
            " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
        )
        self.assertIn("Delivered, Not Invoiced Yet", text)
        self.assertIn(shipped.name, text)

    def test_customer_without_balance_or_movement_gets_none(self):
        quiet = self.env["res.partner"].create({"name": "Quiet Customer", "is_company": True})
        with self.assertRaisesRegex(UserError, "None of these customers"):
            self._make(partners=quiet)
        self.assertEqual(len(self._make(partners=quiet | self.customer)), 1)

    def test_books_change_after_confirmation_makes_a_new_version(self):
        statement = self._make()
        statement.with_user(self.controller)._send_by_email()
        self.assertEqual(statement.state, "sent")
        statement.with_user(self.controller).write({"answered_by": "Ms. Wang, finance"})
        statement.with_user(self.controller).action_confirm_by_customer()
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.answer_date, date.today())
        # a credit note dated inside the confirmed period
        self._invoice(self.customer, 50.0, date(2026, 10, 15), move_type="out_refund")
        statement.invalidate_recordset(["books_changed", "books_closing_balance"])
        self.assertTrue(statement.books_changed)
        self.assertEqual(statement.books_closing_balance, 650.0)
        self.assertEqual(statement.closing_balance, 700.0, "what the customer confirmed stays")
        action = statement.with_user(self.controller).action_new_version()
        new = self.Statement.browse(action["res_id"])
        self.assertEqual((new.version, new.previous_id), (2, statement))
        self.assertEqual((new.closing_balance, new.credit_notes), (650.0, 150.0))
        self.assertEqual(new.state, "draft")
        self.assertEqual(statement.state, "replaced")
        self.assertFalse(new.books_changed)

    def test_dispute_needs_the_items_and_the_reason(self):
        statement = self._make()
        self.flush_tracking()  # made in an earlier transaction
        as_sales = statement.with_user(self.salesman)
        with self.assertRaisesRegex(UserError, "objection"):
            as_sales.action_dispute()
        as_sales.answer_note = "The credit note for the damaged cartons is missing"
        with self.assertRaisesRegex(UserError, "Tick the items"):
            as_sales.action_dispute()
        line = as_sales.open_item_ids.filtered(lambda item: item.move_id == self.inv_300)
        line.write({"disputed": True, "dispute_note": "2 cartons damaged"})
        as_sales.action_dispute()
        self.assertEqual(statement.state, "disputed")
        # the customer's answer is on the chatter
        self.flush_tracking()
        tracked = statement.message_ids.tracking_value_ids
        self.assertIn("Disputed", tracked.mapped("new_value_char"))
        self.assertEqual(statement.answer_date, date.today())

    def test_ticking_an_item_through_the_form(self):
        statement = self._make()
        with Form(statement.with_user(self.salesman)) as form:
            with form.open_item_ids.edit(0) as line:
                line.disputed = True
                line.dispute_note = "not received"
            form.answer_note = "Goods of the first invoice not received"
        self.assertTrue(statement.open_item_ids[0].disputed)

    def test_figures_cannot_be_set_by_hand(self):
        statement = self._make()
        for user in (self.salesman, self.controller, self.credit_manager):
            for vals in (
                {"closing_balance": 1.0},
                {"state": "confirmed"},
                {"date_to": date(2026, 12, 31)},
                {"partner_id": self.customer_b.id},
                {"uninvoiced_amount": 1.0},
            ):
                with self.assertRaisesRegex(ValidationError, "cannot be set by hand"):
                    statement.with_user(user).write(vals)
            with self.assertRaisesRegex(ValidationError, "Only the customer's objection"):
                statement.open_item_ids[0].with_user(user).write({"balance": 0.0})
            with self.assertRaises(ValidationError):
                self.env["customer.statement.line"].with_user(user).create(
                    {"statement_id": statement.id, "section": "open", "balance": -700.0}
                )
            with self.assertRaises(ValidationError):
                self.env["customer.statement.line"].with_user(user).create(
                    {"statement_id": statement.id, "section": "uninvoiced", "balance": 1.0}
                )
            with self.assertRaisesRegex(ValidationError, "cannot be set by hand"):
                self.Statement.with_user(user).create({
                    "partner_id": self.customer.id, "date_from": date(2026, 10, 1),
                    "date_to": date(2026, 10, 31), "closing_balance": 0.01,
                })  # fmt: skip
        self.assertEqual(statement.closing_balance, 700.0)
        statement.with_user(self.controller)._send_by_email()
        with self.assertRaisesRegex(UserError, "Only draft statements"):
            statement.with_user(self.credit_manager).unlink()

    def test_salespeople_see_their_customers_statements_controllers_all(self):
        statements = self._make(partners=self.customer | self.customer_b)
        self.assertEqual(len(statements), 2)
        mine = statements.filtered(lambda s: s.partner_id == self.customer)
        self.assertEqual(
            self.Statement.with_user(self.salesman).search([("id", "in", statements.ids)]), mine
        )
        self.assertEqual(
            self.Statement.with_user(self.controller).search([("id", "in", statements.ids)]),
            statements,
        )
        with self.assertRaises(AccessError):
            (statements - mine).with_user(self.salesman).read(["closing_balance"])
        with self.assertRaises(AccessError):
            (statements - mine).open_item_ids.with_user(self.salesman).read(["balance"])
        # a salesperson makes statements of its own customers only
        with self.assertRaisesRegex(UserError, "None of these customers"):
            self._make(user=self.salesman, partners=self.customer_b)
        own = self._make(user=self.salesman, partners=self.customer | self.customer_b)
        self.assertEqual(own.partner_id, self.customer)

    def test_settlement_day_selects_customers(self):
        self.customer.collection_days = "5, 20"
        self.customer_b.collection_days = "10"
        statements = self._make(scope="settlement_day", settlement_day=20, partners=self.customer_b)
        self.assertEqual(statements.partner_id, self.customer)

    def test_settlement_days_must_be_days_of_the_month(self):
        for value in ("32", "5, x", "0", "-1"):
            with self.assertRaisesRegex(ValidationError, "days of the month"):
                self.customer.collection_days = value
        self.customer.collection_days = "5\uff0c 20"  # typed on a Chinese keyboard
        self.assertEqual(self.customer._collection_day_list(), [5, 20])

    def test_send_by_email_in_the_customers_language_with_the_pdf(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_mgmt_credit"], ["zh_CN"], overwrite=True
        )
        self.customer.write({"email": "finance@sunshine.example", "lang": "zh_CN"})
        statement = self._make()
        # a real PDF, as outside tests
        unsent = (
            statement.with_user(self.controller)
            .with_context(force_report_rendering=True)
            ._send_by_email()
        )
        self.assertFalse(unsent)
        # the email as posted (its mail.mail may be sent and deleted already)
        mail = statement.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(mail), 1)
        self.assertIn(self.customer, mail.partner_ids)
        self.assertIn("对账单", mail.subject)
        # named and written in the customer's language
        self.assertEqual(
            mail.attachment_ids.mapped("name"), [f"对账单 {statement.name.replace('/', '-')}.pdf"]
        )
        self.assertEqual(mail.attachment_ids.mimetype, "application/pdf")
        self.assertEqual(statement.state, "sent")
        # no email address: left unsent, said so
        self.customer_b.email = False
        other = self._make(partners=self.customer_b)
        self.assertEqual(other._send_by_email(), other)
        self.assertEqual(other.state, "draft")

    def test_pdf_renders_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_mgmt_credit"], ["zh_CN"], overwrite=True
        )
        self.customer.write({"name": "阳光食品批发", "lang": "zh_CN"})
        statement = self._make()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.salesman)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("customer_mgmt_credit.customer_statement_report", statement.ids)
        )
        self.assertEqual(kind, "pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        # the PDF's fonts map some characters to their compatibility forms
        text = unicodedata.normalize("NFKC", text)
        self.assertIn("阳光食品批发", text)
        self.assertIn("对账单", text, "the layout is translated")
        self.assertIn("700.00", text)

    def test_pdf_of_several_statements_at_once(self):
        """Printing statements in bulk gives one PDF with each of them, whatever
        wkhtmltopdf this machine has (Debian's takes one document a call)."""
        statements = self._make(partners=self.customer | self.customer_b)
        self.assertEqual(len(statements), 2)
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.controller)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("customer_mgmt_credit.customer_statement_report", statements.ids)
        )
        pages = [
            " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        ]
        first_pages = set()
        for statement in statements:
            page = next(i for i, text in enumerate(pages) if statement.name in text)
            self.assertIn(statement.partner_id.name, pages[page])
            first_pages.add(page)
        self.assertEqual(len(first_pages), 2, "each statement starts on a page of its own")

    def test_excel_lists_statements_movements_and_open_items(self):
        statement = self._make()
        book = self._xlsx(
            "customer_mgmt_credit.customer_statement_xlsx", statement, user=self.salesman
        )
        sheets = [sheet.title for sheet in book.worksheets]
        self.assertEqual(len(sheets), 3)
        rows = list(book.worksheets[0].values)
        self.assertEqual(rows[1][0], statement.name)
        self.assertIn(700.0, rows[1])
        self.assertEqual(book.worksheets[1].max_row, 1 + 4)
        self.assertEqual(book.worksheets[2].max_row, 1 + 3)
