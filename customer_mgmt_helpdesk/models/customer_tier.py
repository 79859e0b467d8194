from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerTier(models.Model):
    _inherit = "customer.tier"

    resolution_time_hours = fields.Integer(
        string="Resolution Time (Hours)",
        tracking=True,
        help="Working hours within which this tier's service requests are resolved. "
        "0 means no resolution promise.",
    )
    service_manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=[("share", "=", False)],
        help="Sees this tier's breached service requests and receives the escalations "
        "of requests whose team has no leader.",
    )
    service_plan_ids = fields.One2many(
        "customer.service.plan", "tier_id", string="Service Plans", context={"active_test": False}
    )
    helpdesk_sla_ids = fields.One2many(
        "helpdesk.sla", "customer_tier_id", string="Service SLAs", context={"active_test": False}
    )

    @api.constrains("resolution_time_hours")
    def _check_resolution_time(self):
        for tier in self:
            if tier.resolution_time_hours < 0:
                raise ValidationError(
                    _("The resolution time of tier %(tier)s cannot be negative.", tier=tier.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        tiers = super().create(vals_list)
        tiers._sync_service_slas()
        return tiers

    def write(self, vals):
        res = super().write(vals)
        if {"name", "active", "company_id", "response_time_hours", "resolution_time_hours"} & set(
            vals
        ):
            self._sync_service_slas()
        return res

    def unlink(self):
        self.with_context(active_test=False).helpdesk_sla_ids._retire_tier_sla()
        return super().unlink()

    def _service_stages(self):
        """Stages at which each promise is met, and where the resolution clock
        pauses (waiting on the customer)."""
        Stage = self.env["helpdesk.ticket.stage"]
        answered = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress", False)
        answered = answered or Stage.search(
            [("unattended", "=", False), ("closed", "=", False)], limit=1
        )
        resolved = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done", False)
        resolved = resolved or Stage.search([("closed", "=", True)], limit=1)
        waiting = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting", False) or Stage
        return answered, resolved, waiting

    def _service_sla_domain(self):
        """The service requests (not other helpdesk tickets) of the tier's
        customers, in the tier's company when it has one."""
        self.ensure_one()
        domain = [
            ("request_type", "!=", False),
            ("commercial_partner_id.customer_tier_id", "=", self.id),
        ]
        if self.company_id:
            domain.append(("company_id", "=", self.company_id.id))
        return domain

    def _sync_service_slas(self):
        """One helpdesk SLA per promise of the tier, applying to its customers'
        requests: OCA's SLA engine times them on the team's working calendar."""
        Sla = self.env["helpdesk.sla"].sudo().with_context(active_test=False)
        answered, resolved, waiting = self._service_stages()
        teams = self.env["helpdesk.ticket.team"].sudo().search([("service_requests", "=", True)])
        existing = {
            (sla.customer_tier_id, sla.service_kind): sla
            for sla in Sla.search([("customer_tier_id", "in", self.ids)])
        }
        to_create = []
        for tier in self:
            # an SLA's name has one language (OCA's is not translated): the company's
            company = tier.company_id or self.env.company
            named = tier.with_context(lang=company._customer_mgmt_lang())
            for kind, hours, stage, label in (
                ("response", tier.response_time_hours, answered, named.env._("First Response")),
                ("resolution", tier.resolution_time_hours, resolved, named.env._("Resolution")),
            ):
                vals = {
                    "name": named.env._("%(tier)s: %(promise)s", tier=named.name, promise=label),
                    "company_id": tier.company_id.id,
                    "hours": hours,
                    "days": 0,
                    "stage_id": stage.id,
                    "ignore_stage_ids": [(6, 0, waiting.ids if kind == "resolution" else [])],
                    "domain": repr(tier._service_sla_domain()),
                    "active": bool(tier.active and hours > 0 and stage),
                }
                sla = existing.get((tier, kind))
                if sla:
                    sla.write(vals)
                else:
                    # the service requests teams; a company adds its other teams
                    to_create.append(
                        dict(vals, customer_tier_id=tier.id, service_kind=kind, team_ids=teams.ids)
                    )
        Sla.create(to_create)
