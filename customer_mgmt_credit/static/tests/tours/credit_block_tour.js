import { registry } from "@web/core/registry";

// A salesperson opens a quotation of a customer past its credit limit: the
// banner explains the block before confirming, and confirming is refused.
registry.category("web_tour.tours").add("customer_mgmt_credit_block_tour", {
    steps: () => [
        {
            content: "The banner shows the credit situation",
            trigger: ".o_form_view .alert-danger:contains('blocked by credit control')",
        },
        {
            content: "It names the figures",
            trigger: ".o_form_view .alert-danger:contains('Credit limit')",
        },
        {
            content: "Try to confirm anyway",
            trigger: ".o_form_view button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The server refuses, with the same explanation",
            trigger: ".modal:contains('blocked by credit control')",
        },
        {
            content: "Close the error",
            trigger: ".modal .btn-primary",
            run: "click",
        },
    ],
});
