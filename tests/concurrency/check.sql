-- After the run: one last refresh, then the view's totals must equal sum()
-- over the base table, customer by customer and in all, to the cent.
REFRESH MATERIALIZED VIEW CONCURRENTLY bench.customer_profile;
DO $$
DECLARE
    wrong bigint;
    view_total numeric;
    table_total numeric;
BEGIN
    SELECT count(*) INTO wrong
    FROM (SELECT customer, segments.total(p) AS total, segments.orders(p) AS orders FROM bench.customer_profile) AS v
    FULL JOIN (SELECT customer, sum(amount) AS total, count(*) AS orders FROM bench.order_line GROUP BY customer) AS b
        USING (customer)
    WHERE v.total IS DISTINCT FROM b.total OR v.orders IS DISTINCT FROM b.orders;
    SELECT sum(segments.total(p)) INTO view_total FROM bench.customer_profile;
    SELECT sum(amount) INTO table_total FROM bench.order_line;
    IF wrong > 0 OR view_total IS DISTINCT FROM table_total THEN
        RAISE EXCEPTION 'after the concurrent run % customers differ; view total %, table total %',
            wrong, view_total, table_total;
    END IF;
    RAISE NOTICE 'view and table agree: % order lines, total %', (SELECT count(*) FROM bench.order_line), view_total;
END $$;
