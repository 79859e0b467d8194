from odoo import models


class CustomerCreditAgeingXlsx(models.AbstractModel):
    """Aged receivables as a workbook: the selected lines, or (``all`` in the
    data) every line the reader may see."""

    _name = "report.customer_mgmt_credit.ageing_xlsx"
    _inherit = "report.customer_mgmt.xlsx"
    _description = "Aged Receivables (Excel)"

    def _get_sheets(self, data, lines):
        if data.get("all"):
            lines = lines.search([])  # pylint: disable=no-search-all
        return [self._list_sheet(lines, lines._get_export_fields(), self.env._("Aged Receivables"))]
