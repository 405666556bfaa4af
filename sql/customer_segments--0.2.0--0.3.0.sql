-- customer_segments 0.2.0 -> 0.3.0
-- Applied by ALTER EXTENSION customer_segments UPDATE TO '0.3.0'. The upgrade test
-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.
\echo Use "ALTER EXTENSION customer_segments UPDATE TO '0.3.0'" to load this file. \quit
