#!/usr/bin/env python3
# check-potfiles.py
#
# Copyright 2026 The Hassbench developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.py SOURCE_ROOT XGETTEXT
#
# Fails (TAP "not ok") when a source file with translatable strings is missing from
# po/POTFILES.in, when POTFILES.in names a file that does not exist, or when xgettext cannot
# extract the strings from the files it lists (the same keywords as meson's glib preset).

import os
import re
import subprocess
import sys
import tempfile

# A call of a gettext marker: _("..."), N_(, C_(, NC_(, the plural and domain forms.
C_MARKER = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2|'
                      r'g_dcgettext)\s*\(')
UI_MARKER = re.compile(r'translatable\s*=\s*"yes"')
# The desktop and metainfo templates are always translatable; schemas with a gettext-domain.
SCHEMA_MARKER = re.compile(r'gettext-domain\s*=')

# Where translatable sources live, by suffix.
SCAN_DIRS = ['src', 'ui', 'data']


def wants_translation(path, text):
    if path.endswith('.c') or path.endswith('.h'):
        return C_MARKER.search(text) is not None
    if path.endswith('.ui'):
        return UI_MARKER.search(text) is not None
    if path.endswith('.desktop.in') or path.endswith('.metainfo.xml.in'):
        return True
    if path.endswith('.gschema.xml'):
        return SCHEMA_MARKER.search(text) is not None
    return False


def xgettext_command(xgettext, root, outdir):
    """xgettext over POTFILES.in with meson's glib preset, writing OUTDIR/hassbench.pot."""
    return [xgettext, '--package-name=hassbench', '-p', outdir, '-o', 'hassbench.pot',
            '--directory=' + root, '--files-from=' + os.path.join(root, 'po', 'POTFILES.in'),
            '--from-code=UTF-8', '--add-comments', '--keyword=_', '--keyword=N_',
            '--keyword=C_:1c,2', '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2',
            '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
            '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
            '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
            '--flag=g_strdup_printf:1:c-format', '--flag=g_set_error:4:c-format',
            '--flag=g_string_append_printf:2:c-format']


def read_potfiles(root):
    listed = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                listed.append(line)
    return listed


def main():
    if len(sys.argv) != 3:
        print('usage: check-potfiles.py SOURCE_ROOT XGETTEXT', file=sys.stderr)
        return 2
    root, xgettext = sys.argv[1], sys.argv[2]
    listed = read_potfiles(root)
    results = []

    needed = []
    for top in SCAN_DIRS:
        for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                try:
                    with open(path, encoding='utf-8') as f:
                        text = f.read()
                except (UnicodeDecodeError, OSError):
                    continue
                if wants_translation(rel, text):
                    needed.append(rel)

    missing = sorted(set(needed) - set(listed))
    results.append(('every file with translatable strings is in POTFILES.in',
                    ['%s has translatable strings but is not in po/POTFILES.in' % m
                     for m in missing]))

    absent = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
    results.append(('every file in POTFILES.in exists',
                    ['po/POTFILES.in names %s, which does not exist' % p for p in absent]))

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'hassbench.pot')
        cmd = xgettext_command(xgettext, root, tmp)
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            problems.append('xgettext failed (%d): %s' % (proc.returncode, proc.stderr.strip()))
        elif proc.stderr.strip():
            # xgettext warns about e.g. an unmarked format string; treat it as a failure.
            problems.append('xgettext warned: %s' % proc.stderr.strip())
        elif not os.path.isfile(pot):
            problems.append('xgettext wrote no template')
        else:
            with open(pot, encoding='utf-8') as f:
                text = f.read()
            # Every listed file must contribute at least one string.
            for p in listed:
                if ('#: %s:' % p) not in text and (' %s:' % p) not in text:
                    problems.append('xgettext found no string in %s' % p)
    results.append(('xgettext extracts every file in POTFILES.in', problems))

    print('1..%d' % len(results))
    failed = 0
    for i, (name, errors) in enumerate(results, 1):
        if errors:
            failed += 1
            print('not ok %d - %s' % (i, name))
            for e in errors:
                print('# %s' % e)
        else:
            print('ok %d - %s' % (i, name))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
