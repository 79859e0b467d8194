from odoo import _, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    credit_released = fields.Boolean(copy=False, readonly=True)

    def _get_credit_block_reasons(self):
        """Why credit control refuses shipping this delivery now, and the figures
        (seed 000: the accountant stops goods leaving for customers past their credit)."""
        self.ensure_one()
        if self.picking_type_code != "outgoing" or not self.partner_id or self.credit_released:
            return {}, {}
        partner = self.partner_id.commercial_partner_id.with_company(self.company_id)
        if not partner._credit_rules_apply():
            return {}, {}
        self.env["customer.credit.lock"]._acquire(partner, self.company_id)
        figures = partner._get_credit_figures(self.company_id).get(partner.id, {})
        # The order being shipped is already in the exposure.
        return partner._get_credit_block_reasons(figures), figures

    def button_validate(self):
        for picking in self:
            reasons, figures = picking._get_credit_block_reasons()
            if not reasons:
                continue
            partner = picking.partner_id.commercial_partner_id.with_company(picking.company_id)
            self.env["customer.credit.event"]._log_document_block(
                partner, picking, reasons, figures
            )
            raise UserError(
                partner._get_credit_block_message(_("Delivery %s", picking.name), reasons)
            )
        return super().button_validate()

    def action_credit_release(self):
        self.ensure_one()
        return self.env["customer.credit.release.wizard"]._action_open(self)
