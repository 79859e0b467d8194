from odoo.tools import SQL


def post_init_hook(env):
    """Existing customers with confirmed orders are active, not prospects."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """UPDATE res_partner p
              SET customer_stage = 'active'
            WHERE p.parent_id IS NULL
              AND EXISTS (SELECT 1 FROM sale_order so
                            JOIN res_partner c ON c.id = so.partner_id
                           WHERE so.state = 'sale' AND c.commercial_partner_id = p.id)"""
        )
    )
    env["res.partner"].invalidate_model(["customer_stage"])
