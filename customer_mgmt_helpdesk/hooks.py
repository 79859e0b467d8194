def post_init_hook(env):
    """Tiers that exist already get their service SLAs."""
    env["customer.tier"].with_context(active_test=False).search([])._sync_service_slas()
