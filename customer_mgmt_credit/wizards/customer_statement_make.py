from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerStatementMake(models.TransientModel):
    """Make the statements of a period: for the customers selected in a list,
    for the customers who settle on one day of the month, or for every customer
    with a balance or a movement; and send them by email at once if asked."""

    _name = "customer.statement.make"
    _description = "Make Customer Statements"

    def _default_date_from(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    def _default_date_to(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(days=1)

    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            return self.env["res.partner"].browse(self.env.context.get("active_ids", []))
        return self.env["res.partner"]

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To (Cut-off)", required=True, default=_default_date_to)
    scope = fields.Selection(
        [
            ("selected", "Selected Customers"),
            ("settlement_day", "Customers Settling on a Day"),
            ("all", "All Customers with a Balance or Movement"),
        ],
        required=True,
        default=lambda self: "selected" if self._default_partner_ids() else "all",
    )
    partner_ids = fields.Many2many("res.partner", string="Customers", default=_default_partner_ids)
    settlement_day = fields.Integer(
        help="Customers whose collection agreement names this day of the month."
    )
    send = fields.Boolean(
        string="Send by Email", help="Email each statement with its PDF to the customer."
    )

    @api.model
    def _customers_settling_on(self, day):
        """Commercial customers whose settlement days include ``day``."""
        customers = self.env["res.partner"].search(
            [("collection_days", "!=", False), ("parent_id", "=", False)]
        )
        return customers.filtered(lambda p: day in p._collection_day_list())

    def _get_customers(self):
        self.ensure_one()
        if self.scope == "selected":
            if not self.partner_ids:
                raise UserError(self.env._("Choose the customers to make statements for."))
            return self.partner_ids
        if self.scope == "settlement_day":
            if not 1 <= self.settlement_day <= 31:
                raise UserError(self.env._("A settlement day is a day of the month, 1 to 31."))
            return self._customers_settling_on(self.settlement_day)
        # every customer the user may see with receivable items in the company
        groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", self.env.company.id),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("date", "<=", self.date_to),
                ("partner_id", "!=", False),
            ],
            ["partner_id"],
        )
        return self.env["res.partner"].browse([partner.id for (partner,) in groups])

    def action_make(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("A statement's period must start before it ends."))
        Statement = self.env["customer.statement"]
        Statement.check_access("create")
        customers = self._get_customers()
        if not self.env.user.has_group("customer_mgmt_credit.customer_credit_group_controller"):
            # salespeople make the statements of their own customers
            customers = customers.filtered(
                lambda p: p.commercial_partner_id.user_id == self.env.user
            )
        statements = Statement._make(customers, self.date_from, self.date_to)
        statements.check_access("create")
        if not statements:
            raise UserError(
                self.env._(
                    "None of these customers had a balance or a movement from %(start)s to "
                    "%(end)s.",
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        if self.send:
            statements._send_by_email()
        return statements._action_open()
