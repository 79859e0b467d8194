import base64
import io
from datetime import date

import xlsxwriter

from odoo import api, fields, models


class CustomerMgmtXlsx(models.AbstractModel):
    """Excel exports of the suite: one row per record, one column per field,
    with the labels and formats a person expects. Values are read field by field
    over the whole recordset (the ORM prefetches in batches), never one query per row."""

    _name = "report.customer_mgmt.xlsx"
    _description = "Customer Management Excel Export"

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
    def _add_sheet(self, workbook, sheet_name, headers, rows):
        """Write a sheet: a bold header row, then ``rows`` (lists of cell values;
        dates get a date format), with frozen headers and an autofilter."""
        sheet = workbook.add_worksheet(sheet_name[:31])
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for col, title in enumerate(headers):
            sheet.write(0, col, title, header)
            sheet.set_column(col, col, max(14, min(len(title) + 4, 40)))
        count = 0
        for count, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                if isinstance(value, date) and value:
                    sheet.write_datetime(count, col, value, date_format)
                else:
                    sheet.write(count, col, value)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, count, max(len(headers) - 1, 0))
        return sheet

    @api.model
    def _build_workbook(self, sheets):
        """The bytes of an xlsx workbook of ``sheets``: (name, headers, rows) each."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        for sheet_name, headers, rows in sheets:
            self._add_sheet(workbook, sheet_name, headers, rows)
        workbook.close()
        return output.getvalue()

    @api.model
    def _build(self, records, field_names, sheet_name):
        """Return the bytes of an xlsx workbook listing ``records``."""
        fields_ = [records._fields[name] for name in field_names if name in records._fields]
        headers = [field.get_description(self.env)["string"] for field in fields_]
        rows = ([self._cell_value(record, field) for field in fields_] for record in records)
        return self._build_workbook([(sheet_name, headers, rows)])

    @api.model
    def _download_content(self, content, filename, res_model):
        """Store an xlsx file as an attachment and return the action that downloads it."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "%s-%s.xlsx" % (filename, fields.Date.context_today(self)),
                "datas": base64.b64encode(content),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "res_model": res_model,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "self",
        }

    @api.model
    def _download(self, records, field_names, sheet_name, filename):
        """Build the workbook of ``records`` and return the action that downloads it."""
        content = self._build(records, field_names, sheet_name)
        return self._download_content(content, filename, records._name)
