#!/usr/bin/env bash
# Installs nerlab with its test dependencies (and, where we may, Debian's Chromium for the
# browser tests), then runs the whole test suite.
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian's chromium for the browser tests..."
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "No chromium found and no root to install it: the browser tests will be skipped."
    fi
fi
python3 -m pytest -q "$@"
