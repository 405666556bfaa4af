-- customer_segments 0.1.0 -> 0.2.0
-- Applied by ALTER EXTENSION customer_segments UPDATE TO '0.2.0'. The upgrade test
-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.
\echo Use "ALTER EXTENSION customer_segments UPDATE TO '0.2.0'" to load this file. \quit

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

-- quantile_scale and rfm_scale: the transition state changes from internal to
-- a type of its own (quantile_state, rfm_state), so that Citus can split the
-- aggregates across shards. CREATE OR REPLACE AGGREGATE cannot change a state
-- type, and DROP AGGREGATE would take the users' views and materialized views
-- with it, so each aggregate keeps its identity and is pointed at its new
-- support functions here (this part is written by hand: scripts/upgrade-sql
-- cannot express it); then the old support functions go.
DO $upgrade$
DECLARE
    a record;
BEGIN
    FOR a IN SELECT * FROM (VALUES
        ('segments.quantile_scale(float8, float8[])', 'quantile_state',
         'segments.quantile_scale_transition(segments.quantile_state, float8, float8[])', 'quantile_scale'),
        ('segments.quantile_scale(float8, float8[], text[])', 'quantile_state',
         'segments.quantile_scale_transition(segments.quantile_state, float8, float8[], text[])', 'quantile_scale'),
        ('segments.rfm_scale(float8, float8, float8)', 'rfm_state',
         'segments.rfm_scale_transition(segments.rfm_state, float8, float8, float8)', 'rfm_scale'),
        ('segments.rfm_scale(float8, float8, float8, int)', 'rfm_state',
         'segments.rfm_scale_transition(segments.rfm_state, float8, float8, float8, int)', 'rfm_scale')
    ) AS t(aggregate, state, transition, prefix)
    LOOP
        DELETE FROM pg_catalog.pg_depend
        WHERE classid = 'pg_catalog.pg_proc'::regclass AND objid = a.aggregate::regprocedure
          AND refclassid = 'pg_catalog.pg_proc'::regclass AND deptype = 'n';
        UPDATE pg_catalog.pg_aggregate
        SET aggtransfn = a.transition::regprocedure,
            aggfinalfn = format('segments.%s_final(segments.%s)', a.prefix, a.state)::regprocedure,
            aggcombinefn = format('segments.%s_combine(segments.%s, segments.%s)', a.prefix, a.state, a.state)::regprocedure,
            aggserialfn = 0, aggdeserialfn = 0,
            aggtranstype = format('segments.%s', a.state)::regtype
        WHERE aggfnoid = a.aggregate::regprocedure;
        INSERT INTO pg_catalog.pg_depend (classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype)
        SELECT 'pg_catalog.pg_proc'::regclass, a.aggregate::regprocedure, 0, 'pg_catalog.pg_proc'::regclass, f, 0, 'n'
        FROM pg_catalog.pg_aggregate AS g, unnest(ARRAY[g.aggtransfn, g.aggfinalfn, g.aggcombinefn]) AS f
        WHERE g.aggfnoid = a.aggregate::regprocedure;
    END LOOP;
END
$upgrade$;

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

