{
    "name": "Customer Management: Service Requests in Value Scoring",
    "summary": "The claims indicator of the customer value score also counts the "
    "customer's unfounded complaints and claims",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "customer_mgmt",
    "maintainers": ["customer_mgmt"],
    "website": "https://github.com/customer-mgmt/customer_mgmt",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["customer_mgmt_helpdesk", "customer_mgmt_scoring"],
    "auto_install": True,
}
