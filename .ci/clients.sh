#!/usr/bin/env bash
# Runs the real-client checks (GDAL, PyQGIS, geojson.io's validator, headless
# Chromium) and fails if any client is missing. Install them first with
# .ci/install-clients.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
GEOMENTION_REQUIRE_CLIENTS=1 exec cargo test --test tests clients
