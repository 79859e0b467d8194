from odoo import _, api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import ValidationError

# The measures computed from Odoo's data (seed 002), each by one SQL fragment of
# customer.score.engine. Two of them weigh a second measure with the first.
METRICS = [
    ("margin", "Order profit margin and share of profit"),
    ("order_size", "Average order size and reorder frequency"),
    ("order_structure", "Distinct products per order"),
    ("payment_method", "Prepaid share and agreed payment term"),
    ("cooperation", "Years of cooperation"),
    ("shipment", "Days from confirmation to delivery"),
    ("punctuality", "Days paid after the due date"),
    ("price_sensitivity", "Average discount granted"),
    ("claims", "Credit notes and returns against sales"),
]
# The second measure of a metric and whether more of it is better.
SECOND_MEASURE = {
    "margin": True,  # share of the company's profit
    "order_size": True,  # orders per month
    "payment_method": False,  # agreed term days
    "claims": False,  # unfounded complaints and claims (with service requests)
}


# Set on the cursor while the simulation writes all weights at once.
DEFER_WEIGHT_CHECK = "customer_mgmt_scoring.defer_weight_check"
MAX_LOOKBACK_MONTHS = 120


class CustomerScoreIndicator(models.Model):
    """One of the weighted indicators of the customer value score (seed 002)."""

    _name = "customer.score.indicator"
    _description = "Customer Value Indicator"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, help="Technical key, unique.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text(translate=True, help="What it measures and how it is scored.")
    source = fields.Selection(
        [("computed", "Computed from Odoo data"), ("manual", "Manual rating (1-5)")],
        required=True,
        default="manual",
        tracking=True,
    )
    metric = fields.Selection(
        METRICS, help="The measure computed from orders, deliveries, invoices and payments."
    )
    weight = fields.Float(
        tracking=True,
        help="Share of the score. The weights of the active indicators sum to 100.",
    )
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
        tracking=True,
    )
    normalisation = fields.Selection(
        [
            ("percentile", "Percentile rank among scored customers"),
            ("thresholds", "Between two thresholds"),
        ],
        required=True,
        default="percentile",
        tracking=True,
        help="Percentile: a customer scores the share of customers it does better than. "
        "Thresholds: 0 at the worse threshold, 100 at the better one, linear between.",
    )
    threshold_low = fields.Float(string="Low Threshold", tracking=True)
    threshold_high = fields.Float(string="High Threshold", default=100, tracking=True)
    has_second_measure = fields.Boolean(compute="_compute_has_second_measure")
    threshold2_low = fields.Float(string="Second Measure Low Threshold", tracking=True)
    threshold2_high = fields.Float(
        string="Second Measure High Threshold", default=100, tracking=True
    )
    lookback_months = fields.Integer(
        string="Look-Back (Months)",
        default=12,
        tracking=True,
        help="The orders, deliveries and invoices of this many months count.",
    )
    rating_count = fields.Integer(compute="_compute_rating_count", string="Ratings")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Each indicator needs its own code."),
        ("weight_positive", "CHECK(weight >= 0)", "An indicator's weight cannot be negative."),
        (
            "lookback_positive",
            "CHECK(lookback_months > 0)",
            "The look-back period must be at least one month.",
        ),
    ]

    @api.depends("metric", "source")
    def _compute_has_second_measure(self):
        for indicator in self:
            indicator.has_second_measure = indicator.source == "computed" and self.env[
                "customer.score.engine"
            ]._has_second_measure(indicator.metric)

    def _compute_rating_count(self):
        counts = dict(
            self.env["customer.score.rating"]._read_group(
                [("indicator_id", "in", self.ids)], ["indicator_id"], ["__count"]
            )
        )
        for indicator in self:
            indicator.rating_count = counts.get(indicator, 0)

    @api.constrains("source", "metric")
    def _check_metric(self):
        for indicator in self:
            if indicator.source == "computed" and not indicator.metric:
                raise ValidationError(
                    _(
                        "Indicator %(name)s is computed: choose what it measures.",
                        name=indicator.name,
                    )
                )
            duplicate = self.search_count([
                ("id", "!=", indicator.id), ("source", "=", "computed"),
                ("metric", "=", indicator.metric),
            ]) if indicator.source == "computed" else 0  # fmt: skip
            if duplicate:
                raise ValidationError(
                    _("Another indicator already measures %(metric)s.", metric=indicator.metric)
                )

    @api.constrains("normalisation", "threshold_low", "threshold_high", "threshold2_low",
                    "threshold2_high")  # fmt: skip
    def _check_thresholds(self):
        for indicator in self.filtered(lambda i: i.normalisation == "thresholds"):
            pairs = [(indicator.threshold_low, indicator.threshold_high)]
            if indicator.has_second_measure:
                pairs.append((indicator.threshold2_low, indicator.threshold2_high))
            if any(low >= high for low, high in pairs):
                raise ValidationError(
                    _(
                        "Indicator %(name)s: the low threshold must be below the high one.",
                        name=indicator.name,
                    )
                )

    @api.constrains("weight", "active")
    def _check_weight_total(self):
        # Deferred while the addon's data loads (the registry is not ready) and
        # while the simulation writes all weights (a marker on the cursor): neither
        # can be asked for by a context key from RPC.
        if self.pool.ready and not self.env.cr.cache.get(DEFER_WEIGHT_CHECK):
            self._check_weights_sum()

    @api.constrains("lookback_months")
    def _check_lookback_months(self):
        for indicator in self:
            if not 1 <= indicator.lookback_months <= MAX_LOOKBACK_MONTHS:
                raise ValidationError(
                    _(
                        "Indicator %(name)s: the look-back must be between 1 and %(max)s "
                        "months (10 years), not %(months)s.",
                        name=indicator.name,
                        max=MAX_LOOKBACK_MONTHS,
                        months=indicator.lookback_months,
                    )
                )

    @api.model
    def _check_weights_sum(self):
        """The active indicators' weights must sum to 100; a partial change is
        refused as a whole (the transaction rolls back, nothing is saved)."""
        total = round(sum(self.search([]).mapped("weight")), 2)  # pylint: disable=no-search-all
        if total != 100:
            raise ValidationError(
                _(
                    "The weights of the active indicators must sum to 100, not %(total)s. "
                    "Change several weights at once with Simulate Weights.",
                    total=total,
                )
            )

    def unlink(self):
        res = super().unlink()
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            self._check_weights_sum()
        return res

    def action_view_ratings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_mgmt_scoring.customer_score_rating_action"
        )
        action["domain"] = [("indicator_id", "=", self.id)]
        action["context"] = {"default_indicator_id": self.id}
        return action
