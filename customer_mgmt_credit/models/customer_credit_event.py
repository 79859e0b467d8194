import logging

from psycopg2 import Error as PsycopgError

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class CustomerCreditEvent(models.Model):
    """The audit trail of credit decisions: each block, release, hold and unhold,
    with who, when, what, the figures and the reason."""

    _name = "customer.credit.event"
    _description = "Customer Credit Event"
    _order = "id desc"
    _check_company_auto = True

    # The trail outlives the customer: its name is kept with each event.
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, ondelete="set null")
    partner_name = fields.Char(string="Customer Name", readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    event_type = fields.Selection(
        [
            ("block", "Blocked"),
            ("release", "Released"),
            ("hold", "Put on Hold"),
            ("unhold", "Hold Lifted"),
        ],
        string="Event",
        required=True,
        index=True,
    )
    block_reason = fields.Selection(
        [
            ("hold", "On Hold"),
            ("limit", "Credit Limit"),
            ("overdue", "Overdue Debt"),
            ("prepayment", "Prepayment Required"),
        ],
    )
    document = fields.Char(help="The order or delivery concerned.")
    sale_order_id = fields.Many2one("sale.order", index=True, ondelete="set null")
    picking_id = fields.Many2one("stock.picking", index=True, ondelete="set null")
    credit_limit = fields.Monetary()
    exposure = fields.Monetary()
    amount = fields.Monetary(help="The amount of the order concerned.")
    overdue_amount = fields.Monetary()
    # a reason typed by a person is kept as written ({"text": ...}); one the
    # credit check found is rendered in each reader's language
    reason_data = fields.Json(readonly=True, copy=False)
    reason = fields.Text(compute="_compute_reason", inverse="_inverse_reason")
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id") and not vals.get("partner_name"):
                vals["partner_name"] = (
                    self.env["res.partner"].browse(vals["partner_id"]).sudo().display_name
                )
        return super().create(vals_list)

    @api.depends("reason_data", "company_id")
    @api.depends_context("lang")
    def _compute_reason(self):
        for event in self:
            event.reason = event.env["customer.credit.engine"]._render_reasons_text(event)

    def _inverse_reason(self):
        for event in self:
            event.reason_data = {"text": event.reason} if event.reason else False

    @api.model
    def _prepare_document_vals(self, event_type, partner, check, document, amount, reason):
        """The values of an event on ``document`` (an order or a delivery) of the
        commercial ``partner``, with the figures the credit ``check`` read."""
        return {
            "partner_id": partner.id,
            "partner_name": partner.sudo().display_name,
            "company_id": document.company_id.id,
            "event_type": event_type,
            "document": document.name,
            "sale_order_id": document.id if document._name == "sale.order" else False,
            "picking_id": document.id if document._name == "stock.picking" else False,
            "credit_limit": check.limit or 0.0,
            "exposure": check.exposure,
            "amount": amount,
            "overdue_amount": check.figures.get("overdue", 0.0),
            "reason_data": {"text": reason} if reason else False,
            "user_id": self.env.user.id,
        }

    @api.model
    def _log_document_block(self, check, document, amount=0.0):
        """Record that ``document`` was refused by the credit ``check``."""
        vals = self._prepare_document_vals("block", check.partner, check, document, amount, None)
        self._log_block(
            dict(vals, reason_data=check.reason_data, block_reason=next(iter(check.reason_data)))
        )

    @api.model
    def _log_block(self, vals):
        """Record a block even though the refused operation is rolled back: in a
        transaction of its own. References to records the new transaction cannot
        see (created in the refused one) are left out; a block of an operation on
        a customer nobody committed yet is not recorded."""
        try:
            with self.env.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '2s'")
                env = self.env(cr=cr)
                visible = {}
                for fname, table in (
                    ("partner_id", "res_partner"),
                    ("sale_order_id", "sale_order"),
                    ("picking_id", "stock_picking"),
                ):
                    if vals.get(fname):
                        cr.execute(
                            SQL(
                                "SELECT 1 FROM %s WHERE id = %s", SQL.identifier(table), vals[fname]
                            )
                        )
                        visible[fname] = bool(cr.fetchone())
                if not visible.get("partner_id"):
                    return
                vals = {k: v for k, v in vals.items() if visible.get(k, True)}
                env[self._name].sudo().create(vals)
                env["customer.credit.block"]._record(env, vals)
        except PsycopgError as error:
            _logger.info("Credit block not recorded: %s", error)
