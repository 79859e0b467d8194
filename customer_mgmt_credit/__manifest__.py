{
    "name": "Customer Management: Credit",
    "summary": "Credit grades, exposure and overdue per customer, holds, and blocking "
    "of orders and deliveries past the limit with audited releases",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "customer_mgmt",
    "maintainers": ["customer_mgmt"],
    "website": "https://github.com/customer-mgmt/customer_mgmt",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["customer_mgmt", "account", "sale", "stock", "sale_stock"],
    "data": [
        "security/customer_mgmt_credit_security.xml",
        "security/ir.model.access.csv",
        "data/customer_credit_grade_data.xml",
        "data/ir_cron_data.xml",
        "wizards/customer_credit_release_wizard_views.xml",
        "wizards/customer_credit_hold_wizard_views.xml",
        "views/customer_credit_grade_views.xml",
        "views/customer_credit_event_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_mgmt_credit/static/tests/tours/*.js",
        ],
    },
}
