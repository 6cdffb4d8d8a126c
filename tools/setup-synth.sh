#!/usr/bin/env bash
# Install what the synthesis report needs beyond the Python packages, idempotently:
#   - OpenSTA (Debian package `opensta`, binary `sta`) for timing and power;
#   - Icarus Verilog (Debian package `iverilog`) for the simulation flows;
#   - the OSU 0.18 um standard-cell library from Debian's `qflow-tech-osu018`, extracted (not
#     installed: the package pulls in 15 dependencies) into build/tech/, which git ignores.
#     The library is GPL: it is fetched here, never committed.
# Each step is skipped when its result is already there. A step that cannot be done prints one
# line saying what is missing and the script exits non-zero; the report itself still runs and
# says which columns it could not fill.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tech_dir="$repo/build/tech"
liberty="$tech_dir/usr/share/qflow/tech/osu018/osu018_stdcells.lib"
status=0

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
apt_updated=""
apt_update() {
    if [ -z "$apt_updated" ]; then
        $sudo apt-get update -qq
        apt_updated=1
    fi
}

install_package() {  # install_package BINARY PACKAGE
    if command -v "$1" >/dev/null 2>&1; then
        echo "setup-synth: $2 already installed ($(command -v "$1"))"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup-synth: cannot install $2: no apt-get on this machine; install it by hand" >&2
        return 1
    fi
    echo "setup-synth: installing $2"
    if apt_update && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null \
            && command -v "$1" >/dev/null 2>&1; then
        echo "setup-synth: installed $2 ($(command -v "$1"))"
    else
        echo "setup-synth: could not install Debian package $2" >&2
        return 1
    fi
}

install_package sta opensta || status=1
install_package iverilog iverilog || status=1

if [ -s "$liberty" ]; then
    echo "setup-synth: OSU018 liberty already extracted ($liberty)"
elif ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
    echo "setup-synth: cannot fetch qflow-tech-osu018: needs apt-get and dpkg;" \
         "pass --liberty FILE to 'lmul report' instead" >&2
    status=1
else
    echo "setup-synth: fetching qflow-tech-osu018 into $tech_dir"
    download_dir=$(mktemp -d)
    trap 'rm -rf "$download_dir"' EXIT
    # apt-get download runs as _apt when root; give it a directory it may write.
    chmod 777 "$download_dir"
    if apt_update && (cd "$download_dir" && apt-get download -qq qflow-tech-osu018 2>/dev/null) \
            && mkdir -p "$tech_dir" \
            && dpkg -x "$download_dir"/qflow-tech-osu018_*.deb "$tech_dir" \
            && [ -s "$liberty" ]; then
        echo "setup-synth: extracted $liberty"
    else
        echo "setup-synth: could not fetch or extract qflow-tech-osu018" >&2
        status=1
    fi
fi

exit $status
