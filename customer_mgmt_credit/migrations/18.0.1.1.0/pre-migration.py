"""Block reasons are now stored as data (``reason_data``) and rendered in each
reader's language. The texts written before are kept as they were: {"text": ...}."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    for table, column in (
        ("customer_credit_block", "reasons"),
        ("customer_credit_event", "reason"),
    ):
        if not column_exists(cr, table, column):
            continue
        table_sql, column_sql = SQL.identifier(table), SQL.identifier(column)
        cr.execute(SQL("ALTER TABLE %s ADD COLUMN IF NOT EXISTS reason_data jsonb", table_sql))
        cr.execute(
            SQL(
                """UPDATE %(table)s SET reason_data = jsonb_build_object('text', %(column)s)
                    WHERE %(column)s IS NOT NULL AND %(column)s != '' AND reason_data IS NULL""",
                table=table_sql,
                column=column_sql,
            )
        )
        # the ORM does not drop a column whose field is no longer stored
        cr.execute(SQL("ALTER TABLE %s DROP COLUMN %s", table_sql, column_sql))
