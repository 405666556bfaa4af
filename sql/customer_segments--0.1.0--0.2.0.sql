-- customer_segments 0.1.0 -> 0.2.0
-- Applied by ALTER EXTENSION customer_segments UPDATE TO '0.2.0'. The upgrade test
-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.
\echo Use "ALTER EXTENSION customer_segments UPDATE TO '0.2.0'" to load this file. \quit

 

 

CREATE TYPE calibrate_state;

CREATE OR REPLACE FUNCTION calibrate_state_in(cstring) RETURNS calibrate_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'calibrate_state_in_wrapper';

CREATE OR REPLACE FUNCTION calibrate_state_out(calibrate_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'calibrate_state_out_wrapper';

CREATE TYPE calibrate_state (
    INPUT = calibrate_state_in, OUTPUT = calibrate_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION calibrate_transition(state calibrate_state, policy jsonb, metrics jsonb) RETURNS calibrate_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'calibrate_transition_wrapper';

CREATE OR REPLACE FUNCTION calibrate_final(state calibrate_state) RETURNS jsonb IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'calibrate_final_wrapper';

CREATE OR REPLACE FUNCTION calibrate_combine(state calibrate_state, other calibrate_state) RETURNS calibrate_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'calibrate_combine_wrapper';

CREATE OR REPLACE AGGREGATE calibrate(policy jsonb, metrics jsonb) (
    SFUNC = calibrate_transition,
    STYPE = calibrate_state,
    SSPACE = 4096,
    FINALFUNC = calibrate_final,
    COMBINEFUNC = calibrate_combine,
    PARALLEL = SAFE
);

CREATE OR REPLACE FUNCTION "bar"(
	"share" double precision,  
	"width" INT DEFAULT 20  
) RETURNS TEXT  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'bar_wrapper';

CREATE OR REPLACE FUNCTION "check_policy"(
	"policy" jsonb  
) RETURNS TABLE (
	"path" TEXT,   
	"problem" TEXT   
)
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'check_policy_wrapper';

CREATE OR REPLACE FUNCTION "classify"(
	"metrics" jsonb,  
	"policy" jsonb  
) RETURNS jsonb  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'classify_wrapper';

CREATE OR REPLACE FUNCTION "classify"(
	"metrics" jsonb,  
	"policy" TEXT  
) RETURNS jsonb  
STRICT STABLE PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'classify_by_name_wrapper';

 

 
 

 
CREATE TYPE concentration;

CREATE OR REPLACE FUNCTION "concentration_in"(
	"input" cstring  
) RETURNS concentration  
IMMUTABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'concentration_in_wrapper';

CREATE OR REPLACE FUNCTION "concentration_out"(
	"input" concentration  
) RETURNS cstring  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'concentration_out_wrapper';

CREATE TYPE concentration (
	INTERNALLENGTH = variable,
	INPUT = concentration_in,  
	OUTPUT = concentration_out,  
	STORAGE = extended
);

CREATE OR REPLACE FUNCTION "concentration_recv"(
	"buffer" internal  
) RETURNS concentration  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'concentration_recv_wrapper';

CREATE OR REPLACE FUNCTION "concentration_send"(
	"value" concentration  
) RETURNS bytea  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'concentration_send_wrapper';

CREATE OR REPLACE FUNCTION "count"(
	"c" concentration  
) RETURNS bigint  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'concentration_count_wrapper';

 

 


CREATE TYPE profile_state;

CREATE OR REPLACE FUNCTION profile_state_in(cstring) RETURNS profile_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_state_in_wrapper';

CREATE OR REPLACE FUNCTION profile_state_out(profile_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_state_out_wrapper';

CREATE TYPE profile_state (
    INPUT = profile_state_in, OUTPUT = profile_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount numeric) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_numeric_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount numeric, category text) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_numeric_category_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount numeric) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_numeric_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount numeric, category text) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_numeric_category_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount float8) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_float_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount float8, category text) RETURNS profile_state
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_tstz_float_category_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount float8) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_float_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount float8, category text) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_date_float_category_wrapper';

CREATE OR REPLACE FUNCTION profile_final(state profile_state) RETURNS customer_profile IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'profile_final_wrapper';

CREATE OR REPLACE FUNCTION profile_combine(state profile_state, other profile_state) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_combine_wrapper';

CREATE OR REPLACE FUNCTION profile_rollup_transition(state profile_state, profile customer_profile) RETURNS profile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'profile_rollup_transition_wrapper';

COMMENT ON TYPE profile_state IS
  'Transition state of the profile and rollup aggregates; text form is base64 of its binary form (that of customer_profile), which Citus ships between nodes.';

COMMENT ON FUNCTION profile_state_in(cstring) IS 'Input function of type profile_state (base64 text).';

COMMENT ON FUNCTION profile_state_out(profile_state) IS 'Output function of type profile_state (base64 text).';

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, numeric) IS 'Support function of the profile aggregate: transition.';

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, numeric, text) IS 'Support function of the profile aggregate: transition.';

COMMENT ON FUNCTION profile_transition(profile_state, date, numeric) IS 'Support function of the profile aggregate: transition.';

COMMENT ON FUNCTION profile_transition(profile_state, date, numeric, text) IS 'Support function of the profile aggregate: transition.';

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, float8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON FUNCTION profile_transition(profile_state, timestamptz, float8, text) IS 'Support function of the profile aggregate: transition.';

COMMENT ON FUNCTION profile_transition(profile_state, date, float8) IS 'Support function of the profile aggregate: transition.';

COMMENT ON FUNCTION profile_transition(profile_state, date, float8, text) IS 'Support function of the profile aggregate: transition.';

COMMENT ON FUNCTION profile_final(profile_state) IS 'Support function of the profile and rollup aggregates: final.';

COMMENT ON FUNCTION profile_combine(profile_state, profile_state) IS 'Support function of the profile and rollup aggregates: combines partial states (parallel workers, Citus shards).';

COMMENT ON FUNCTION profile_rollup_transition(profile_state, customer_profile) IS 'Support function of the rollup aggregate: transition.';

CREATE OR REPLACE AGGREGATE rollup(customer_profile) (
    SFUNC = profile_rollup_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount numeric) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount numeric, category text) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE profile(at date, amount numeric) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE profile(at date, amount numeric, category text) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount float8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE profile(at timestamptz, amount float8, category text) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE profile(at date, amount float8) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE profile(at date, amount float8, category text) (
    SFUNC = profile_transition, STYPE = profile_state, SSPACE = 512, FINALFUNC = profile_final,
    COMBINEFUNC = profile_combine, PARALLEL = SAFE
);

COMMENT ON AGGREGATE profile(timestamptz, float8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits).';

COMMENT ON AGGREGATE profile(timestamptz, float8, text) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits).';

COMMENT ON AGGREGATE profile(date, float8) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits).';

COMMENT ON AGGREGATE profile(date, float8, text) IS
  'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits).';

UPDATE pg_catalog.pg_proc SET provolatile = 's'
WHERE oid IN ('profile(timestamptz, numeric)'::pg_catalog.regprocedure,
              'profile(timestamptz, numeric, text)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8)'::pg_catalog.regprocedure,
              'profile(timestamptz, float8, text)'::pg_catalog.regprocedure);

CREATE OR REPLACE FUNCTION "customers_for_share"(
	"c" concentration,  
	"share" double precision  
) RETURNS bigint  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'customers_for_share_wrapper';

CREATE OR REPLACE FUNCTION "finding_class"(
	"class" TEXT,  
	"customer_share" double precision,  
	"amount_share" double precision  
) RETURNS TEXT  
STRICT STABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'finding_class_wrapper';

CREATE OR REPLACE FUNCTION "finding_growth"(
	"subject" TEXT,  
	"growth" double precision  
) RETURNS TEXT  
STABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'finding_growth_wrapper';

CREATE OR REPLACE FUNCTION "finding_lapsed"(
	"customers" bigint,  
	"segment" TEXT,  
	"days" bigint  
) RETURNS TEXT  
STRICT STABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'finding_lapsed_wrapper';

CREATE OR REPLACE FUNCTION "finding_top_share"(
	"c" concentration,  
	"fraction" double precision DEFAULT 0.1  
) RETURNS TEXT  
STRICT STABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'finding_top_share_wrapper';

CREATE OR REPLACE FUNCTION "gini"(
	"c" concentration  
) RETURNS double precision  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'gini_wrapper';

CREATE OR REPLACE FUNCTION "growth"(
	"current" double precision,  
	"previous" double precision  
) RETURNS double precision  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'growth_float_wrapper';

CREATE OR REPLACE FUNCTION growth(current numeric, previous numeric) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN previous <> 0 THEN ((current - previous) / abs(previous))::float8 END;

COMMENT ON FUNCTION growth(numeric, numeric) IS
  '(current - previous) / |previous|, exact in numeric; NULL when previous is 0 or NULL.';

COMMENT ON FUNCTION growth(float8, float8) IS
  '(current - previous) / |previous|; NULL when previous is 0, NULL or not finite.';

COMMENT ON FUNCTION bar(float8, integer) IS
  'A text bar of width characters for share (0..1): full blocks and one partial block, padded with spaces so columns line up.';

 

 


CREATE TYPE tree_state;

CREATE OR REPLACE FUNCTION tree_state_in(cstring) RETURNS tree_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_state_in_wrapper';

CREATE OR REPLACE FUNCTION tree_state_out(tree_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_state_out_wrapper';

CREATE TYPE tree_state (
    INPUT = tree_state_in, OUTPUT = tree_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION tree_final(state tree_state) RETURNS hierarchy IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'tree_final_wrapper';

CREATE OR REPLACE FUNCTION tree_combine(state tree_state, other tree_state) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_combine_wrapper';

CREATE OR REPLACE FUNCTION tree_parent_transition(state tree_state, node text, parent text) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_parent_transition_wrapper';

CREATE OR REPLACE FUNCTION tree_parent_transition(state tree_state, node text, parent text, name text) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_parent_named_transition_wrapper';

CREATE OR REPLACE FUNCTION tree_parent_transition(state tree_state, node bigint, parent bigint) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_parent_id_transition_wrapper';

CREATE OR REPLACE FUNCTION tree_parent_transition(state tree_state, node bigint, parent bigint, name text) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_parent_id_named_transition_wrapper';

CREATE OR REPLACE FUNCTION tree_nested_transition(state tree_state, node bigint, lft int, rgt int) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_nested_id_transition_wrapper';

CREATE OR REPLACE FUNCTION tree_nested_transition(state tree_state, node bigint, lft int, rgt int, name text) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_nested_id_named_transition_wrapper';

CREATE OR REPLACE FUNCTION tree_nested_transition(state tree_state, node text, lft int, rgt int) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_nested_transition_wrapper';

CREATE OR REPLACE FUNCTION tree_nested_transition(state tree_state, node text, lft int, rgt int, name text) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_nested_named_transition_wrapper';

CREATE OR REPLACE FUNCTION tree_coded_transition(state tree_state, code text, scheme code_scheme) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_coded_transition_wrapper';

CREATE OR REPLACE FUNCTION tree_coded_transition(state tree_state, code text, scheme code_scheme, name text) RETURNS tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'tree_coded_named_transition_wrapper';

CREATE OR REPLACE AGGREGATE tree(node text, parent text) (
    SFUNC = tree_parent_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE tree(node text, parent text, name text) (
    SFUNC = tree_parent_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE tree(node bigint, parent bigint) (
    SFUNC = tree_parent_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE tree(node bigint, parent bigint, name text) (
    SFUNC = tree_parent_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE tree_nested(node bigint, lft int, rgt int) (
    SFUNC = tree_nested_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE tree_nested(node bigint, lft int, rgt int, name text) (
    SFUNC = tree_nested_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE tree_nested(node text, lft int, rgt int) (
    SFUNC = tree_nested_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE tree_nested(node text, lft int, rgt int, name text) (
    SFUNC = tree_nested_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE tree_coded(code text, scheme code_scheme) (
    SFUNC = tree_coded_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE tree_coded(code text, scheme code_scheme, name text) (
    SFUNC = tree_coded_transition, STYPE = tree_state, FINALFUNC = tree_final, COMBINEFUNC = tree_combine, PARALLEL = SAFE
);

COMMENT ON TYPE tree_state IS
  'Transition state of the tree, tree_nested and tree_coded aggregates (the class rows so far); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.';

COMMENT ON FUNCTION tree_state_in(cstring) IS 'Input function of type tree_state (base64 text).';

COMMENT ON FUNCTION tree_state_out(tree_state) IS 'Output function of type tree_state (base64 text).';

COMMENT ON FUNCTION tree_final(tree_state) IS 'Support function of the tree aggregates: builds and checks the tree.';

COMMENT ON FUNCTION tree_combine(tree_state, tree_state) IS 'Support function of the tree aggregates: combines partial states (parallel workers, Citus shards).';

COMMENT ON FUNCTION tree_parent_transition(tree_state, text, text) IS 'Support function of the tree aggregate: transition.';

COMMENT ON FUNCTION tree_parent_transition(tree_state, text, text, text) IS 'Support function of the tree aggregate: transition.';

COMMENT ON FUNCTION tree_parent_transition(tree_state, bigint, bigint) IS 'Support function of the tree aggregate: transition.';

COMMENT ON FUNCTION tree_parent_transition(tree_state, bigint, bigint, text) IS 'Support function of the tree aggregate: transition.';

COMMENT ON FUNCTION tree_nested_transition(tree_state, bigint, int, int) IS 'Support function of the tree_nested aggregate: transition.';

COMMENT ON FUNCTION tree_nested_transition(tree_state, bigint, int, int, text) IS 'Support function of the tree_nested aggregate: transition.';

COMMENT ON FUNCTION tree_nested_transition(tree_state, text, int, int) IS 'Support function of the tree_nested aggregate: transition.';

COMMENT ON FUNCTION tree_nested_transition(tree_state, text, int, int, text) IS 'Support function of the tree_nested aggregate: transition.';

COMMENT ON FUNCTION tree_coded_transition(tree_state, text, code_scheme) IS 'Support function of the tree_coded aggregate: transition.';

COMMENT ON FUNCTION tree_coded_transition(tree_state, text, code_scheme, text) IS 'Support function of the tree_coded aggregate: transition.';

CREATE OR REPLACE FUNCTION "depth"(
	"h" hierarchy,  
	"node" bigint  
) RETURNS INT  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'depth_by_id_wrapper';

CREATE OR REPLACE FUNCTION "ancestors"(
	"h" hierarchy,  
	"node" bigint  
) RETURNS bigint[]  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'ancestors_by_id_wrapper';

CREATE OR REPLACE FUNCTION "is_leaf"(
	"h" hierarchy,  
	"node" bigint  
) RETURNS bool  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'is_leaf_by_id_wrapper';

CREATE OR REPLACE FUNCTION "lorenz"(
	"c" concentration,  
	"points" INT DEFAULT 20  
) RETURNS TABLE (
	"customer_share" double precision,   
	"value_share" double precision   
)
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'lorenz_wrapper';

CREATE OR REPLACE FUNCTION "metrics"(
	"p" customer_profile,  
	"as_of" date  
) RETURNS jsonb  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'metrics_wrapper';

 

 


CREATE TABLE policies (
    name       text PRIMARY KEY,
    body       jsonb NOT NULL,
    note       text,
    updated_at timestamptz NOT NULL DEFAULT now()
);

SELECT pg_catalog.pg_extension_config_dump('segments.policies', '');

GRANT SELECT ON policies TO PUBLIC;

CREATE OR REPLACE FUNCTION policies_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$ DECLARE problems text; BEGIN SELECT string_agg(c.path || ': ' || c.problem, '; ' ORDER BY c.path, c.problem) INTO problems FROM segments.check_policy(NEW.body) c; IF problems IS NOT NULL THEN RAISE EXCEPTION 'policy "%" is not valid: %', NEW.name, problems USING ERRCODE = 'invalid_parameter_value'; END IF; IF TG_OP = 'UPDATE' AND (NEW.body IS DISTINCT FROM OLD.body OR NEW.note IS DISTINCT FROM OLD.note) THEN NEW.updated_at := now(); END IF; RETURN NEW; END $$;

CREATE TRIGGER policies_check BEFORE INSERT OR UPDATE ON policies
    FOR EACH ROW EXECUTE FUNCTION policies_check();

CREATE OR REPLACE FUNCTION policy_version(body jsonb) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN md5(body::text);

CREATE OR REPLACE FUNCTION policy_version(name text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT segments.policy_version(p.body) FROM segments.policies AS p WHERE p.name = policy_version.name;
END;

CREATE OR REPLACE FUNCTION dimension(result jsonb, name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN result -> 'dimensions' ->> name;

CREATE OR REPLACE FUNCTION has_tag(result jsonb, tag text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (result -> 'tags') ? tag;

COMMENT ON TABLE policies IS
  'Named segmentation policies (dimensions and tags as JSON), checked by segments.check_policy on every insert and update; kept by pg_dump. Applied by segments.classify(metrics, name).';

COMMENT ON COLUMN policies.name IS 'The name segments.classify(metrics, name) looks the policy up by.';

COMMENT ON COLUMN policies.body IS 'The policy: {"metrics": {...}, "dimensions": {...}, "tags": {...}}; see docs/policies.md.';

COMMENT ON COLUMN policies.note IS 'Free text: who owns the policy, what changed.';

COMMENT ON COLUMN policies.updated_at IS 'When body or note last changed (set by the trigger).';

COMMENT ON FUNCTION policies_check() IS 'Trigger function of segments.policies: refuses a body with problems, listing every one; stamps updated_at.';

COMMENT ON FUNCTION policy_version(jsonb) IS 'Version of a policy body: the md5 of its canonical jsonb text; equal bodies have equal versions.';

COMMENT ON FUNCTION policy_version(text) IS 'Version of the stored policy name (md5 of its body), to record which version classified a row; NULL when there is no such policy.';

COMMENT ON FUNCTION dimension(jsonb, text) IS 'The label of dimension name in a segments.classify result; NULL when absent.';

COMMENT ON FUNCTION has_tag(jsonb, text) IS 'Whether a segments.classify result carries tag.';

COMMENT ON FUNCTION check_policy(jsonb) IS
  'Every problem of a policy as (path, problem) rows, path in JSON path form ($.dimensions.amount.bands); no rows when the policy is valid. Deeper than 64 levels or larger than 256 kB is an error (54000).';

COMMENT ON FUNCTION classify(jsonb, jsonb) IS
  'Classifies one customer''s metrics by a policy: {"dimensions": {"name": "label", ...}, "tags": [...]}. A missing metric gives a NULL dimension and makes comparisons on it false (exists: false is true); a metric of the wrong type is an error.';

COMMENT ON FUNCTION classify(jsonb, text) IS
  'Classifies one customer''s metrics by the stored policy name (segments.policies), read once per call site per statement.';

COMMENT ON FUNCTION metrics(customer_profile, date) IS
  'The standard metrics of a profile at as_of as jsonb (total, orders, purchase_days, avg_order, max_order, returns, recency_days, tenure_days, amount_per_month, orders_per_month, purchase_interval, overdue_days, preference, top_category, lifecycle, is_new), for segments.classify.';

COMMENT ON AGGREGATE calibrate(jsonb, jsonb) IS
  'The policy with each population-relative threshold (fractions, {"quantile": q}) replaced by its value among the rows'' metrics (rule of quantile_scale). Works with OVER () and OVER (PARTITION BY ...); NULL when a threshold''s metric has no value.';

COMMENT ON TYPE calibrate_state IS
  'Transition state of the calibrate aggregate (the policy and the metric values its thresholds need); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.';

COMMENT ON FUNCTION calibrate_state_in(cstring) IS 'Input function of type calibrate_state (base64 text).';

COMMENT ON FUNCTION calibrate_state_out(calibrate_state) IS 'Output function of type calibrate_state (base64 text).';

COMMENT ON FUNCTION calibrate_transition(calibrate_state, jsonb, jsonb) IS 'Support function of the calibrate aggregate: transition.';

COMMENT ON FUNCTION calibrate_final(calibrate_state) IS 'Support function of the calibrate aggregate: final.';

COMMENT ON FUNCTION calibrate_combine(calibrate_state, calibrate_state) IS 'Support function of the calibrate aggregate: combines partial states (parallel workers, Citus shards).';

CREATE OR REPLACE FUNCTION "minus"(
	"p" customer_profile,  
	"q" customer_profile  
) RETURNS customer_profile  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'minus_wrapper';

 

 
 

 
CREATE TYPE node_totals;

CREATE OR REPLACE FUNCTION "node_totals_in"(
	"input" cstring  
) RETURNS node_totals  
IMMUTABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'node_totals_in_wrapper';

CREATE OR REPLACE FUNCTION "node_totals_out"(
	"input" node_totals  
) RETURNS cstring  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'node_totals_out_wrapper';

CREATE TYPE node_totals (
	INTERNALLENGTH = variable,
	INPUT = node_totals_in,  
	OUTPUT = node_totals_out,  
	STORAGE = extended
);

 

 


CREATE TYPE node_totals_state;

CREATE OR REPLACE FUNCTION node_totals_state_in(cstring) RETURNS node_totals_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'node_totals_state_in_wrapper';

CREATE OR REPLACE FUNCTION node_totals_state_out(node_totals_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'node_totals_state_out_wrapper';

CREATE TYPE node_totals_state (
    INPUT = node_totals_state_in, OUTPUT = node_totals_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION node_totals_final(state node_totals_state) RETURNS node_totals IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'node_totals_final_wrapper';

CREATE OR REPLACE FUNCTION node_totals_combine(state node_totals_state, other node_totals_state) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'node_totals_combine_wrapper';

COMMENT ON TYPE node_totals_state IS
  'Transition state of the node_totals aggregate (rows, amount and customers per node); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.';

COMMENT ON FUNCTION node_totals_state_in(cstring) IS 'Input function of type node_totals_state (base64 text).';

COMMENT ON FUNCTION node_totals_state_out(node_totals_state) IS 'Output function of type node_totals_state (base64 text).';

COMMENT ON FUNCTION node_totals_final(node_totals_state) IS 'Support function of the node_totals aggregate: the totals per node.';

COMMENT ON FUNCTION node_totals_combine(node_totals_state, node_totals_state) IS 'Support function of the node_totals aggregate: combines partial states (parallel workers, Citus shards).';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node text, amount numeric) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_text_n_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node text, amount numeric, customer bigint) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_text_n_id_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node text, amount numeric, customer text) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_text_n_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE node_totals(node text, amount numeric) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node text, amount numeric, customer bigint) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node text, amount numeric, customer text) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION node_totals_transition(node_totals_state, text, numeric) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, text, numeric, bigint) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, text, numeric, text) IS 'Support function of the node_totals aggregate: transition.';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node text, amount double precision) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_text_f_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node text, amount double precision, customer bigint) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_text_f_id_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node text, amount double precision, customer text) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_text_f_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE node_totals(node text, amount double precision) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node text, amount double precision, customer bigint) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node text, amount double precision, customer text) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION node_totals_transition(node_totals_state, text, double precision) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, text, double precision, bigint) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, text, double precision, text) IS 'Support function of the node_totals aggregate: transition.';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node text, amount bigint) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_text_i_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node text, amount bigint, customer bigint) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_text_i_id_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node text, amount bigint, customer text) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_text_i_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE node_totals(node text, amount bigint) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node text, amount bigint, customer bigint) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node text, amount bigint, customer text) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION node_totals_transition(node_totals_state, text, bigint) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, text, bigint, bigint) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, text, bigint, text) IS 'Support function of the node_totals aggregate: transition.';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node bigint, amount numeric) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_int_n_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node bigint, amount numeric, customer bigint) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_int_n_id_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node bigint, amount numeric, customer text) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_int_n_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE node_totals(node bigint, amount numeric) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node bigint, amount numeric, customer bigint) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node bigint, amount numeric, customer text) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION node_totals_transition(node_totals_state, bigint, numeric) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, bigint, numeric, bigint) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, bigint, numeric, text) IS 'Support function of the node_totals aggregate: transition.';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node bigint, amount double precision) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_int_f_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node bigint, amount double precision, customer bigint) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_int_f_id_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node bigint, amount double precision, customer text) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_int_f_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE node_totals(node bigint, amount double precision) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node bigint, amount double precision, customer bigint) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node bigint, amount double precision, customer text) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION node_totals_transition(node_totals_state, bigint, double precision) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, bigint, double precision, bigint) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, bigint, double precision, text) IS 'Support function of the node_totals aggregate: transition.';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node bigint, amount bigint) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_int_i_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node bigint, amount bigint, customer bigint) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_int_i_id_tr_wrapper';

CREATE OR REPLACE FUNCTION node_totals_transition(state node_totals_state, node bigint, amount bigint, customer text) RETURNS node_totals_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nt_int_i_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE node_totals(node bigint, amount bigint) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node bigint, amount bigint, customer bigint) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE node_totals(node bigint, amount bigint, customer text) (
    SFUNC = node_totals_transition, STYPE = node_totals_state, FINALFUNC = node_totals_final, SSPACE = 1024,
    COMBINEFUNC = node_totals_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION node_totals_transition(node_totals_state, bigint, bigint) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, bigint, bigint, bigint) IS 'Support function of the node_totals aggregate: transition.';

COMMENT ON FUNCTION node_totals_transition(node_totals_state, bigint, bigint, text) IS 'Support function of the node_totals aggregate: transition.';

CREATE OR REPLACE FUNCTION "node_totals_recv"(
	"buffer" internal  
) RETURNS node_totals  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'node_totals_recv_wrapper';

CREATE OR REPLACE FUNCTION "node_totals_send"(
	"value" node_totals  
) RETURNS bytea  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'node_totals_send_wrapper';

CREATE OR REPLACE FUNCTION "plus"(
	"p" customer_profile,  
	"q" customer_profile  
) RETURNS customer_profile  
IMMUTABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'plus_wrapper';

 

 


COMMENT ON FUNCTION plus(customer_profile, customer_profile) IS
  'The profile of the rows of p and of q, exactly as segments.rollup over the two (a NULL counts as no rows): a running profile gains the month that arrives.';

COMMENT ON FUNCTION minus(customer_profile, customer_profile) IS
  'The profile of p''s rows without q''s, exact in every measure, where q holds whole purchase days of p (a stored month inside p''s window): a running profile loses the month that leaves. Refuses (22023) a q that is not part of p, and a q holding a line as large as p''s largest (max_order of the rest is then unknown: roll up the remaining months).';

 

 


CREATE TYPE rfm_state;

CREATE OR REPLACE FUNCTION rfm_state_in(cstring) RETURNS rfm_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_state_in_wrapper';

CREATE OR REPLACE FUNCTION rfm_state_out(rfm_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_state_out_wrapper';

CREATE TYPE rfm_state (
    INPUT = rfm_state_in, OUTPUT = rfm_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION rfm_scale_transition(state rfm_state, recency float8, frequency float8, monetary float8)
    RETURNS rfm_state IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_scale_transition_wrapper';

CREATE OR REPLACE FUNCTION rfm_scale_transition(state rfm_state, recency float8, frequency float8, monetary float8, bins int)
    RETURNS rfm_state IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_scale_transition_bins_wrapper';

CREATE OR REPLACE FUNCTION rfm_scale_final(state rfm_state) RETURNS rfm_scale IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_scale_final_wrapper';

CREATE OR REPLACE FUNCTION rfm_scale_combine(state rfm_state, other rfm_state) RETURNS rfm_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_scale_combine_wrapper';

CREATE OR REPLACE AGGREGATE rfm_scale(recency float8, frequency float8, monetary float8) (
    SFUNC = rfm_scale_transition, STYPE = rfm_state, SSPACE = 1024, FINALFUNC = rfm_scale_final,
    COMBINEFUNC = rfm_scale_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rfm_scale(recency float8, frequency float8, monetary float8, bins int) (
    SFUNC = rfm_scale_transition, STYPE = rfm_state, SSPACE = 1024, FINALFUNC = rfm_scale_final,
    COMBINEFUNC = rfm_scale_combine, PARALLEL = SAFE
);

COMMENT ON TYPE rfm_state IS
  'Transition state of the rfm_scale aggregate (the values seen so far); text form is base64 of its binary form, which Citus ships between nodes.';

COMMENT ON FUNCTION rfm_state_in(cstring) IS 'Input function of type rfm_state (base64 text).';

COMMENT ON FUNCTION rfm_state_out(rfm_state) IS 'Output function of type rfm_state (base64 text).';

COMMENT ON FUNCTION rfm_scale_transition(rfm_state, float8, float8, float8) IS 'Support function of the rfm_scale aggregate: transition.';

COMMENT ON FUNCTION rfm_scale_transition(rfm_state, float8, float8, float8, int) IS 'Support function of the rfm_scale aggregate: transition.';

COMMENT ON FUNCTION rfm_scale_final(rfm_state) IS 'Support function of the rfm_scale aggregate: final.';

COMMENT ON FUNCTION rfm_scale_combine(rfm_state, rfm_state) IS 'Support function of the rfm_scale aggregate: combines partial states (parallel workers, Citus shards).';

CREATE OR REPLACE FUNCTION "suggested_action"(
	"segment" TEXT  
) RETURNS TEXT  
STRICT STABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'suggested_action_wrapper';

CREATE OR REPLACE FUNCTION "suggested_actions"() RETURNS TABLE (
	"model" TEXT,   
	"segment" TEXT,   
	"action" TEXT   
)
STRICT STABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'suggested_actions_wrapper';

 

 


CREATE TYPE quantile_state;

CREATE OR REPLACE FUNCTION quantile_state_in(cstring) RETURNS quantile_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'quantile_state_in_wrapper';

CREATE OR REPLACE FUNCTION quantile_state_out(quantile_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'quantile_state_out_wrapper';

CREATE TYPE quantile_state (
    INPUT = quantile_state_in, OUTPUT = quantile_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION quantile_scale_transition(state quantile_state, value float8, fractions float8[])
    RETURNS quantile_state IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'quantile_scale_transition_wrapper';

CREATE OR REPLACE FUNCTION quantile_scale_transition(state quantile_state, value float8, fractions float8[], labels text[])
    RETURNS quantile_state IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'quantile_scale_transition_labeled_wrapper';

CREATE OR REPLACE FUNCTION quantile_scale_final(state quantile_state) RETURNS tier_scale IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'quantile_scale_final_wrapper';

CREATE OR REPLACE FUNCTION quantile_scale_combine(state quantile_state, other quantile_state) RETURNS quantile_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'quantile_scale_combine_wrapper';

CREATE OR REPLACE AGGREGATE quantile_scale(value float8, fractions float8[]) (
    SFUNC = quantile_scale_transition,
    STYPE = quantile_state,
    SSPACE = 1024,
    FINALFUNC = quantile_scale_final,
    COMBINEFUNC = quantile_scale_combine,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE quantile_scale(value float8, fractions float8[], labels text[]) (
    SFUNC = quantile_scale_transition,
    STYPE = quantile_state,
    SSPACE = 1024,
    FINALFUNC = quantile_scale_final,
    COMBINEFUNC = quantile_scale_combine,
    PARALLEL = SAFE
);

 

 


CREATE TYPE abc_state;

CREATE OR REPLACE FUNCTION abc_state_in(cstring) RETURNS abc_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'abc_state_in_wrapper';

CREATE OR REPLACE FUNCTION abc_state_out(abc_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'abc_state_out_wrapper';

CREATE TYPE abc_state (
    INPUT = abc_state_in, OUTPUT = abc_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION abc_scale_transition(state abc_state, value float8) RETURNS abc_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'abc_scale_transition_wrapper';

CREATE OR REPLACE FUNCTION abc_scale_transition(state abc_state, value float8, shares float8[]) RETURNS abc_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'abc_scale_transition_shares_wrapper';

CREATE OR REPLACE FUNCTION abc_scale_transition(state abc_state, value float8, shares float8[], labels text[]) RETURNS abc_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'abc_scale_transition_labeled_wrapper';

CREATE OR REPLACE FUNCTION abc_scale_final(state abc_state) RETURNS tier_scale IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'abc_scale_final_wrapper';

CREATE OR REPLACE FUNCTION abc_scale_combine(state abc_state, other abc_state) RETURNS abc_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'abc_scale_combine_wrapper';

CREATE OR REPLACE AGGREGATE abc_scale(value float8) (
    SFUNC = abc_scale_transition, STYPE = abc_state, SSPACE = 1024,
    FINALFUNC = abc_scale_final, COMBINEFUNC = abc_scale_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE abc_scale(value float8, shares float8[]) (
    SFUNC = abc_scale_transition, STYPE = abc_state, SSPACE = 1024,
    FINALFUNC = abc_scale_final, COMBINEFUNC = abc_scale_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE abc_scale(value float8, shares float8[], labels text[]) (
    SFUNC = abc_scale_transition, STYPE = abc_state, SSPACE = 1024,
    FINALFUNC = abc_scale_final, COMBINEFUNC = abc_scale_combine, PARALLEL = SAFE
);

COMMENT ON AGGREGATE abc_scale(float8) IS
  'ABC classes at 80% and 95% of the positive total, as a tier_scale: tier(value, scale) gives A, B or C. Largest values first; the customer who crosses a share is in the better class, equal values share a class, values <= 0 are C. Works with OVER (PARTITION BY ...).';

COMMENT ON AGGREGATE abc_scale(float8, float8[]) IS
  'ABC classes at cumulative shares (ascending, in (0,1]) of the positive total, as a tier_scale labelled A, B, C, ... Works with OVER (PARTITION BY ...).';

COMMENT ON AGGREGATE abc_scale(float8, float8[], text[]) IS
  'ABC classes at cumulative shares of the positive total, as a tier_scale with labels best class first (one more label than shares). Works with OVER (PARTITION BY ...).';

COMMENT ON TYPE abc_state IS
  'Transition state of the abc_scale aggregate (the values and the shares asked for); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.';

COMMENT ON FUNCTION abc_state_in(cstring) IS 'Input function of type abc_state (base64 text).';

COMMENT ON FUNCTION abc_state_out(abc_state) IS 'Output function of type abc_state (base64 text).';

COMMENT ON FUNCTION abc_scale_transition(abc_state, float8) IS 'Support function of the abc_scale aggregate: transition.';

COMMENT ON FUNCTION abc_scale_transition(abc_state, float8, float8[]) IS 'Support function of the abc_scale aggregate: transition.';

COMMENT ON FUNCTION abc_scale_transition(abc_state, float8, float8[], text[]) IS 'Support function of the abc_scale aggregate: transition.';

COMMENT ON FUNCTION abc_scale_final(abc_state) IS 'Support function of the abc_scale aggregate: final.';

COMMENT ON FUNCTION abc_scale_combine(abc_state, abc_state) IS 'Support function of the abc_scale aggregate: combines partial states (parallel workers, Citus shards).';

COMMENT ON TYPE quantile_state IS
  'Transition state of the quantile_scale aggregate (the values seen so far); text form is base64 of its binary form, which Citus ships between nodes.';

COMMENT ON FUNCTION quantile_state_in(cstring) IS 'Input function of type quantile_state (base64 text).';

COMMENT ON FUNCTION quantile_state_out(quantile_state) IS 'Output function of type quantile_state (base64 text).';

COMMENT ON FUNCTION quantile_scale_transition(quantile_state, float8, float8[]) IS 'Support function of the quantile_scale aggregate: transition.';

COMMENT ON FUNCTION quantile_scale_transition(quantile_state, float8, float8[], text[]) IS 'Support function of the quantile_scale aggregate: transition.';

COMMENT ON FUNCTION quantile_scale_final(quantile_state) IS 'Support function of the quantile_scale aggregate: final.';

COMMENT ON FUNCTION quantile_scale_combine(quantile_state, quantile_state) IS 'Support function of the quantile_scale aggregate: combines partial states (parallel workers, Citus shards).';

CREATE OR REPLACE FUNCTION "top_share"(
	"c" concentration,  
	"fraction" double precision  
) RETURNS double precision  
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'top_share_wrapper';

CREATE OR REPLACE FUNCTION "total"(
	"c" concentration  
) RETURNS double precision  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'concentration_total_wrapper';

 

 


CREATE TYPE concentration_state;

CREATE OR REPLACE FUNCTION concentration_state_in(cstring) RETURNS concentration_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'concentration_state_in_wrapper';

CREATE OR REPLACE FUNCTION concentration_state_out(concentration_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'concentration_state_out_wrapper';

CREATE TYPE concentration_state (
    INPUT = concentration_state_in, OUTPUT = concentration_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION concentration_transition(state concentration_state, value float8) RETURNS concentration_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'concentration_transition_wrapper';

CREATE OR REPLACE FUNCTION concentration_final(state concentration_state) RETURNS concentration IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'concentration_final_wrapper';

CREATE OR REPLACE FUNCTION concentration_combine(state concentration_state, other concentration_state)
    RETURNS concentration_state IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'concentration_combine_wrapper';

CREATE OR REPLACE AGGREGATE concentration(value float8) (
    SFUNC = concentration_transition, STYPE = concentration_state, SSPACE = 8192,
    FINALFUNC = concentration_final, COMBINEFUNC = concentration_combine, PARALLEL = SAFE
);

ALTER TYPE concentration SET (SEND = concentration_send, RECEIVE = concentration_recv);

COMMENT ON TYPE concentration IS
  'How value is spread over customers (every customer''s value, largest first): read with top_share, customers_for_share, gini, count, total, lorenz. Text form is JSON.';

COMMENT ON AGGREGATE concentration(float8) IS
  'Concentration of value over the rows (one row per customer): NULLs are skipped, values below 0 count as 0. Parallel safe.';

COMMENT ON FUNCTION top_share(concentration, float8) IS
  'Share of the total brought by the top fraction of customers (the top ceil(fraction * count)); fraction in (0,1]; NULL when the total is 0.';

COMMENT ON FUNCTION customers_for_share(concentration, float8) IS
  'How many top customers it takes to reach share of the total; share in (0,1]; NULL when the total is 0.';

COMMENT ON FUNCTION gini(concentration) IS
  'Population Gini coefficient: mean absolute difference over twice the mean; 0 when all are equal, NULL when the total is 0.';

COMMENT ON FUNCTION count(concentration) IS 'Number of customers (non-NULL values).';

COMMENT ON FUNCTION total(concentration) IS 'Sum of the values, those below 0 counted as 0.';

COMMENT ON FUNCTION lorenz(concentration, integer) IS
  'The Lorenz curve at points + 1 customer shares from 0 to 1: share of the total held by that share of customers, smallest first.';

COMMENT ON TYPE concentration_state IS
  'Transition state of the concentration aggregate (the values so far); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.';

COMMENT ON FUNCTION concentration_state_in(cstring) IS 'Input function of type concentration_state (base64 text).';

COMMENT ON FUNCTION concentration_state_out(concentration_state) IS 'Output function of type concentration_state (base64 text).';

COMMENT ON FUNCTION concentration_transition(concentration_state, float8) IS 'Support function of the concentration aggregate: transition.';

COMMENT ON FUNCTION concentration_final(concentration_state) IS 'Support function of the concentration aggregate: final.';

COMMENT ON FUNCTION concentration_combine(concentration_state, concentration_state) IS 'Support function of the concentration aggregate: combines partial states (parallel workers, Citus shards).';

COMMENT ON FUNCTION concentration_in(cstring) IS 'Input function of type concentration (JSON text).';

COMMENT ON FUNCTION concentration_out(concentration) IS 'Output function of type concentration (JSON text).';

COMMENT ON FUNCTION concentration_send(concentration) IS 'Send function of type concentration: its versioned binary form, for binary COPY and binary-protocol clients.';

COMMENT ON FUNCTION concentration_recv(internal) IS 'Receive function of type concentration: reads its versioned binary form.';

 

 


COMMENT ON FUNCTION suggested_actions() IS
  'The usual playbook: a suggested action per standard RFM segment and per cn8 class; names and actions follow segments.language, so the table joins on rfm_segment() and rfm_class().';

COMMENT ON FUNCTION suggested_action(text) IS
  'The suggested action for an RFM segment or cn8 class named in English or Chinese, in the language of segments.language; NULL for other names.';

COMMENT ON FUNCTION finding_top_share(concentration, float8) IS
  'A finding in words: "Top 10% of customers (5) bring 57.4% of sales"; follows segments.language. NULL when the total is 0.';

COMMENT ON FUNCTION finding_class(text, float8, float8) IS
  'A finding in words: "A customers: 18.0% of customers, 71.2% of sales"; follows segments.language.';

COMMENT ON FUNCTION finding_lapsed(bigint, text, bigint) IS
  'A finding in words: "3 customers in Champions have not bought for 45 days or more"; follows segments.language.';

COMMENT ON FUNCTION finding_growth(text, float8) IS
  'A finding in words: "Class X grew 9.4% on the previous period" (fell when negative; no sales in the previous period when growth is NULL); follows segments.language.';

COMMENT ON FUNCTION next_purchase_due(customer_profile) IS
  'Last purchase day plus the mean purchase interval (rounded to a day); NULL with fewer than two purchase days or when that day lies outside PostgreSQL''s date range.';

 

 


CREATE TYPE rollup_tree_state;

CREATE OR REPLACE FUNCTION rollup_tree_state_in(cstring) RETURNS rollup_tree_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_tree_state_in_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_state_out(rollup_tree_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_tree_state_out_wrapper';

CREATE TYPE rollup_tree_state (
    INPUT = rollup_tree_state_in, OUTPUT = rollup_tree_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION rollup_tree_final(state rollup_tree_state) RETURNS tree_totals IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_tree_final_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_combine(state rollup_tree_state, other rollup_tree_state) RETURNS rollup_tree_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_tree_combine_wrapper';

COMMENT ON TYPE rollup_tree_state IS
  'Transition state of the rollup_tree aggregate (totals per node, and the tree or coding scheme they are laid over); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.';

COMMENT ON FUNCTION rollup_tree_state_in(cstring) IS 'Input function of type rollup_tree_state (base64 text).';

COMMENT ON FUNCTION rollup_tree_state_out(rollup_tree_state) IS 'Output function of type rollup_tree_state (base64 text).';

COMMENT ON FUNCTION rollup_tree_final(rollup_tree_state) IS 'Support function of the rollup_tree aggregate: carries every node''s totals up to its ancestors.';

COMMENT ON FUNCTION rollup_tree_combine(rollup_tree_state, rollup_tree_state) IS 'Support function of the rollup_tree aggregate: combines partial states (parallel workers, Citus shards).';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node text, amount numeric, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_tree_transition_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node text, amount numeric, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_tree_id_transition_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node text, amount numeric, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_tree_key_transition_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(node text, amount numeric, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node text, amount numeric, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node text, amount numeric, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, numeric, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, numeric, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, numeric, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, code text, amount numeric, scheme code_scheme)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_scheme_transition_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, code text, amount numeric, scheme code_scheme, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_scheme_id_transition_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, code text, amount numeric, scheme code_scheme, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rollup_scheme_key_transition_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(code text, amount numeric, scheme code_scheme) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(code text, amount numeric, scheme code_scheme, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(code text, amount numeric, scheme code_scheme, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, numeric, code_scheme) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, numeric, code_scheme, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, numeric, code_scheme, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node text, amount double precision, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_text_f_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node text, amount double precision, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_text_f_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node text, amount double precision, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_text_f_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(node text, amount double precision, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node text, amount double precision, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node text, amount double precision, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, double precision, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, double precision, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, double precision, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node bigint, amount numeric, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_int_n_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node bigint, amount numeric, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_int_n_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node bigint, amount numeric, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_int_n_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(node bigint, amount numeric, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node bigint, amount numeric, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node bigint, amount numeric, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint, numeric, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint, numeric, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint, numeric, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node bigint, amount double precision, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_int_f_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node bigint, amount double precision, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_int_f_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node bigint, amount double precision, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_int_f_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(node bigint, amount double precision, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node bigint, amount double precision, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node bigint, amount double precision, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint, double precision, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint, double precision, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint, double precision, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount numeric, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_texts_n_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount numeric, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_texts_n_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount numeric, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_texts_n_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount numeric, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount numeric, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount numeric, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], numeric, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], numeric, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], numeric, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount double precision, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_texts_f_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount double precision, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_texts_f_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount double precision, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_texts_f_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount double precision, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount double precision, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount double precision, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], double precision, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], double precision, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], double precision, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes bigint[], amount numeric, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_ints_n_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes bigint[], amount numeric, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_ints_n_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes bigint[], amount numeric, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_ints_n_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(nodes bigint[], amount numeric, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes bigint[], amount numeric, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes bigint[], amount numeric, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint[], numeric, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint[], numeric, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint[], numeric, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes bigint[], amount double precision, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_ints_f_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes bigint[], amount double precision, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_ints_f_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes bigint[], amount double precision, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_ints_f_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(nodes bigint[], amount double precision, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes bigint[], amount double precision, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes bigint[], amount double precision, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint[], double precision, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint[], double precision, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint[], double precision, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, code text, amount double precision, scheme code_scheme)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_text_f_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, code text, amount double precision, scheme code_scheme, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_text_f_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, code text, amount double precision, scheme code_scheme, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_text_f_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(code text, amount double precision, scheme code_scheme) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(code text, amount double precision, scheme code_scheme, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(code text, amount double precision, scheme code_scheme, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, double precision, code_scheme) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, double precision, code_scheme, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, double precision, code_scheme, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount numeric, scheme code_scheme)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_texts_n_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount numeric, scheme code_scheme, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_texts_n_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount numeric, scheme code_scheme, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_texts_n_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount numeric, scheme code_scheme) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount numeric, scheme code_scheme, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount numeric, scheme code_scheme, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], numeric, code_scheme) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], numeric, code_scheme, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], numeric, code_scheme, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount double precision, scheme code_scheme)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_texts_f_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount double precision, scheme code_scheme, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_texts_f_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount double precision, scheme code_scheme, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_texts_f_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount double precision, scheme code_scheme) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount double precision, scheme code_scheme, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount double precision, scheme code_scheme, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], double precision, code_scheme) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], double precision, code_scheme, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], double precision, code_scheme, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node text, amount bigint, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_text_i_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node text, amount bigint, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_text_i_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node text, amount bigint, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_text_i_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(node text, amount bigint, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node text, amount bigint, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node text, amount bigint, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, bigint, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, bigint, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, bigint, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node bigint, amount bigint, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_int_i_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node bigint, amount bigint, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_int_i_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, node bigint, amount bigint, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_int_i_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(node bigint, amount bigint, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node bigint, amount bigint, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(node bigint, amount bigint, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint, bigint, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint, bigint, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint, bigint, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount bigint, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_texts_i_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount bigint, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_texts_i_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount bigint, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_texts_i_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount bigint, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount bigint, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount bigint, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], bigint, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], bigint, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], bigint, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes bigint[], amount bigint, h hierarchy)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_ints_i_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes bigint[], amount bigint, h hierarchy, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_ints_i_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes bigint[], amount bigint, h hierarchy, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rt_ints_i_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(nodes bigint[], amount bigint, h hierarchy) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes bigint[], amount bigint, h hierarchy, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes bigint[], amount bigint, h hierarchy, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint[], bigint, hierarchy) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint[], bigint, hierarchy, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, bigint[], bigint, hierarchy, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, code text, amount bigint, scheme code_scheme)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_text_i_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, code text, amount bigint, scheme code_scheme, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_text_i_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, code text, amount bigint, scheme code_scheme, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_text_i_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(code text, amount bigint, scheme code_scheme) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(code text, amount bigint, scheme code_scheme, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(code text, amount bigint, scheme code_scheme, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, bigint, code_scheme) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, bigint, code_scheme, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text, bigint, code_scheme, text) IS 'Support function of the rollup_tree aggregate: transition.';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount bigint, scheme code_scheme)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_texts_i_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount bigint, scheme code_scheme, customer bigint)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_texts_i_id_tr_wrapper';

CREATE OR REPLACE FUNCTION rollup_tree_transition(state rollup_tree_state, nodes text[], amount bigint, scheme code_scheme, customer text)
    RETURNS rollup_tree_state IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rs_texts_i_key_tr_wrapper';

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount bigint, scheme code_scheme) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount bigint, scheme code_scheme, customer bigint) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE rollup_tree(nodes text[], amount bigint, scheme code_scheme, customer text) (
    SFUNC = rollup_tree_transition, STYPE = rollup_tree_state, FINALFUNC = rollup_tree_final, SSPACE = 4096,
    COMBINEFUNC = rollup_tree_combine, PARALLEL = SAFE
);

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], bigint, code_scheme) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], bigint, code_scheme, bigint) IS 'Support function of the rollup_tree aggregate: transition.';

COMMENT ON FUNCTION rollup_tree_transition(rollup_tree_state, text[], bigint, code_scheme, text) IS 'Support function of the rollup_tree aggregate: transition.';

 

 


COMMENT ON AGGREGATE rollup_tree(text, bigint, hierarchy) IS 'rollup_tree with integer amounts, kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, hierarchy, bigint) IS 'rollup_tree with integer amounts, kept exactly, with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, hierarchy, text) IS 'rollup_tree with integer amounts, kept exactly, with a count of distinct customers per node given as text keys.';

COMMENT ON AGGREGATE rollup_tree(bigint, bigint, hierarchy) IS 'rollup_tree with integer amounts, kept exactly.';

COMMENT ON AGGREGATE rollup_tree(bigint, bigint, hierarchy, bigint) IS 'rollup_tree with integer amounts, kept exactly, with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(bigint, bigint, hierarchy, text) IS 'rollup_tree with integer amounts, kept exactly, with a count of distinct customers per node given as text keys.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, hierarchy) IS 'rollup_tree of customers in several classes (each row once at every node of the union of its classes'' paths) with integer amounts, kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, hierarchy, bigint) IS 'rollup_tree of customers in several classes (each row once at every node of the union of its classes'' paths) with integer amounts, kept exactly, with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, hierarchy, text) IS 'rollup_tree of customers in several classes (each row once at every node of the union of its classes'' paths) with integer amounts, kept exactly, with a count of distinct customers per node given as text keys.';

COMMENT ON AGGREGATE rollup_tree(bigint[], bigint, hierarchy) IS 'rollup_tree of customers in several classes (each row once at every node of the union of its classes'' paths) with integer amounts, kept exactly.';

COMMENT ON AGGREGATE rollup_tree(bigint[], bigint, hierarchy, bigint) IS 'rollup_tree of customers in several classes (each row once at every node of the union of its classes'' paths) with integer amounts, kept exactly, with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(bigint[], bigint, hierarchy, text) IS 'rollup_tree of customers in several classes (each row once at every node of the union of its classes'' paths) with integer amounts, kept exactly, with a count of distinct customers per node given as text keys.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, code_scheme) IS 'rollup_tree with integer amounts, kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, code_scheme, bigint) IS 'rollup_tree with integer amounts, kept exactly, with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text, bigint, code_scheme, text) IS 'rollup_tree with integer amounts, kept exactly, with a count of distinct customers per node given as text keys.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, code_scheme) IS 'rollup_tree of customers in several classes (each row once at every node of the union of its classes'' paths) with integer amounts, kept exactly.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, code_scheme, bigint) IS 'rollup_tree of customers in several classes (each row once at every node of the union of its classes'' paths) with integer amounts, kept exactly, with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text[], bigint, code_scheme, text) IS 'rollup_tree of customers in several classes (each row once at every node of the union of its classes'' paths) with integer amounts, kept exactly, with a count of distinct customers per node given as text keys.';

COMMENT ON AGGREGATE node_totals(text, bigint) IS 'node_totals with integer amounts, kept exactly.';

COMMENT ON AGGREGATE node_totals(text, bigint, bigint) IS 'node_totals with integer amounts, kept exactly, with a count of distinct customers.';

COMMENT ON AGGREGATE node_totals(text, bigint, text) IS 'node_totals with integer amounts, kept exactly, with a count of distinct customers given as text keys.';

COMMENT ON AGGREGATE node_totals(bigint, bigint) IS 'node_totals with integer amounts, kept exactly.';

COMMENT ON AGGREGATE node_totals(bigint, bigint, bigint) IS 'node_totals with integer amounts, kept exactly, with a count of distinct customers.';

COMMENT ON AGGREGATE node_totals(bigint, bigint, text) IS 'node_totals with integer amounts, kept exactly, with a count of distinct customers given as text keys.';

CREATE OR REPLACE FUNCTION "tree_rows_by_id"(
	"totals" tree_totals  
) RETURNS TABLE (
	"node" bigint,   
	"name" TEXT,   
	"level" INT,   
	"parent" bigint,   
	"is_leaf" bool,   
	"rows" bigint,   
	"amount" NUMERIC,   
	"customers" bigint,   
	"share_of_parent" double precision,   
	"share_of_total" double precision   
)
STRICT STABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'tree_rows_by_id_wrapper';

CREATE OR REPLACE FUNCTION "apply_tree"(
	"totals" node_totals,  
	"scheme" code_scheme  
) RETURNS tree_totals  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'apply_scheme_wrapper';

CREATE OR REPLACE FUNCTION "svg_tree"(
	"totals" tree_totals,  
	"options_json" jsonb DEFAULT NULL  
) RETURNS TEXT  
STABLE PARALLEL SAFE
LANGUAGE c  
AS 'MODULE_PATHNAME', 'svg_tree_wrapper';

 

 


CREATE TYPE svg_bars_state;

CREATE OR REPLACE FUNCTION svg_bars_state_in(cstring) RETURNS svg_bars_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_bars_state_in_wrapper';

CREATE OR REPLACE FUNCTION svg_bars_state_out(svg_bars_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_bars_state_out_wrapper';

CREATE TYPE svg_bars_state (
    INPUT = svg_bars_state_in, OUTPUT = svg_bars_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION svg_bars_transition(state svg_bars_state, label text, value float8) RETURNS svg_bars_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_bars_transition_wrapper';

CREATE OR REPLACE FUNCTION svg_bars_transition(state svg_bars_state, label text, value float8, options jsonb) RETURNS svg_bars_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_bars_transition_options_wrapper';

CREATE OR REPLACE FUNCTION svg_bars_final(state svg_bars_state) RETURNS text IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'svg_bars_final_wrapper';

CREATE OR REPLACE FUNCTION svg_bars_combine(state svg_bars_state, other svg_bars_state) RETURNS svg_bars_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_bars_combine_wrapper';

CREATE TYPE svg_pareto_state;

CREATE OR REPLACE FUNCTION svg_pareto_state_in(cstring) RETURNS svg_pareto_state
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_pareto_state_in_wrapper';

CREATE OR REPLACE FUNCTION svg_pareto_state_out(svg_pareto_state) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_pareto_state_out_wrapper';

CREATE TYPE svg_pareto_state (
    INPUT = svg_pareto_state_in, OUTPUT = svg_pareto_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);

CREATE OR REPLACE FUNCTION svg_pareto_transition(state svg_pareto_state, value float8) RETURNS svg_pareto_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_pareto_transition_wrapper';

CREATE OR REPLACE FUNCTION svg_pareto_transition(state svg_pareto_state, value float8, options jsonb) RETURNS svg_pareto_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_pareto_transition_options_wrapper';

CREATE OR REPLACE FUNCTION svg_pareto_final(state svg_pareto_state) RETURNS text IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', 'svg_pareto_final_wrapper';

CREATE OR REPLACE FUNCTION svg_pareto_combine(state svg_pareto_state, other svg_pareto_state) RETURNS svg_pareto_state
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'svg_pareto_combine_wrapper';

CREATE OR REPLACE AGGREGATE svg_bars(label text, value float8) (
    SFUNC = svg_bars_transition, STYPE = svg_bars_state, FINALFUNC = svg_bars_final,
    COMBINEFUNC = svg_bars_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE svg_bars(label text, value float8, options jsonb) (
    SFUNC = svg_bars_transition, STYPE = svg_bars_state, FINALFUNC = svg_bars_final,
    COMBINEFUNC = svg_bars_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE svg_pareto(value float8) (
    SFUNC = svg_pareto_transition, STYPE = svg_pareto_state, FINALFUNC = svg_pareto_final,
    COMBINEFUNC = svg_pareto_combine, PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE svg_pareto(value float8, options jsonb) (
    SFUNC = svg_pareto_transition, STYPE = svg_pareto_state, FINALFUNC = svg_pareto_final,
    COMBINEFUNC = svg_pareto_combine, PARALLEL = SAFE
);

COMMENT ON AGGREGATE svg_bars(text, float8) IS
  'A horizontal bar chart as a self-contained SVG document: one bar per row in aggregate order (use ORDER BY inside the call), the value printed after each bar; labels are XML-escaped.';

COMMENT ON AGGREGATE svg_bars(text, float8, jsonb) IS
  'A horizontal bar chart as a self-contained SVG document; options: title, width, height, format (number or percent), decimals, thousands, prefix, suffix.';

COMMENT ON AGGREGATE svg_pareto(float8) IS
  'The Pareto curve of the values (one row per customer) as a self-contained SVG document, with the top-10% and 80% markers.';

COMMENT ON AGGREGATE svg_pareto(float8, jsonb) IS
  'The Pareto curve as a self-contained SVG document; options: title, width, height, decimals, top (default 0.1), share (default 0.8).';

COMMENT ON FUNCTION svg_tree(tree_totals, jsonb) IS
  'The class tree as a self-contained SVG document: one stacked bar per level, each class as wide as its share of the total; options: title, width, height, format, decimals, thousands, prefix, suffix.';

COMMENT ON TYPE svg_bars_state IS
  'Transition state of the svg_bars aggregate (the options and the bars so far); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.';

COMMENT ON FUNCTION svg_bars_state_in(cstring) IS 'Input function of type svg_bars_state (base64 text).';

COMMENT ON FUNCTION svg_bars_state_out(svg_bars_state) IS 'Output function of type svg_bars_state (base64 text).';

COMMENT ON FUNCTION svg_bars_transition(svg_bars_state, text, float8) IS 'Support function of the svg_bars aggregate: transition.';

COMMENT ON FUNCTION svg_bars_transition(svg_bars_state, text, float8, jsonb) IS 'Support function of the svg_bars aggregate: transition.';

COMMENT ON FUNCTION svg_bars_final(svg_bars_state) IS 'Support function of the svg_bars aggregate: final.';

COMMENT ON FUNCTION svg_bars_combine(svg_bars_state, svg_bars_state) IS 'Support function of the svg_bars aggregate: combines partial states (parallel workers, Citus shards), the bars of one after the other.';

COMMENT ON TYPE svg_pareto_state IS
  'Transition state of the svg_pareto aggregate (the options and the values so far); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.';

COMMENT ON FUNCTION svg_pareto_state_in(cstring) IS 'Input function of type svg_pareto_state (base64 text).';

COMMENT ON FUNCTION svg_pareto_state_out(svg_pareto_state) IS 'Output function of type svg_pareto_state (base64 text).';

COMMENT ON FUNCTION svg_pareto_transition(svg_pareto_state, float8) IS 'Support function of the svg_pareto aggregate: transition.';

COMMENT ON FUNCTION svg_pareto_transition(svg_pareto_state, float8, jsonb) IS 'Support function of the svg_pareto aggregate: transition.';

COMMENT ON FUNCTION svg_pareto_final(svg_pareto_state) IS 'Support function of the svg_pareto aggregate: final.';

COMMENT ON FUNCTION svg_pareto_combine(svg_pareto_state, svg_pareto_state) IS 'Support function of the svg_pareto aggregate: combines partial states (parallel workers, Citus shards).';

CREATE OR REPLACE FUNCTION "apply_tree"(
	"totals" node_totals,  
	"h" hierarchy  
) RETURNS tree_totals  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'apply_tree_wrapper';

CREATE OR REPLACE FUNCTION "skipped"(
	"totals" tree_totals  
) RETURNS bigint  
IMMUTABLE STRICT PARALLEL SAFE 
LANGUAGE c  
AS 'MODULE_PATHNAME', 'tree_skipped_wrapper';

 

 


COMMENT ON AGGREGATE rollup_tree(text, double precision, hierarchy) IS 'Rows and exact amount at every node of a tree; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text, double precision, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree; float8 amounts read as ::numeric reads them with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text, double precision, hierarchy, text) IS 'Rows and exact amount at every node of a tree; float8 amounts read as ::numeric reads them with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE rollup_tree(bigint, numeric, hierarchy) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids.';

COMMENT ON AGGREGATE rollup_tree(bigint, numeric, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(bigint, numeric, hierarchy, text) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE rollup_tree(bigint, double precision, hierarchy) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(bigint, double precision, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids; float8 amounts read as ::numeric reads them with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(bigint, double precision, hierarchy, text) IS 'Rows and exact amount at every node of a tree, nodes given as integer ids; float8 amounts read as ::numeric reads them with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, hierarchy) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, hierarchy) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE rollup_tree(bigint[], numeric, hierarchy) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified.';

COMMENT ON AGGREGATE rollup_tree(bigint[], numeric, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(bigint[], numeric, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE rollup_tree(bigint[], double precision, hierarchy) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(bigint[], double precision, hierarchy, bigint) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(bigint[], double precision, hierarchy, text) IS 'Rows and exact amount at every node of a tree for customers in several classes: a row is added once to every node of the union of its classes'' ancestor paths, so each common ancestor counts it once; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE rollup_tree(text, double precision, code_scheme) IS 'Rows and exact amount at every level of coded classes; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text, double precision, code_scheme, bigint) IS 'Rows and exact amount at every level of coded classes; float8 amounts read as ::numeric reads them with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text, double precision, code_scheme, text) IS 'Rows and exact amount at every level of coded classes; float8 amounts read as ::numeric reads them with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, code_scheme) IS 'rollup_tree over coded classes for customers in several classes: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, code_scheme, bigint) IS 'rollup_tree over coded classes for customers in several classes: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text[], numeric, code_scheme, text) IS 'rollup_tree over coded classes for customers in several classes: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, code_scheme) IS 'rollup_tree over coded classes for customers in several classes: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, code_scheme, bigint) IS 'rollup_tree over coded classes for customers in several classes: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them with a count of distinct customers per node.';

COMMENT ON AGGREGATE rollup_tree(text[], double precision, code_scheme, text) IS 'rollup_tree over coded classes for customers in several classes: a row is added once to every code of the union of its codes'' paths; a NULL or empty array is unclassified; float8 amounts read as ::numeric reads them with a count of distinct customers per node, customers given as text keys.';

COMMENT ON AGGREGATE node_totals(text, numeric) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards.';

COMMENT ON AGGREGATE node_totals(text, numeric, bigint) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; with the distinct customers of each node.';

COMMENT ON AGGREGATE node_totals(text, numeric, text) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; with the distinct customers of each node given as text keys.';

COMMENT ON AGGREGATE node_totals(text, double precision) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE node_totals(text, double precision, bigint) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; float8 amounts read as ::numeric reads them; with the distinct customers of each node.';

COMMENT ON AGGREGATE node_totals(text, double precision, text) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; float8 amounts read as ::numeric reads them; with the distinct customers of each node given as text keys.';

COMMENT ON AGGREGATE node_totals(bigint, numeric) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards.';

COMMENT ON AGGREGATE node_totals(bigint, numeric, bigint) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; with the distinct customers of each node.';

COMMENT ON AGGREGATE node_totals(bigint, numeric, text) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; with the distinct customers of each node given as text keys.';

COMMENT ON AGGREGATE node_totals(bigint, double precision) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; float8 amounts read as ::numeric reads them.';

COMMENT ON AGGREGATE node_totals(bigint, double precision, bigint) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; float8 amounts read as ::numeric reads them; with the distinct customers of each node.';

COMMENT ON AGGREGATE node_totals(bigint, double precision, text) IS 'Rows and exact amount per node with no tree (rows of a NULL node kept apart), for apply_tree(); on Citus the per-node partials run on the shards; float8 amounts read as ::numeric reads them; with the distinct customers of each node given as text keys.';

COMMENT ON AGGREGATE tree(bigint, bigint) IS 'Tree from a parent-pointer table with integer ids: node, parent (NULL for a root).';

COMMENT ON AGGREGATE tree(bigint, bigint, text) IS 'Tree from a parent-pointer table with integer ids: node, parent (NULL for a root), name.';

COMMENT ON AGGREGATE tree_nested(bigint, int, int) IS 'Tree from a nested-set table with integer ids: node, lft, rgt.';

COMMENT ON AGGREGATE tree_nested(bigint, int, int, text) IS 'Tree from a nested-set table with integer ids: node, lft, rgt, name.';

COMMENT ON FUNCTION ancestors(hierarchy, bigint) IS 'Ancestors of a node of a tree built from integer ids, the root first, as ids.';

COMMENT ON FUNCTION depth(hierarchy, bigint) IS 'Level of a node of a tree built from integer ids (1 for a root).';

COMMENT ON FUNCTION is_leaf(hierarchy, bigint) IS 'Whether a node of a tree built from integer ids has no children.';

COMMENT ON FUNCTION tree_rows_by_id(tree_totals) IS
  'tree_rows of a tree built from integer ids: node and parent as bigint, to join the class table on its id without a cast.';

COMMENT ON FUNCTION skipped(tree_totals) IS 'Rows rollup_tree or node_totals read with a NULL amount (comment lines, lines without a price): counted, added nowhere.';

COMMENT ON TYPE node_totals IS
  'Rows, exact amount and (when counted) the distinct customers of every node, with no tree: made by node_totals(), turned into tree_totals by apply_tree(). Text form is JSON.';

COMMENT ON FUNCTION node_totals_in(cstring) IS 'Input function of type node_totals (JSON text).';

COMMENT ON FUNCTION node_totals_out(node_totals) IS 'Output function of type node_totals (JSON text).';

COMMENT ON FUNCTION apply_tree(node_totals, hierarchy) IS
  'Lays a tree over totals per node once: the same tree_totals rollup_tree gives over the same rows, each node holding its subtree.';

COMMENT ON FUNCTION apply_tree(node_totals, code_scheme) IS
  'Lays the tree of a coding scheme over totals per code once: the same tree_totals rollup_tree gives over the same rows.';

ALTER TYPE node_totals SET (SEND = node_totals_send, RECEIVE = node_totals_recv);

COMMENT ON FUNCTION node_totals_send(node_totals) IS 'Send function of type node_totals: its versioned binary form, for binary COPY and binary-protocol clients.';

COMMENT ON FUNCTION node_totals_recv(internal) IS 'Receive function of type node_totals: reads its versioned binary form.';

DROP FUNCTION segments."profile_combine"(internal, internal);

DROP FUNCTION segments."profile_deserialize"(bytea, internal);

DROP FUNCTION segments."profile_final"(internal);

DROP FUNCTION segments."profile_rollup_transition"(internal, customer_profile);

DROP FUNCTION segments."profile_serialize"(internal);

DROP FUNCTION segments."profile_transition"(internal, date, double precision);

DROP FUNCTION segments."profile_transition"(internal, date, double precision, TEXT);

DROP FUNCTION segments."profile_transition"(internal, date, NUMERIC);

DROP FUNCTION segments."profile_transition"(internal, date, NUMERIC, TEXT);

DROP FUNCTION segments."profile_transition"(internal, timestamp with time zone, double precision);

DROP FUNCTION segments."profile_transition"(internal, timestamp with time zone, double precision, TEXT);

DROP FUNCTION segments."profile_transition"(internal, timestamp with time zone, NUMERIC);

DROP FUNCTION segments."profile_transition"(internal, timestamp with time zone, NUMERIC, TEXT);

DROP FUNCTION segments."quantile_scale_combine"(internal, internal);

DROP FUNCTION segments."quantile_scale_deserialize"(bytea, internal);

DROP FUNCTION segments."quantile_scale_serialize"(internal);

DROP FUNCTION segments."quantile_scale_transition"(internal, double precision, double precision[]);

DROP FUNCTION segments."quantile_scale_transition"(internal, double precision, double precision[], TEXT[]);

DROP FUNCTION segments."rfm_scale_combine"(internal, internal);

DROP FUNCTION segments."rfm_scale_deserialize"(bytea, internal);

DROP FUNCTION segments."rfm_scale_final"(internal);

DROP FUNCTION segments."rfm_scale_serialize"(internal);

DROP FUNCTION segments."rfm_scale_transition"(internal, double precision, double precision, double precision);

DROP FUNCTION segments."rfm_scale_transition"(internal, double precision, double precision, double precision, INT);

DROP FUNCTION segments."rollup_tree_combine"(internal, internal);

DROP FUNCTION segments."rollup_tree_deserialize"(bytea, internal);

DROP FUNCTION segments."rollup_tree_serialize"(internal);

DROP FUNCTION segments."rollup_tree_transition"(internal, TEXT, NUMERIC, code_scheme, bigint);

DROP FUNCTION segments."rollup_tree_transition"(internal, TEXT, NUMERIC, code_scheme, TEXT);

DROP FUNCTION segments."rollup_tree_transition"(internal, TEXT, NUMERIC, code_scheme);

DROP FUNCTION segments."rollup_tree_transition"(internal, TEXT, NUMERIC, hierarchy, bigint);

DROP FUNCTION segments."rollup_tree_transition"(internal, TEXT, NUMERIC, hierarchy, TEXT);

DROP FUNCTION segments."rollup_tree_transition"(internal, TEXT, NUMERIC, hierarchy);

DROP FUNCTION segments."quantile_scale_final"(internal);

DROP FUNCTION segments."tree_coded_transition"(internal, TEXT, code_scheme, TEXT);

DROP FUNCTION segments."tree_coded_transition"(internal, TEXT, code_scheme);

DROP FUNCTION segments."tree_combine"(internal, internal);

DROP FUNCTION segments."tree_deserialize"(bytea, internal);

DROP FUNCTION segments."tree_final"(internal);

DROP FUNCTION segments."tree_nested_transition"(internal, TEXT, INT, INT, TEXT);

DROP FUNCTION segments."tree_nested_transition"(internal, TEXT, INT, INT);

DROP FUNCTION segments."tree_parent_transition"(internal, TEXT, TEXT, TEXT);

DROP FUNCTION segments."tree_parent_transition"(internal, TEXT, TEXT);

DROP FUNCTION segments."tree_serialize"(internal);

DROP FUNCTION segments."rollup_tree_final"(internal);
