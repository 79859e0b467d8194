import { registry } from "@web/core/registry";

// A salesperson back from a visit logs the customer's complaint, opens it as a
// service request and answers the customer from the request's chatter. The
// Python test checks the request is answered within the tier's promise.
registry.category("web_tour.tours").add("customer_mgmt_service_tour", {
    steps: () => [
        {
            content: "New interaction",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "What the customer complained about",
            trigger: "div[name='name'] input",
            run: "edit Display shelf delivered broken",
        },
        {
            content: "It is a complaint",
            trigger: "div[name='interaction_type'] select",
            run: "selectByLabel Complaint",
        },
        {
            content: "The customer",
            trigger: "div[name='partner_id'] input",
            run: "edit Tour Tea House",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Tea House')",
            run: "click",
        },
        {
            content: "Open a service request from the complaint",
            trigger: "button[name='action_create_service_request']",
            run: "click",
        },
        {
            content: "The service request opens",
            trigger: ".o_form_view .o_field_widget[name='request_type']",
        },
        {
            content: "Answer the customer",
            trigger: "button:contains(Send message)",
            run: "click",
        },
        {
            content: "Write the answer",
            trigger: ".o-mail-Composer-input",
            run: "edit A new shelf goes out with tomorrow's delivery.",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer is on the request",
            trigger: ".o-mail-Message:contains('A new shelf goes out')",
        },
    ],
});
