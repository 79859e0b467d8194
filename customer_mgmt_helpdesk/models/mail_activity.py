from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """A service plan's activity marked done is recorded as the plan's
        interaction with the customer: planned vs done reads the interactions."""
        logs = (
            self.env["customer.reminder.log"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("kind", "=", "service_plan")])
        )
        if logs and not self.env.context.get("customer_service_plan_logged"):
            activities = {activity.id: activity for activity in self}
            self.env["customer.interaction"].with_context(
                customer_service_plan_logged=True
            ).create([
                {
                    "name": log.service_plan_id.name,
                    "interaction_type": log.service_plan_id.interaction_type,
                    "partner_id": log.partner_id.id,
                    "user_id": activities[log.activity_id.id].user_id.id or self.env.uid,
                    "date": fields.Datetime.now(),
                    "summary": feedback or False,
                    "service_plan_id": log.service_plan_id.id,
                }
                for log in logs
            ])  # fmt: skip
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
