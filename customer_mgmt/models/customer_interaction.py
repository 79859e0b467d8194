from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerInteraction(models.Model):
    """One contact with a customer: who talked to whom, what was said, what next."""

    _name = "customer.interaction"
    _description = "Customer Interaction"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    interaction_type = fields.Selection(
        [
            ("visit", "Visit"),
            ("call", "Call"),
            ("email", "Email"),
            ("meeting", "Meeting"),
            ("complaint", "Complaint"),
            ("feedback", "Feedback"),
        ],
        string="Type",
        required=True,
        default="visit",
        tracking=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    contact_ids = fields.Many2many(
        "res.partner",
        string="Contacts Met",
        check_company=True,
        domain="[('id', 'child_of', commercial_partner_id), ('is_company', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Contacted By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    summary = fields.Html(string="What Was Said")
    next_step = fields.Char()
    next_step_date = fields.Date()

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        interactions._schedule_next_step()
        return interactions

    def _schedule_next_step(self):
        """Turn a dated next step into an activity, so it is not forgotten."""
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for interaction in self.filtered(lambda i: i.next_step and i.next_step_date):
            interaction.activity_schedule(
                activity_type_id=todo.id if todo else False,
                summary=interaction.next_step,
                date_deadline=interaction.next_step_date,
                user_id=interaction.user_id.id,
            )

    @api.constrains("name")
    def _check_name_not_blank(self):
        if any(not (record.name or "").strip() for record in self):
            raise ValidationError(_("Say what the subject is: it cannot be blank."))
