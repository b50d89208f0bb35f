#!/usr/bin/env python3
# check-catalogue.py
#
# Copyright 2026 The Hassbench developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-catalogue.py SOURCE_ROOT LANG MSGFMT XGETTEXT MSGCMP
#
# Checks po/LANG.po: msgfmt --check accepts it (formats, header, plural forms), it has no
# fuzzy and no untranslated message, its plural forms are German's, and (reported as a TAP
# TODO unless HB_PO_STRICT=1) it covers every string the sources mark today, so a catalogue
# that fell behind the code shows up without failing other people's work.

import importlib.util
import os
import re
import subprocess
import sys
import tempfile

PLURAL_FORMS = {'de': 'nplurals=2; plural=(n != 1);'}


def load_potfiles_module():
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location('check_potfiles',
                                                  os.path.join(here, 'check-potfiles.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def undefined_msgids(stderr):
    """The msgids msgcmp reports as used but not defined, read back from the template."""
    found = []
    for line in stderr.splitlines():
        m = re.match(r'(.*):(\d+): this message is used but not defined', line)
        if m is None:
            continue
        with open(m.group(1), encoding='utf-8') as f:
            lines = f.read().splitlines()
        i = min(int(m.group(2)), len(lines)) - 1
        while i > 0 and not lines[i].startswith('msgid '):
            i -= 1
        found.append('  %s' % lines[i])
    return found


def main():
    if len(sys.argv) != 6:
        print('usage: check-catalogue.py SOURCE_ROOT LANG MSGFMT XGETTEXT MSGCMP', file=sys.stderr)
        return 2
    root, lang, msgfmt, xgettext, msgcmp = sys.argv[1:]
    po = os.path.join(root, 'po', lang + '.po')
    strict = os.environ.get('HB_PO_STRICT') == '1'
    results = []

    with open(po, encoding='utf-8') as f:
        text = f.read()

    proc = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, po],
                          capture_output=True, text=True, env=dict(os.environ, LC_ALL='C'))
    stats = proc.stderr.strip()
    errors = []
    if proc.returncode != 0:
        errors.append('msgfmt --check failed: %s' % stats)
    results.append(('msgfmt --check accepts po/%s.po (%s)' % (lang, stats.splitlines()[-1]
                                                               if stats else 'no output'),
                    errors, False))

    errors = []
    m = re.search(r'(\d+) fuzzy', stats)
    if m and int(m.group(1)) > 0:
        errors.append('%s fuzzy translations' % m.group(1))
    m = re.search(r'(\d+) untranslated', stats)
    if m and int(m.group(1)) > 0:
        errors.append('%s untranslated messages' % m.group(1))
    if not re.search(r'\d+ translated', stats):
        errors.append('msgfmt counted no translated message')
    results.append(('every message of po/%s.po is translated, none fuzzy' % lang, errors, False))

    errors = []
    m = re.search(r'"Plural-Forms: ([^\\"]*)\\n"', text)
    want = PLURAL_FORMS.get(lang)
    if m is None:
        errors.append('no Plural-Forms header')
    elif want is not None and m.group(1).strip() != want:
        errors.append('Plural-Forms is "%s", not "%s"' % (m.group(1).strip(), want))
    if '"Language: %s\\n"' % lang not in text:
        errors.append('no "Language: %s" header' % lang)
    results.append(('po/%s.po has the language and plural forms headers' % lang, errors, False))

    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        potfiles = load_potfiles_module()
        proc = subprocess.run(potfiles.xgettext_command(xgettext, root, tmp),
                              capture_output=True, text=True)
        if proc.returncode != 0:
            errors.append('xgettext failed: %s' % proc.stderr.strip())
        else:
            proc = subprocess.run([msgcmp, '--use-untranslated', po,
                                   os.path.join(tmp, 'hassbench.pot')],
                                  capture_output=True, text=True,
                                  env=dict(os.environ, LC_ALL='C'))
            if proc.returncode != 0:
                errors.append('strings in the sources that po/%s.po lacks:' % lang)
                errors.extend(undefined_msgids(proc.stderr))
                errors.append('refresh it: see po/README.md')
    results.append(('po/%s.po covers every string the sources mark' % lang, errors, not strict))

    print('1..%d' % len(results))
    failed = 0
    for i, (name, errs, todo) in enumerate(results, 1):
        if errs:
            if not todo:
                failed += 1
            print('not ok %d - %s%s' % (i, name, ' # TODO catalogue behind the sources'
                                        if todo else ''))
            for e in errs:
                print('# %s' % e)
        else:
            print('ok %d - %s' % (i, name))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
