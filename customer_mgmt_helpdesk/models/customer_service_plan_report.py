from odoo import fields, models, tools


class CustomerServicePlanReport(models.Model):
    """Each tier plan against each customer of the tier: services planned over
    the last twelve months and done in them, by customer and salesperson."""

    _name = "customer.service.plan.report"
    _description = "Service Plans: Planned vs Done"
    _auto = False
    _order = "next_due, partner_id"

    plan_id = fields.Many2one("customer.service.plan", string="Service Plan", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    tier_id = fields.Many2one("customer.tier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    planned = fields.Integer(string="Planned (12 Months)", readonly=True)
    done = fields.Integer(string="Done (12 Months)", readonly=True)
    missing = fields.Integer(readonly=True, help="Planned but not done, over the 12 months.")
    last_done = fields.Datetime(readonly=True)
    next_due = fields.Date(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The plan's services in the last 12 months, or since it started if later.
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
            WITH served AS (
                SELECT i.commercial_partner_id, i.service_plan_id,
                       COUNT(*) FILTER (WHERE i.date >= now() - interval '12 months') AS done,
                       MAX(i.date) AS last_done
                  FROM customer_interaction i
                 WHERE i.service_plan_id IS NOT NULL
                 GROUP BY i.commercial_partner_id, i.service_plan_id
            ), rows AS (
                SELECT plan.id AS plan_id, p.id AS partner_id, p.user_id,
                       plan.tier_id, p.company_id,
                       -- due once as the plan starts (or the customer came), then
                       -- every interval; nothing for a plan not started yet
                       CASE WHEN GREATEST(plan.date_start, p.create_date::date) > CURRENT_DATE
                            THEN 0
                            ELSE CEIL(GREATEST(LEAST(12, (CURRENT_DATE - GREATEST(
                                          plan.date_start, p.create_date::date)) / 30.4375),
                                      0.001) / plan.interval_months)::int
                       END AS planned,
                       COALESCE(s.done, 0)::int AS done,
                       s.last_done,
                       COALESCE((s.last_done + make_interval(months => plan.interval_months))::date,
                                plan.date_start) AS next_due
                  FROM customer_service_plan plan
                  JOIN res_partner p ON p.customer_tier_id = plan.tier_id
                                    AND p.active AND p.parent_id IS NULL
             LEFT JOIN served s ON s.commercial_partner_id = p.id AND s.service_plan_id = plan.id
                 WHERE plan.active
            )
            SELECT (plan_id::bigint << 32) + partner_id AS id, *,
                   GREATEST(planned - done, 0) AS missing
              FROM rows
            )"""
        )
