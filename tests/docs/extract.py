"""Turns the SQL examples of markdown docs into a pg_regress test.

Each markdown file becomes one test (docs/rfm.md -> docs_rfm): every ```sql
block runs, in order, in one session after the sample data is loaded. A plain ``` block right after a ```sql block is the output that
block must print; pg_regress compares it (ignoring whitespace), so the docs
cannot drift from what the extension does. A block with an output holds
one statement (psql prints each result right after its statement).

usage: extract.py [--role NAME] OUTDIR DOC.md...
    (writes OUTDIR/sql/docs_NAME.sql and OUTDIR/expected/docs_NAME.out,
    prints the test names). With --role the examples run as role NAME with
    the least privilege an analyst needs: SELECT on the ERP tables (schema
    erp of the sample data), USAGE on schema segments, and a schema of its
    own for the tables the examples create.
"""
import pathlib
import re
import sys

FENCE = re.compile(r"^```(\w*)[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
ROOT = pathlib.Path(__file__).resolve().parents[2]
SETUP = [r"\set ECHO none", r"\i " + str(ROOT / "demo" / "sample_data.sql"),
         "SET client_min_messages = warning;", "SET DateStyle = ISO, YMD;", r"\set ECHO all"]


def examples(markdown):
    """Yields (sql, expected output or None) for each ```sql block."""
    blocks = [(m.group(1), m.group(2), m.start(), m.end()) for m in FENCE.finditer(markdown)]
    for index, (lang, body, _, end) in enumerate(blocks):
        if lang != "sql":
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        is_output = following and following[0] in ("", "text") and markdown[end:following[2]].strip() == ""
        yield body, following[1] if is_output else None


def least_privilege(role):
    """Statements that make `role` an analyst with the least privilege and
    switch to it (after the sample data is loaded)."""
    return [f"DO $$ BEGIN CREATE ROLE {role}; EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
            f"DROP SCHEMA IF EXISTS {role} CASCADE;", f"CREATE SCHEMA {role} AUTHORIZATION {role};",
            f"GRANT USAGE ON SCHEMA erp, segments TO {role};",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA erp TO {role};",
            f"SET ROLE {role};"]


def test_name(doc):
    """docs/rfm.md -> docs_rfm, README.md -> docs_readme."""
    return "docs_" + re.sub(r"\W", "_", pathlib.Path(doc).stem.lower())


def main():
    args = sys.argv[1:]
    setup = list(SETUP)
    if args[0] == "--role":
        setup[-1:-1] = least_privilege(args[1])
        args = args[2:]
    outdir, docs = pathlib.Path(args[0]), args[1:]
    (outdir / "sql").mkdir(parents=True, exist_ok=True)
    (outdir / "expected").mkdir(parents=True, exist_ok=True)
    for doc in docs:
        sql, expected = list(setup), [r"\set ECHO none"]
        for body, output in examples(pathlib.Path(doc).read_text()):
            sql.append(body.rstrip("\n"))
            expected.append(body.rstrip("\n"))
            if output is not None:
                output = output.rstrip("\n")
                # psql ends a result table, not an error, with an empty line.
                ends_table = re.search(r"^\(\d+ rows?\)$", output.splitlines()[-1] if output else "")
                expected.append(output + ("\n" if ends_table else ""))
        name = test_name(doc)
        (outdir / "sql" / f"{name}.sql").write_text("\n".join(sql) + "\n")
        (outdir / "expected" / f"{name}.out").write_text("\n".join(expected) + "\n")
        print(name)


if __name__ == "__main__":
    main()
