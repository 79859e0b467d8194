from odoo import api, fields, models
from odoo.tools import SQL


class CustomerCreditLock(models.Model):
    """One row per customer and company, written at the start of every credit
    check. Under REPEATABLE READ, the second of two concurrent checks for one
    customer fails to write it (serialization failure), Odoo retries that request,
    and the retry sees the first one's order: two confirmations can never together
    pass the limit. A lock alone (SELECT FOR UPDATE) would not do: the waiting
    transaction would still read its old snapshot."""

    _name = "customer.credit.lock"
    _description = "Customer Credit Check Lock"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    checked_at = fields.Datetime()

    _sql_constraints = [
        ("partner_company_uniq", "unique (partner_id, company_id)", "One lock per customer."),
    ]

    @api.model
    def _acquire(self, partner, company):
        # Contention is expected here and retried by Odoo: not logged as an error.
        self.env.cr.execute(
            SQL(
                """INSERT INTO customer_credit_lock
                       (partner_id, company_id, checked_at, create_uid, create_date,
                        write_uid, write_date)
                   VALUES (%(partner)s, %(company)s, now() at time zone 'UTC', %(uid)s,
                           now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC')
                   ON CONFLICT (partner_id, company_id)
                   DO UPDATE SET checked_at = EXCLUDED.checked_at""",
                partner=partner.id,
                company=company.id,
                uid=self.env.uid,
            ),
            log_exceptions=False,
        )
