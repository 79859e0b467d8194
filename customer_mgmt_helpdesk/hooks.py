def post_init_hook(env):
    """Tiers that exist already get their service SLAs."""
    env["customer.tier"].with_context(active_test=False).search([])._sync_service_slas()


def uninstall_hook(env):
    """The tiers' SLAs read the tier of the ticket's customer, a field that goes
    with our addons: retire them, or OCA's SLA engine would fail on every new
    ticket. Past tickets keep their SLA lines."""
    env["helpdesk.sla"].with_context(active_test=False).search(
        [("customer_tier_id", "!=", False)]
    )._retire_tier_sla()
