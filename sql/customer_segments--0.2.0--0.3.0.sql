-- customer_segments 0.2.0 -> 0.3.0
-- Applied by ALTER EXTENSION customer_segments UPDATE TO '0.3.0'. The upgrade test
-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.
\echo Use "ALTER EXTENSION customer_segments UPDATE TO '0.3.0'" to load this file. \quit

 

 
 

 
CREATE TYPE bgnbd;

CREATE OR REPLACE FUNCTION "bgnbd_in"(
	"input" cstring  
) RETURNS bgnbd  
IMMUTABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'bgnbd_in_wrapper';

CREATE OR REPLACE FUNCTION "bgnbd_out"(
	"input" bgnbd  
) RETURNS cstring  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'bgnbd_out_wrapper';

CREATE TYPE bgnbd (
	INTERNALLENGTH = variable,
	INPUT = bgnbd_in,  
	OUTPUT = bgnbd_out,  
	STORAGE = extended
);

 

 


CREATE TYPE bgnbd_state;

CREATE OR REPLACE FUNCTION bgnbd_state_in(cstring) RETURNS bgnbd_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_state_in_wrapper';

CREATE OR REPLACE FUNCTION bgnbd_state_out(bgnbd_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_state_out_wrapper';

CREATE TYPE bgnbd_state (
    INPUT = bgnbd_state_in, OUTPUT = bgnbd_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION bgnbd_fit_final(state bgnbd_state) RETURNS bgnbd IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_fit_final_wrapper';

CREATE OR REPLACE FUNCTION bgnbd_fit_combine(state bgnbd_state, other bgnbd_state) RETURNS bgnbd_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_fit_combine_wrapper';

COMMENT ON TYPE bgnbd_state IS
  'Transition state of the bgnbd_fit aggregate (distinct histories with their counts); text form is base64 of its binary form, which Citus ships between nodes.';

COMMENT ON FUNCTION bgnbd_state_in(cstring) IS 'Input function of type bgnbd_state (base64 text).';

COMMENT ON FUNCTION bgnbd_state_out(bgnbd_state) IS 'Output function of type bgnbd_state (base64 text).';

COMMENT ON FUNCTION bgnbd_fit_final(bgnbd_state) IS 'Support function of the bgnbd_fit aggregate: final (the fit).';

COMMENT ON FUNCTION bgnbd_fit_combine(bgnbd_state, bgnbd_state) IS 'Support function of the bgnbd_fit aggregate: combines partial states (parallel workers, Citus shards).';

CREATE OR REPLACE FUNCTION bgnbd_fit_transition(state bgnbd_state, frequency float8, recency float8, age float8) RETURNS bgnbd_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_fit_transition_wrapper';

CREATE OR REPLACE AGGREGATE bgnbd_fit(frequency float8, recency float8, age float8) (
    SFUNC = bgnbd_fit_transition, STYPE = bgnbd_state, SSPACE = 1024, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = bgnbd_fit_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION bgnbd_fit_transition(bgnbd_state, float8, float8, float8) IS 'Support function of the bgnbd_fit aggregate: transition.';

COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8) IS
  'Fits a BG/NBD model by maximum likelihood over customers: frequency = repeat purchases, recency = time of the last purchase since the first, age = time since the first purchase, all in one time unit. Rows with a NULL are skipped; at least 4 customers; NOTICE and converged false when the fit does not converge.';

CREATE OR REPLACE FUNCTION bgnbd_fit_transition(state bgnbd_state, frequency float8, recency float8, age float8, options jsonb) RETURNS bgnbd_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_fit_transition_options_wrapper';

CREATE OR REPLACE AGGREGATE bgnbd_fit(frequency float8, recency float8, age float8, options jsonb) (
    SFUNC = bgnbd_fit_transition, STYPE = bgnbd_state, SSPACE = 1024, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = bgnbd_fit_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION bgnbd_fit_transition(bgnbd_state, float8, float8, float8, jsonb) IS 'Support function of the bgnbd_fit aggregate: transition.';

COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8, jsonb) IS
  'Fits a BG/NBD model by maximum likelihood, with options {"max_iterations": 500, "tolerance": 1e-9}.';

CREATE OR REPLACE FUNCTION "bgnbd_recv"(
	"buffer" internal  
) RETURNS bgnbd  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'bgnbd_recv_wrapper';

CREATE OR REPLACE FUNCTION "bgnbd_send"(
	"value" bgnbd  
) RETURNS bytea  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'bgnbd_send_wrapper';

 

 


ALTER TYPE bgnbd SET (SEND = bgnbd_send, RECEIVE = bgnbd_recv);

COMMENT ON FUNCTION bgnbd_send(bgnbd) IS 'Send function of type bgnbd: its versioned binary form, for binary COPY and binary-protocol clients.';

COMMENT ON FUNCTION bgnbd_recv(internal) IS 'Receive function of type bgnbd: reads its versioned binary form.';

CREATE OR REPLACE FUNCTION "classify"(
	"p" customer_profile,
	"as_of" date,
	"policy" jsonb,
	"extra" jsonb DEFAULT NULL
) RETURNS jsonb
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'classify_profile_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount numeric, document int8) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_numeric_int8_wrapper';

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount numeric, document int8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, numeric, int8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(timestamptz, numeric, int8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount float8, document int8) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_float_int8_wrapper';

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount float8, document int8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, float8, int8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(timestamptz, float8, int8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits). With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount numeric, document int8) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_numeric_int8_wrapper';

CREATE OR REPLACE AGGREGATE profile(at date, amount numeric, document int8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, date, numeric, int8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(date, numeric, int8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount float8, document int8) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_float_int8_wrapper';

CREATE OR REPLACE AGGREGATE profile(at date, amount float8, document int8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, date, float8, int8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(date, float8, int8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits). With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount numeric, category text, document int8) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_numeric_category_int8_wrapper';

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount numeric, category text, document int8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, numeric, text, int8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(timestamptz, numeric, text, int8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount float8, category text, document int8) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_float_category_int8_wrapper';

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount float8, category text, document int8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, float8, text, int8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(timestamptz, float8, text, int8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits). With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount numeric, category text, document int8) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_numeric_category_int8_wrapper';

CREATE OR REPLACE AGGREGATE profile(at date, amount numeric, category text, document int8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, date, numeric, text, int8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(date, numeric, text, int8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount float8, category text, document int8) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_float_category_int8_wrapper';

CREATE OR REPLACE AGGREGATE profile(at date, amount float8, category text, document int8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, date, float8, text, int8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(date, float8, text, int8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits). With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount numeric, category text, document text) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_numeric_category_text_wrapper';

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount numeric, category text, document text) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, numeric, text, text) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(timestamptz, numeric, text, text) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount float8, category text, document text) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_float_category_text_wrapper';

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount float8, category text, document text) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, float8, text, text) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(timestamptz, float8, text, text) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits). With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount numeric, category text, document text) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_numeric_category_text_wrapper';

CREATE OR REPLACE AGGREGATE profile(at date, amount numeric, category text, document text) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, date, numeric, text, text) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(date, numeric, text, text) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount float8, category text, document text) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_float_category_text_wrapper';

CREATE OR REPLACE AGGREGATE profile(at date, amount float8, category text, document text) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION profile_transition(profile_state, date, float8, text, text) IS 'Support function of the profile aggregate: transition.';

COMMENT ON AGGREGATE profile(date, float8, text, text) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits). With the document (order or invoice) each line belongs to, orders(p) counts documents: a document whose lines sum below 0 is a return; rows with a NULL document are skipped and counted.';

 

 


UPDATE pg_catalog.pg_proc SET provolatile = 's'
WHERE oid IN ('profile(timestamptz, numeric)'::pg_catalog.regprocedure,
              'profile(timestamptz, numeric, text)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8, text)'::pg_catalog.regprocedure,
              'profile(timestamptz, numeric, int8)'::pg_catalog.regprocedure,
              'profile(timestamptz, numeric, text, int8)'::pg_catalog.regprocedure,
              'profile(timestamptz, numeric, text, text)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8, int8)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8, text, int8)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8, text, text)'::pg_catalog.regprocedure);

CREATE OR REPLACE FUNCTION "classify"(
	"p" customer_profile,  
	"as_of" date,  
	"policy" TEXT,  
	"extra" jsonb DEFAULT NULL  
) RETURNS jsonb  
STABLE PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'classify_profile_by_name_wrapper';

CREATE OR REPLACE FUNCTION "expected_purchases"(
	"model" bgnbd,  
	"t" double precision,  
	"frequency" double precision,  
	"recency" double precision,  
	"age" double precision  
) RETURNS double precision  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'expected_purchases_wrapper';

CREATE OR REPLACE FUNCTION "expected_purchases"(
	"model" bgnbd,  
	"t" double precision  
) RETURNS double precision  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'expected_purchases_new_wrapper';

 

 
 

 
CREATE TYPE gamma_gamma;

CREATE OR REPLACE FUNCTION "gamma_gamma_in"(
	"input" cstring  
) RETURNS gamma_gamma  
IMMUTABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'gamma_gamma_in_wrapper';

CREATE OR REPLACE FUNCTION "gamma_gamma_out"(
	"input" gamma_gamma  
) RETURNS cstring  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'gamma_gamma_out_wrapper';

CREATE TYPE gamma_gamma (
	INTERNALLENGTH = variable,
	INPUT = gamma_gamma_in,  
	OUTPUT = gamma_gamma_out,  
	STORAGE = extended
);

 

 


CREATE TYPE gamma_gamma_state;

CREATE OR REPLACE FUNCTION gamma_gamma_state_in(cstring) RETURNS gamma_gamma_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_state_in_wrapper';

CREATE OR REPLACE FUNCTION gamma_gamma_state_out(gamma_gamma_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_state_out_wrapper';

CREATE TYPE gamma_gamma_state (
    INPUT = gamma_gamma_state_in, OUTPUT = gamma_gamma_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION gamma_gamma_fit_final(state gamma_gamma_state) RETURNS gamma_gamma IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_fit_final_wrapper';

CREATE OR REPLACE FUNCTION gamma_gamma_fit_combine(state gamma_gamma_state, other gamma_gamma_state) RETURNS gamma_gamma_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_fit_combine_wrapper';

COMMENT ON TYPE gamma_gamma_state IS
  'Transition state of the gamma_gamma_fit aggregate (distinct customers with their counts); text form is base64 of its binary form, which Citus ships between nodes.';

COMMENT ON FUNCTION gamma_gamma_state_in(cstring) IS 'Input function of type gamma_gamma_state (base64 text).';

COMMENT ON FUNCTION gamma_gamma_state_out(gamma_gamma_state) IS 'Output function of type gamma_gamma_state (base64 text).';

COMMENT ON FUNCTION gamma_gamma_fit_final(gamma_gamma_state) IS 'Support function of the gamma_gamma_fit aggregate: final (the fit).';

COMMENT ON FUNCTION gamma_gamma_fit_combine(gamma_gamma_state, gamma_gamma_state) IS 'Support function of the gamma_gamma_fit aggregate: combines partial states (parallel workers, Citus shards).';

CREATE OR REPLACE FUNCTION gamma_gamma_fit_transition(state gamma_gamma_state, frequency float8, monetary float8) RETURNS gamma_gamma_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_fit_transition_wrapper';

CREATE OR REPLACE AGGREGATE gamma_gamma_fit(frequency float8, monetary float8) (
    SFUNC = gamma_gamma_fit_transition, STYPE = gamma_gamma_state, SSPACE = 1024, FINALFUNC = gamma_gamma_fit_final,
    COMBINEFUNC = gamma_gamma_fit_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION gamma_gamma_fit_transition(gamma_gamma_state, float8, float8) IS 'Support function of the gamma_gamma_fit aggregate: transition.';

COMMENT ON AGGREGATE gamma_gamma_fit(float8, float8) IS
  'Fits a Gamma-Gamma spend model by maximum likelihood over customers with a repeat purchase: frequency = repeat purchases, monetary = their average value. Rows with frequency 0 or a NULL are skipped; at least 3 customers. Assumes spend independent of frequency.';

CREATE OR REPLACE FUNCTION "clv"(
	"purchases" bgnbd,  
	"spend" gamma_gamma,  
	"frequency" double precision,  
	"recency" double precision,  
	"age" double precision,  
	"monetary" double precision,  
	"horizon" double precision,  
	"discount_rate" double precision DEFAULT 0  
) RETURNS double precision  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'clv_wrapper';

CREATE OR REPLACE FUNCTION "expected_avg_value"(
	"model" gamma_gamma,  
	"frequency" double precision,  
	"monetary" double precision  
) RETURNS double precision  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'expected_avg_value_wrapper';

CREATE OR REPLACE FUNCTION "gamma_gamma_recv"(
	"buffer" internal  
) RETURNS gamma_gamma  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'gamma_gamma_recv_wrapper';

CREATE OR REPLACE FUNCTION "gamma_gamma_send"(
	"value" gamma_gamma  
) RETURNS bytea  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'gamma_gamma_send_wrapper';

 

 


ALTER TYPE gamma_gamma SET (SEND = gamma_gamma_send, RECEIVE = gamma_gamma_recv);

COMMENT ON FUNCTION gamma_gamma_send(gamma_gamma) IS 'Send function of type gamma_gamma: its versioned binary form, for binary COPY and binary-protocol clients.';

COMMENT ON FUNCTION gamma_gamma_recv(internal) IS 'Receive function of type gamma_gamma: reads its versioned binary form.';

CREATE OR REPLACE FUNCTION "lines"(
	"p" customer_profile  
) RETURNS bigint  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'lines_wrapper';

COMMENT ON FUNCTION classify(customer_profile, date, jsonb, jsonb) IS
  'Classifies a profile at as_of by a policy without building its metrics as JSON: equals segments.classify(extra || segments.metrics(p, as_of), policy), the profile''s standard metrics winning over extra''s (industry, region, ...). Computes only the metrics the policy uses. A NULL extra is no extra; NULL p, as_of or policy give NULL.';

COMMENT ON FUNCTION classify(customer_profile, date, text, jsonb) IS
  'Classifies a profile at as_of by the stored policy name (segments.policies, read once per call site per statement), as segments.classify(extra || segments.metrics(p, as_of), name) without the JSON. A NULL extra is no extra; NULL p, as_of or name give NULL.';

COMMENT ON FUNCTION metrics(customer_profile, date) IS
  'The standard metrics of a profile at as_of as jsonb (total, orders, lines, purchase_days, avg_order, max_order, returns, recency_days, tenure_days, amount_per_month, orders_per_month, purchase_interval, overdue_days, preference, top_category, lifecycle, is_new), for segments.classify.';

COMMENT ON AGGREGATE node_totals(text, bigint) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; integer amounts kept exactly.';

COMMENT ON AGGREGATE node_totals(text, bigint, bigint) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; integer amounts kept exactly; with the distinct customers of each node.';

COMMENT ON AGGREGATE node_totals(text, bigint, text) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; integer amounts kept exactly; with the distinct customers of each node given as text keys.';

COMMENT ON AGGREGATE node_totals(bigint, bigint) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; integer amounts kept exactly.';

COMMENT ON AGGREGATE node_totals(bigint, bigint, bigint) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; integer amounts kept exactly; with the distinct customers of each node.';

COMMENT ON AGGREGATE node_totals(bigint, bigint, text) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; integer amounts kept exactly; with the distinct customers of each node given as text keys.';

CREATE OR REPLACE FUNCTION "p_alive"(
	"model" bgnbd,  
	"frequency" double precision,  
	"recency" double precision,  
	"age" double precision  
) RETURNS double precision  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'p_alive_wrapper';

CREATE OR REPLACE FUNCTION "params"(
	"model" bgnbd  
) RETURNS jsonb  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'bgnbd_params_wrapper';

CREATE OR REPLACE FUNCTION "params"(
	"model" gamma_gamma  
) RETURNS jsonb  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'gamma_gamma_params_wrapper';

 

 


COMMENT ON TYPE bgnbd IS
  'A BG/NBD model (Fader, Hardie and Lee 2005): purchase rate Gamma(r, alpha), dropout after each purchase Beta(a, b); alpha is in the time unit of the data it was fitted on. Built by bgnbd_fit or from JSON text {"r":..,"alpha":..,"a":..,"b":..}. Text form is JSON.';

COMMENT ON TYPE gamma_gamma IS
  'A Gamma-Gamma model of spend per transaction (Fader and Hardie 2013): parameters p, q and v (v in the unit of money). Built by gamma_gamma_fit or from JSON text {"p":..,"q":..,"v":..}. Text form is JSON.';

COMMENT ON FUNCTION params(bgnbd) IS
  'The model as JSON: r, alpha, a, b, log_likelihood, customers, iterations, converged.';

COMMENT ON FUNCTION params(gamma_gamma) IS
  'The model as JSON: p, q, v, log_likelihood, customers, iterations, converged.';

COMMENT ON FUNCTION p_alive(bgnbd, float8, float8, float8) IS
  'The probability that a customer with this history (frequency, recency, age in the model''s time unit) is still a customer.';

COMMENT ON FUNCTION expected_purchases(bgnbd, float8, float8, float8, float8) IS
  'The expected number of purchases in the next t time units of a customer with this history (frequency, recency, age).';

COMMENT ON FUNCTION expected_purchases(bgnbd, float8) IS
  'The expected number of repeat purchases in the first t time units of a new customer.';

COMMENT ON FUNCTION expected_avg_value(gamma_gamma, float8, float8) IS
  'The expected average value of a customer''s future transactions, given frequency (repeat purchases) and monetary (their average value; ignored when frequency is 0).';

COMMENT ON FUNCTION clv(bgnbd, gamma_gamma, float8, float8, float8, float8, float8, float8) IS
  'Customer lifetime value over the next horizon time units: expected purchases in each time unit times the expected average value, discounted by (1 + discount_rate) per time unit.';

COMMENT ON FUNCTION bgnbd_in(cstring) IS 'Input function of type bgnbd (JSON text).';

COMMENT ON FUNCTION bgnbd_out(bgnbd) IS 'Output function of type bgnbd (JSON text).';

COMMENT ON FUNCTION gamma_gamma_in(cstring) IS 'Input function of type gamma_gamma (JSON text).';

COMMENT ON FUNCTION gamma_gamma_out(gamma_gamma) IS 'Output function of type gamma_gamma (JSON text).';

COMMENT ON FUNCTION orders(customer_profile) IS
  'Orders: with a document argument, the documents whose lines sum to 0 or more; without it, the rows counted (order lines with a non-NULL at and amount).';

COMMENT ON FUNCTION lines(customer_profile) IS
  'Rows counted in the profile (order lines with a non-NULL at and amount, and document when given), whether or not they were given documents.';

COMMENT ON FUNCTION returns(customer_profile) IS
  'Returns (credit notes): with a document argument, the documents whose lines sum below 0; without it, the rows with a negative amount. They reduce the total.';

COMMENT ON FUNCTION avg_order(customer_profile) IS
  'Mean amount per document, returns included: as SQL sum(amount) / count(DISTINCT document); without a document argument, per row, as sum(amount) / count(*).';

COMMENT ON FUNCTION max_order(customer_profile) IS
  'Largest order: with a document argument, the largest document total (returns excluded); without it, the largest single amount.';

COMMENT ON FUNCTION orders_per_month(customer_profile, date) IS
  'Orders (see orders) per month over the active span, first purchase to as_of (months of 30.4375 days).';

COMMENT ON AGGREGATE rollup_tree(text, numeric, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree with a count of distinct customers per node, each node holding its subtree; rows of nodes not in the tree (or NULL) go to an unclassified bucket. Read with tree_rows().';

COMMENT ON AGGREGATE rollup_tree(text, numeric, hierarchy, text) IS 'Rows and exact amount at every node of a tree with a count of distinct customers per node, customers given as text keys, each node holding its subtree; rows of nodes not in the tree (or NULL) go to an unclassified bucket. Read with tree_rows().';

COMMENT ON AGGREGATE rollup_tree(text, double precision, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree with a count of distinct customers per node; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text, double precision, hierarchy, text) IS 'Rows and exact amount at every node of a tree with a count of distinct customers per node, customers given as text keys; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, hierarchy) IS 'Rows and exact amount at every node of a tree; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree with a count of distinct customers per node; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, hierarchy, text) IS 'Rows and exact amount at every node of a tree with a count of distinct customers per node, customers given as text keys; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(bigint, double precision, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids with a count of distinct customers per node; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(bigint, double precision, hierarchy, text) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids with a count of distinct customers per node, customers given as text keys; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(bigint, bigint, hierarchy) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(bigint, bigint, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids with a count of distinct customers per node; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(bigint, bigint, hierarchy, text) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids with a count of distinct customers per node, customers given as text keys; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node, customers given as text keys: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node, customers given as text keys: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, hierarchy) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node, customers given as text keys: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(bigint[], numeric, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified.';

COMMENT ON AGGREGATE rollup_tree(bigint[], numeric, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node, customers given as text keys: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified.';

COMMENT ON AGGREGATE rollup_tree(bigint[], double precision, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(bigint[], double precision, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node, customers given as text keys: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(bigint[], bigint, hierarchy) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(bigint[], bigint, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(bigint[], bigint, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes with a count of distinct customers per node, customers given as text keys: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text, numeric, code_scheme, bigint) IS 'Rows and exact amount at every level of coded classes with a count of distinct customers per node, the tree taken from the codes themselves; codes that do not fit the scheme are unclassified.';

COMMENT ON AGGREGATE rollup_tree(text, numeric, code_scheme, text) IS 'Rows and exact amount at every level of coded classes with a count of distinct customers per node, customers given as text keys, the tree taken from the codes themselves; codes that do not fit the scheme are unclassified.';

COMMENT ON AGGREGATE rollup_tree(text, double precision, code_scheme, bigint) IS 'Rows and exact amount at every level of coded classes with a count of distinct customers per node; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text, double precision, code_scheme, text) IS 'Rows and exact amount at every level of coded classes with a count of distinct customers per node, customers given as text keys; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, code_scheme) IS 'Rows and exact amount at every level of coded classes; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, code_scheme, bigint) IS 'Rows and exact amount at every level of coded classes with a count of distinct customers per node; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, code_scheme, text) IS 'Rows and exact amount at every level of coded classes with a count of distinct customers per node, customers given as text keys; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, code_scheme, bigint) IS 'rollup_tree over coded classes for customers in several classes with a count of distinct customers per node: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, code_scheme, text) IS 'rollup_tree over coded classes for customers in several classes with a count of distinct customers per node, customers given as text keys: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, code_scheme, bigint) IS 'rollup_tree over coded classes for customers in several classes with a count of distinct customers per node: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, code_scheme, text) IS 'rollup_tree over coded classes for customers in several classes with a count of distinct customers per node, customers given as text keys: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, code_scheme) IS 'rollup_tree over coded classes for customers in several classes: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, code_scheme, bigint) IS 'rollup_tree over coded classes for customers in several classes with a count of distinct customers per node: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified; integer amounts kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, code_scheme, text) IS 'rollup_tree over coded classes for customers in several classes with a count of distinct customers per node, customers given as text keys: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified; integer amounts kept exactly.';
