def migrate(cr, version):
    # The unique key (partner, company, period) serves the lookups by partner, and
    # the ORM does not drop an index a field no longer asks for.
    cr.execute("DROP INDEX IF EXISTS customer_score_history__partner_id_index")
