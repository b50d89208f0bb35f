#!/usr/bin/env bash
# data/screenshots/take-screenshots.sh: retakes the AppStream screenshots from the build tree
# under Xvfb (needs xvfb-run, dbus-run-session, xdotool and imagemagick's import).
#   data/screenshots/take-screenshots.sh [BUILD_DIR]
# Each PNG is the window, English, opened on the scenario of the same name; the clicks select
# what the caption in the metainfo describes. The pauses only let the window settle for the
# picture: nothing here is a test.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
here="$top/data/screenshots"

if [ -z "${HB_SCREENSHOT_INNER:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- \
    env HB_SCREENSHOT_INNER=1 "$0" "$build"
fi

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
export XDG_STATE_HOME="$state/state" XDG_CONFIG_HOME="$state/config" XDG_CACHE_HOME="$state/cache"
export LC_ALL=C.UTF-8 LANGUAGE= GSETTINGS_BACKEND=memory GSK_RENDERER=cairo
export GSETTINGS_SCHEMA_DIR="$build/data" HB_LOCALEDIR="$build/po"
export HB_HOST_PATH="$build/src/host/hassbench-host" HB_APPS_PATH="$build/src/apps"

# shot NAME ACTION... : opens NAME.hbscenario.json, clicks at each X,Y of the window (or types
# the text of a type:TEXT into the focused field), saves NAME.png
shot () {
  local name=$1; shift
  "$build/src/gui/hassbench" "$here/$name.hbscenario.json" &
  local pid=$! win=""
  for _ in $(seq 50); do
    win=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -n1) || true
    [ -n "$win" ] && break
    sleep 0.2
  done
  sleep 4
  for action in "$@"; do
    case "$action" in
      type:*) xdotool key --window "$win" ctrl+a; xdotool type --window "$win" "${action#type:}" ;;
      *) xdotool mousemove --window "$win" "${action%,*}" "${action#*,}" click 1 ;;
    esac
    sleep 1
  done
  xdotool mousemove 0 899
  sleep 1
  import -window "$win" "$here/$name.png"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$here/$name.png"
}

shot workbench 170,226
shot timeline 552,267 450,367
shot error 170,226 826,73 'type:5 parsecs' 913,73
