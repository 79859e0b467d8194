import { registry } from "@web/core/registry";

const APP = "customer_mgmt.customer_mgmt_menu_root";
const CJK = /[\u4e00-\u9fff]/;

function menuItems(menuService, menu, path = []) {
    const here = [...path, menu.name];
    return [
        ...(menu.actionID ? [{ menu, path: here.join(" / ") }] : []),
        ...menu.children.flatMap((id) => menuItems(menuService, menuService.getMenu(id), here)),
    ];
}

async function settled() {
    // Let the action load its views and data; an RPC error opens its dialog.
    for (let i = 0; i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (document.querySelector(".o_error_dialog")) {
            return;
        }
        if (!document.querySelector(".o_loading_indicator, .o_blockUI")) {
            return;
        }
    }
}

// Whoever runs it (a salesperson, an accountant, a manager, in Chinese) opens
// every screen of the Customer Management app they can see: no menu may be left
// in English, no screen may fail. Downloads (Excel reports) are not opened.
registry.category("web_tour.tours").add("customer_mgmt_screens_tour", {
    steps: () => [
        {
            content: "Open every screen of the app",
            trigger: ".o_main_navbar",
            // one step for some thirty screens: more than the default 10 s (60 s at most)
            timeout: 60000,
            run: async () => {
                const env = odoo.__WOWL_DEBUG__.root.env;
                const menus = env.services.menu;
                const app = menus.getApps().find((menu) => menu.xmlid === APP);
                if (!app) {
                    throw new Error("the Customer Management app is not in the menu");
                }
                const items = menuItems(menus, app);
                const untranslated = items.filter(({ menu }) => !CJK.test(menu.name));
                if (untranslated.length) {
                    throw new Error(
                        `menus not in Chinese: ${untranslated.map((item) => item.path).join(", ")}`
                    );
                }
                for (const { menu, path } of items) {
                    if (menu.actionModel === "ir.actions.report") {
                        continue;
                    }
                    await env.services.action.doAction(menu.actionID, { clearBreadcrumbs: true });
                    await settled();
                    if (document.querySelector(".o_error_dialog")) {
                        throw new Error(`opening ${path} failed`);
                    }
                }
                document.body.classList.add("o_cm_screens_done");
            },
        },
        {
            content: "Every screen opened",
            trigger: "body.o_cm_screens_done",
        },
    ],
});
