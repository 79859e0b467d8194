import { registry } from "@web/core/registry";

// A salesperson opens a customer from the Customer Management app, fills the
// dossier and saves it. The Python test checks what was stored.
registry.category("web_tour.tours").add("customer_mgmt_dossier_tour", {
    steps: () => [
        {
            content: "Open the customer",
            trigger: ".o_kanban_record:contains('Tour Noodle Wholesale')",
            run: "click",
        },
        {
            content: "Open the dossier page",
            trigger: ".o_notebook a.nav-link:contains('Customer Dossier')",
            run: "click",
        },
        {
            content: "Set the customer nature",
            trigger: "div[name='customer_nature'] select",
            run: "selectByLabel Wholesaler",
        },
        {
            content: "Set the number of employees",
            trigger: "div[name='employee_count'] input",
            run: "edit 85",
        },
        {
            content: "Set the main products",
            trigger: "div[name='main_products'] textarea",
            run: "edit Rice noodles, vermicelli",
        },
        {
            content: "Set the development potential",
            trigger: "div[name='development_potential'] select",
            run: "selectByLabel High",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, completeness updated",
            trigger: ".o_form_saved div[name='dossier_completeness']",
        },
    ],
});
