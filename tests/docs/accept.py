"""Writes what the docs' examples printed back into the markdown: after a
change that alters documented figures, run the docs test, check every
changed figure, then accept them here instead of copying tables by hand.

usage: accept.py DOC.md RESULTS.out
    RESULTS.out is the docs test's output for that page
    (target/test-results/results/docs_NAME.out after `scripts/test --only docs DOC.md`).
    Every ```sql block that has an output block gets the output that
    followed its statement in RESULTS.out.
"""
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from extract import FENCE  # noqa: E402


def main():
    doc, results = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
    markdown = doc.read_text()
    blocks = [(m.group(1), m.group(2), m.start(2), m.end(2), m.end()) for m in FENCE.finditer(markdown)]
    # The sql blocks in order; psql echoes each one's text before what it prints.
    sql_blocks = [index for index, block in enumerate(blocks) if block[0] == "sql"]
    cursor, edits = 0, []
    for position, index in enumerate(sql_blocks):
        body = blocks[index][1].rstrip("\n")
        found = results.find(body, cursor)
        if found < 0:
            sys.exit(f"{doc}: example {position + 1} is not in the results in order")
        start = found + len(body) + 1
        following = sql_blocks[position + 1] if position + 1 < len(sql_blocks) else None
        end = results.find(blocks[following][1].rstrip("\n"), start) if following is not None else len(results)
        if end < 0:
            sys.exit(f"{doc}: example {position + 2} is not in the results in order")
        cursor = end
        output_block = blocks[index + 1] if index + 1 < len(blocks) else None
        between = markdown[blocks[index][4]:output_block[2] - len(output_block[0]) - 4] if output_block else "x"
        if output_block and output_block[0] in ("", "text") and between.strip() == "":
            printed = results[start:end].rstrip("\n")
            # psql's empty line after a result table is not part of the docs' output.
            edits.append((output_block[2], output_block[3], printed + "\n"))
    for begin, finish, text in reversed(edits):
        markdown = markdown[:begin] + text + markdown[finish:]
    doc.write_text(markdown)
    print(f"{doc}: {len(edits)} outputs written")


if __name__ == "__main__":
    main()
