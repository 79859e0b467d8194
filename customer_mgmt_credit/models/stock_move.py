from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        # Every validation of goods leaving for a customer passes here (the
        # picking's button, backorder wizards, other addons' flows), after
        # Odoo's own checks of the picking.
        shipping = self.filtered(
            lambda move: move.state not in ("done", "cancel")
            and move.location_dest_id.usage == "customer"
            and move.location_id.usage != "customer"
        )
        shipping.picking_id._check_credit_before_shipping()
        return super()._action_done(cancel_backorder=cancel_backorder)
