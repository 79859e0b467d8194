from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.res_partner import CREDIT_MANAGER


class CustomerCreditReleaseWizard(models.TransientModel):
    """A credit manager releases one blocked order or delivery, with a reason."""

    _name = "customer.credit.release.wizard"
    _description = "Release a Credit Block"

    sale_order_id = fields.Many2one("sale.order", readonly=True)
    picking_id = fields.Many2one("stock.picking", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    block_message = fields.Text(readonly=True)
    reason = fields.Text()

    @api.model
    def _action_open(self, record):
        reasons, _figures = record._get_credit_block_reasons()
        if record._name == "sale.order":
            document = _("Order %s", record.name)
        else:
            document = _("Delivery %s", record.name)
        if not reasons:
            raise UserError(_("%(document)s is not blocked by credit control.", document=document))
        partner = record.partner_id.commercial_partner_id.with_company(record.company_id)
        wizard = self.create({
            "sale_order_id": record.id if record._name == "sale.order" else False,
            "picking_id": record.id if record._name == "stock.picking" else False,
            "partner_id": partner.id,
            "block_message": partner._get_credit_block_message(document, reasons),
        })  # fmt: skip
        return {
            "type": "ir.actions.act_window",
            "name": _("Release Credit Block"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_release(self):
        self.ensure_one()
        if not self.env.user.has_group(CREDIT_MANAGER):
            raise AccessError(_("Only credit managers can release a credit block."))
        if not (self.reason or "").strip():
            raise UserError(_("Say why the block is released."))
        # A credit manager releases any customer's order or delivery, whoever sells
        # it: the group is checked above, the record rules of sales do not apply.
        wizard = self.sudo()
        record = wizard.sale_order_id or wizard.picking_id
        partner = wizard.partner_id.with_company(record.company_id)
        figures = partner._get_credit_figures(record.company_id).get(partner.id, {})
        event = self.env["customer.credit.event"].sudo().create({
            "partner_id": partner.id,
            "company_id": record.company_id.id,
            "event_type": "release",
            "document": record.name,
            "sale_order_id": wizard.sale_order_id.id,
            "picking_id": wizard.picking_id.id,
            "credit_limit": partner._get_credit_limit(),
            "exposure": figures.get("exposure", 0.0),
            "amount": wizard.sale_order_id._credit_amount() if wizard.sale_order_id else 0.0,
            "overdue_amount": figures.get("overdue", 0.0),
            "reason": self.reason,
            "user_id": self.env.user.id,
        })  # fmt: skip
        if wizard.sale_order_id:
            wizard.sale_order_id.credit_released_amount = wizard.sale_order_id.amount_total
        else:
            wizard.picking_id.credit_released = True
        record.message_post(
            body=_(
                "Credit block released by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=self.reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return event and {"type": "ir.actions.act_window_close"}
