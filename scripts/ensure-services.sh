#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer: a server from the configuration if one is reachable;
# else docker compose where a Docker engine answers; else Debian's packages, installed and started
# when run as root; else a message that says exactly what to do.
set -uo pipefail
cd "$(dirname "$0")/.."

node scripts/check-services.js && exit 0

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "starting PostgreSQL and Redis with docker compose"
  docker compose up -d --wait && node scripts/check-services.js && exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
    echo "installing PostgreSQL and Redis from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  # The apps connect over TCP as postgres without a password: allow that locally only.
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba" && pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
  redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 ||
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  sleep 1
  node scripts/check-services.js && exit 0
fi

cat <<'MSG'
PostgreSQL and Redis are needed and were not found. Do one of:
  - set DATABASE_URL (postgres://user@host:5432/send_monitor) and REDIS_URL (redis://host:6379)
    to servers you have, then run this again;
  - start a Docker engine and run: docker compose up -d --wait
  - on Debian or Ubuntu, as root: apt-get install postgresql redis-server, then run this again.
MSG
exit 1
