from odoo import fields, models


class MailActivityPlan(models.Model):
    _inherit = "mail.activity.plan"

    # Odoo keeps a plan's name in one language; the churn plans we ship are read
    # by salespeople in theirs (a name typed before stays as typed).
    name = fields.Char(translate=True)
    customer_churn_category = fields.Selection(
        [
            ("dissatisfied", "Dissatisfied"),
            ("competitor", "Lost to Competitor"),
            ("negative_value", "Negative Value"),
            ("involuntary", "Involuntary"),
        ],
        string="Churn Category",
        help="Proposed on a churn record when its category is set to this one.",
    )
