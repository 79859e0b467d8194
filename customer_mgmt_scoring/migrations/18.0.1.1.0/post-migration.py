def migrate(cr, version):
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'customer_score_history' AND column_name = 'is_latest'
        """
    )
    if cr.fetchone():
        # The latest snapshots are now those of the company's latest period, not a
        # flag that the first run of every period had to clear on all earlier rows.
        cr.execute(
            """
            UPDATE res_company c
               SET value_latest_period = (SELECT max(h.period) FROM customer_score_history h
                                           WHERE h.company_id = c.id AND h.is_latest)
            """
        )
    # Snapshots have no log access any more (their date says when), and the unique
    # key (partner, company, period) serves the lookups by partner: the ORM drops
    # neither the columns nor the index by itself.
    cr.execute(
        """
        ALTER TABLE customer_score_history
            DROP COLUMN IF EXISTS is_latest,
            DROP COLUMN IF EXISTS create_uid, DROP COLUMN IF EXISTS create_date,
            DROP COLUMN IF EXISTS write_uid, DROP COLUMN IF EXISTS write_date
        """
    )
    cr.execute("DROP INDEX IF EXISTS customer_score_history__partner_id_index")
