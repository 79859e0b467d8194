from odoo import fields, models


class CustomerReminderLog(models.Model):
    _inherit = "customer.reminder.log"

    kind = fields.Selection(
        selection_add=[("service_plan", "Service Plan")], ondelete={"service_plan": "cascade"}
    )
    service_plan_id = fields.Many2one(
        "customer.service.plan", ondelete="cascade", index="btree_not_null"
    )
