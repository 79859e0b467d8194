import { registry } from "@web/core/registry";

// A manager opens a scored customer: the Value page explains the score line by line
// and says which ratings are missing; the manager rates one and rescores.
registry.category("web_tour.tours").add("customer_mgmt_scoring_value_page_tour", {
    steps: () => [
        {
            content: "Open the Value page",
            trigger: ".o_notebook .nav-link:contains('Value')",
            run: "click",
        },
        {
            content: "The score is explained line by line",
            trigger: "div[name='value_score_line_ids'] .o_data_row:contains('Order Profit Margin'):contains('% margin')",
        },
        {
            content: "Missing ratings are named",
            trigger: ".alert-warning:contains('Not rated yet'):contains('Industry Influence')",
        },
        {
            content: "Add a rating",
            trigger: "div[name='value_rating_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the indicator",
            trigger: "div[name='value_rating_ids'] .o_data_row div[name='indicator_id'] input",
            run: "edit Industry",
        },
        {
            content: "Pick Industry Influence",
            trigger: ".o-autocomplete--dropdown-item:contains('Industry Influence')",
            run: "click",
        },
        {
            content: "Rate it 5",
            trigger: "div[name='value_rating_ids'] .o_data_row div[name='rating'] select",
            run: "selectByLabel 5 - Excellent",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Rescore the customer",
            trigger: ".o_form_saved button[name='action_compute_value_score']",
            run: "click",
        },
        {
            content: "The rating now counts in the score",
            trigger: "div[name='value_score_line_ids'] .o_data_row:contains('Industry Influence'):contains('5 / 5')",
        },
    ],
});
