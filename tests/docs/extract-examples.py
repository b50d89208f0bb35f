#!/usr/bin/env python3
"""Extracts the C examples of a Markdown document so the test suite compiles and runs them.

An example is a fenced block whose info string is `c example=NAME`; it must be a whole
program. Usage: extract-examples.py DOC.md OUTDIR NAME... writes OUTDIR/doc-NAME.c for each
NAME, and fails when the document's examples and the NAMEs differ, so a new or renamed
example cannot go untested."""
import re
import sys

doc, outdir, names = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(doc, encoding="utf-8").read()
examples = {}
for m in re.finditer(r"^```c example=([\w-]+)\n(.*?)^```", text, re.M | re.S):
    name, body = m.group(1), m.group(2)
    if name in examples:
        sys.exit(f"{doc}: example '{name}' appears twice")
    line = text.count("\n", 0, m.start()) + 2
    examples[name] = f'#line {line} "{doc}"\n{body}'

missing = sorted(set(names) - set(examples))
extra = sorted(set(examples) - set(names))
if missing or extra:
    sys.exit(f"{doc}: examples in the build but not the document: {missing}; "
             f"in the document but not the build (tests/docs/meson.build): {extra}")

for name in names:
    with open(f"{outdir}/doc-{name}.c", "w", encoding="utf-8") as f:
        f.write(examples[name])
