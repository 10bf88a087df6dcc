#!/usr/bin/env bash
# The main job on a fresh machine: install, make sure PostgreSQL and Redis are there, migrate,
# seed a synthetic area (Hartlepool first), start the API and the worker, and say where to look.
set -euo pipefail
cd "$(dirname "$0")/.."
LAS=${DEMO_LAS:-3}
CASES=${DEMO_CASES:-30000}
mkdir -p tmp

echo "== installing"
npm ci --no-audit --no-fund

echo "== services"
bash scripts/ensure-services.sh
node scripts/ensure-database.js

echo "== migrating"
npm run --silent migrate

echo "== seeding $CASES synthetic cases over $LAS local authorities"
npm run --silent seed -- --las "$LAS" --cases "$CASES" --seed 1

echo "== starting API and worker (logs in tmp/)"
for app in api worker; do
  if [ -f "tmp/$app.pid" ] && kill -0 "$(cat "tmp/$app.pid")" 2>/dev/null; then kill "$(cat "tmp/$app.pid")"; sleep 1; fi
done
nohup npm run --silent start:api >tmp/api.log 2>&1 &
echo $! >tmp/api.pid
nohup npm run --silent start:worker >tmp/worker.log 2>&1 &
echo $! >tmp/worker.pid

API_PORT=${API_PORT:-3000}
WORKER_PORT=${WORKER_HEALTH_PORT:-3001}
for i in $(seq 1 60); do
  if curl -fsS "http://localhost:$API_PORT/health" >/dev/null 2>&1 && curl -fsS "http://localhost:$WORKER_PORT/health" >/dev/null 2>&1; then
    break
  fi
  sleep 1
done
curl -fsS "http://localhost:$API_PORT/health" >/dev/null || { echo "the API did not come up: see tmp/api.log"; exit 1; }

CASE=$(psql "${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/send_monitor}" -tAc \
  "SELECT case_ref FROM cases WHERE la_code = '805' AND pathway = 'ehc_assessment' ORDER BY case_ref LIMIT 1" 2>/dev/null || true)
cat <<MSG

The monitor is running.
  API docs (OpenAPI):   http://localhost:$API_PORT/docs
  API health:           http://localhost:$API_PORT/health
  Worker health:        http://localhost:$WORKER_PORT/health
  Sign in:              http://localhost:$API_PORT/sign-in   (synthetic users and passwords: printed by the seed above)
  A Hartlepool case:    http://localhost:$API_PORT/v1/cases/805/${CASE:-<caseRef>}   (Authorization: Bearer <token from POST /v1/auth/sign-in>)
  Import a CSV:         npm run cli -- import FILE.csv
  Logs:                 tmp/api.log, tmp/worker.log   (stop: kill \$(cat tmp/api.pid tmp/worker.pid))
MSG
