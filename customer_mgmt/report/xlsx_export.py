import base64
import io

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
    def _build(self, records, field_names, sheet_name):
        """Return the bytes of an xlsx workbook listing ``records``."""
        fields_ = [records._fields[name] for name in field_names if name in records._fields]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(sheet_name[:31])
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for col, field in enumerate(fields_):
            sheet.write(0, col, field.get_description(self.env)["string"], header)
            sheet.set_column(col, col, 22 if field.type in ("char", "text", "many2one") else 14)
        for row, record in enumerate(records, start=1):
            for col, field in enumerate(fields_):
                value = self._cell_value(record, field)
                if field.type in ("date", "datetime") and value:
                    sheet.write_datetime(row, col, value, date_format)
                else:
                    sheet.write(row, col, value)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, len(records), max(len(fields_) - 1, 0))
        workbook.close()
        return output.getvalue()

    @api.model
    def _download(self, records, field_names, sheet_name, filename):
        """Build the workbook as an attachment and return the action that downloads it."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "%s-%s.xlsx" % (filename, fields.Date.context_today(self)),
                "datas": base64.b64encode(self._build(records, field_names, sheet_name)),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "res_model": records._name,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "self",
        }
