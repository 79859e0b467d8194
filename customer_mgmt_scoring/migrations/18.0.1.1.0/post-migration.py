def migrate(cr, version):
    # The latest snapshots are now those of the company's latest period, not a flag
    # that the first run of every period had to clear on all earlier rows.
    cr.execute(
        """
        UPDATE res_company c
           SET value_latest_period = (SELECT max(h.period) FROM customer_score_history h
                                       WHERE h.company_id = c.id AND h.is_latest)
        """
    )
    cr.execute("ALTER TABLE customer_score_history DROP COLUMN is_latest")
    # The unique key (partner, company, period) serves the lookups by partner, and
    # the ORM does not drop an index a field no longer asks for.
    cr.execute("DROP INDEX IF EXISTS customer_score_history__partner_id_index")
