"""Install, use, upgrade and uninstall the addons as a company on Odoo would.

Steps (each a separate Odoo run on the throwaway database, so that each loads
the registry as a server would):

    flows      make a customer, order, delivery, invoice and payment through
               Odoo's own flows, and use the addons (dossier, credit check,
               value scoring)
    uninstall  uninstall the addons in reverse order of their dependencies
    check      the standard flows still work without them

    venv/bin/python setup/lifecycle.py -c CONF -d DB STEP
"""

from bench_common import bench_env, bench_parser

from odoo import Command, fields

# in the order they are uninstalled: dependents first
ADDONS = [
    "customer_mgmt_helpdesk_scoring",
    "customer_mgmt_helpdesk",
    "customer_mgmt_scoring",
    "customer_mgmt_credit",
    "customer_mgmt",
]


def standard_flows(env, label):
    """A partner, an order confirmed and delivered, its invoice posted and paid:
    what every company on Odoo does every day."""
    partner = env["res.partner"].create({"name": f"Lifecycle Customer {label}", "is_company": True})
    partner.copy()
    product = env["product.product"].create(
        {"name": f"Lifecycle Tea {label}", "type": "consu", "is_storable": True, "list_price": 10}
    )
    stock = env.ref("stock.warehouse0").lot_stock_id
    env["stock.quant"]._update_available_quantity(product, stock, 100)
    order = env["sale.order"].create({
        "partner_id": partner.id,
        "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 3})],
    })  # fmt: skip
    order.action_confirm()
    picking = order.picking_ids
    picking.move_ids.quantity = 3
    picking.button_validate()
    assert picking.state == "done", picking.state
    invoice = order._create_invoices()
    invoice.action_post()
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoice.ids
    ).create({"payment_date": fields.Date.today()})._create_payments()
    assert invoice.payment_state in ("paid", "in_payment"), invoice.payment_state
    # The partner form still renders.
    env["res.partner"].get_views([(False, "form"), (False, "list")])
    print(f"standard flows ({label}): order {order.name}, {picking.name}, {invoice.name} paid")
    return partner


def use_addons(env, partner):
    # A tier and a source channel from the addon's data: their rows must go at
    # uninstall although customers still point to them.
    partner.write({
        "customer_stage": "active", "employee_count": 12,
        "customer_tier_id": env.ref("customer_mgmt.customer_tier_key").id,
        "source_channel_id": env["customer.source.channel"].search([], limit=1).id,
    })  # fmt: skip
    env["customer.interaction"].create({"partner_id": partner.id, "name": "First visit"})
    env.company.credit_control_active = True
    partner.credit_limit = 1000
    partner.action_compute_credit_grade()
    env["customer.score.engine"]._run(env.company)
    # A complaint timed against the tier's promise, and the tier's service plan.
    team = env.ref("customer_mgmt_helpdesk.helpdesk_team_customer_service")
    partner.customer_tier_id.write({"response_time_hours": 4, "resolution_time_hours": 24})
    ticket = env["helpdesk.ticket"].create({
        "name": "Late delivery", "description": "<p>Two days late</p>",
        "partner_id": partner.id, "team_id": team.id, "request_type": "complaint",
    })  # fmt: skip
    assert ticket.response_deadline, "the tier's promise sets the deadline"
    env["customer.service.plan"].create(
        {"name": "Quarterly review", "tier_id": partner.customer_tier_id.id}
    )._schedule()
    print(f"addons used: dossier (tier {partner.customer_tier_id.name}), interaction, "
          f"credit grade, value scores, service request {ticket.number}, service plan")  # fmt: skip


def uninstall(env):
    for name in ADDONS:
        module = env["ir.module.module"].search([("name", "=", name)])
        module.button_immediate_uninstall()
        env.cr.commit()
        print(f"uninstalled {name}")


def main():
    parser = bench_parser(__doc__.splitlines()[0])
    parser.add_argument("step", choices=["flows", "uninstall", "check"])
    args = parser.parse_args()
    with bench_env(args) as env:
        if args.step == "flows":
            use_addons(env, standard_flows(env, "with the addons"))
        elif args.step == "uninstall":
            uninstall(env)
        else:
            installed = env["ir.module.module"].search(
                [("name", "in", ADDONS), ("state", "!=", "uninstalled")]
            )
            assert not installed, installed.mapped("name")
            standard_flows(env, "after uninstall")
            # OCA's helpdesk stays: a new ticket must not trip on our retired SLAs.
            env["helpdesk.ticket"].create({
                "name": "After uninstall", "description": "<p>-</p>",
                "team_id": env["helpdesk.ticket.team"].search([("use_sla", "=", True)], limit=1).id,
            })  # fmt: skip
            print("standard flows (after uninstall): a helpdesk ticket created")
        env.cr.commit()


if __name__ == "__main__":
    main()
