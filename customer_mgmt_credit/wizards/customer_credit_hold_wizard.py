from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.customer_credit_engine import CREDIT_CONTROLLER


class CustomerCreditHoldWizard(models.TransientModel):
    """A credit controller puts a customer on hold, or lifts the hold, with a reason."""

    _name = "customer.credit.hold.wizard"
    _description = "Credit Hold"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    hold = fields.Boolean(default=True, help="Put on hold; unticked: lift the hold.")
    reason = fields.Text()
    until_paid = fields.Boolean(
        help="Lift the hold by itself when a payment brings the customer back within its "
        "limit and overdue tolerance."
    )

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group(CREDIT_CONTROLLER):
            raise AccessError(_("Only credit controllers can put customers on hold."))
        if not (self.reason or "").strip():
            raise UserError(_("Say why the customer is put on hold or released from it."))
        # The controller is entitled (checked above) but may lack the right to edit
        # contacts in general: write the hold fields only, as superuser.
        partner = self.partner_id.commercial_partner_id.sudo()
        if bool(partner.credit_hold) == bool(self.hold):
            raise UserError(
                _("%(customer)s is already on credit hold.", customer=partner.display_name)
                if self.hold
                else _("%(customer)s is not on credit hold.", customer=partner.display_name)
            )
        now = fields.Datetime.now()
        partner.write({
            "credit_hold": self.hold,
            "credit_hold_reason": self.reason if self.hold else False,
            "credit_hold_date": now if self.hold else False,
            "credit_hold_user_id": self.env.user.id if self.hold else False,
            "credit_hold_until_paid": self.hold and self.until_paid,
        })  # fmt: skip
        self.env["customer.credit.event"].sudo().create({
            "partner_id": partner.id,
            "company_id": self.env.company.id,
            "event_type": "hold" if self.hold else "unhold",
            "reason": self.reason,
        })  # fmt: skip
        return {"type": "ir.actions.act_window_close"}
