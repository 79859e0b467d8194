from odoo import models


class CustomerRegisterXlsx(models.AbstractModel):
    """The customer register: one row per customer the export wizard chose."""

    _name = "report.customer_mgmt.register_xlsx"
    _inherit = "report.customer_mgmt.xlsx"
    _description = "Customer Register (Excel)"

    def _get_sheets(self, data, wizards):
        wizard = wizards[:1]
        return [
            self._list_sheet(
                wizard._get_partners(), wizard._get_register_fields(), self.env._("Customers")
            )
        ]
