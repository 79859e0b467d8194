from odoo import _, fields, models, tools


class CustomerScoreLine(models.Model):
    """How one indicator counts in a customer's value score: a view over the
    lines kept as an array in each snapshot (customer.score.history), so a run
    writes one row per customer instead of one per customer and indicator, and
    every period's score stays explained."""

    _name = "customer.score.line"
    _description = "Customer Value Score Line"
    _auto = False
    _order = "partner_id, sequence, indicator_id"

    history_id = fields.Many2one("customer.score.history", string="Snapshot", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    period = fields.Date(readonly=True)
    is_latest = fields.Boolean(string="Latest", readonly=True)
    indicator_id = fields.Many2one("customer.score.indicator", readonly=True)
    sequence = fields.Integer(readonly=True)
    value = fields.Float(string="Raw Value", digits=(16, 2), readonly=True)
    value2 = fields.Float(string="Second Raw Value", digits=(16, 2), readonly=True)
    value_display = fields.Char(string="Measured", compute="_compute_value_display")
    score = fields.Float(string="Normalised Score", digits=(16, 1), readonly=True)
    weight = fields.Float(
        digits=(16, 1),
        readonly=True,
        help="The indicator's weight, rescaled over the indicators measured.",
    )
    contribution = fields.Float(digits=(16, 1), readonly=True, help="Score x weight / 100.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE VIEW customer_score_line AS
            SELECT h.id * 100 + l.i AS id, h.id AS history_id, h.partner_id, h.company_id,
                   h.period, h.period = c.value_latest_period AS is_latest,
                   ind.id AS indicator_id, ind.sequence,
                   h.line_values[l.i][2] AS value, h.line_values[l.i][3] AS value2,
                   h.line_values[l.i][4] AS score,
                   h.line_values[l.i][5] * 100 / NULLIF(h.weight_total, 0) AS weight,
                   h.line_values[l.i][4] * h.line_values[l.i][5] / NULLIF(h.weight_total, 0)
                       AS contribution
              FROM customer_score_history h
              JOIN res_company c ON c.id = h.company_id
             CROSS JOIN LATERAL generate_subscripts(h.line_values, 1) AS l(i)
              JOIN customer_score_indicator ind ON ind.id = h.line_values[l.i][1]::int
            """
        )

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
        if indicator.metric == "claims" and self.env["customer.score.engine"]._requests_kept():
            formats["claims"] = _("%(v1).1f %% of sales, %(v2).0f unfounded complaints")
        text = formats.get(indicator.metric, "%(v1).2f")
        return text % {
            "v1": self.value,
            "v2": self.value2,
            "amount": currency.format(self.value) if currency else self.value,
        }
