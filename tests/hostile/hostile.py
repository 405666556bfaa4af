#!/usr/bin/env python3
"""Hostile input over the whole catalog of customer_segments.

Walks pg_proc/pg_aggregate/pg_type for schema `segments` (so functions,
aggregates and types added later are covered without anyone listing them)
and calls every function and aggregate with hostile values: NULLs, NaN,
+-Infinity, zero, negative and huge numbers, numeric with 1,000 digits,
dates +-infinity, empty, 100,000-element, unsorted and duplicated arrays,
empty and 1 MB strings, malformed and deeply nested JSON, garbage and
truncated text for every type of the extension; aggregates also over hostile
row sets, grouped and as window aggregates; calls with a wrong argument
type. Every type's binary receive gets random and mutated bytes through
binary COPY, and whatever it accepts must read back through its text form
and through every function that takes the type.

Each call must return or raise an ERROR of class 22 or 54 (42883 for the
wrong-type calls): never XX000 or another internal class, never a message
that mentions a panic, never a lost connection, never a "terminated by
signal" line in the server log, never a hang: a call over statement_timeout
(--timeout) is run again alone with --slow-timeout, and fails if it exceeds
that too (one that finishes is printed as slow, with its time).

Standard library only; talks to PostgreSQL through psql (PGHOST, PGPORT,
PGUSER from the environment). Seeded: the same seed makes the same calls.

    python3 tests/hostile/hostile.py --dbname hostile [--seed 1] [--full]
        [--server-log PATH] [--timeout 10s]

The default run takes about a minute; --full makes every call of every
sweep and many more random combinations and mutations (scripts/hostile
runs it on a scratch cluster).
"""

import argparse
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time

# ---- hostile values of the base types, as SQL expressions ------------------
# The first value of each list is an ordinary one: it fills the other
# arguments while one argument gets the hostile values.

BIG = 100_000
MEGA = 1 << 20

FLOAT8 = ["12.5", "NULL", "0", "'-0'", "1", "-1", "'NaN'", "'Infinity'", "'-Infinity'",
          "1e308", "-1e308", "'5e-324'", "1e-300", "0.1::float8 + 0.2::float8", "2147483648",
          "-2147483649", "10000.000015258789"]
INT4 = ["5", "NULL", "0", "1", "-1", "2", "3", "10", "11", "2147483647", "-2147483648", "100000"]
INT8 = ["5", "NULL", "0", "-1", "9223372036854775807", "-9223372036854775808"]
NUMERIC = ["12.34", "NULL", "0", "-1", "'NaN'", "'Infinity'", "'-Infinity'",
           "repeat('9', 1000)::numeric", "('-' || repeat('9', 1000))::numeric",
           "('0.' || repeat('0', 998) || '1')::numeric", "1e-16383", "0.005", "-0.00",
           "99999999999999999999999999999999999999.99"]
DATE = ["'2026-07-20'", "NULL", "'infinity'", "'-infinity'", "'4714-11-24 BC'", "'5874897-12-31'",
        "'2000-01-01'", "'1970-01-01'"]
TIMESTAMPTZ = ["'2026-07-20 10:00+00'", "NULL", "'infinity'", "'-infinity'", "'4714-11-24 00:00+00 BC'",
               "'294276-12-31 23:59:59+00'", "'2000-01-01 00:00+14'"]
DEEP_ARRAY = "repeat('[', 129) || repeat(']', 129)"
DEEP_OBJECT = "repeat('{\"a\":', 5000) || '1' || repeat('}', 5000)"
TEXT = ["'01'", "NULL", "''", "' '", "'standard'", "'cn8'", "'r'", "'f'", "'m'", "'x'", "'0101'",
        "'010101'", "'1'", "'-1'", "'2-2-2'", "'{}'", "'[]'", "'null'", "'{5000,10000}'",
        "'{\"cuts\":[1,2]}'", "'{\"segments\":[{\"name\":\"VIP\",\"r\":[4,5]}]}'",
        "'{\"segments\":[{\"name\":\"VIP\",\"r\":[5,4]}]}'", "'{\"segments\":'", "'高'",
        f"repeat('x', {MEGA})", f"repeat('01', {MEGA // 2})", DEEP_ARRAY, DEEP_OBJECT,
        "'{\"segments\":' || " + DEEP_ARRAY + " || '}'", "'\\x01\\x02'", "E'\\\\u0000'",
        "'{\"segments\":[{\"name\":\"p\\u0000\"}]}'", "'0101' || repeat('01', 200)",
        "'{\"segments\":[' || (SELECT string_agg('{\"name\":\"s' || i || '\"}', ',') FROM generate_series(1, 300) AS i) || ']}'"]
JSONB = ["'{\"segments\":[{\"name\":\"VIP\",\"r\":[4,5]},{\"name\":\"Rest\"}]}'", "NULL", "'{}'", "'[]'",
         "'null'", "'1'", "'\"standard\"'", "(" + DEEP_ARRAY + ")::jsonb", "(" + DEEP_OBJECT + ")::jsonb",
         "('{\"segments\":' || " + DEEP_ARRAY + " || '}')::jsonb",
         "'{\"segments\":[{\"name\":\"VIP\",\"r\":[1,99]}]}'", "'{\"segments\":[]}'",
         "'{\"segments\":[{\"name\":1}]}'", "'{\"segments\":[{\"name\":\"a\",\"x\":1}]}'",
         "(SELECT jsonb_build_object('segments', jsonb_agg(jsonb_build_object('name', 's' || i, 'r', jsonb_build_array(1, 1 + i % 5)))) FROM generate_series(1, 250) AS i)",
         "(SELECT jsonb_build_object('segments', jsonb_agg(jsonb_build_object('name', 's' || i))) FROM generate_series(1, 100000) AS i)",
         "jsonb_build_object('segments', jsonb_build_array(jsonb_build_object('name', repeat('x', 1000000))))"]
FLOAT8_ARRAY = ["'{5000,10000}'", "NULL", "'{}'", "'{NULL}'", "'{1,NULL}'", "'{3,2,1}'", "'{1,1,1}'",
                "'{NaN}'", "'{-Infinity,Infinity}'", "'{0.2,0.5,0.8}'", "'{0,1}'", "'{0.5,0.5}'",
                "'{{1,2},{3,4}}'", "'[5:6]={1,2}'", "'{1e308,1.7976931348623157e308}'",
                f"(SELECT array_agg(i::float8) FROM generate_series(1, {BIG}) AS i)",
                f"(SELECT array_agg(((i * 7919) % {BIG})::float8) FROM generate_series(1, {BIG}) AS i)",
                f"(SELECT array_agg(i::float8 / {BIG + 1}) FROM generate_series(1, {BIG}) AS i)"]
TEXT_ARRAY = ["'{low,mid,high}'", "NULL", "'{}'", "'{NULL}'", "'{a,b}'", "'{a,a,a}'", "'{\"\",\"\",\"\"}'",
              "'{{a,b},{c,d}}'", "'[0:2]={a,b,c}'", f"ARRAY[repeat('x', {MEGA}), 'b', 'c']",
              f"(SELECT array_agg(i::text) FROM generate_series(1, {BIG}) AS i)"]
BYTEA = ["'\\x01'", "NULL", "''", "'\\x00'", "'\\xff'", "'\\x01ffffffff'", "'\\x0100000000'",
         f"decode(repeat('ff', 1000), 'hex')"]
BOOL = ["true", "NULL", "false"]

BASE = {
    "double precision": FLOAT8, "real": FLOAT8[:13], "integer": INT4, "smallint": INT4[:6],
    "bigint": INT8, "numeric": NUMERIC, "date": DATE, "timestamp with time zone": TIMESTAMPTZ,
    "text": TEXT, "jsonb": JSONB, "double precision[]": FLOAT8_ARRAY, "text[]": TEXT_ARRAY,
    "bytea": BYTEA, "boolean": BOOL, "integer[]": ["'{1,2}'", "NULL", "'{}'", "'{NULL}'", "'{3,2,1}'"],
    "bigint[]": ["'{1,2}'", "NULL", "'{}'", "'{NULL}'", "'{3,2,1,1}'", "'{-9223372036854775808,9223372036854775807}'",
                 "'{{1,2},{3,4}}'", f"(SELECT array_agg(i::bigint) FROM generate_series(1, {BIG}) AS i)"],
}

# Ordinary text for an argument by its name (the first TEXT value otherwise).
GOOD_TEXT = {"map": "'standard'", "dimension": "'r'", "code": "'0101'", "node": "'0101'",
             "parent": "'01'", "name": "'Beijing'", "category": "'product'", "customer": "'c1'"}

# Sample values of the extension's types: the first is the ordinary one.
# A type added later without samples here is an error of this test.
SAMPLES = {
    "segments.code_scheme": ["'2-2-2'", "NULL", "'1'", "'9-9-9'"],
    "segments.hierarchy": [
        "(SELECT segments.tree(n, p) FROM (VALUES ('01', NULL), ('0101', '01'), ('0102', '01'), ('02', NULL)) AS t(n, p))",
        "NULL",
        "(SELECT segments.tree_coded(c, '2-2-2') FROM (VALUES ('01'), ('0101'), ('010101'), ('02')) AS t(c))",
        "(SELECT segments.tree_nested(n, l, r) FROM (VALUES ('a', 1, 6), ('b', 2, 3), ('c', 4, 5)) AS t(n, l, r))",
        "(SELECT segments.tree(i::text, NULLIF((i / 2)::text, '0')) FROM generate_series(1, 2000) AS i)"],
    "segments.tree_totals": [
        "(SELECT segments.rollup_tree(c, a, '2-2-2'::segments.code_scheme) FROM (VALUES ('0101', 10.5), ('0102', 2), ('02', -1)) AS t(c, a))",
        "NULL",
        "(SELECT segments.rollup_tree(c, a, '2-2-2'::segments.code_scheme, u) FROM (VALUES ('0101', 10.5, 'x'), ('0102', 2, 'y'), ('9', 1, 'x')) AS t(c, a, u))"],
    "segments.customer_profile": [
        "(SELECT segments.profile(d, a, c) FROM (VALUES ('2026-01-01'::date, 10.5, 'product'), ('2026-02-01', -3, 'service'), ('2026-03-01', 7, 'product')) AS t(d, a, c))",
        "NULL",
        "(SELECT segments.profile('2026-01-01'::date, 1.0))",
        "(SELECT segments.profile(d, NULL::numeric) FROM (VALUES ('2026-01-01'::date)) AS t(d))",
        "(SELECT segments.profile(d, a) FROM (VALUES ('5874897-01-01'::date, 123456789012345.67), ('5874897-12-01', -0.01)) AS t(d, a))"],
    "segments.rfm_scale": [
        "(SELECT segments.rfm_scale(i, i % 7, i * 10) FROM generate_series(1, 100) AS i)",
        "NULL",
        "segments.rfm_scale_fixed('{10,20}', '{1,2}', '{100,200}')",
        "(SELECT segments.rfm_scale(1, 1, 1, 10))"],
    "segments.rfm": ["'545'", "NULL", "'111'", "'555'", "'10-3-7'", "'1-10-1'"],
    "segments.concentration": [
        "(SELECT segments.concentration(v) FROM unnest('{1,3,5,100}'::float8[]) AS v)", "NULL",
        "(SELECT segments.concentration(v) FROM unnest('{0,0}'::float8[]) AS v)",
        "(SELECT segments.concentration(i::float8) FROM generate_series(1, 1000) AS i)"],
    "segments.node_totals": [
        "(SELECT segments.node_totals(c, a) FROM (VALUES ('0101', 10.5), ('0102', 2), ('02', -1)) AS t(c, a))", "NULL",
        "(SELECT segments.node_totals(c, a, u) FROM (VALUES ('0101', 10.5, 1::bigint), ('0102', 2, 2), ('0101', 1, 1)) AS t(c, a, u))",
        "(SELECT segments.node_totals(i, 1.5) FROM generate_series(1, 100) AS i)"],
    "segments.tier_scale": [
        "'{5000,10000}'", "NULL",
        "'[{\"label\":\"low\",\"lt\":5000},{\"label\":\"mid\",\"gte\":5000,\"lte\":10000},{\"label\":\"high\",\"gt\":10000}]'",
        "(SELECT segments.quantile_scale(i, '{0.1,0.9}') FROM generate_series(1, 100) AS i)",
        "segments.tier_scale('{1,2,3}', '{a,b,c,d}')"],
    # Aggregate states (text form: base64 of the binary form), as an
    # aggregate over the transition function alone returns them: quantile
    # (1..20 at {0.1,0.9}; 1..3 at {0.5} with labels), RFM (1..20), profile.
    "segments.quantile_state": [
        "'AQIAAACamZmZmZm5P83MzMzMzOw/ABQAAAAAAAAAAADwPwAAAAAAAABAAAAAAAAACEAAAAAAAAAQQAAAAAAAABRAAAAAAAAAGEAAAAAAAAAcQAAAAAAAACBAAAAAAAAAIkAAAAAAAAAkQAAAAAAAACZAAAAAAAAAKEAAAAAAAAAqQAAAAAAAACxAAAAAAAAALkAAAAAAAAAwQAAAAAAAADFAAAAAAAAAMkAAAAAAAAAzQAAAAAAAADRA'",
        "NULL",
        "'AQEAAAAAAAAAAADgPwECAAAAAQAAAGEBAAAAYgMAAAAAAAAAAADwPwAAAAAAAABAAAAAAAAACEA='"],
    "segments.rfm_state": [
        "'AQUUAAAAAAAAAAAA8D8AAAAAAAAAQAAAAAAAAAhAAAAAAAAAEEAAAAAAAAAUQAAAAAAAABhAAAAAAAAAHEAAAAAAAAAgQAAAAAAAACJAAAAAAAAAJEAAAAAAAAAmQAAAAAAAAChAAAAAAAAAKkAAAAAAAAAsQAAAAAAAAC5AAAAAAAAAMEAAAAAAAAAxQAAAAAAAADJAAAAAAAAAM0AAAAAAAAA0QBQAAAAAAAAAAADwPwAAAAAAAABAAAAAAAAACEAAAAAAAAAQQAAAAAAAABRAAAAAAAAAGEAAAAAAAAAAAAAAAAAAAPA/AAAAAAAAAEAAAAAAAAAIQAAAAAAAABBAAAAAAAAAFEAAAAAAAAAYQAAAAAAAAAAAAAAAAAAA8D8AAAAAAAAAQAAAAAAAAAhAAAAAAAAAEEAAAAAAAAAUQAAAAAAAABhAFAAAAAAAAAAAACRAAAAAAAAANEAAAAAAAAA+QAAAAAAAAERAAAAAAAAASUAAAAAAAABOQAAAAAAAgFFAAAAAAAAAVEAAAAAAAIBWQAAAAAAAAFlAAAAAAACAW0AAAAAAAABeQAAAAAAAQGBAAAAAAACAYUAAAAAAAMBiQAAAAAAAAGRAAAAAAABAZUAAAAAAAIBmQAAAAAAAwGdAAAAAAAAAaUA='",
        "NULL"],
    "segments.profile_state": [
        "'AgIAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAIAAAABAAEAGSUAADglAAAZJQAAAAAAAEsAAAAAAAAAAAAAAAAAAABpAAAAAAAAAAAAAAAAAAAAaQAAAAAAAAAAAAAAAAAAAMEDAAAAAAAAAAAAAAAAAAAZJQAAaQAAAAAAAAAAAAAAAAAAADglAADi////////////////////AgAAAAcAAABwcm9kdWN0AQAAAAAAAABpAAAAAAAAAAAAAAAAAAAABwAAAHNlcnZpY2UBAAAAAAAAAOL///////////////////8='",
        "NULL"],
    # node_totals, abc_scale, concentration and calibrate states, as text.
    "segments.node_totals_state": ["'AQEAAAAAAAAAAAIAAAAEAAAAMDEwMgEAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAQAAAAACAAAAAAAAAAQAAAAwMTAxAgAAAAAAAABzAAAAAAAAAAAAAAAAAAAAAQABAAAAAAEAAAAAAAAA'::segments.node_totals_state", "NULL"],
    # BG/NBD and Gamma-Gamma models (given, fitted, one whose fit did not
    # converge) and their fitting states (6 and 4 customers).
    "segments.bgnbd": [
        "'{\"r\": 0.243, \"alpha\": 4.414, \"a\": 0.793, \"b\": 2.426}'", "NULL",
        "(SELECT segments.bgnbd_fit(i % 5, (i % 5) * 2, 20 + i % 7) FROM generate_series(1, 100) AS i)",
        "'{\"r\": 1e-300, \"alpha\": 1e300, \"a\": 1e-300, \"b\": 1e300}'"],
    "segments.gamma_gamma": [
        "'{\"p\": 6.25, \"q\": 3.74, \"v\": 15.44}'", "NULL",
        "(SELECT segments.gamma_gamma_fit(1 + i % 3, 10 * i) FROM generate_series(1, 50) AS i)",
        "'{\"p\": 1e-300, \"q\": 0.5, \"v\": 1e300}'"],
    "segments.bgnbd_state": ["'AfQBAACV1iboCy4RPgYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALEABAAAAAAAAAAAAAAAAAPA/AAAAAAAAAEAAAAAAAAAmQAEAAAAAAAAAAAAAAAAA8D8AAAAAAAAAQAAAAAAAAC5AAQAAAAAAAAAAAAAAAAAAQAAAAAAAABBAAAAAAAAAKEABAAAAAAAAAAAAAAAAAABAAAAAAAAAEEAAAAAAAAAwQAEAAAAAAAAAAAAAAAAACEAAAAAAAAAYQAAAAAAAACpAAQAAAAAAAAA='::segments.bgnbd_state", "NULL"],
    "segments.gamma_gamma_state": ["'AQQAAAAAAAAAAADwPwAAAAAAAD5AAQAAAAAAAAAAAAAAAAAAQAAAAAAAACRAAQAAAAAAAAAAAAAAAAAAQAAAAAAAAERAAQAAAAAAAAAAAAAAAAAIQAAAAAAAADRAAQAAAAAAAAA='::segments.gamma_gamma_state", "NULL"],
    "segments.abc_state": ["'AQIAAACamZmZmZnpP2ZmZmZmZu4/AAQAAAAAAAAABAAAAAAAAAAAAPA/AAAAAAAACEAAAAAAAAAUQAAAAAAAAFlA'::segments.abc_state", "NULL"],
    "segments.concentration_state": ["'AQQAAAAAAAAAAADwPwAAAAAAAAhAAAAAAAAAFEAAAAAAAABZQA=='::segments.concentration_state", "NULL"],
    "segments.calibrate_state": ["'AWoAAAB7ImRpbWVuc2lvbnMiOnsidmFsdWUiOnsiZnJhY3Rpb25zIjpbMC41XSwibGFiZWxzIjpbImxvdyIsImhpZ2giXSwibWV0cmljIjoidiJ9fSwibWV0cmljcyI6eyJ2IjoibnVtYmVyIn19AQAAAAQAAAAAAAAAAADwPwAAAAAAAAhAAAAAAAAAFEAAAAAAAABZQA=='::segments.calibrate_state", "NULL"],
    # tree (parent pointers 01 <- 0101), rollup_tree (scheme 2-2, two codes,
    # with customers), svg_bars (two bars, a title) and svg_pareto states.
    "segments.tree_state": ["'AQACAAAAAgAAADAxAQUAAABOb3J0aAAAAAAAAAAAAAQAAAAwMTAxAQcAAABCZWlqaW5nAQIAAAAwMQAAAAAAAAAA'::segments.tree_state", "NULL"],
    "segments.rollup_tree_state": ["'AgEEAAAAAQICAgEAAAAAAAAAAAIAAAAEAAAAMDEwMgEAAAAAAAAAAwAAAAAAAAAAAAAAAAAAAAAAAQAAAAACAAAAAAAAAAQAAAAwMTAxAQAAAAAAAABpAAAAAAAAAAAAAAAAAAAAAQABAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=='::segments.rollup_tree_state", "NULL"],
    "segments.svg_bars_state": ["'AQEOAAAAeyJ0aXRsZSI6ICJUIn0CAAAAAQEAAABhAAAAAAAA8D8BAQAAAGIAAAAAAAAEQA=='::segments.svg_bars_state", "NULL"],
    "segments.svg_pareto_state": ["'AQAlAAAAAQQAAAAAAAAAAADwPwAAAAAAAAhAAAAAAAAAFEAAAAAAAABZQA=='::segments.svg_pareto_state", "NULL"],
}

WRONG = "'(1,2)'::point"  # no function of the extension takes a point
ALLOWED_CLASSES = ("22", "54")


def slug(type_name):
    return re.sub(r"[^a-z0-9]+", "_", type_name.lower().replace("[]", " array")).strip("_")


class Run:
    def __init__(self, args):
        self.args = args
        self.random = random.Random(args.seed)
        self.lines = []  # (sql, kind, what)

    def psql(self, sql, *extra):
        command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.args.dbname, *extra]
        result = subprocess.run(command, input=sql, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"hostile: setup failed: {result.stderr.strip()}")
        return result.stdout

    def add(self, sql, kind="call", what=""):
        assert "\n" not in sql
        self.lines.append((sql, kind, what or sql[:200]))

    def again_alone(self, sql, what):
        """Runs one statement again on its own with --slow-timeout: True when
        it then returns or raises an allowed error (printed as slow)."""
        prologue = ("SET client_min_messages = warning; SET extra_float_digits = 3; "
                    f"SET statement_timeout = '{self.args.slow_timeout}';")
        started = time.time()
        result = subprocess.run(["psql", "-X", "-q", "-d", self.args.dbname],
                                input=f"{prologue}\n\\set VERBOSITY verbose\n{sql}\n",
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
        seconds = time.time() - started
        states = re.findall(r"ERROR:\s+([0-9A-Z]{5}):", result.stderr)
        ok = result.returncode in (0, 1) and all(state[:2] in ALLOWED_CLASSES for state in states) and \
            not re.search(r"panic|server closed|connection to server was lost", result.stderr, re.IGNORECASE)
        outcome = f"raised {', '.join(states)}" if states else "returned"
        print(f"hostile: slow, over {self.args.timeout} with the other calls, alone {outcome} in "
              f"{seconds:.1f} s: {what}", file=sys.stderr)
        return ok

    # ---- set-up: tables of values per type ---------------------------------
    def setup(self, types):
        statements = ["SET client_min_messages = warning;", "DROP SCHEMA IF EXISTS hostile CASCADE;",
                      "CREATE SCHEMA hostile;",
                      # PostgreSQL text cannot hold NUL: a function that returns one is a defect.
                      "CREATE FUNCTION hostile.no_nul(value text) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN "
                      "IF position('\\x00'::bytea IN textsend(value)) > 0 THEN "
                      "RAISE EXCEPTION 'a result holds a NUL byte' USING ERRCODE = 'HN001'; END IF; RETURN true; END $$;"]
        for type_name, values in types.items():
            table = f"hostile.v_{slug(type_name)}"
            statements.append(f"CREATE TABLE {table} (id int PRIMARY KEY, v {type_name});")
            for index, expression in enumerate(values, start=1):
                statements.append(f"INSERT INTO {table} VALUES ({index}, ({expression})::{type_name});")
        self.psql("\n".join(statements))

    def value(self, type_name, index):
        return f"(SELECT v FROM hostile.v_{slug(type_name)} WHERE id = {index})"

    # ---- calls --------------------------------------------------------------
    def good_index(self, type_name, name):
        if type_name == "text" and name in GOOD_TEXT:
            return 1 + TEXT.index(GOOD_TEXT[name]) if GOOD_TEXT[name] in TEXT else None
        return 1

    def argument(self, type_name, name, index=None):
        if type_name == "internal":
            return "NULL::internal"
        if type_name == "cstring":
            return f"({self.value('text', index or 1)})::cstring"
        if type_name == "text" and index is None and name in GOOD_TEXT:
            return f"{GOOD_TEXT[name]}::text"
        return self.value(type_name, index or 1)

    def calls(self, functions, counts):
        for oid, name, kind, argtypes, argnames, rettype in functions:
            call_name = name
            arity = len(argtypes)
            names = (argnames + [""] * arity)[:arity]
            sweeps = []
            for position, type_name in enumerate(argtypes):
                for index in range(1, counts[type_name] + 1):
                    sweeps.append({position: index})
            combos = [{p: self.random.randint(1, counts[t]) for p, t in enumerate(argtypes)}
                      for _ in range(self.args.random_calls)]
            if not self.args.full:
                self.random.shuffle(sweeps)
                sweeps = sweeps[: self.args.per_function]
            if kind == "a":
                # Each row set holds every value of one argument's type.
                sweeps = [{position: 1} for position in range(arity)]
                combos = combos[: max(1, len(combos) // 3)]
            for choice in [{}] + sweeps + combos:
                args = [self.argument(t, n, choice.get(p)) for p, (t, n) in enumerate(zip(argtypes, names))]
                if kind == "a":
                    self.aggregate_calls(call_name, argtypes, names, choice)
                else:
                    self.add(self.scalar(call_name, args, rettype), what=f"{oid} {choice}")
            for position in range(arity):
                args = [self.argument(t, n) for t, n in zip(argtypes, names)]
                args[position] = WRONG
                self.add(self.scalar(call_name, args, rettype), kind="wrong", what=f"{oid} wrong type at {position + 1}")

    @staticmethod
    def scalar(name, args, rettype):
        """The call, its results through their output function, and text
        results (as stored, before any output function) checked for NUL."""
        call = f"segments.{name}({', '.join(args)})"
        if rettype == "text":
            raw = "string_agg(r, ',')"
        elif rettype == "text[]":
            raw = "string_agg((SELECT string_agg(e, ',') FROM unnest(r) AS e), ',')"
        else:
            raw = "NULL"
        return f"SELECT md5(string_agg(r::text, ',')), hostile.no_nul({raw}) FROM (SELECT {call} AS r) AS s;"

    def aggregate_calls(self, name, argtypes, names, choice):
        """Rows: every value of the chosen argument's type (or the random
        combination, one row per argument), others ordinary: plain, grouped,
        and as a window aggregate."""
        if not argtypes:
            return
        position = next(iter(choice)) if len(choice) == 1 else None
        if position is not None:
            source = f"hostile.v_{slug(argtypes[position])} AS h"
            args = [("h.v" if p == position else self.argument(t, n)) + f"::{t}"
                    for p, (t, n) in enumerate(zip(argtypes, names))]
        else:
            source = "generate_series(1, 3) AS h(id)"
            args = [self.argument(t, n, choice.get(p)) + f"::{t}" for p, (t, n) in enumerate(zip(argtypes, names))]
        call = f"segments.{name}({', '.join(args)})"
        what = f"aggregate {name} {choice}"
        self.add(f"SELECT md5(string_agg(r::text, ',')) FROM (SELECT {call} AS r FROM {source}) AS s;", what=what)
        self.add(f"SELECT md5(string_agg(r::text, ',')) FROM (SELECT {call} AS r FROM {source} GROUP BY h.id % 3) AS s;",
                 what=what + " grouped")
        self.add(f"SELECT md5(string_agg(r::text, ',')) FROM (SELECT {call} OVER (ORDER BY h.id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS r FROM {source}) AS s;",
                 what=what + " window")

    # ---- garbage text for every type ----------------------------------------
    def garbage_text(self, types, samples_text):
        for type_name in types:
            pieces = list(range(1, len(TEXT) + 1))
            for index in pieces:
                self.add(f"SELECT ({self.value('text', index)})::{type_name}::text;", what=f"text {index} as {type_name}")
            for text in samples_text.get(type_name, []):
                for mutated in self.mutations_text(text):
                    literal = "'" + mutated.replace("'", "''") + "'"
                    self.add(f"SELECT md5(({literal}::{type_name})::text);", what=f"garbage {type_name}")

    def mutations_text(self, text):
        count = 100 if self.args.full else 12
        out = []
        alphabet = "0123456789-+.eE,:[]{}\"abcxyz \\NaInfity"
        for _ in range(count):
            choice = self.random.random()
            if choice < 0.3 and text:
                out.append(text[: self.random.randrange(len(text))])
            elif choice < 0.8 and text:
                chars = list(text)
                for _ in range(self.random.randint(1, 3)):
                    chars[self.random.randrange(len(chars))] = self.random.choice(alphabet)
                out.append("".join(chars))
            else:
                out.append("".join(self.random.choice(alphabet) for _ in range(self.random.randint(0, 40))))
        return [o.replace("\x00", "") for o in out]

    # ---- binary receive ---------------------------------------------------------
    def binary(self, types, samples_bytes, functions, directory):
        count = 1000 if self.args.full else 60
        header = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
        for type_name in types:
            table = f"hostile.b_{slug(type_name)}"
            self.add(f"CREATE TABLE {table} (v {type_name});", kind="setup")
            originals = samples_bytes.get(type_name, [])
            blobs = []
            for _ in range(count):
                if originals and self.random.random() < 0.85:
                    blobs.append(self.mutate(self.random.choice(originals)))
                else:
                    blobs.append(bytes(self.random.getrandbits(8) for _ in range(self.random.randint(0, 48))))
            for number, blob in enumerate(blobs):
                path = os.path.join(directory, f"{slug(type_name)}-{number}.bin")
                with open(path, "wb") as out:
                    out.write(header + struct.pack("!hi", 1, len(blob)) + blob + struct.pack("!h", -1))
                self.add(f"\\copy {table} FROM '{path}' (FORMAT binary)", kind="binary", what=f"binary {type_name} {blob.hex()[:120]}")
            # What receive accepted reads back through text and through
            # every function that takes the type.
            self.add(f"DO $$ BEGIN IF EXISTS (SELECT FROM {table} WHERE v::text::{type_name}::text IS DISTINCT FROM v::text) "
                     f"THEN RAISE EXCEPTION 'binary input accepted a {type_name} that does not read back'; END IF; END $$;",
                     kind="must", what=f"accepted {type_name} reads back")
            for oid, name, kind, argtypes, argnames, rettype in functions:
                if type_name not in argtypes or kind == "a":
                    continue
                names = (argnames + [""] * len(argtypes))[: len(argtypes)]
                args = [("b.v" if t == type_name else self.argument(t, n)) for t, n in zip(argtypes, names)]
                call = f"segments.{name}({', '.join(args)})"
                self.add(f"SELECT md5(string_agg(r::text, ',')) FROM (SELECT {call} AS r FROM {table} AS b) AS s;",
                         what=f"{oid} over accepted binary values")

    def mutate(self, blob):
        blob = bytearray(blob)
        choice = self.random.random()
        if choice < 0.25:
            return bytes(blob[: self.random.randrange(len(blob) + 1)])
        if choice < 0.35:
            return bytes(blob) + bytes(self.random.getrandbits(8) for _ in range(self.random.randint(1, 8)))
        if choice < 0.5 and len(blob) >= 5:
            at = self.random.randrange(1, len(blob) - 3)
            blob[at:at + 4] = self.random.choice([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\x01\x00\x00\x00",
                                                  struct.pack("<d", float("nan"))[:4]])
            return bytes(blob)
        for _ in range(self.random.randint(1, 4)):
            if blob:
                at = self.random.randrange(len(blob))
                blob[at] = blob[at] ^ (1 << self.random.randrange(8)) if self.random.random() < 0.5 else self.random.getrandbits(8)
        return bytes(blob)


def catalog(run):
    rows = run.psql("""
        SELECT concat_ws(E'\t', p.oid::regprocedure, p.proname, p.prokind,
               coalesce((SELECT string_agg(format_type(t, NULL), '|' ORDER BY o) FROM unnest(p.proargtypes) WITH ORDINALITY AS a(t, o)), ''),
               coalesce(array_to_string(p.proargnames[1:p.pronargs], '|'), ''), p.proretset,
               format_type(p.prorettype, NULL))
        FROM pg_proc AS p
        WHERE p.pronamespace = 'segments'::regnamespace AND p.prokind IN ('f', 'a')
          AND p.prorettype <> 'trigger'::regtype  -- run by the table's trigger, tested there
        ORDER BY 1::text;""")
    functions = []
    # Support functions over `internal` cannot be called from SQL at all
    # (PostgreSQL has no value of that type to pass): the aggregate calls
    # reach them.
    for line in rows.splitlines():
        oid, name, kind, types, names, retset, rettype = line.split("\t")
        argtypes = [t for t in types.split("|") if t]
        if "internal" not in argtypes:
            functions.append((oid, name, kind, argtypes, names.split("|") if names else [], rettype))
    types = run.psql("""
        SELECT format_type(t.oid, NULL) FROM pg_type AS t
        WHERE t.typnamespace = 'segments'::regnamespace AND t.typtype = 'b' AND t.typelem = 0
        ORDER BY 1;""").splitlines()
    return functions, types


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dbname", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--server-log")
    parser.add_argument("--timeout", default="5s", help="statement_timeout of every call")
    parser.add_argument("--slow-timeout", default="60s",
                        help="statement_timeout of a call run again alone after it exceeded --timeout")
    parser.add_argument("--per-function", type=int, default=80, help="sweep calls per function (all with --full)")
    parser.add_argument("--show", type=int, default=50, help="failures to print")
    parser.add_argument("--profile", action="store_true", help="print the slowest statements instead of checking")
    parser.add_argument("--random-calls", type=int, default=None)
    args = parser.parse_args()
    if args.random_calls is None:
        args.random_calls = 200 if args.full else 10
    started = time.time()
    run = Run(args)
    functions, types = catalog(run)
    missing = [t for t in types if t not in SAMPLES]
    if missing:
        sys.exit(f"hostile: no sample values for {', '.join(missing)}: add them to SAMPLES in {__file__}")
    used = {t for f in functions for t in f[3]} - {"internal", "cstring"} - set(types)
    unknown = sorted(used - set(BASE))
    if unknown:
        sys.exit(f"hostile: no hostile values for argument types {', '.join(unknown)}: add them to BASE")
    values = {t: BASE[t] for t in used | {"text"}}
    values.update({t: SAMPLES[t] for t in types})
    run.setup(values)
    counts = {t: len(v) for t, v in values.items()}
    counts["internal"] = counts["cstring"] = 1
    counts["cstring"] = len(TEXT)

    # Text and binary forms of the samples, for mutations.
    samples_text, samples_bytes = {}, {}
    for type_name in types:
        slug_ = slug(type_name)
        out = run.psql(f"SELECT v::text FROM hostile.v_{slug_} WHERE v IS NOT NULL ORDER BY id;")
        samples_text[type_name] = [line for line in out.splitlines() if line]
        send = run.psql(f"SELECT typsend::regproc FROM pg_type WHERE oid = '{type_name}'::regtype;").strip()
        if send and send != "-":
            out = run.psql(f"SELECT encode({send}(v), 'hex') FROM hostile.v_{slug_} WHERE v IS NOT NULL ORDER BY id;")
            samples_bytes[type_name] = [bytes.fromhex(h) for h in out.split()]

    run.calls(functions, counts)
    run.garbage_text(types, samples_text)
    with tempfile.TemporaryDirectory(prefix="hostile-") as directory:
        # Types without a binary form (the aggregate states: Citus ships
        # them as text) have no receive function to attack.
        run.binary([t for t in types if t in samples_bytes], samples_bytes, functions, directory)
        script = os.path.join(directory, "calls.sql")
        prologue = ["\\set VERBOSITY verbose", "SET client_min_messages = warning;",
                    f"SET statement_timeout = '{args.timeout}';", "SET extra_float_digits = 3;"]
        with open(script, "w") as out:
            out.write("\n".join(prologue) + "\n")
            out.write("\n".join(sql for sql, _, _ in run.lines) + "\n")
        log_size = os.path.getsize(args.server_log) if args.server_log and os.path.exists(args.server_log) else 0
        command = ["psql", "-X", "-q", "-d", args.dbname, "-f", script]
        if args.profile:
            command[3:3] = ["-e", "-A", "-t", "-c", "\\timing on"]
            command = ["psql", "-X", "-q", "-e", "-A", "-t", "-d", args.dbname, "-v", "ON_ERROR_STOP=0"]
            with open(script) as source:
                text = "\\timing on\n" + source.read()
            result = subprocess.run(command, input=text, capture_output=True, text=True, errors="replace")
            slowest(result.stdout)
            sys.exit(0)
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                errors="replace")
    failures = check(run, result, len(prologue))
    if args.server_log and os.path.exists(args.server_log):
        with open(args.server_log, errors="replace") as log:
            log.seek(log_size)
            for line in log:
                if re.search(r"terminated by signal|PANIC|was terminated by|server process .* exited", line):
                    failures.append(f"server log: {line.strip()}")
    seconds = time.time() - started
    print(f"hostile: {len(run.lines)} statements over {len(functions)} functions and aggregates and "
          f"{len(types)} types, seed {args.seed}, {seconds:.0f} s", file=sys.stderr)
    if failures:
        for failure in failures[: args.show]:
            print("FAIL " + failure, file=sys.stderr)
        print(f"hostile: {len(failures)} failures", file=sys.stderr)
        sys.exit(1)


def slowest(output):
    timings, last = [], ""
    for line in output.splitlines():
        match = re.match(r"^Time: ([0-9.]+) ms", line)
        if match:
            timings.append((float(match.group(1)), last[:220]))
        elif line.startswith(("SELECT", "DO", "CREATE", "\\copy")):
            last = line
    timings.sort(reverse=True)
    print(f"total {sum(t for t, _ in timings) / 1000:.1f} s over {len(timings)} timed statements")
    for ms, sql in timings[:40]:
        print(f"{ms:10.1f} ms  {sql}")


def check(run, result, offset):
    failures = []
    errors = {}
    pattern = re.compile(r"^psql:[^:]*:(\d+): (ERROR|FATAL|PANIC):\s+(?:([0-9A-Z]{5}): )?(.*)$")
    last_line = 0
    for text in result.stderr.splitlines():
        match = pattern.match(text)
        if match:
            line, severity, state, message = int(match.group(1)), match.group(2), match.group(3), match.group(4)
            errors.setdefault(line, (severity, state, message))
            last_line = max(last_line, line)
        elif re.search(r"server closed the connection|connection to server was lost|terminated abnormally", text):
            failures.append(f"lost connection near line {last_line}: {text}")
    states = {}
    for severity, state, _ in errors.values():
        states[state] = states.get(state, 0) + 1
    print("hostile: errors by SQLSTATE: " + ", ".join(f"{s} {n}" for s, n in sorted(states.items(), key=str)),
          file=sys.stderr)
    for line, (severity, state, message) in sorted(errors.items()):
        index = line - offset - 1
        if not 0 <= index < len(run.lines):
            failures.append(f"line {line}: {severity} {state} {message}")
            continue
        sql, kind, what = run.lines[index]
        ok = severity == "ERROR" and state is not None and (
            state[:2] in ALLOWED_CLASSES or (kind == "wrong" and state == "42883") or
            (kind == "binary" and state == "22P03"))
        if kind in ("must", "setup"):
            ok = False
        if re.search(r"panic", message, re.IGNORECASE):
            ok = False
        if state == "57014" and kind == "call":
            # Over statement_timeout: a hang or a heavy but finite call (some
            # combinations return hundreds of megabytes of text, whose time
            # depends on the machine). Alone, with a longer limit, a hang
            # still fails; a finite call is reported with its time.
            ok = run.again_alone(sql, what)
        if not ok:
            failures.append(f"{what}: {severity} {state} {message}\n     {sql[:300]}")
    if result.returncode not in (0, 1) and not failures:
        failures.append(f"psql exited with {result.returncode}: {result.stderr[-500:]}")
    return failures


if __name__ == "__main__":
    main()
