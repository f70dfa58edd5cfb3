#!/usr/bin/env bash
# Installs nerlab and starts JupyterLab on the course notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e .
exec nerlab lab "$@"
