#!/usr/bin/env python3
"""Nothing on the caller's search_path steers customer_segments.

Walks pg_proc for schema `segments` (functions and aggregates added later
are covered without anyone listing them) and calls every function and
aggregate with ordinary values, twice: once with a clean search_path, once
in a session whose search_path starts with a schema of look-alikes:

- operators `=`, `<>`, `<`, `<=`, `>`, `>=`, `||`, `+`, `-`, `*`, `/`, `->`,
  `->>`, `?` over the common argument types, each giving a wrong answer;
- functions `lower`, `upper`, `md5`, `abs`, `length`, `now`,
  `jsonb_build_object`, `jsonb_build_array`, `format`, `coalesce`-like
  helpers, and function-style casts (`text(...)`, `float8(...)`, `jsonb(...)`);
- aggregates `sum`, `count`, `max`, `min`, `string_agg`, `array_agg`, `jsonb_agg`;
- types named `text`, `jsonb`, `float8`, `int4`, `int8`, `date`, `bool`
  (domains that refuse every value), so `'...'::text` and friends resolve
  to a look-alike;
- tables named `policies` in that schema and as a temporary table (pg_temp
  comes first for tables), holding a policy `default` other than the stored one.

Every call must give the same result (or the same error) both ways. A set
of canary statements, written unqualified, must give different results
both ways: they prove the look-alikes are live. Stored policies `default`
and `aaa` are set up first, so `classify(metrics, 'default')` has a row to
find and a wrong row to find instead.

Standard library only; talks to PostgreSQL through psql (PGHOST, PGPORT,
PGUSER from the environment).

    python3 tests/search_path/search_path.py --dbname hostile
"""

import argparse
import itertools
import math
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hostile"))
import hostile  # noqa: E402  (sample values of every type)

EVIL = "sp_evil"

# Ordinary values of the base types (the first of each is used for the
# other arguments); hostile.py's lists also hold huge ones, which this test
# does not need.
BASE = {t: values[:5] for t, values in hostile.BASE.items()}
BASE["text"] = ["'01'", "NULL", "'default'", "'aaa'", "'standard'", "'0101'", "'r'", "'2-2-2'", "'product'"]
BASE["jsonb"] = hostile.JSONB[:2] + [
    "'{\"employees\": 60, \"total\": 150, \"orders\": 3}'",
    "'{\"metrics\": {\"employees\": \"number\"}, \"dimensions\": {\"size\": {\"metric\": \"employees\", \"cuts\": [50], \"labels\": [\"small\", \"large\"]}}}'",
    "'{\"metrics\": {\"employees\": \"number\"}, \"dimensions\": {\"size\": {\"metric\": \"employees\", \"fractions\": [0.5], \"labels\": [\"small\", \"large\"]}}}'",
]
BASE["text[]"] = ["'{low,mid,high}'", "NULL", "'{a,b}'", "'{0101,0102}'"]
BASE["double precision[]"] = hostile.FLOAT8_ARRAY[:3] + ["'{0.2,0.5,0.8}'", "'{0.1,0.9}'"]

POLICIES = """
DELETE FROM segments.policies WHERE name IN ('aaa', 'default');
INSERT INTO segments.policies (name, body) VALUES
  ('aaa', '{"metrics": {"employees": "number"}, "dimensions": {"size": {"metric": "employees", "cuts": [50], "labels": ["EVIL-aaa", "EVIL-aaa"]}}}'),
  ('default', '{"metrics": {"employees": "number"}, "dimensions": {"size": {"metric": "employees", "cuts": [50], "labels": ["small", "large"]}}}');
"""

# Look-alike aggregates: (name, arguments, state type, what they return).
AGGREGATES = [
    ("sum", "pg_catalog.numeric", "pg_catalog.numeric", "13"),
    ("sum", "pg_catalog.float8", "pg_catalog.float8", "13"),
    ("sum", "pg_catalog.int8", "pg_catalog.numeric", "13"),
    ("max", "pg_catalog.numeric", "pg_catalog.numeric", "13"),
    ("min", "pg_catalog.numeric", "pg_catalog.numeric", "13"),
    ("max", "pg_catalog.text", "pg_catalog.text", "'EVIL'"),
    ("min", "pg_catalog.text", "pg_catalog.text", "'EVIL'"),
    ("string_agg", "pg_catalog.text, pg_catalog.text", "pg_catalog.text", "'EVIL'"),
    ("jsonb_agg", "pg_catalog.jsonb", "pg_catalog.jsonb", "'\"EVIL\"'"),
    ("count", "*", "pg_catalog.int8", "13"),
]

# Types of the operators' and functions' look-alikes.
TYPES = ["pg_catalog.text", "pg_catalog.numeric", "pg_catalog.float8", "pg_catalog.int4", "pg_catalog.int8",
         "pg_catalog.date", "pg_catalog.jsonb", "pg_catalog.timestamptz", "pg_catalog.bool"]
LOOKALIKE_TYPES = ["text", "jsonb", "float8", "int4", "int8", "date", "bool", "numeric_", "timestamptz"]


def evil_schema():
    """The look-alikes, every name in their own definitions qualified."""
    s = [f"DROP SCHEMA IF EXISTS {EVIL} CASCADE;", f"CREATE SCHEMA {EVIL};", f"GRANT USAGE ON SCHEMA {EVIL} TO PUBLIC;"]
    # Operators: comparisons say the opposite of the truth (= is always
    # true, as in the reported attack), arithmetic and concatenation give junk.
    for t in TYPES:
        short = t.split(".")[1]
        s.append(f"CREATE FUNCTION {EVIL}.yes_{short}(a {t}, b {t}) RETURNS pg_catalog.bool LANGUAGE sql IMMUTABLE AS 'SELECT true';")
        s.append(f"CREATE FUNCTION {EVIL}.no_{short}(a {t}, b {t}) RETURNS pg_catalog.bool LANGUAGE sql IMMUTABLE AS 'SELECT false';")
        for op in ("=", ">", ">="):
            s.append(f"CREATE OPERATOR {EVIL}.{op} (LEFTARG = {t}, RIGHTARG = {t}, FUNCTION = {EVIL}.yes_{short});")
        for op in ("<>", "<", "<="):
            s.append(f"CREATE OPERATOR {EVIL}.{op} (LEFTARG = {t}, RIGHTARG = {t}, FUNCTION = {EVIL}.no_{short});")
        if short in ("numeric", "float8", "int4", "int8"):
            s.append(f"CREATE FUNCTION {EVIL}.junk_{short}(a {t}, b {t}) RETURNS {t} LANGUAGE sql IMMUTABLE AS 'SELECT 13';")
            for op in ("+", "-", "*", "/"):
                s.append(f"CREATE OPERATOR {EVIL}.{op} (LEFTARG = {t}, RIGHTARG = {t}, FUNCTION = {EVIL}.junk_{short});")
    s.append(f"CREATE FUNCTION {EVIL}.junk_cat(a pg_catalog.text, b pg_catalog.text) RETURNS pg_catalog.text LANGUAGE sql IMMUTABLE AS $$SELECT 'EVIL'::pg_catalog.text$$;")
    s.append(f"CREATE OPERATOR {EVIL}.|| (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text, FUNCTION = {EVIL}.junk_cat);")
    s.append(f"CREATE FUNCTION {EVIL}.junk_cat(a pg_catalog.jsonb, b pg_catalog.jsonb) RETURNS pg_catalog.jsonb LANGUAGE sql IMMUTABLE AS $$SELECT '\"EVIL\"'::pg_catalog.jsonb$$;")
    s.append(f"CREATE OPERATOR {EVIL}.|| (LEFTARG = pg_catalog.jsonb, RIGHTARG = pg_catalog.jsonb, FUNCTION = {EVIL}.junk_cat);")
    s.append(f"CREATE FUNCTION {EVIL}.junk_get(a pg_catalog.jsonb, b pg_catalog.text) RETURNS pg_catalog.jsonb LANGUAGE sql IMMUTABLE AS $$SELECT '\"EVIL\"'::pg_catalog.jsonb$$;")
    s.append(f"CREATE OPERATOR {EVIL}.-> (LEFTARG = pg_catalog.jsonb, RIGHTARG = pg_catalog.text, FUNCTION = {EVIL}.junk_get);")
    s.append(f"CREATE FUNCTION {EVIL}.junk_gettext(a pg_catalog.jsonb, b pg_catalog.text) RETURNS pg_catalog.text LANGUAGE sql IMMUTABLE AS $$SELECT 'EVIL'::pg_catalog.text$$;")
    s.append(f"CREATE OPERATOR {EVIL}.->> (LEFTARG = pg_catalog.jsonb, RIGHTARG = pg_catalog.text, FUNCTION = {EVIL}.junk_gettext);")
    s.append(f"CREATE OPERATOR {EVIL}.? (LEFTARG = pg_catalog.jsonb, RIGHTARG = pg_catalog.text, FUNCTION = {EVIL}.yes_jsonb_text);")
    s.insert(len(s) - 1, f"CREATE FUNCTION {EVIL}.yes_jsonb_text(a pg_catalog.jsonb, b pg_catalog.text) RETURNS pg_catalog.bool LANGUAGE sql IMMUTABLE AS 'SELECT true';")
    # Functions, and function-style casts.
    for name, args, ret, body in [
        ("lower", "pg_catalog.text", "pg_catalog.text", "'EVIL'"),
        ("upper", "pg_catalog.text", "pg_catalog.text", "'EVIL'"),
        ("md5", "pg_catalog.text", "pg_catalog.text", "'EVIL'"),
        ("length", "pg_catalog.text", "pg_catalog.int4", "13"),
        ("abs", "pg_catalog.numeric", "pg_catalog.numeric", "13"),
        ("abs", "pg_catalog.float8", "pg_catalog.float8", "13"),
        ("now", "", "pg_catalog.timestamptz", "'1999-01-01 00:00+00'"),
        ("jsonb_build_object", "pg_catalog.text, pg_catalog.numeric", "pg_catalog.jsonb", "'{\"evil\": 1}'"),
        ("jsonb_build_object", "pg_catalog.text, pg_catalog.text", "pg_catalog.jsonb", "'{\"evil\": 1}'"),
        ("jsonb_build_object", "pg_catalog.text, pg_catalog.jsonb", "pg_catalog.jsonb", "'{\"evil\": 1}'"),
        ("jsonb_build_array", "pg_catalog.numeric", "pg_catalog.jsonb", "'[\"evil\"]'"),
        ("format", "pg_catalog.text, pg_catalog.text", "pg_catalog.text", "'EVIL'"),
        ("string_to_array", "pg_catalog.text, pg_catalog.text", "pg_catalog.text[]", "'{EVIL}'"),
        ("text", "pg_catalog.jsonb", "pg_catalog.text", "'EVIL'"),
        ("text", "pg_catalog.numeric", "pg_catalog.text", "'EVIL'"),
        ("float8", "pg_catalog.numeric", "pg_catalog.float8", "13"),
        ("jsonb", "pg_catalog.text", "pg_catalog.jsonb", "'\"EVIL\"'"),
        ("date", "pg_catalog.timestamptz", "pg_catalog.date", "'1999-01-01'"),
    ]:
        s.append(f"CREATE FUNCTION {EVIL}.{name}({args}) RETURNS {ret} LANGUAGE sql IMMUTABLE AS $$SELECT {body}::{ret}$$;")
    # Aggregates.
    for number, (name, arg, stype, junk) in enumerate(AGGREGATES):
        fn = f"{EVIL}.agg_{number}"
        if arg == "*":
            s.append(f"CREATE FUNCTION {fn}(s {stype}) RETURNS {stype} LANGUAGE sql IMMUTABLE AS $$SELECT {junk}::{stype}$$;")
            s.append(f"CREATE AGGREGATE {EVIL}.{name}(*) (SFUNC = {fn}, STYPE = {stype}, INITCOND = '13');")
        else:
            s.append(f"CREATE FUNCTION {fn}(s {stype}, {arg}) RETURNS {stype} LANGUAGE sql IMMUTABLE AS $$SELECT {junk}::{stype}$$;")
            s.append(f"CREATE AGGREGATE {EVIL}.{name}({arg}) (SFUNC = {fn}, STYPE = {stype});")
    # Types named like the built-ins: domains that refuse every value.
    for name in LOOKALIKE_TYPES:
        if name == "numeric_":
            continue
        s.append(f"CREATE DOMAIN {EVIL}.{name} AS pg_catalog.{name} CHECK (false);")
    # A table of policies whose 'default' is another policy.
    s.append(f"CREATE TABLE {EVIL}.policies (name pg_catalog.text, body pg_catalog.jsonb, note pg_catalog.text, updated_at pg_catalog.timestamptz);")
    s.append(f"INSERT INTO {EVIL}.policies SELECT 'default', body, NULL, NULL FROM segments.policies WHERE name OPERATOR(pg_catalog.=) 'aaa';")
    s.append(f"GRANT SELECT ON {EVIL}.policies TO PUBLIC;")
    return "\n".join(s)


# The session's wrapper: runs one statement and returns its one-line
# result, or its error; every name in it qualified, and no SET search_path
# (that would undo what the test sets up).
TRY = """
CREATE OR REPLACE FUNCTION public.sp_try(q pg_catalog.text) RETURNS pg_catalog.text LANGUAGE plpgsql AS $$
DECLARE r pg_catalog.text;
BEGIN
    EXECUTE q INTO r;
    RETURN pg_catalog.translate(COALESCE(r, 'NULL'), E'\\n', ' ');
EXCEPTION WHEN OTHERS THEN
    RETURN pg_catalog.translate(pg_catalog.concat('ERROR ', SQLSTATE, ': ', SQLERRM), E'\\n', ' ');
END $$;
"""

# Written unqualified: these must come out different with the look-alikes
# first, or the look-alikes are not live and the test proves nothing.
CANARIES = [
    "SELECT ('a'::text = 'b'::text)::text",
    "SELECT ('a' < 'b')::text",
    "SELECT 'a' || 'b'",
    "SELECT lower('X')",
    "SELECT sum(v)::text FROM (VALUES (1.5), (2.5)) AS t(v)",
    "SELECT count(*)::text FROM (VALUES (1), (2)) AS t(v)",
    "SELECT jsonb_build_object('a', 1.5)::text",
    "SELECT '1'::text",
    "SELECT body::text FROM policies WHERE name = 'default'",
]


def qualified(type_name):
    """The type name as written in a statement run under the hostile path."""
    keywords = ("double precision", "integer", "bigint", "smallint", "numeric", "boolean", "real",
                "timestamp with time zone", "internal", "cstring")
    if "." in type_name or type_name.startswith(keywords):
        return type_name
    return "pg_catalog." + type_name


def value_table(type_name):
    return f"sp.v_{hostile.slug(type_name)}"


def catalog(dbname):
    run = hostile.Run(argparse.Namespace(dbname=dbname, seed=1))
    functions, types = hostile.catalog(run)
    return run, functions, types


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dbname", required=True)
    parser.add_argument("--per-argument", type=int, default=4, help="sample values tried at each argument")
    parser.add_argument("--combinations", type=int, default=64, help="most calls per function when combining values")
    parser.add_argument("--show", type=int, default=30, help="differences to print")
    args = parser.parse_args()
    started = time.time()
    run, functions, types = catalog(args.dbname)
    missing = [t for t in types if t not in hostile.SAMPLES]
    if missing:
        sys.exit(f"search_path: no sample values for {', '.join(missing)}: add them to SAMPLES in tests/hostile/hostile.py")
    used = {t for f in functions for t in f[3]} - {"internal", "cstring"} - set(types)
    unknown = sorted(used - set(BASE))
    if unknown:
        sys.exit(f"search_path: no values for argument types {', '.join(unknown)}: add them to BASE in tests/hostile/hostile.py")
    values = {t: BASE[t] for t in used | {"text"}}
    values.update({t: hostile.SAMPLES[t] for t in types})

    setup = ["SET client_min_messages = warning;", "DROP SCHEMA IF EXISTS sp CASCADE;", "CREATE SCHEMA sp;", POLICIES, TRY]
    for type_name, expressions in values.items():
        table = value_table(type_name)
        setup.append(f"CREATE TABLE {table} (id int PRIMARY KEY, v {type_name});")
        for index, expression in enumerate(expressions, start=1):
            setup.append(f"INSERT INTO {table} VALUES ({index}, ({expression})::{type_name});")
    setup.append(evil_schema())
    run.psql("\n".join(setup))

    def value(type_name, index):
        return f"(SELECT v FROM {value_table(type_name)} WHERE id OPERATOR(pg_catalog.=) {index})"

    def argument(type_name, name, index):
        if type_name == "cstring":
            return f"({value('text', index)})::pg_catalog.text::cstring"
        if type_name == "text" and index == 1 and name in hostile.GOOD_TEXT and hostile.GOOD_TEXT[name] in BASE["text"]:
            index = 1 + BASE["text"].index(hostile.GOOD_TEXT[name])
        return f"{value(type_name, index)}::{qualified(type_name)}"

    statements = []  # (what, sql)
    for oid, name, kind, argtypes, argnames, rettype in functions:
        names = (argnames + [""] * len(argtypes))[: len(argtypes)]
        # Every combination of the first few values of each argument, or
        # (for many arguments) each argument's values with the others at
        # their first.
        tried = [range(1, min(args.per_argument, len(values[t]) if t in values else 1) + 1) for t in argtypes]
        if math.prod(len(r) for r in tried) <= args.combinations:
            choices = [dict(enumerate(combination)) for combination in itertools.product(*tried)]
        else:
            choices = [{}] + [{position: index} for position, r in enumerate(tried) for index in r if index > 1]
        for choice in choices:
            call_args = [argument(t, n, choice.get(p, 1)) for p, (t, n) in enumerate(zip(argtypes, names))]
            call = f"segments.{name}({', '.join(call_args)})"
            if kind == "a":
                sql = (f"SELECT pg_catalog.md5(pg_catalog.string_agg(r::pg_catalog.text, ',')) "
                       f"FROM (SELECT {call} AS r FROM pg_catalog.generate_series(1, 3) AS h(id)) AS s")
                statements.append((f"{oid} {choice}", sql))
                sql = (f"SELECT pg_catalog.md5(pg_catalog.string_agg(r::pg_catalog.text, ',')) "
                       f"FROM (SELECT {call} OVER () AS r FROM pg_catalog.generate_series(1, 3) AS h(id)) AS s")
                statements.append((f"{oid} {choice} window", sql))
            else:
                sql = (f"SELECT pg_catalog.md5(pg_catalog.string_agg(r::pg_catalog.text, ',')) "
                       f"FROM (SELECT {call} AS r) AS s")
                statements.append((f"{oid} {choice}", sql))
    # The stored policies' trigger: a valid and an invalid body, stamped and refused alike.
    statements.append(("segments.policies trigger, valid body",
                       "WITH i AS (INSERT INTO segments.policies (name, body) VALUES ('sp_ok', (SELECT v FROM sp.v_jsonb WHERE id OPERATOR(pg_catalog.=) 4)) "
                       "RETURNING name, body, updated_at) SELECT pg_catalog.concat(name, body, updated_at IS NOT NULL) FROM i"))
    statements.append(("segments.policies trigger, update",
                       "WITH u AS (UPDATE segments.policies SET note = 'x' WHERE name OPERATOR(pg_catalog.=) 'sp_ok' "
                       "RETURNING name, body, note) SELECT pg_catalog.concat(name, body, note) FROM u"))
    statements.append(("segments.policies trigger, invalid body",
                       "INSERT INTO segments.policies (name, body) VALUES ('sp_bad', (SELECT v FROM sp.v_jsonb WHERE id OPERATOR(pg_catalog.=) 2)) RETURNING name"))
    statements.append(("segments.policies trigger, invalid body 2",
                       "INSERT INTO segments.policies (name, body) VALUES ('sp_bad', '{\"dimensions\": {\"a\": 1}}'::pg_catalog.jsonb) RETURNING name"))
    statements.append(("clean up", "DELETE FROM segments.policies WHERE name OPERATOR(pg_catalog.=) 'sp_ok' RETURNING name"))

    def literal(sql):
        return "$sp$" + sql + "$sp$"

    def session(prologue):
        lines = ["SET client_min_messages = warning;", "SET extra_float_digits = 3;", "SET statement_timeout = '20s';",
                 "SET TimeZone = 'UTC';", "SET segments.language = 'en';"] + prologue
        for sql in CANARIES:
            lines.append(f"SELECT public.sp_try({literal(sql)});")
        for _, sql in statements:
            lines.append(f"SELECT public.sp_try({literal(sql)});")
        command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", args.dbname]
        result = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True, text=True, errors="replace")
        if result.returncode != 0:
            sys.exit(f"search_path: session failed: {result.stderr.strip()[:2000]}")
        out = result.stdout.splitlines()
        expected = len(CANARIES) + len(statements)
        if len(out) != expected:
            sys.exit(f"search_path: {len(out)} result lines for {expected} statements")
        return out[: len(CANARIES)], out[len(CANARIES):]

    clean_canaries, clean = session([])
    evil_canaries, evil = session([
        f"SET search_path = {EVIL}, public, pg_catalog, segments;",
        # A temporary table policies too: pg_temp comes first for tables.
        "CREATE TEMP TABLE policies AS SELECT * FROM sp_evil.policies;",
    ])

    failures = []
    for sql, a, b in zip(CANARIES, clean_canaries, evil_canaries):
        if a == b:
            failures.append(f"canary gave {a!r} both ways, so the look-alikes are not live: {sql}")
    differences = 0
    for (what, sql), a, b in zip(statements, clean, evil):
        if a != b:
            differences += 1
            failures.append(f"{what}: clean path {a[:200]!r}, look-alikes first {b[:200]!r}\n     {sql[:400]}")
    errors = sum(1 for a in clean if a.startswith("ERROR "))
    classify_default = [a for (what, _), a in zip(statements, clean) if what.startswith("segments.classify(jsonb,text)")]
    print(f"search_path: {len(statements)} statements over {len(functions)} functions and aggregates, "
          f"{len(CANARIES)} canaries, {errors} errors (the same both ways), {time.time() - started:.0f} s", file=sys.stderr)
    if not any(not a.startswith("ERROR") for a in classify_default):
        failures.append("no call of classify(jsonb, text) found a stored policy: the test proves nothing for it")
    if failures:
        for failure in failures[: args.show]:
            print("FAIL " + failure, file=sys.stderr)
        print(f"search_path: {len(failures)} failures", file=sys.stderr)
        sys.exit(1)
    run.psql(f"SET client_min_messages = warning; DROP SCHEMA {EVIL} CASCADE; DROP SCHEMA sp CASCADE; "
             "DROP FUNCTION public.sp_try(text); DELETE FROM segments.policies WHERE name IN ('aaa', 'default');")


if __name__ == "__main__":
    main()
