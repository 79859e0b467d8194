from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_score_history import VALUE_CLASSES


class CustomerScoreTierRule(models.Model):
    """Which tier a value class (and optionally a score band) gets. The first
    matching rule applies; customers whose tier a manager locked keep theirs. A
    company's own tier is never proposed for a customer shared by all companies
    (the partner could not hold it)."""

    _name = "customer.score.tier.rule"
    _description = "Tier by Value Class"
    _order = "sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to apply the rule in every company."
    )
    value_class = fields.Selection(VALUE_CLASSES, required=True)
    min_score = fields.Float(string="From Score", default=0, help="Inclusive.")
    max_score = fields.Float(string="Up to Score", default=100, help="Inclusive.")
    tier_id = fields.Many2one(
        "customer.tier",
        required=True,
        ondelete="cascade",
        check_company=True,
        help="A rule for every company needs a tier shared by all companies.",
    )

    @api.constrains("min_score", "max_score")
    def _check_band(self):
        for rule in self:
            if not 0 <= rule.min_score <= rule.max_score <= 100:
                raise ValidationError(
                    _("A score band goes from 0 to 100, its start not above its end.")
                )

    @api.depends("value_class", "min_score", "max_score", "tier_id")
    def _compute_display_name(self):
        classes = dict(VALUE_CLASSES)
        for rule in self:
            rule.display_name = _(
                "%(cls)s, score %(low)s-%(high)s: %(tier)s",
                cls=classes.get(rule.value_class, ""),
                low=round(rule.min_score),
                high=round(rule.max_score),
                tier=rule.tier_id.name or "",
            )
