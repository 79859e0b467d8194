import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# Commercial partners whose receivables fell in this transaction, by company:
# gathered on the cursor's precommit data, released once before the commit.
_PAID = "customer_mgmt_credit.paid_partners"


class CustomerCreditBlock(models.Model):
    _inherit = "customer.credit.block"

    @api.model
    def _queue_paid(self, lines):
        """Receivable journal items of ``lines`` were paid or credited: after this
        transaction's work, what the credit desk holds for their customers is
        tried again (see _release_paid)."""
        lines = lines.filtered(lambda line: line.account_type == "asset_receivable")
        if not lines:
            return
        data = self.env.cr.precommit.data
        if _PAID not in data:
            data[_PAID] = {}
            self.env.cr.precommit.add(self._release_queued)
        for line in lines:
            partner = line.partner_id.commercial_partner_id
            if partner:
                data[_PAID].setdefault(line.company_id.id, {}).setdefault(
                    partner.id, line.move_id.name
                )

    @api.model
    def _release_queued(self):
        queued = self.env.cr.precommit.data.pop(_PAID, {})
        for company_id, sources in queued.items():
            company = self.env["res.company"].browse(company_id)
            if not company.credit_control_active:
                continue
            for partner_id, source in sources.items():
                self._release_paid(self.env["res.partner"].browse(partner_id), company, source)

    @api.model
    def _release_paid(self, partner, company, source):
        """``partner`` paid (``source``: the entry): lift its hold if it was "until
        paid" and nothing else stands against it, then let its waiting documents
        go, oldest first, while its credit lasts: a quotation is confirmed as its
        salesperson asked, a delivery may be validated. Each is recorded as a
        release by the system with the payment, and the salesperson is told. A
        document that fails stays waiting, and so do the ones after it."""
        Engine = self.env["customer.credit.engine"]
        customer = partner.sudo().with_company(company)
        # read by everyone (hold lifted, events, the queue): the company's language
        reason = self.with_context(lang=company._customer_mgmt_lang()).env._("Paid: %s", source)
        if customer.credit_hold and customer.credit_hold_until_paid:
            check = Engine._check(partner, company, lock=False, waive=("hold", "prepayment"))
            if not check:
                customer._credit_lift_hold(company, reason)
        blocks = self.sudo().search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id),
             ("state", "=", "waiting")],
            order="date, id",
        )  # fmt: skip
        root = self.env.ref("base.user_root")
        for block in blocks:
            document = block._document()
            if not document:
                continue
            if block.sale_order_id and document.state not in ("draft", "sent"):
                continue  # confirmed meanwhile: closed by the confirmation
            salesperson = block.user_id if block.user_id.active else root
            as_salesperson = document.with_user(salesperson).with_company(company)
            if as_salesperson._credit_check():
                break  # the credit does not last: this one and the younger wait
            try:
                with self.env.cr.savepoint():
                    if block.sale_order_id:
                        as_salesperson.action_confirm()
            except Exception as error:  # the payment is recorded whatever happens
                _logger.info("Could not confirm %s after a payment: %s", document.name, error)
                break
            block._record_paid_release(document, reason, root, source)
        return blocks

    def _record_paid_release(self, document, reason, root, source):
        self.ensure_one()
        Event = self.env["customer.credit.event"].sudo()
        check = document._credit_check(lock=False)
        amount = document._credit_amount() if document._name == "sale.order" else 0.0
        Event.create(
            dict(
                Event._prepare_document_vals(
                    "release", self.partner_id, check, document, amount, reason
                ),
                user_id=root.id,
            )
        )
        self.sudo().write({
            "state": "released", "decided_by_id": root.id,
            "decision_date": fields.Datetime.now(), "decision_reason": reason,
        })  # fmt: skip
        self.activity_ids.unlink()
        # told to the salesperson: in their language
        env = self.with_context(lang=self.user_id.lang or self.env.lang).env
        if document._name == "sale.order":
            body = env._(
                "The customer paid (%(payment)s): order %(order)s was confirmed, as you asked.",
                payment=source,
                order=document.name,
            )
        else:
            body = env._(
                "The customer paid (%(payment)s): delivery %(picking)s can be validated now.",
                payment=source,
                picking=document.name,
            )
        document.sudo().message_post(
            body=body, partner_ids=self.user_id.partner_id.ids, subtype_xmlid="mail.mt_note"
        )


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        self.env["customer.credit.block"]._queue_paid(partials.debit_move_id)
        return partials


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # payments and credit notes not matched yet lower the exposure too
        self.env["customer.credit.block"]._queue_paid(
            posted.line_ids.filtered(lambda line: line.balance < 0)
        )
        return posted
