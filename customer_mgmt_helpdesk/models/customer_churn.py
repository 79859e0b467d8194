from odoo import api, fields, models


class CustomerChurn(models.Model):
    _inherit = "customer.churn"

    open_complaint_count = fields.Integer(
        string="Open Complaints",
        compute="_compute_open_complaint_count",
        help="Complaints and claims of this customer not resolved yet: the customer "
        "is likely dissatisfied.",
    )

    @api.depends("partner_id")
    def _compute_open_complaint_count(self):
        for churn in self:
            churn.open_complaint_count = churn.partner_id.open_complaint_count

    def action_categorize_dissatisfied(self):
        """The suggestion on the form: open complaints point to dissatisfaction."""
        self.write({"category": "dissatisfied"})

    def action_view_open_complaints(self):
        self.ensure_one()
        return self.partner_id.action_view_open_complaints()
