from odoo import _, fields, models


class CustomerScoreLine(models.Model):
    """How one indicator counts in a customer's current value score. Written by
    customer.score.engine for all scored customers at once."""

    _name = "customer.score.line"
    _description = "Customer Value Score Line"
    _order = "partner_id, sequence, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    indicator_id = fields.Many2one("customer.score.indicator", required=True, ondelete="cascade")
    sequence = fields.Integer(related="indicator_id.sequence")
    value = fields.Float(string="Raw Value", digits=(16, 2))
    value2 = fields.Float(string="Second Raw Value", digits=(16, 2))
    value_display = fields.Char(string="Measured", compute="_compute_value_display")
    score = fields.Float(string="Normalised Score", digits=(16, 1))
    weight = fields.Float(
        digits=(16, 1), help="The indicator's weight, rescaled over the indicators measured."
    )
    contribution = fields.Float(digits=(16, 1), help="Score x weight / 100.")

    def _compute_value_display(self):
        for line in self:
            line.value_display = line._format_value()

    def _format_value(self):
        """The raw measure as a person reads it, with its unit."""
        self.ensure_one()
        indicator = self.indicator_id
        if indicator.source == "manual":
            return f"{self.value:.0f} / 5"
        currency = self.company_id.currency_id
        formats = {
            "margin": _("%(v1).1f %% margin, %(v2).2f %% of profit"),
            "order_size": _("%(amount)s an order, %(v2).1f orders a month"),
            "order_structure": _("%(v1).1f products an order"),
            "payment_method": _("%(v1).0f %% prepaid, %(v2).0f days' terms"),
            "cooperation": _("%(v1).1f years"),
            "shipment": _("%(v1).1f days"),
            "punctuality": _("%(v1).1f days late"),
            "price_sensitivity": _("%(v1).1f %% discount"),
            "claims": _("%(v1).1f %% of sales"),
        }
        text = formats.get(indicator.metric, "%(v1).2f")
        return text % {
            "v1": self.value,
            "v2": self.value2,
            "amount": currency.format(self.value) if currency else self.value,
        }
