from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class CustomerHandoverWizard(models.TransientModel):
    """Reassign customers from a leaving salesperson, with what is still open,
    so that nothing is lost (seed 000/004)."""

    _name = "customer.handover.wizard"
    _description = "Customer Handover"

    from_user_id = fields.Many2one(
        "res.users", string="From Salesperson", required=True, domain="[('share', '=', False)]"
    )
    to_user_id = fields.Many2one(
        "res.users",
        string="To Salesperson",
        required=True,
        domain="[('share', '=', False), ('active', '=', True)]",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        compute="_compute_partner_ids",
        store=True,
        readonly=False,
        domain="[('user_id', '=', from_user_id), ('parent_id', '=', False)]",
    )
    move_activities = fields.Boolean(string="Open Activities", default=True)
    move_commitments = fields.Boolean(string="Open Commitments", default=True)
    move_quotations = fields.Boolean(string="Open Quotations", default=True)
    note = fields.Text(string="Reason")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and self.env.context.get(
            "active_ids"
        ):
            partners = self.env["res.partner"].browse(self.env.context["active_ids"])
            res["from_user_id"] = partners[:1].user_id.id
        return res

    @api.depends("from_user_id")
    def _compute_partner_ids(self):
        active_ids = (
            self.env.context.get("active_ids")
            if self.env.context.get("active_model") == "res.partner"
            else None
        )
        for wizard in self:
            domain = [("user_id", "=", wizard.from_user_id.id), ("parent_id", "=", False)]
            if active_ids:
                domain.append(("id", "in", active_ids))
            wizard.partner_ids = (
                self.env["res.partner"].search(domain) if wizard.from_user_id else False
            )

    def action_handover(self):
        self.ensure_one()
        if self.from_user_id == self.to_user_id:
            raise UserError(_("Choose a different salesperson to hand the customers over to."))
        if not self.partner_ids:
            raise UserError(
                _("There is no customer of %(user)s to hand over.", user=self.from_user_id.name)
            )
        to_user = self.to_user_id
        if not to_user.active or to_user.share:
            raise UserError(
                _(
                    "%(user)s cannot take over customers: only active internal users can.",
                    user=to_user.name,
                )
            )
        others = self.partner_ids.filtered(lambda p: p.user_id != self.from_user_id)
        if others:
            raise UserError(
                _(
                    "%(customers)s are not customers of %(user)s.",
                    customers=", ".join(others.mapped("display_name")),
                    user=self.from_user_id.name,
                )
            )
        customers = self.partner_ids
        # The contacts of each customer follow the company.
        contacts = self.env["res.partner"].search(
            [("id", "child_of", customers.ids), ("user_id", "=", self.from_user_id.id)]
        )
        (customers | contacts).write({"user_id": self.to_user_id.id})
        activities = self._move_activities(customers | contacts) if self.move_activities else []
        commitments = self._move_commitments(customers) if self.move_commitments else []
        churns = self._move_churn(customers)
        quotations = self._move_quotations(customers) if self.move_quotations else []
        body = Markup("<p>%s</p>") % _(
            "Customer handed over from %(from)s to %(to)s by %(by)s: "
            "%(activities)s open activities, %(commitments)s open commitments, "
            "%(churns)s open churn records and %(quotations)s open quotations moved.",
            **{
                "from": self.from_user_id.name,
                "to": self.to_user_id.name,
                "by": self.env.user.name,
                "activities": len(activities),
                "commitments": len(commitments),
                "churns": len(churns),
                "quotations": len(quotations),
            },
        )
        if self.note:
            body += Markup("<p>%s</p>") % self.note
        for customer in customers:
            customer.message_post(body=body, subtype_xmlid="mail.mt_note")
        return {"type": "ir.actions.act_window_close"}

    def _move_activities(self, partners):
        commitments = self.env["customer.commitment"].search(
            [("commercial_partner_id", "in", self.partner_ids.ids)]
        )
        interactions = self.env["customer.interaction"].search(
            [("commercial_partner_id", "in", self.partner_ids.ids)]
        )
        orders = self.env["sale.order"].search([("partner_id", "in", partners.ids)])
        churns = self.env["customer.churn"].search([("partner_id", "in", self.partner_ids.ids)])
        records = {
            "res.partner": partners.ids,
            "customer.commitment": commitments.ids,
            "customer.interaction": interactions.ids,
            "customer.churn": churns.ids,
            "sale.order": orders.ids,
        }
        domain = expression.AND(
            [
                [("user_id", "=", self.from_user_id.id)],
                expression.OR(
                    [
                        [("res_model", "=", model), ("res_id", "in", ids)]
                        for model, ids in records.items()
                    ]
                ),
            ]
        )
        return self._reassign("mail.activity", domain)

    def _reassign(self, model, domain):
        """Give the records of ``model`` matching ``domain`` to the new salesperson."""
        records = self.env[model].search(domain)
        records.write({"user_id": self.to_user_id.id})
        return records

    def _move_commitments(self, customers):
        return self._reassign(
            "customer.commitment",
            [
                ("commercial_partner_id", "in", customers.ids),
                ("state", "in", ("open", "disputed")),
            ],
        )

    def _move_churn(self, customers):
        """A customer slipping away is followed by its new salesperson."""
        return self._reassign(
            "customer.churn",
            [
                ("partner_id", "in", customers.ids),
                ("state", "in", ("at_risk", "lost")),
                ("user_id", "=", self.from_user_id.id),
            ],
        )

    def _move_quotations(self, customers):
        return self._reassign(
            "sale.order",
            [
                ("partner_id", "child_of", customers.ids),
                ("state", "in", ("draft", "sent")),
                ("user_id", "=", self.from_user_id.id),
            ],
        )
