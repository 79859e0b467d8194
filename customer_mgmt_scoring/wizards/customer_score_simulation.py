from collections import Counter

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.customer_score_history import VALUE_CLASSES
from ..models.customer_score_indicator import DEFER_WEIGHT_CHECK

# The changed customers listed in the preview; the counts cover them all.
MAX_LISTED = 1000


class CustomerScoreSimulation(models.TransientModel):
    """Try other weights, normalisations or class thresholds on the real data and
    see which customers would change class; nothing changes until Apply."""

    _name = "customer.score.simulation"
    _description = "Value Score Simulation"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many(
        "customer.score.simulation.line", "simulation_id", string="Indicators"
    )
    weight_total = fields.Float(compute="_compute_weight_total", digits=(16, 2))
    a_share = fields.Float(string="Class A: Share of Profit (%)")
    c_share = fields.Float(string="Class C: Tail Share of Profit (%)")
    c_profit = fields.Monetary(string="Class C: Profit At or Below", currency_field="currency_id")
    developing_months = fields.Integer(string="Developing for (Months)")
    previewed = fields.Boolean(readonly=True)
    customer_count = fields.Integer(string="Customers Scored", readonly=True)
    change_count = fields.Integer(string="Customers Changing Class", readonly=True)
    change_summary = fields.Text(readonly=True)
    change_ids = fields.One2many(
        "customer.score.simulation.change", "simulation_id", string="Changes", readonly=True
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        values.update(
            a_share=company.value_class_a_share,
            c_share=company.value_class_c_share,
            c_profit=company.value_class_c_profit,
            developing_months=company.value_developing_months,
        )
        indicators = self.env["customer.score.indicator"].with_context(active_test=False).search([])  # pylint: disable=no-search-all
        values["line_ids"] = [
            fields.Command.create({
                "indicator_id": indicator.id, "include": indicator.active,
                "weight": indicator.weight, "normalisation": indicator.normalisation,
                "threshold_low": indicator.threshold_low,
                "threshold_high": indicator.threshold_high,
            })
            for indicator in indicators
        ]  # fmt: skip
        return values

    @api.depends("line_ids.weight", "line_ids.include")
    def _compute_weight_total(self):
        for wizard in self:
            wizard.weight_total = sum(wizard.line_ids.filtered("include").mapped("weight"))

    def _check_total(self):
        self.ensure_one()
        if round(self.weight_total, 2) != 100:
            raise UserError(
                _(
                    "The weights of the included indicators must sum to 100, not %(total)s.",
                    total=round(self.weight_total, 2),
                )
            )

    def _indicator_overrides(self):
        return {
            line.indicator_id.id: {
                "active": line.include, "weight": line.weight,
                "normalisation": line.normalisation, "threshold_low": line.threshold_low,
                "threshold_high": line.threshold_high,
            }
            for line in self.line_ids
        }  # fmt: skip

    def _class_overrides(self):
        return {
            "value_class_a_share": self.a_share,
            "value_class_c_share": self.c_share,
            "value_class_c_profit": self.c_profit,
            "value_developing_months": self.developing_months,
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Simulate Weights and Classes"),
        }

    def action_preview(self):
        self.ensure_one()
        self._check_total()
        # The class thresholds are validated as the company would validate them.
        self.company_id.new(self._class_overrides())._check_value_classes()
        rows, count = (
            self.env["customer.score.engine"]
            .sudo()
            ._simulate(self.company_id, self._indicator_overrides(), self._class_overrides())
        )
        labels = dict(VALUE_CLASSES)
        transitions = Counter((old, new) for _pid, old, new, _s1, _s2 in rows)
        not_scored = _("not scored")
        self.change_ids.unlink()
        self.write({
            "previewed": True,
            "customer_count": count,
            "change_count": len(rows),
            "change_summary": "\n".join(
                f"{labels.get(old, not_scored)} → {labels.get(new, '')}: {number}"
                for (old, new), number in sorted(transitions.items(), key=str)
            ) or _("No customer changes class."),
            "change_ids": [
                fields.Command.create({
                    "partner_id": pid, "current_class": old, "new_class": new,
                    "current_score": old_score or 0.0, "new_score": new_score or 0.0,
                })
                for pid, old, new, old_score, new_score in rows[:MAX_LISTED]
            ],
        })  # fmt: skip
        return self._reopen()

    def action_apply(self):
        """Save the settings, recompute every customer's score and class now, and
        let the scheduled action log the class changes and apply the tiers."""
        self.ensure_one()
        self._check_total()
        Indicator = self.env["customer.score.indicator"]
        self.env.cr.cache[DEFER_WEIGHT_CHECK] = True
        try:
            for indicator_id, values in self._indicator_overrides().items():
                Indicator.browse(indicator_id).write(values)
        finally:
            self.env.cr.cache.pop(DEFER_WEIGHT_CHECK, None)
        Indicator._check_weights_sum()
        # Managers of customer management own these settings, not the company record.
        self.company_id.sudo().write(self._class_overrides())
        self.env["customer.score.engine"].sudo()._run(self.company_id)
        self.company_id.sudo().value_scored_on = fields.Date.context_today(self)
        self.env.ref("customer_mgmt_scoring.ir_cron_compute_value_scores")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Settings applied and all customers rescored."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


class CustomerScoreSimulationLine(models.TransientModel):
    _name = "customer.score.simulation.line"
    _description = "Value Score Simulation Indicator"
    _order = "sequence, id"

    simulation_id = fields.Many2one("customer.score.simulation", required=True, ondelete="cascade")
    indicator_id = fields.Many2one("customer.score.indicator", required=True, readonly=True)
    sequence = fields.Integer(related="indicator_id.sequence")
    source = fields.Selection(related="indicator_id.source")
    current_weight = fields.Float(related="indicator_id.weight", string="Current Weight")
    include = fields.Boolean(default=True)
    weight = fields.Float()
    normalisation = fields.Selection(
        [("percentile", "Percentile"), ("thresholds", "Thresholds")], required=True
    )
    threshold_low = fields.Float(string="Low")
    threshold_high = fields.Float(string="High")


class CustomerScoreSimulationChange(models.TransientModel):
    _name = "customer.score.simulation.change"
    _description = "Value Score Simulation Change"
    _order = "id"

    simulation_id = fields.Many2one("customer.score.simulation", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    current_class = fields.Selection(VALUE_CLASSES, readonly=True)
    new_class = fields.Selection(VALUE_CLASSES, readonly=True)
    current_score = fields.Float(digits=(16, 1), readonly=True)
    new_score = fields.Float(digits=(16, 1), readonly=True)
