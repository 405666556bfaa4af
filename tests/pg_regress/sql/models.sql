-- Customer value models: BG/NBD and Gamma-Gamma fitted and applied in SQL.
SET extra_float_digits = 0;

-- 4,000 customers drawn from a BG/NBD process in weeks (deterministic
-- uniforms from hashint8): purchase rates vary by customer, each drops out
-- after a purchase with its own probability; spend per customer varies.
CREATE OR REPLACE FUNCTION pg_temp.u(seed bigint) RETURNS float8 IMMUTABLE LANGUAGE sql
AS $$ SELECT ((hashint8(seed)::bigint & 2147483647) + 0.5) / 2147483648.0 $$;
CREATE TABLE model_customers AS
WITH customers AS (
    SELECT i AS customer_id, 26 + i % 27 AS age,
           -ln(pg_temp.u(i)) * -ln(pg_temp.u(i + 1000000)) * 0.25 AS rate,
           pg_temp.u(i + 2000000) ^ 3 AS dropout
    FROM generate_series(1::bigint, 4000) AS i),
events AS (
    SELECT customer_id, age, k, dropout,
           sum(-ln(pg_temp.u(customer_id * 1000 + k + 3000000)) / rate) OVER w AS at,
           coalesce(bool_and(pg_temp.u(customer_id * 1000 + k + 9000000) >= dropout)
               OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), true) AS survived
    FROM customers, generate_series(1, 60) AS k
    WINDOW w AS (PARTITION BY customer_id ORDER BY k))
SELECT customer_id, count(*) FILTER (WHERE at <= age AND survived)::float8 AS x,
       round(coalesce(max(at) FILTER (WHERE at <= age AND survived), 0)::numeric, 2)::float8 AS recency,
       age::float8 AS age
FROM events GROUP BY customer_id, age;
ALTER TABLE model_customers ADD COLUMN monetary float8;
UPDATE model_customers SET monetary = CASE WHEN x = 0 THEN 0 ELSE
  round((40 / (-ln(pg_temp.u(customer_id + 5000000)) - ln(pg_temp.u(customer_id + 6000000)) - ln(pg_temp.u(customer_id + 7000000)))
   * (1 + (pg_temp.u(customer_id + 8000000) - 0.5) / sqrt(x)))::numeric, 2)::float8 END;
SELECT count(*) AS customers, sum((x = 0)::int) AS without_repeat_purchase, max(x) AS most_repeat_purchases
FROM model_customers;

-- The fit: parameters, how it went; alpha is in weeks. The dropout
-- probabilities were drawn as u^3, Beta(1/3, 1): a and b come back near.
CREATE TABLE fitted AS
SELECT segments.bgnbd_fit(x, recency, age) AS purchases,
       segments.gamma_gamma_fit(x, monetary) AS spend
FROM model_customers;
SELECT round((segments.params(purchases)->>'r')::numeric, 3) AS r,
       round((segments.params(purchases)->>'alpha')::numeric, 3) AS alpha,
       round((segments.params(purchases)->>'a')::numeric, 3) AS a,
       round((segments.params(purchases)->>'b')::numeric, 3) AS b,
       round((segments.params(purchases)->>'log_likelihood')::numeric, 1) AS log_likelihood,
       segments.params(purchases)->'customers' AS customers,
       segments.params(purchases)->'converged' AS converged
FROM fitted;
SELECT round((segments.params(spend)->>'p')::numeric, 3) AS p,
       round((segments.params(spend)->>'q')::numeric, 3) AS q,
       round((segments.params(spend)->>'v')::numeric, 3) AS v,
       segments.params(spend)->'customers' AS customers,
       segments.params(spend)->'converged' AS converged
FROM fitted;

-- The models read back from their text and binary forms, and from a table.
SELECT purchases::text::segments.bgnbd::text = purchases::text AS bgnbd_text,
       spend::text::segments.gamma_gamma::text = spend::text AS gamma_gamma_text
FROM fitted;
SELECT segments.bgnbd_send(purchases) = segments.bgnbd_send(purchases::text::segments.bgnbd) AS bgnbd_binary,
       segments.gamma_gamma_send(spend) = segments.gamma_gamma_send(spend::text::segments.gamma_gamma) AS gamma_gamma_binary,
       get_byte(segments.bgnbd_send(purchases), 0) AS version
FROM fitted;

-- The published CDNOW model (Fader, Hardie and Lee 2005), given as text.
CREATE TABLE paper AS
SELECT '{"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}'::segments.bgnbd AS purchases,
       '{"p": 6.25, "q": 3.74, "v": 15.44}'::segments.gamma_gamma AS spend;
SELECT purchases, spend FROM paper;
-- Their figures: customer 1 of the sample (2 repeat purchases, the last at
-- week 30.43, observed 38.86 weeks), a new customer over 52 weeks.
SELECT round(segments.p_alive(purchases, 2, 30.43, 38.86)::numeric, 6) AS p_alive,
       round(segments.expected_purchases(purchases, 39, 2, 30.43, 38.86)::numeric, 6) AS next_39_weeks,
       round(segments.expected_purchases(purchases, 52)::numeric, 6) AS new_customer_52_weeks,
       round(segments.expected_avg_value(spend, 2, 22.35)::numeric, 6) AS expected_avg_value,
       round(segments.clv(purchases, spend, 2, 30.43, 38.86, 22.35, 52)::numeric, 4) AS clv_52_weeks,
       round(segments.clv(purchases, spend, 2, 30.43, 38.86, 22.35, 52, 0.0019)::numeric, 4) AS clv_discounted
FROM paper;
-- p_alive falls as the gap since the last purchase grows.
SELECT recency, round(segments.p_alive(purchases, 5, recency, 40)::numeric, 4) AS p_alive
FROM paper, unnest('{40,35,30,20,10}'::float8[]) AS recency ORDER BY recency DESC;
-- NULL in, NULL out.
SELECT segments.p_alive(purchases, NULL, 1, 2) IS NULL AS null_frequency,
       segments.clv(purchases, spend, 1, 1, 2, NULL, 52) IS NULL AS null_monetary
FROM paper;

-- Partial states combine to the one-pass fit (what parallel workers and
-- Citus do); their text form round-trips.
CREATE AGGREGATE bgnbd_partial(float8, float8, float8) (
    SFUNC = segments.bgnbd_fit_transition, STYPE = segments.bgnbd_state);
CREATE AGGREGATE bgnbd_combined(segments.bgnbd_state) (
    SFUNC = segments.bgnbd_fit_combine, STYPE = segments.bgnbd_state, FINALFUNC = segments.bgnbd_fit_final);
CREATE AGGREGATE spend_partial(float8, float8) (
    SFUNC = segments.gamma_gamma_fit_transition, STYPE = segments.gamma_gamma_state);
CREATE AGGREGATE spend_combined(segments.gamma_gamma_state) (
    SFUNC = segments.gamma_gamma_fit_combine, STYPE = segments.gamma_gamma_state, FINALFUNC = segments.gamma_gamma_fit_final);
CREATE TABLE shipped AS
SELECT customer_id % 4 AS shard, bgnbd_partial(x, recency, age)::text AS purchases, spend_partial(x, monetary)::text AS spend
FROM model_customers GROUP BY 1;
SELECT bool_and(purchases::segments.bgnbd_state::text = purchases) AND bool_and(spend::segments.gamma_gamma_state::text = spend) AS round_trip
FROM shipped;
SELECT (SELECT bgnbd_combined(purchases::segments.bgnbd_state) FROM shipped)::text = (SELECT purchases::text FROM fitted) AS bgnbd_equal,
       (SELECT spend_combined(spend::segments.gamma_gamma_state) FROM shipped)::text = (SELECT spend::text FROM fitted) AS gamma_gamma_equal;

-- Serial and parallel give the same model.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT segments.bgnbd_fit(x, recency, age)::text = (SELECT purchases::text FROM fitted) AS parallel_equal FROM model_customers;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- Options; rows with a NULL are skipped; no rows give NULL.
SELECT segments.params(segments.bgnbd_fit(x, recency, age, '{"max_iterations": 2}'))->'converged' AS converged_in_2
FROM model_customers;
SELECT segments.params(segments.bgnbd_fit(x, recency, age))->'customers' AS customers
FROM (SELECT x, recency, age FROM model_customers UNION ALL SELECT NULL, 1, 2) AS t;
SELECT segments.bgnbd_fit(x, recency, age) IS NULL AS empty FROM model_customers WHERE false;
-- Nobody bought again: no estimate, said so.
SELECT segments.params(segments.bgnbd_fit(0, 0, age))->'converged' AS converged FROM model_customers;

-- Bad input: 22023 naming the argument.
\set VERBOSITY sqlstate
SELECT segments.p_alive(purchases, 'NaN', 1, 2) FROM paper;
\set VERBOSITY default
SELECT segments.p_alive(purchases, 'NaN', 1, 2) FROM paper;
SELECT segments.p_alive(purchases, -1, 1, 2) FROM paper;
SELECT segments.p_alive(purchases, 1, 3, 2) FROM paper;
SELECT segments.p_alive(purchases, 0, 1, 2) FROM paper;
SELECT segments.p_alive(purchases, 1.5, 1, 2) FROM paper;
SELECT segments.expected_purchases(purchases, 'Infinity', 1, 1, 2) FROM paper;
SELECT segments.expected_avg_value(spend, 2, 0) FROM paper;
SELECT segments.clv(purchases, spend, 1, 1, 2, 10, 52, -0.1) FROM paper;
SELECT segments.bgnbd_fit(x, 1, 2) FROM (VALUES (1.0::float8), (2)) AS t(x);
SELECT segments.gamma_gamma_fit(x, 10) FROM (VALUES (0.0::float8), (2)) AS t(x);
SELECT segments.bgnbd_fit(x, recency, age, '{"max_iterations": 0}') FROM model_customers;
SELECT segments.bgnbd_fit(x, recency, age, '{"speed": 1}') FROM model_customers;
SELECT segments.bgnbd_fit(x, recency, age) FROM (VALUES (1::float8, 2::float8, 1::float8)) AS t(x, recency, age);
SELECT '{"r": 0, "alpha": 1, "a": 1, "b": 1}'::segments.bgnbd;
SELECT '{"r": 1, "alpha": 1, "a": 1}'::segments.bgnbd;
SELECT '{"p": 1, "q": 1, "v": -1}'::segments.gamma_gamma;
