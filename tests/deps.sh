#!/bin/sh
# tests/deps.sh - install the Debian packages that building, testing,
# fuzzing and benchmarking crm need, when missing.  Run by "make deps".
set -eu
pkgs="build-essential pkg-config libsqlite3-dev libcsv-dev sqlite3 clang
libclang-rt-14-dev bash-completion zsh fish mandoc man-db time hyperfine
passwd util-linux python3-vobject python3-icalendar faketime"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all installed"
	exit 0
fi
echo "deps: installing$missing"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086  # a word list
$sudo apt-get install -y -qq --no-install-recommends $missing
