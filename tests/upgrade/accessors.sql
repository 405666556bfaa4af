-- The profiles an earlier release wrote (table :table, column profile,
-- received from that release's binary form, which the receive function
-- decodes in its own layout: 0.1.0 without a header, 0.2.0 with the days
-- before the categories) give every accessor what the same values read
-- from their text forms give, both written in the current layout (version
-- 4 or 5). Reading the earlier layouts in place is tested in the core's
-- unit tests, which write them.
SET upgrade_test.stored_table = :'table';
-- Every accessor's result over one profile, as one row.
CREATE FUNCTION pg_temp.readings(p segments.customer_profile) RETURNS text LANGUAGE sql AS $$
    SELECT ROW(segments.metrics(p, '2026-12-01'), segments.top_category(p), segments.top_category_share(p),
               segments.category_shares(p), segments.category_hhi(p), segments.preference(p, 0.6),
               segments.orders(p), segments.lines(p), segments.total(p), segments.purchase_days(p),
               segments.first_purchase(p), segments.last_purchase(p), segments.max_order(p),
               segments.returns(p), segments.skipped(p), segments.avg_order(p),
               segments.plus(p, p)::text, segments.minus(p, p)::text)::text
$$;
DO $$
DECLARE
    differ bigint;
    current_forms bigint;
BEGIN
    EXECUTE format($query$
    SELECT count(*) FILTER (WHERE pg_temp.readings(old) IS DISTINCT FROM pg_temp.readings(new)),
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
