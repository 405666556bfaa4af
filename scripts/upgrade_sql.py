"""Writes the body of an upgrade script: what a newer generated install
script has that an older one has not.

usage: upgrade_sql.py OLD.sql NEW.sql FROM TO > customer_segments--FROM--TO.sql

Both scripts are split into statements (comments dropped, whitespace
normalised). A statement of NEW that OLD has word for word is already in
place; any other one is written, in NEW's order (pgrx orders by
dependency), made re-runnable where PostgreSQL allows: CREATE FUNCTION and
CREATE AGGREGATE become CREATE OR REPLACE. Functions and aggregates of OLD
that NEW no longer has are dropped first. What cannot be replaced in place
(a changed type, operator, or a function whose result type changed) is
marked with a warning on stderr: review the output; the upgrade test of
scripts/test compares the updated catalog with a fresh install.
"""
import re
import sys

DOLLAR = re.compile(r"\$[A-Za-z_]*\$")


def statements(text):
    """SQL statements without comments."""
    out, current, quote = [], [], None
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    for line in text.splitlines():
        if quote is None:
            stripped = line.strip()
            if stripped.startswith("--") or stripped.startswith("\\echo"):
                continue
            line = re.sub(r"--[^'\n]*$", "", line) if "'" not in line else line
        for tag in DOLLAR.findall(line):
            quote = tag if quote is None else (None if tag == quote else quote)
        current.append(line)
        # A BEGIN ATOMIC body ends at its END; not at the first semicolon.
        atomic = re.search(r"\bBEGIN\s+ATOMIC\b", " ".join(current), re.I)
        if atomic and not re.match(r"^\s*END\s*;\s*$", line, re.I):
            continue
        if quote is None and line.rstrip().endswith(";"):
            statement = " ".join(" ".join(current).split())
            if statement.strip("; "):
                out.append(Statement(statement, "\n".join(current).strip("\n")))
            current = []
    return out


class Statement(str):
    """A statement with whitespace collapsed (compared) that remembers its
    original text (written, so function bodies keep their lines)."""

    def __new__(cls, normalized, original):
        made = super().__new__(cls, normalized)
        made.original = original
        return made


HEAD = re.compile(r"^CREATE\s+(?:OR\s+REPLACE\s+)?(FUNCTION|AGGREGATE)\s+([^\s(]+)\s*\((.*?)\)\s*(RETURNS\s+(\S+)|\()", re.S | re.I)


def routine(statement):
    """(kind, name, argument types, return type) of a CREATE FUNCTION/AGGREGATE."""
    match = HEAD.match(statement)
    if not match:
        return None
    kind, name, args, _, returns = match.groups()
    types = []
    for arg in split_args(args):
        arg = re.split(r"\s+DEFAULT\s+", arg, flags=re.I)[0].strip()
        if kind.upper() == "FUNCTION":
            parts = arg.split(None, 1)
            arg = parts[1] if len(parts) == 2 and parts[0].startswith('"') else arg
        types.append(" ".join(arg.split()))
    return kind.upper(), name.strip('"').split(".")[-1].strip('"'), tuple(types), returns


def split_args(args):
    depth, part, parts = 0, "", []
    for ch in args:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(part)
            part = ""
        else:
            part += ch
    if part.strip():
        parts.append(part)
    return parts


def main():
    old_path, new_path, version_from, version_to = sys.argv[1:5]
    old = statements(open(old_path).read())
    new = statements(open(new_path).read())
    old_set = set(old)
    old_routines = {r[:3]: r for r in map(routine, old) if r}
    new_routines = {r[:3]: r for r in map(routine, new) if r}
    print(f"-- customer_segments {version_from} -> {version_to}")
    print(f"-- Applied by ALTER EXTENSION customer_segments UPDATE TO '{version_to}'. The upgrade test")
    print("-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.")
    print(f"\\echo Use \"ALTER EXTENSION customer_segments UPDATE TO '{version_to}'\" to load this file. \\quit")
    gone = [key for key in old_routines if key not in new_routines]
    for kind in ("AGGREGATE", "FUNCTION"):
        for key in gone:
            if key[0] == kind:
                print(f"\nDROP {kind} segments.\"{key[1]}\"({', '.join(key[2])});")
    for statement in new:
        if statement in old_set:
            continue
        r = routine(statement)
        if r:
            before = old_routines.get(r[:3])
            if before and r[0] == "FUNCTION" and before[3] != r[3]:
                print(f"warning: {r[1]}{r[2]} changes its result type: DROP it first by hand", file=sys.stderr)
            print("\n" + re.sub(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?", "CREATE OR REPLACE ", statement.original, flags=re.I))
            continue
        elif re.match(r"^CREATE\s+(TYPE|OPERATOR|CAST)\b", statement, re.I) and any(
                s.split("(")[0] == statement.split("(")[0] for s in old):
            print(f"warning: changed in place, needs a hand-written ALTER: {statement[:80]}", file=sys.stderr)
        print("\n" + statement.original)


if __name__ == "__main__":
    main()
