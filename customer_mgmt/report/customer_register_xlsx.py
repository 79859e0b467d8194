import io

import xlsxwriter

from odoo import _, api, models


class CustomerRegisterXlsx(models.AbstractModel):
    """The customer register: one row per customer with the dossier fields.

    Values are read field by field over the whole set of partners (the ORM
    prefetches them in batches), never one query per customer."""

    _name = "report.customer_mgmt.customer_register_xlsx"
    _description = "Customer Register (xlsx)"

    @api.model
    def _get_register_fields(self):
        """Partner fields exported, in column order (extension point)."""
        return [
            "name",
            "ref",
            "customer_nature",
            "customer_stage",
            "customer_tier_id",
            "user_id",
            "responsible_person",
            "phone",
            "email",
            "street",
            "city",
            "state_id",
            "country_id",
            "vat",
            "industry_id",
            "business_scope",
            "main_products",
            "employee_count",
            "annual_revenue",
            "revenue_growth",
            "source_channel_id",
            "development_potential",
            "cooperation_start",
            "man_code",
            "dossier_completeness",
            "dossier_reviewed_on",
            "dossier_next_review",
        ]

    @api.model
    def _cell_value(self, partner, field):
        value = partner[field.name]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type in ("date", "datetime"):
            return value or None
        if field.type in ("integer", "float", "monetary"):
            return value
        return value or ""

    @api.model
    def _build_xlsx(self, partners):
        names = [n for n in self._get_register_fields() if n in partners._fields]
        fields = [partners._fields[n] for n in names]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Customers"))
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for col, field in enumerate(fields):
            sheet.write(0, col, field.get_description(self.env)["string"], header)
            sheet.set_column(col, col, 22 if field.type in ("char", "text", "many2one") else 14)
        for row, partner in enumerate(partners, start=1):
            for col, field in enumerate(fields):
                value = self._cell_value(partner, field)
                if field.type in ("date", "datetime") and value:
                    sheet.write_datetime(row, col, value, date_format)
                else:
                    sheet.write(row, col, value)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, len(partners), len(fields) - 1)
        workbook.close()
        return output.getvalue()
