from odoo import fields, models


class MailActivityPlan(models.Model):
    _inherit = "mail.activity.plan"

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
