#!/bin/sh
# test-module-template.sh SOURCE_ROOT BUILD_ROOT
#
# Copyright 2026 The Hassbench developers
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Follows docs/module-template/README.md against Hassbench installed into a temporary
# prefix: the template builds with dependency('hassbench-1'), its GTest test passes, and
# hassbench-cli records, runs, checks and exports its scenario; the exported C test
# compiles with pkg-config and passes.

set -u

src="$1"
build="$2"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hb-template-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log="$tmp/log"

echo "1..1"

step () {
  what="$1"
  shift
  echo "# $what"
  if ! "$@" >"$log" 2>&1; then
    sed 's/^/#   /' "$log"
    echo "not ok 1 - $what failed"
    exit 1
  fi
}

step "install into a temporary prefix" \
  meson install -C "$build" --destdir "$tmp/dest" --no-rebuild --quiet

pc=$(find "$tmp/dest" -name hassbench-1.pc | head -n 1)
if [ -z "$pc" ]; then
  echo "not ok 1 - no hassbench-1.pc was installed"
  exit 1
fi
# The .pc file names the configured prefix; point it at the staged copy.
prefix=$(sed -n 's/^prefix=//p' "$pc")
sed -i "s|^prefix=.*|prefix=$tmp/dest$prefix|" "$pc"
export PKG_CONFIG_PATH="$(dirname "$pc")"
LD_LIBRARY_PATH="$(pkg-config --variable=libdir hassbench-1)"
export LD_LIBRARY_PATH
cli="$tmp/dest$prefix/bin/hassbench-cli"

cp -r "$src/docs/module-template" "$tmp/app"
cd "$tmp/app" || exit 1

step "configure the template" meson setup build
step "build the template" ninja -C build
step "run the template's test" meson test -C build

export HB_APPS_PATH="$tmp/app/build"
step "list the module's app" sh -c "'$cli' apps --no-bundled --module build/libporch-light.so | grep -q porch-light"
step "record a scenario" "$cli" record -o sunset.hbscenario.json explore.hbscenario.json
step "the recording has expectations" grep -q '"expect_called_exact", "method": "turn_off"' sunset.hbscenario.json
step "run the recorded scenario" "$cli" run sunset.hbscenario.json
step "check it replays the same" "$cli" check sunset.hbscenario.json
step "export it as C" "$cli" export --c test-sunset.c sunset.hbscenario.json
step "compile the exported test with pkg-config" \
  sh -c "cc test-sunset.c \$(pkg-config --cflags --libs hassbench-1) -o test-sunset"
step "run the exported test" ./test-sunset

echo "ok 1 - the module template builds and tests against the installed library, and its scenario records, runs, checks and exports"
