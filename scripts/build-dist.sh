#!/usr/bin/env bash
# Compiles the apps and libraries to dist/ (tsc) and copies beside them what they read at run time:
# the page and mail templates, the pages' assets and config/ (the code finds config/ three or
# four folders above its own, which under dist/ is dist/config). scripts/start.js runs the result.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
npx tsc -p tsconfig.build.json
cp -r apps/ingest-api/src/pages/views apps/ingest-api/src/pages/assets dist/apps/ingest-api/src/pages/
cp -r libs/compliance/src/summaries/views dist/libs/compliance/src/summaries/
cp -r config dist/config
