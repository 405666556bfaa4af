-- The profiles an earlier release wrote (table :table, column profile,
-- received from that release's binary form, which the receive function
-- decodes in its own layout: 0.1.0 without a header, 0.2.0 with the days
-- before the categories) give every accessor what the same values read
-- from their text forms give, both written in the current layout (version
-- 4 or 5). Reading the earlier layouts in place is tested in the core's
-- unit tests, which write them.
SET upgrade_test.stored_table = :'table';
DO $$
DECLARE
    differ bigint;
    current_forms bigint;
BEGIN
    EXECUTE format($query$
    SELECT count(*) FILTER (WHERE (segments.metrics(old, '2026-12-01'), segments.top_category(old),
                                   segments.top_category_share(old), segments.category_shares(old),
                                   segments.category_hhi(old), segments.preference(old, 0.6),
                                   segments.orders(old), segments.lines(old), segments.total(old),
                                   segments.purchase_days(old), segments.first_purchase(old),
                                   segments.last_purchase(old), segments.max_order(old),
                                   segments.returns(old), segments.skipped(old), segments.avg_order(old),
                                   segments.plus(old, old)::text, segments.minus(old, old)::text)
                                IS DISTINCT FROM
                                  (segments.metrics(new, '2026-12-01'), segments.top_category(new),
                                   segments.top_category_share(new), segments.category_shares(new),
                                   segments.category_hhi(new), segments.preference(new, 0.6),
                                   segments.orders(new), segments.lines(new), segments.total(new),
                                   segments.purchase_days(new), segments.first_purchase(new),
                                   segments.last_purchase(new), segments.max_order(new),
                                   segments.returns(new), segments.skipped(new), segments.avg_order(new),
                                   segments.plus(new, new)::text, segments.minus(new, new)::text)),
           count(*) FILTER (WHERE get_byte(segments.customer_profile_send(old), 0) IN (4, 5)
                              AND get_byte(segments.customer_profile_send(new), 0) IN (4, 5))
      FROM (SELECT profile AS old, profile::text::segments.customer_profile AS new
              FROM %s WHERE profile IS NOT NULL) AS profiles$query$,
        current_setting('upgrade_test.stored_table')::regclass)
      INTO differ, current_forms;
    IF differ > 0 THEN
        RAISE EXCEPTION '% stored profiles of % read differently from the current layout', differ, current_setting('upgrade_test.stored_table');
    END IF;
    IF current_forms = 0 THEN
        RAISE EXCEPTION 'no profile in % to compare', current_setting('upgrade_test.stored_table');
    END IF;
END $$;
