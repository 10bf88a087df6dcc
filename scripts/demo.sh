#!/usr/bin/env bash
# The main job on a fresh machine: install, make sure PostgreSQL and Redis are there, migrate,
# seed a synthetic area (Hartlepool first), start the API and the worker, and say where to look.
set -euo pipefail
cd "$(dirname "$0")/.."
LAS=${DEMO_LAS:-3}
CASES=${DEMO_CASES:-30000}
mkdir -p tmp

# Each background app runs in a process group of its own (where setsid exists), so stopping it
# stops npm and the node process under it together.
start_bg() { # name command...
  local name=$1
  shift
  rm -f "tmp/$name.log"
  if command -v setsid >/dev/null 2>&1; then setsid nohup "$@" >"tmp/$name.log" 2>&1 & else nohup "$@" >"tmp/$name.log" 2>&1 & fi
  echo $! >"tmp/$name.pid"
}
stop_demo() {
  local app pid
  for app in api worker mail-catcher; do
    pid=$(cat "tmp/$app.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -f "tmp/$app.pid"
  done
}
if [ "${1:-}" = stop ]; then
  stop_demo
  echo "stopped the demo's API, worker and mail catcher"
  exit 0
fi

echo "== installing"
npm ci --no-audit --no-fund

echo "== services"
bash scripts/ensure-services.sh
node scripts/ensure-database.js

echo "== migrating"
npm run --silent migrate

echo "== seeding $CASES synthetic cases over $LAS local authorities"
npm run --silent seed -- --las "$LAS" --cases "$CASES" --seed 1

echo "== starting the mail catcher, API and worker (logs in tmp/)"
stop_demo
# Digests and weekly summaries go to SMTP_URL. When that is this machine, a small catcher keeps
# every mail as an .eml file in tmp/mail/; another SMTP server is left to receive them itself.
export SMTP_URL=${SMTP_URL:-$(node -p "require('./config/default.json').smtpUrl")}
MAIL_HOST=$(node -p "new URL(process.argv[1]).hostname" "$SMTP_URL")
MAIL_NOTE="sent to $SMTP_URL"
if [ "$MAIL_HOST" = 127.0.0.1 ] || [ "$MAIL_HOST" = localhost ]; then
  start_bg mail-catcher node scripts/mail-catcher.js
  for i in $(seq 1 20); do grep -q "listening" tmp/mail-catcher.log 2>/dev/null && break; sleep 0.5; done
  grep -q "listening" tmp/mail-catcher.log || { cat tmp/mail-catcher.log; echo "the mail catcher did not start: see tmp/mail-catcher.log"; exit 1; }
  MAIL_NOTE="tmp/mail/*.eml (caught on $SMTP_URL; log tmp/mail-catcher.log)"
fi
# The demo's worker sends the day's digests and this week's summaries within a minute of starting,
# not at 07:30 and on Monday: each still goes once a day (digest) or once a week (summary), as the
# job ids name the period. Set DIGEST_CRON / WEEKLY_SUMMARY_CRON to keep the production times.
export DIGEST_CRON=${DIGEST_CRON:-"0 * * * * *"}
export WEEKLY_SUMMARY_CRON=${WEEKLY_SUMMARY_CRON:-"30 * * * * *"}
start_bg api npm run --silent start:api
start_bg worker npm run --silent start:worker

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
  Dashboards:           http://localhost:$API_PORT/dashboard?la=805   (caseworker, waiting lists, weekly summary, EHC timeliness)
  A Hartlepool case:    http://localhost:$API_PORT/v1/cases/805/${CASE:-<caseRef>}   (Authorization: Bearer <token from POST /v1/auth/sign-in>)
  Import a CSV:         npm run cli -- import FILE.csv
  Mail (alert digests, weekly summaries, within a minute or two):
                        $MAIL_NOTE
  Logs:                 tmp/api.log, tmp/worker.log
  Stop:                 bash scripts/demo.sh stop
MSG
