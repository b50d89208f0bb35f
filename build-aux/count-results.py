#!/usr/bin/env python3
"""Counts test results from meson's JSON test logs: each TAP test point counts once, a
test program without TAP output counts as one. Prints "N passed, N failed"; exits 1 on
any failure."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        continue
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        result = t.get("result")
        out = t.get("stdout") or ""
        oks = len(re.findall(r"^ok \d+", out, re.M))
        skips = len(re.findall(r"^ok \d+.*# SKIP", out, re.M))
        # TAP: a "not ok" marked # TODO is a known gap, not a failure.
        todos = len(re.findall(r"^not ok \d+[^\n]*# TODO", out, re.M))
        noks = len(re.findall(r"^not ok \d+", out, re.M)) - todos
        if oks or noks:
            passed += oks - skips
            skipped += skips + todos
            failed += noks
            if noks == 0 and result not in ("OK", "SKIP", "EXPECTEDFAIL"):
                failed += 1  # crashed or timed out after its last test point
        elif result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
