#!/usr/bin/env bash
# A logical backup of the monitor's database: pg_dump in custom format (compressed, restorable
# table by table, readable by a pg_restore of the same or a later PostgreSQL version).
#
#   DATABASE_URL=postgres://owner@db:5432/send_monitor scripts/backup.sh [FILE]
#
# Writes FILE (default backups/send-<UTC time>.dump) and FILE.sha256. The dump is written beside
# its name first and moved into place only once pg_restore can read its table of contents, so a
# failed or cut-off run never leaves a file that looks like a backup. The dump holds children's
# pseudonymous references and the audit log: store it encrypted, with the same access as the database.
set -euo pipefail

url=${DATABASE_URL:?set DATABASE_URL to the database to back up (the owner role, as migrate uses)}
out=${1:-backups/send-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$out")"
partial="$out.partial"
trap 'rm -f "$partial"' EXIT

# --no-password: never prompt (a cron job would hang); give a password in DATABASE_URL or ~/.pgpass.
pg_dump --format=custom --compress=6 --no-password --dbname="$url" --file="$partial"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$out"
(cd "$(dirname "$out")" && sha256sum "$(basename "$out")" >"$(basename "$out").sha256")
echo "$out"
