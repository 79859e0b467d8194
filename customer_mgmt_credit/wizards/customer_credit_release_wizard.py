from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.customer_credit_engine import CREDIT_MANAGER


class CustomerCreditReleaseWizard(models.TransientModel):
    """A credit manager releases or rejects blocked orders and deliveries, one
    from its form or several from the credit desk's queue, with a reason. The
    release covers each document, for its customer, up to its amount now."""

    _name = "customer.credit.release.wizard"
    _description = "Release a Credit Block"

    sale_order_id = fields.Many2one("sale.order", readonly=True)
    picking_id = fields.Many2one("stock.picking", readonly=True)
    block_ids = fields.Many2many("customer.credit.block", string="Blocked Documents", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    block_message = fields.Text(readonly=True)
    reason = fields.Text()

    @api.model
    def _document_label(self, record):
        if record._name == "sale.order":
            return _("Order %s", record.name)
        return _("Delivery %s", record.name)

    @api.model
    def _action(self, wizard):
        return {
            "type": "ir.actions.act_window",
            "name": _("Credit Decision"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _action_open(self, record):
        document = self._document_label(record)
        check = record._credit_check(lock=False)
        if not check:
            raise UserError(_("%(document)s is not blocked by credit control.", document=document))
        wizard = self.create({
            "sale_order_id": record.id if record._name == "sale.order" else False,
            "picking_id": record.id if record._name == "stock.picking" else False,
            "partner_id": record._credit_partner().id,
            "block_message": check.message(document),
        })  # fmt: skip
        return self._action(wizard)

    @api.model
    def _action_open_blocks(self, blocks):
        if not blocks:
            raise UserError(_("Select blocked documents that wait for a decision."))
        wizard = self.create({
            "block_ids": [fields.Command.set(blocks.ids)],
            "block_message": "\n\n".join(
                f"{block.document} ({block.partner_id.display_name}):\n{block.reasons or ''}"
                for block in blocks
            ),
        })  # fmt: skip
        return self._action(wizard)

    def _check_decision(self):
        self.ensure_one()
        if not self.env.user.has_group(CREDIT_MANAGER):
            raise AccessError(_("Only credit managers can release or reject a credit block."))
        if not (self.reason or "").strip():
            raise UserError(_("Say why the block is released or rejected."))

    def _documents(self):
        # A credit manager decides on any customer's document, whoever sells it:
        # the group is checked first, the record rules of sales do not apply.
        wizard = self.sudo()
        documents = [wizard.sale_order_id, wizard.picking_id]
        documents += [block._document() for block in wizard.block_ids]
        return [document for document in documents if document]

    def action_release(self):
        self._check_decision()
        Block = self.env["customer.credit.block"].sudo()
        for record in self._documents():
            partner = record._credit_partner()
            check = record._credit_check(lock=False)
            amount = record._credit_amount() if record._name == "sale.order" else 0.0
            Event = self.env["customer.credit.event"].sudo()
            Event.create(
                Event._prepare_document_vals("release", partner, check, record, amount, self.reason)
            )
            if record._name == "sale.order":
                record.write(
                    {"credit_released_amount": amount, "credit_released_partner_id": partner.id}
                )
            else:
                record.write({"credit_released": True, "credit_released_partner_id": partner.id})
            blocks = Block.search([
                ("sale_order_id" if record._name == "sale.order" else "picking_id", "=", record.id),
                ("state", "=", "waiting"),
            ])  # fmt: skip
            if blocks:
                blocks.with_user(self.env.user)._decide("released", self.reason)
            else:
                record.message_post(
                    body=_(
                        "Credit block released by %(user)s: %(reason)s",
                        user=self.env.user.name,
                        reason=self.reason,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return {"type": "ir.actions.act_window_close"}

    def action_reject(self):
        self._check_decision()
        blocks = self.sudo().block_ids
        if not blocks:
            field = "sale_order_id" if self.sale_order_id else "picking_id"
            blocks = (
                self.env["customer.credit.block"]
                .sudo()
                .search([(field, "=", self.sudo()[field].id), ("state", "=", "waiting")])
            )
        if not blocks:
            raise UserError(_("Only documents waiting in the credit desk's queue can be rejected."))
        blocks.with_user(self.env.user).sudo()._decide("rejected", self.reason)
        return {"type": "ir.actions.act_window_close"}
