-- customer_segments 0.1.0 -> 0.2.0
-- Applied by ALTER EXTENSION customer_segments UPDATE TO '0.2.0'. The upgrade test
-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.
\echo Use "ALTER EXTENSION customer_segments UPDATE TO '0.2.0'" to load this file. \quit

CREATE OR REPLACE FUNCTION "calibrate_combine"( "state" internal, "other" internal )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'calibrate_combine_wrapper';

CREATE OR REPLACE FUNCTION "calibrate_deserialize"( "bytes" bytea, "_unused" internal )
RETURNS internal
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'calibrate_deserialize_wrapper';

CREATE OR REPLACE FUNCTION "calibrate_final"( "state" internal )
RETURNS jsonb
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'calibrate_final_wrapper';

CREATE OR REPLACE FUNCTION "calibrate_serialize"( "state" internal )
RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'calibrate_serialize_wrapper';

CREATE OR REPLACE FUNCTION "calibrate_transition"( "state" internal, "policy" jsonb, "metrics" jsonb )
RETURNS internal
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'calibrate_transition_wrapper';

CREATE OR REPLACE AGGREGATE calibrate(policy jsonb, metrics jsonb) ( SFUNC = calibrate_transition, STYPE = internal, SSPACE = 4096, FINALFUNC = calibrate_final, COMBINEFUNC = calibrate_combine, SERIALFUNC = calibrate_serialize, DESERIALFUNC = calibrate_deserialize, PARALLEL = SAFE );

CREATE OR REPLACE FUNCTION "check_policy"( "policy" jsonb )
RETURNS TABLE ( "path" TEXT, "problem" TEXT )
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'check_policy_wrapper';

CREATE OR REPLACE FUNCTION "classify"( "metrics" jsonb, "policy" jsonb )
RETURNS jsonb
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'classify_wrapper';

CREATE OR REPLACE FUNCTION "classify"( "metrics" jsonb, "policy" TEXT )
RETURNS jsonb
STRICT STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'classify_by_name_wrapper';

CREATE OR REPLACE FUNCTION "metrics"( "p" customer_profile, "as_of" date )
RETURNS jsonb
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'metrics_wrapper';

CREATE TABLE policies ( name text PRIMARY KEY, body jsonb NOT NULL, note text, updated_at timestamptz NOT NULL DEFAULT now() );

SELECT pg_catalog.pg_extension_config_dump('segments.policies', '');

GRANT SELECT ON policies TO PUBLIC;

CREATE OR REPLACE FUNCTION policies_check()
RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$ DECLARE problems text; BEGIN SELECT string_agg(c.path || ': ' || c.problem, '; ' ORDER BY c.path, c.problem) INTO problems FROM segments.check_policy(NEW.body) c; IF problems IS NOT NULL THEN RAISE EXCEPTION 'policy "%" is not valid: %', NEW.name, problems USING ERRCODE = 'invalid_parameter_value'; END IF; IF TG_OP = 'UPDATE' AND (NEW.body IS DISTINCT FROM OLD.body OR NEW.note IS DISTINCT FROM OLD.note) THEN NEW.updated_at := now(); END IF; RETURN NEW; END $$;

CREATE TRIGGER policies_check BEFORE INSERT OR UPDATE ON policies FOR EACH ROW EXECUTE FUNCTION policies_check();

CREATE OR REPLACE FUNCTION policy_version(body jsonb)
RETURNS text
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE RETURN md5(body::text);

CREATE OR REPLACE FUNCTION policy_version(name text)
RETURNS text
LANGUAGE sql
STABLE STRICT PARALLEL SAFE BEGIN ATOMIC SELECT segments.policy_version(p.body) FROM segments.policies
AS p WHERE p.name = policy_version.name;

END;

CREATE OR REPLACE FUNCTION dimension(result jsonb, name text)
RETURNS text
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE RETURN result -> 'dimensions' ->> name;

CREATE OR REPLACE FUNCTION has_tag(result jsonb, tag text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE RETURN (result -> 'tags') ? tag;

COMMENT ON TABLE policies IS 'Named segmentation policies (dimensions and tags as JSON), checked by segments.check_policy on every insert and update; kept by pg_dump. Applied by segments.classify(metrics, name).';

COMMENT ON COLUMN policies.name IS 'The name segments.classify(metrics, name) looks the policy up by.';

COMMENT ON COLUMN policies.body IS 'The policy: {"metrics": {...}, "dimensions": {...}, "tags": {...}}; see docs/policies.md.';

COMMENT ON COLUMN policies.note IS 'Free text: who owns the policy, what changed.';

COMMENT ON COLUMN policies.updated_at IS 'When body or note last changed (set by the trigger).';

COMMENT ON FUNCTION policies_check() IS 'Trigger function of segments.policies: refuses a body with problems, listing every one; stamps updated_at.';

COMMENT ON FUNCTION policy_version(jsonb) IS 'Version of a policy body: the md5 of its canonical jsonb text; equal bodies have equal versions.';

COMMENT ON FUNCTION policy_version(text) IS 'Version of the stored policy name (md5 of its body), to record which version classified a row; NULL when there is no such policy.';

COMMENT ON FUNCTION dimension(jsonb, text) IS 'The label of dimension name in a segments.classify result; NULL when absent.';

COMMENT ON FUNCTION has_tag(jsonb, text) IS 'Whether a segments.classify result carries tag.';

COMMENT ON FUNCTION check_policy(jsonb) IS 'Every problem of a policy as (path, problem) rows, path in JSON path form ($.dimensions.amount.bands); no rows when the policy is valid. Deeper than 64 levels or larger than 256 kB is an error (54000).';

COMMENT ON FUNCTION classify(jsonb, jsonb) IS 'Classifies one customer''s metrics by a policy: {"dimensions": {"name": "label", ...}, "tags": [...]}. A missing metric gives a NULL dimension and makes comparisons on it false (exists: false is true); a metric of the wrong type is an error.';

COMMENT ON FUNCTION classify(jsonb, text) IS 'Classifies one customer''s metrics by the stored policy name (segments.policies), read once per call site per statement.';

COMMENT ON FUNCTION metrics(customer_profile, date) IS 'The standard metrics of a profile at as_of as jsonb (total, orders, purchase_days, avg_order, max_order, returns, recency_days, tenure_days, amount_per_month, orders_per_month, purchase_interval, overdue_days, preference, top_category, lifecycle, is_new), for segments.classify.';

COMMENT ON AGGREGATE calibrate(jsonb, jsonb) IS 'The policy with each population-relative threshold (fractions, {"quantile": q}) replaced by its value among the rows'' metrics (rule of quantile_scale). Works with OVER () and OVER (PARTITION BY ...); NULL when a threshold''s metric has no value.';

COMMENT ON FUNCTION calibrate_transition(internal, jsonb, jsonb) IS 'Support function of the calibrate aggregate: transition.';

COMMENT ON FUNCTION calibrate_final(internal) IS 'Support function of the calibrate aggregate: final.';

COMMENT ON FUNCTION calibrate_combine(internal, internal) IS 'Support function of the calibrate aggregate: combines partial states of parallel workers.';

COMMENT ON FUNCTION calibrate_serialize(internal) IS 'Support function of the calibrate aggregate: serializes a partial state (version byte first).';

COMMENT ON FUNCTION calibrate_deserialize(bytea, internal) IS 'Support function of the calibrate aggregate: reads a serialized partial state.';
