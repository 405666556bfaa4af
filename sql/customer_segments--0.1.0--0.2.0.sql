-- customer_segments 0.1.0 -> 0.2.0
-- Applied by ALTER EXTENSION customer_segments UPDATE TO '0.2.0'. The upgrade test
-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.
\echo Use "ALTER EXTENSION customer_segments UPDATE TO '0.2.0'" to load this file. \quit

CREATE TYPE profile_state;

CREATE OR REPLACE FUNCTION profile_state_in(cstring)
RETURNS profile_state
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_state_in_wrapper';

CREATE OR REPLACE FUNCTION profile_state_out(profile_state)
RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_state_out_wrapper';

CREATE TYPE profile_state ( INPUT = profile_state_in, OUTPUT = profile_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended );

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount numeric)
RETURNS profile_state
STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_tstz_numeric_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount numeric, category text)
RETURNS profile_state
STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_tstz_numeric_category_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount numeric)
RETURNS profile_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_date_numeric_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount numeric, category text)
RETURNS profile_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_date_numeric_category_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount float8)
RETURNS profile_state
STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_tstz_float_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at timestamptz, amount float8, category text)
RETURNS profile_state
STABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_tstz_float_category_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount float8)
RETURNS profile_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_date_float_wrapper';

CREATE OR REPLACE FUNCTION profile_transition(state profile_state, at date, amount float8, category text)
RETURNS profile_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_date_float_category_wrapper';

CREATE OR REPLACE FUNCTION profile_final(state profile_state)
RETURNS customer_profile
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_final_wrapper';

CREATE OR REPLACE FUNCTION profile_combine(state profile_state, other profile_state)
RETURNS profile_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_combine_wrapper';

CREATE OR REPLACE FUNCTION profile_rollup_transition(state profile_state, profile customer_profile)
RETURNS profile_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'profile_rollup_transition_wrapper';

CREATE TYPE rfm_state;

CREATE OR REPLACE FUNCTION rfm_state_in(cstring)
RETURNS rfm_state
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'rfm_state_in_wrapper';

CREATE OR REPLACE FUNCTION rfm_state_out(rfm_state)
RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'rfm_state_out_wrapper';

CREATE TYPE rfm_state ( INPUT = rfm_state_in, OUTPUT = rfm_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended );

CREATE OR REPLACE FUNCTION rfm_scale_transition(state rfm_state, recency float8, frequency float8, monetary float8)
RETURNS rfm_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'rfm_scale_transition_wrapper';

CREATE OR REPLACE FUNCTION rfm_scale_transition(state rfm_state, recency float8, frequency float8, monetary float8, bins int)
RETURNS rfm_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'rfm_scale_transition_bins_wrapper';

CREATE OR REPLACE FUNCTION rfm_scale_final(state rfm_state)
RETURNS rfm_scale
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'rfm_scale_final_wrapper';

CREATE OR REPLACE FUNCTION rfm_scale_combine(state rfm_state, other rfm_state)
RETURNS rfm_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'rfm_scale_combine_wrapper';

CREATE TYPE quantile_state;

CREATE OR REPLACE FUNCTION quantile_state_in(cstring)
RETURNS quantile_state
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'quantile_state_in_wrapper';

CREATE OR REPLACE FUNCTION quantile_state_out(quantile_state)
RETURNS cstring
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'quantile_state_out_wrapper';

CREATE TYPE quantile_state ( INPUT = quantile_state_in, OUTPUT = quantile_state_out, INTERNALLENGTH = VARIABLE, STORAGE = extended );

CREATE OR REPLACE FUNCTION quantile_scale_transition(state quantile_state, value float8, fractions float8[])
RETURNS quantile_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'quantile_scale_transition_wrapper';

CREATE OR REPLACE FUNCTION quantile_scale_transition(state quantile_state, value float8, fractions float8[], labels text[])
RETURNS quantile_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'quantile_scale_transition_labeled_wrapper';

CREATE OR REPLACE FUNCTION quantile_scale_final(state quantile_state)
RETURNS tier_scale
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'quantile_scale_final_wrapper';

CREATE OR REPLACE FUNCTION quantile_scale_combine(state quantile_state, other quantile_state)
RETURNS quantile_state
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'quantile_scale_combine_wrapper';

-- quantile_scale, rfm_scale, profile and rollup: the transition state changes
-- from internal to a type of its own (quantile_state, rfm_state,
-- profile_state), so that Citus can split the aggregates across shards.
-- CREATE OR REPLACE AGGREGATE cannot change a state type, and DROP AGGREGATE
-- would take the users' views and materialized views with it, so each
-- aggregate keeps its identity and is pointed at its new support functions
-- here (written by hand: scripts/upgrade-sql cannot express it); then the
-- old support functions go.
DO $upgrade$
DECLARE
    a record;
BEGIN
    FOR a IN SELECT * FROM (VALUES
        ('segments.quantile_scale(float8, float8[])',
         'segments.quantile_scale_transition(segments.quantile_state, float8, float8[])',
         'segments.quantile_scale_final(segments.quantile_state)', 'segments.quantile_scale_combine(segments.quantile_state, segments.quantile_state)', 'segments.quantile_state'),
        ('segments.quantile_scale(float8, float8[], text[])',
         'segments.quantile_scale_transition(segments.quantile_state, float8, float8[], text[])',
         'segments.quantile_scale_final(segments.quantile_state)', 'segments.quantile_scale_combine(segments.quantile_state, segments.quantile_state)', 'segments.quantile_state'),
        ('segments.rfm_scale(float8, float8, float8)',
         'segments.rfm_scale_transition(segments.rfm_state, float8, float8, float8)',
         'segments.rfm_scale_final(segments.rfm_state)', 'segments.rfm_scale_combine(segments.rfm_state, segments.rfm_state)', 'segments.rfm_state'),
        ('segments.rfm_scale(float8, float8, float8, int)',
         'segments.rfm_scale_transition(segments.rfm_state, float8, float8, float8, int)',
         'segments.rfm_scale_final(segments.rfm_state)', 'segments.rfm_scale_combine(segments.rfm_state, segments.rfm_state)', 'segments.rfm_state'),
        ('segments.profile(timestamptz, numeric)',
         'segments.profile_transition(segments.profile_state, timestamptz, numeric)',
         'segments.profile_final(segments.profile_state)', 'segments.profile_combine(segments.profile_state, segments.profile_state)', 'segments.profile_state'),
        ('segments.profile(timestamptz, numeric, text)',
         'segments.profile_transition(segments.profile_state, timestamptz, numeric, text)',
         'segments.profile_final(segments.profile_state)', 'segments.profile_combine(segments.profile_state, segments.profile_state)', 'segments.profile_state'),
        ('segments.profile(timestamptz, float8)',
         'segments.profile_transition(segments.profile_state, timestamptz, float8)',
         'segments.profile_final(segments.profile_state)', 'segments.profile_combine(segments.profile_state, segments.profile_state)', 'segments.profile_state'),
        ('segments.profile(timestamptz, float8, text)',
         'segments.profile_transition(segments.profile_state, timestamptz, float8, text)',
         'segments.profile_final(segments.profile_state)', 'segments.profile_combine(segments.profile_state, segments.profile_state)', 'segments.profile_state'),
        ('segments.profile(date, numeric)',
         'segments.profile_transition(segments.profile_state, date, numeric)',
         'segments.profile_final(segments.profile_state)', 'segments.profile_combine(segments.profile_state, segments.profile_state)', 'segments.profile_state'),
        ('segments.profile(date, numeric, text)',
         'segments.profile_transition(segments.profile_state, date, numeric, text)',
         'segments.profile_final(segments.profile_state)', 'segments.profile_combine(segments.profile_state, segments.profile_state)', 'segments.profile_state'),
        ('segments.profile(date, float8)',
         'segments.profile_transition(segments.profile_state, date, float8)',
         'segments.profile_final(segments.profile_state)', 'segments.profile_combine(segments.profile_state, segments.profile_state)', 'segments.profile_state'),
        ('segments.profile(date, float8, text)',
         'segments.profile_transition(segments.profile_state, date, float8, text)',
         'segments.profile_final(segments.profile_state)', 'segments.profile_combine(segments.profile_state, segments.profile_state)', 'segments.profile_state'),
        ('segments.rollup(segments.customer_profile)',
         'segments.profile_rollup_transition(segments.profile_state, segments.customer_profile)',
         'segments.profile_final(segments.profile_state)', 'segments.profile_combine(segments.profile_state, segments.profile_state)', 'segments.profile_state')
    ) AS t(aggregate, transition, final, combine, state)
    LOOP
        DELETE FROM pg_catalog.pg_depend
        WHERE classid = 'pg_catalog.pg_proc'::regclass AND objid = a.aggregate::regprocedure
          AND refclassid = 'pg_catalog.pg_proc'::regclass AND deptype = 'n';
        UPDATE pg_catalog.pg_aggregate
        SET aggtransfn = a.transition::regprocedure, aggfinalfn = a.final::regprocedure,
            aggcombinefn = a.combine::regprocedure, aggserialfn = 0, aggdeserialfn = 0,
            aggtranstype = a.state::regtype
        WHERE aggfnoid = a.aggregate::regprocedure;
        INSERT INTO pg_catalog.pg_depend (classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype)
        SELECT 'pg_catalog.pg_proc'::regclass, a.aggregate::regprocedure, 0, 'pg_catalog.pg_proc'::regclass, f, 0, 'n'
        FROM unnest(ARRAY[a.transition::regprocedure, a.final::regprocedure, a.combine::regprocedure]) AS f;
    END LOOP;
END
$upgrade$;

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

DROP FUNCTION segments."quantile_scale_final"(internal);

COMMENT ON TYPE profile_state IS 'Transition state of the profile and rollup aggregates; text form is base64 of its binary form (that of customer_profile), which Citus ships between nodes.';

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

COMMENT ON TYPE rfm_state IS 'Transition state of the rfm_scale aggregate (the values seen so far); text form is base64 of its binary form, which Citus ships between nodes.';

COMMENT ON FUNCTION rfm_state_in(cstring) IS 'Input function of type rfm_state (base64 text).';

COMMENT ON FUNCTION rfm_state_out(rfm_state) IS 'Output function of type rfm_state (base64 text).';

COMMENT ON FUNCTION rfm_scale_transition(rfm_state, float8, float8, float8) IS 'Support function of the rfm_scale aggregate: transition.';

COMMENT ON FUNCTION rfm_scale_transition(rfm_state, float8, float8, float8, int) IS 'Support function of the rfm_scale aggregate: transition.';

COMMENT ON FUNCTION rfm_scale_final(rfm_state) IS 'Support function of the rfm_scale aggregate: final.';

COMMENT ON FUNCTION rfm_scale_combine(rfm_state, rfm_state) IS 'Support function of the rfm_scale aggregate: combines partial states (parallel workers, Citus shards).';

COMMENT ON TYPE quantile_state IS 'Transition state of the quantile_scale aggregate (the values seen so far); text form is base64 of its binary form, which Citus ships between nodes.';

COMMENT ON FUNCTION quantile_state_in(cstring) IS 'Input function of type quantile_state (base64 text).';

COMMENT ON FUNCTION quantile_state_out(quantile_state) IS 'Output function of type quantile_state (base64 text).';

COMMENT ON FUNCTION quantile_scale_transition(quantile_state, float8, float8[]) IS 'Support function of the quantile_scale aggregate: transition.';

COMMENT ON FUNCTION quantile_scale_transition(quantile_state, float8, float8[], text[]) IS 'Support function of the quantile_scale aggregate: transition.';

COMMENT ON FUNCTION quantile_scale_final(quantile_state) IS 'Support function of the quantile_scale aggregate: final.';

COMMENT ON FUNCTION quantile_scale_combine(quantile_state, quantile_state) IS 'Support function of the quantile_scale aggregate: combines partial states (parallel workers, Citus shards).';

