from odoo import fields, models


class MailActivityPlanTemplate(models.Model):
    _inherit = "mail.activity.plan.template"

    # The activity's title: in the language of whoever the plan assigns it to.
    summary = fields.Char(translate=True)
