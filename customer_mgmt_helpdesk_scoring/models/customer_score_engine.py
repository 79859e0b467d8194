from odoo import api, models
from odoo.tools import SQL


class CustomerScoreEngine(models.AbstractModel):
    _inherit = "customer.score.engine"

    @api.model
    def _requests_kept(self):
        return True

    @api.model
    def _requests_sql(self, company, start, end):
        """Seed 002's reasonableness of complaints: the complaints and claims of
        the look-back found not justified count against the customer (justified
        ones are the company's fault, not a mark of the customer's value)."""
        return SQL(
            """SELECT t.commercial_partner_id AS cp, COUNT(*)::float8 AS unfounded
                 FROM helpdesk_ticket t
                WHERE t.request_type IN ('complaint', 'claim') AND t.justified = 'no'
                  AND t.active
                  AND t.company_id = %(company)s
                  AND t.create_date >= %(start)s AND t.create_date < %(end)s
                GROUP BY t.commercial_partner_id""",
            company=company.id,
            start=start,
            end=end,
        )
