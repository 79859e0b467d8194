from odoo import models


class CustomerChurnXlsx(models.AbstractModel):
    """The selected churn records, one row each (Print > Churn Analysis)."""

    _name = "report.customer_mgmt.churn_xlsx"
    _inherit = "report.customer_mgmt.xlsx"
    _description = "Churn Analysis (Excel)"

    def _get_sheets(self, data, records):
        return [self._list_sheet(records, records._get_export_fields(), self.env._("Churn"))]
