#!/usr/bin/env bash
# Installs a headless browser (Debian's chromium) for the tests that render briefings as a reader
# sees them. Does nothing when one is already installed; never fails the caller (tests skip instead).
set -u
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then
        echo "install-browser: $b already installed"
        exit 0
    fi
done
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
        echo "install-browser: not root and no sudo; browser tests will be skipped" >&2
        exit 0
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; browser tests will be skipped" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
# poppler-utils gives pdftoppm, to look at the printed (A4) page.
if $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core poppler-utils >/dev/null 2>&1; then
    echo "install-browser: chromium installed"
else
    echo "install-browser: could not install chromium; browser tests will be skipped" >&2
fi
exit 0
