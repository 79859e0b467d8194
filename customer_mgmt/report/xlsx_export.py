from datetime import date

from odoo import api, models


class CustomerMgmtXlsx(models.AbstractModel):
    """Base of the suite's Excel reports, on OCA's report_xlsx: the workbook is
    built in memory when it is downloaded and never stored. A report returns its
    sheets, (name, headers, rows) each; ``_list_sheet`` makes one of a recordset,
    one column per field, read field by field over the whole recordset (the ORM
    prefetches in batches), never one query per row."""

    _name = "report.customer_mgmt.xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer Management Excel Report"

    def get_workbook_options(self):
        # No temporary files: the workbook is small next to the memory of a worker.
        return {"in_memory": True}

    def generate_xlsx_report(self, workbook, data, objs):
        for sheet_name, headers, rows in self._get_sheets(data or {}, objs):
            self._add_sheet(workbook, sheet_name, headers, rows)

    def _get_sheets(self, data, records):
        """The sheets of the report of ``records``: [(name, headers, rows)]."""
        raise NotImplementedError()

    @api.model
    def _cell_value(self, record, field):
        value = record[field.name]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type in ("date", "datetime"):
            return value or None
        if field.type in ("integer", "float", "monetary"):
            return value
        if field.type == "boolean":
            return bool(value)
        return value or ""

    @api.model
    def _list_sheet(self, records, field_names, sheet_name):
        """A sheet listing ``records``, a column per field of ``field_names``."""
        fields_ = [records._fields[name] for name in field_names if name in records._fields]
        headers = [field.get_description(self.env)["string"] for field in fields_]
        rows = ([self._cell_value(record, field) for field in fields_] for record in records)
        return sheet_name, headers, rows

    @api.model
    def _add_sheet(self, workbook, sheet_name, headers, rows):
        """Write a sheet: a bold header row, then ``rows`` (lists of cell values;
        dates and decimals get their formats), with frozen headers and an autofilter."""
        sheet = workbook.add_worksheet(sheet_name[:31])
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        # Amounts and shares read with two decimals, never 1386826.459999999.
        number_format = workbook.add_format({"num_format": "#,##0.00"})
        for col, title in enumerate(headers):
            sheet.write(0, col, title, header)
            sheet.set_column(col, col, max(14, min(len(title) + 4, 40)))
        count = 0
        for count, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                if isinstance(value, date) and value:
                    sheet.write_datetime(count, col, value, date_format)
                elif isinstance(value, float):
                    sheet.write_number(count, col, value, number_format)
                else:
                    sheet.write(count, col, value)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, count, max(len(headers) - 1, 0))
        return sheet
