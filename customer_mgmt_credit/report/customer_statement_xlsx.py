from odoo import models


class CustomerStatementXlsx(models.AbstractModel):
    """Statements as a workbook: one row per statement with its figures, then
    their movements and their open items."""

    _name = "report.customer_mgmt_credit.statement_xlsx"
    _inherit = "report.customer_mgmt.xlsx"
    _description = "Customer Statements (Excel)"

    def _get_sheets(self, data, statements):
        lines = statements.line_ids
        items = statements.open_item_ids
        line_fields = [
            "statement_id", "date", "reference", "kind", "date_maturity", "debit", "credit",
            "balance", "disputed", "dispute_note",
        ]  # fmt: skip
        return [
            self._list_sheet(
                statements,
                [
                    "name",
                    "partner_id",
                    "date_from",
                    "date_to",
                    "version",
                    "state",
                    "opening_balance",
                    "invoiced",
                    "credit_notes",
                    "paid",
                    "other_moves",
                    "closing_balance",
                    "overdue_amount",
                    "age_current",
                    "age_1_30",
                    "age_31_60",
                    "age_61_90",
                    "age_over_90",
                    "uninvoiced_amount",
                    "answered_by",
                    "answer_note",
                ],  # fmt: skip
                self.env._("Statements"),
            ),
            self._list_sheet(lines, line_fields, self.env._("Movements")),
            self._list_sheet(
                items,
                [*line_fields[:5], "days_overdue", "age", "balance", "disputed"],
                self.env._("Open Items"),
            ),  # fmt: skip
        ]
