from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    value_class_a_share = fields.Float(
        string="Class A: Share of Profit (%)",
        default=80,
        help="Class A: the most profitable customers who together bring this share of profit.",
    )
    value_class_c_share = fields.Float(
        string="Class C: Tail Share of Profit (%)",
        default=1,
        help="Class C: the least profitable customers who together bring only this share of "
        "profit, and every customer whose profit is at or below the minimum.",
    )
    value_class_c_profit = fields.Monetary(
        string="Class C: Profit At or Below",
        currency_field="currency_id",
        default=0,
        help="Customers whose profit in the look-back is at or below this are class C.",
    )
    value_developing_months = fields.Integer(
        string="Developing for (Months)",
        default=6,
        help="Customers younger than this are marked Developing instead of being classed "
        "(seed 001: small customers with potential are grown, not dropped).",
    )
    value_assign_tiers = fields.Boolean(
        string="Assign Tiers from Value Classes",
        help="Set each customer's tier by the tier rules when it is scored, unless a manager "
        "locked its tier. Off by default: tiers carry prices, terms and discount caps.",
    )
    value_period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter")],
        string="History Period",
        default="month",
        required=True,
        help="One value snapshot per customer and period.",
    )
    value_scored_on = fields.Date(string="Value Scores Computed On", readonly=True, copy=False)
    value_latest_period = fields.Date(
        string="Latest Value Period",
        readonly=True,
        copy=False,
        help="The period of the latest value snapshots: the customers' current scores "
        "and classes.",
    )

    @api.constrains("value_class_a_share", "value_class_c_share", "value_developing_months")
    def _check_value_classes(self):
        for company in self:
            a_share, c_share = company.value_class_a_share, company.value_class_c_share
            if not (0 < a_share <= 100 and 0 <= c_share < 100 and a_share + c_share <= 100):
                raise ValidationError(
                    _(
                        "Class A's share of profit must be between 0 and 100, class C's "
                        "tail share below 100, and both together at most 100."
                    )
                )
            if company.value_developing_months < 0:
                raise ValidationError(_("The developing period cannot be negative."))
