{
    "name": "Customer Management: Service Requests",
    "summary": "Complaints, feedback, claims and service needs as helpdesk tickets, "
    "answered and resolved within the customer tier's promise, with escalation, "
    "breaches and satisfaction",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "customer_mgmt",
    "maintainers": ["customer_mgmt"],
    "website": "https://github.com/customer-mgmt/customer_mgmt",
    # AGPL: it builds on OCA's helpdesk_mgmt and helpdesk_mgmt_sla (AGPL-3).
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["customer_mgmt", "helpdesk_mgmt", "helpdesk_mgmt_sla"],
    "data": [
        "security/customer_mgmt_helpdesk_security.xml",
        "security/ir.model.access.csv",
        "data/helpdesk_data.xml",
        "data/customer_tier_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/customer_service_plan_views.xml",
        "views/customer_tier_views.xml",
        "views/customer_interaction_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/customer_churn_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_mgmt_helpdesk/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
