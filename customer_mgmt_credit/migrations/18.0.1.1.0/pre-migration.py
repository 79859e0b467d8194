"""Block reasons and alert descriptions are now stored as data and rendered in
each reader's language. Texts written before are kept as they were: {"text": ...}."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    for table, column, data in (
        ("customer_credit_block", "reasons", "reason_data"),
        ("customer_credit_event", "reason", "reason_data"),
        ("customer_credit_alert", "description", "description_data"),
    ):
        if not column_exists(cr, table, column):
            continue
        table_sql, column_sql = SQL.identifier(table), SQL.identifier(column)
        data_sql = SQL.identifier(data)
        cr.execute(SQL("ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s jsonb", table_sql, data_sql))
        cr.execute(
            SQL(
                """UPDATE %(table)s SET %(data)s = jsonb_build_object('text', %(column)s)
                    WHERE %(column)s IS NOT NULL AND %(column)s != '' AND %(data)s IS NULL""",
                table=table_sql,
                column=column_sql,
                data=data_sql,
            )
        )
        # the ORM does not drop a column whose field is no longer stored
        cr.execute(SQL("ALTER TABLE %s DROP COLUMN %s", table_sql, column_sql))
