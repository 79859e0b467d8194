from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.customer_credit_engine import CREDIT_MANAGER


class CustomerCreditGolive(models.TransientModel):
    """The go-live step of credit control: what switching it on would do to the
    company's customers today (grades, limits, payment terms, documents that
    would be blocked), and the switch itself, applied in one step."""

    _name = "customer.credit.golive"
    _description = "Credit Control Go-Live"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active_already = fields.Boolean(related="company_id.credit_control_active")
    line_ids = fields.One2many("customer.credit.golive.line", "wizard_id", readonly=True)
    graded_count = fields.Integer(string="Customers Graded", readonly=True)
    ungraded_count = fields.Integer(
        string="Customers Not Graded Yet",
        readonly=True,
        help="Customers with confirmed orders but no grade computed yet: compute the "
        "grades before switching on.",
    )
    blocked_order_ids = fields.Many2many(
        "sale.order", string="Quotations Blocked Today", readonly=True
    )
    blocked_picking_ids = fields.Many2many(
        "stock.picking", string="Deliveries Blocked Today", readonly=True
    )

    @api.model
    def _check_rights(self):
        if not (self.env.su or self.env.user.has_group(CREDIT_MANAGER)):
            raise AccessError(_("Only credit managers switch credit control on or off."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_rights()
        wizards = super().create(vals_list)
        wizards._compute_preview()
        return wizards

    def _graded_partners(self):
        self.ensure_one()
        Partner = self.env["res.partner"].sudo().with_company(self.company_id)
        return Partner.search([("credit_grade_computed_id", "!=", False)])

    def _compute_preview(self):
        """Per grade: customers, limits and terms that would change; documents
        that would be blocked today. One figures query for all customers."""
        Engine = self.env["customer.credit.engine"]
        for wizard in self:
            company = wizard.company_id
            partners = wizard._graded_partners()
            buyers = (
                self.env["res.partner"]
                .sudo()
                .search(self.env["res.partner"]._get_credit_grade_domain(company))
            )
            stats = {}
            for partner in partners:
                grade, limit = Engine._get_policy(partner, proposed=True)
                row = stats.setdefault(grade, [0, 0, 0])
                row[0] += 1
                current = partner.credit_limit if partner.credit_limited else None
                row[1] += current != limit
                term = partner.credit_payment_term_proposed_id
                row[2] += bool(term) and term != partner.property_payment_term_id
            orders = (
                self.env["sale.order"]
                .sudo()
                .search([("company_id", "=", company.id), ("state", "in", ("draft", "sent"))])
            )
            pickings = self.env["stock.picking"].sudo().search([
                ("company_id", "=", company.id), ("picking_type_code", "=", "outgoing"),
                ("state", "not in", ("draft", "done", "cancel")),
            ])  # fmt: skip
            # The customers the documents are judged on, as the check finds them.
            customers = orders.mapped(lambda o: o._credit_partner())
            customers |= pickings.mapped(lambda p: p._credit_partner())
            figures = Engine._get_figures(customers, company)
            blocked_orders = orders.browse([
                order.id for order in orders
                if wizard._would_block(order._credit_partner(), figures, order._credit_amount())
            ])  # fmt: skip
            blocked_pickings = pickings.browse([
                picking.id for picking in pickings
                if wizard._would_block(picking._credit_partner(), figures, 0.0)
            ])  # fmt: skip
            lines = [
                fields.Command.create({
                    "grade_id": grade.id, "customer_count": count,
                    "limit_change_count": limits, "term_change_count": terms,
                })
                for grade, (count, limits, terms) in sorted(
                    stats.items(), key=lambda item: -item[0].min_score
                )
            ]  # fmt: skip
            wizard.write({
                "line_ids": [fields.Command.clear(), *lines],
                "graded_count": len(partners),
                "ungraded_count": len(buyers - partners),
                "blocked_order_ids": [fields.Command.set(blocked_orders.ids)],
                "blocked_picking_ids": [fields.Command.set(blocked_pickings.ids)],
            })  # fmt: skip

    def _would_block(self, partner, figures, amount):
        Engine = self.env["customer.credit.engine"]
        customer = partner.sudo().with_company(self.company_id)
        grade, limit = Engine._get_policy(customer, proposed=True)
        if not (grade or limit is not None or customer.credit_hold):
            return False
        return bool(
            Engine._get_reasons(
                customer, self.company_id, figures.get(partner.id, {}), amount, grade, limit
            )
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_compute_grades(self):
        """Grade every customer with business in the company now (a preview while
        credit control is off)."""
        self.ensure_one()
        self._check_rights()
        Partner = self.env["res.partner"].sudo().with_company(self.company_id)
        Partner.search(
            Partner._get_credit_grade_domain(self.company_id)
        ).action_compute_credit_grade()
        self._compute_preview()
        return self._reopen()

    def action_go_live(self):
        """Switch credit control on: apply the proposed grades, limits (a limit set
        by hand is kept) and payment terms, then check from now on."""
        self.ensure_one()
        self._check_rights()
        company = self.company_id
        if company.credit_control_active:
            raise UserError(_("Credit control is already on for %s.", company.name))
        if not self.graded_count:
            raise UserError(_("Compute the grades first: no customer has a grade yet."))
        Engine = self.env["customer.credit.engine"]
        partners = self._graded_partners()
        for partner in partners:
            grade, limit = Engine._get_policy(partner, proposed=True)
            vals = {"credit_grade_id": grade.id}
            if limit is not None:
                vals.update(credit_limited=True, credit_limit=limit)
            partner.write(vals)
        company.sudo().write(
            {"credit_control_active": True, "credit_control_start_date": fields.Datetime.now()}
        )
        partners.with_company(company)._apply_payment_term_policy()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Credit control is on"),
                "message": _(
                    "%(count)s customers graded; orders and deliveries are checked from now on.",
                    count=len(partners),
                ),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_switch_off(self):
        self.ensure_one()
        self._check_rights()
        self.company_id.sudo().credit_control_active = False
        return {"type": "ir.actions.act_window_close"}


class CustomerCreditGoliveLine(models.TransientModel):
    _name = "customer.credit.golive.line"
    _description = "Credit Control Go-Live: a Grade"
    _order = "id"

    wizard_id = fields.Many2one("customer.credit.golive", required=True, ondelete="cascade")
    grade_id = fields.Many2one("customer.credit.grade")
    customer_count = fields.Integer(string="Customers")
    limit_change_count = fields.Integer(string="Limits Changing")
    term_change_count = fields.Integer(string="Payment Terms Changing")
