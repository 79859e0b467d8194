from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

RATINGS = [("1", "1 - Poor"), ("2", "2"), ("3", "3 - Average"), ("4", "4"), ("5", "5 - Excellent")]


class CustomerScoreRating(models.Model):
    """A manager's 1-5 rating of a customer on a manual indicator (industry
    influence, new-product development, communication), with who rated and when."""

    _name = "customer.score.rating"
    _description = "Customer Value Rating"
    _order = "partner_id, indicator_id"
    _rec_name = "indicator_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("parent_id", "=", False)],
    )
    indicator_id = fields.Many2one(
        "customer.score.indicator",
        required=True,
        ondelete="cascade",
        domain=[("source", "=", "manual")],
    )
    rating = fields.Selection(RATINGS, required=True)
    note = fields.Char(help="Why this rating: the facts behind it.")
    rated_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    rated_on = fields.Date(readonly=True, default=fields.Date.context_today)

    _sql_constraints = [
        (
            "partner_indicator_unique",
            "UNIQUE(partner_id, indicator_id)",
            "A customer has one rating per indicator: change the existing one.",
        )
    ]

    @api.constrains("partner_id", "indicator_id")
    def _check_manual(self):
        for rating in self:
            if rating.indicator_id.source != "manual":
                raise ValidationError(
                    _(
                        "%(indicator)s is computed from Odoo's data and cannot be rated by hand.",
                        indicator=rating.indicator_id.name,
                    )
                )
            if rating.partner_id != rating.partner_id.commercial_partner_id:
                raise ValidationError(_("Rate the company, not one of its contacts."))

    def write(self, vals):
        if "rating" in vals:
            vals = dict(vals, rated_by_id=self.env.uid, rated_on=fields.Date.context_today(self))
        return super().write(vals)
