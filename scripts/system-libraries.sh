#!/usr/bin/env bash
# The C libraries Byline builds against, from Debian's packages: SQLite for GRDB, and
# cmark-gfm (with its extensions) for story bodies. Installs what is missing when run as root;
# otherwise prints the exact command and stops.
set -euo pipefail

packages=(pkg-config libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "make: installing ${missing[*]} from Debian's packages…"
  apt-get update -qq >/dev/null || { echo "make: apt-get update failed; cannot install ${missing[*]}" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "make: apt-get install ${missing[*]} failed" >&2; exit 1; }
  exit 0
fi
echo "make: Byline needs Debian's ${missing[*]}. Install them with:" >&2
echo "  sudo apt-get install ${missing[*]}" >&2
exit 1
