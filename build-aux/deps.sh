#!/usr/bin/env bash
# build-aux/deps.sh: installs the Debian 12 packages Hassbench needs, when missing.
# Sourced by build-aux/run and build-aux/test. Needs root for apt-get.
set -euo pipefail

hb_debian_packages=(
  meson ninja-build pkg-config gcc python3
  libglib2.0-dev libglib2.0-bin libjson-glib-dev libgtk-4-dev
  xvfb xauth dbus dbus-x11
  desktop-file-utils appstream gettext
  valgrind
)

hb_install_deps () {
  local missing=()
  for p in "${hb_debian_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]})); then
    echo "Installing missing Debian packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}
