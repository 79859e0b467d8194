from odoo import _, api, fields, models
from odoo.tools import float_compare


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_released_amount = fields.Monetary(
        copy=False,
        readonly=True,
        help="Amount up to which a credit manager released this order.",
    )
    credit_warning = fields.Text(compute="_compute_credit_warning")

    def _credit_amount(self):
        """This order's total in the company's currency."""
        self.ensure_one()
        return self.amount_total / (self.currency_rate or 1.0)

    def _credit_is_released(self):
        self.ensure_one()
        return (
            self.credit_released_amount
            and float_compare(
                self.amount_total, self.credit_released_amount,
                precision_rounding=self.currency_id.rounding,
            ) <= 0
        )  # fmt: skip

    def _get_credit_block_reasons(self):
        """Why credit control refuses this order, as ({code: message}, figures);
        no reason: it may be confirmed. Locks the customer first (customer.credit.lock)."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id.with_company(self.company_id)
        if not partner._credit_rules_apply() or self._credit_is_released():
            return {}, {}
        self.env["customer.credit.lock"]._acquire(partner, self.company_id)
        figures = partner._get_credit_figures(self.company_id).get(partner.id, {})
        reasons = partner._get_credit_block_reasons(
            figures, amount=self._credit_amount(), check_prepayment=True
        )
        return reasons, figures

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error:
            return error
        reasons, figures = self._get_credit_block_reasons()
        if not reasons:
            return False
        partner = self.partner_id.commercial_partner_id.with_company(self.company_id)
        self.env["customer.credit.event"]._log_document_block(
            partner, self, reasons, figures, amount=self._credit_amount()
        )
        return partner._get_credit_block_message(_("Order %s", self.name), reasons)

    @api.depends("partner_id", "amount_total", "state", "company_id")
    def _compute_credit_warning(self):
        for order in self:
            order.credit_warning = False
            if order.state not in ("draft", "sent") or not order.partner_id:
                continue
            partner = order.partner_id.commercial_partner_id.with_company(order.company_id)
            if not partner._credit_rules_apply():
                continue
            figures = partner._get_credit_figures(order.company_id).get(partner.id, {})
            reasons = partner._get_credit_block_reasons(
                figures, amount=order._credit_amount(), check_prepayment=True
            )
            if reasons and not order._credit_is_released():
                order.credit_warning = partner._get_credit_block_message(_("This order"), reasons)

    def action_credit_release(self):
        self.ensure_one()
        return self.env["customer.credit.release.wizard"]._action_open(self)
