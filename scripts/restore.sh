#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a NEW database, never over an existing one.
#
#   scripts/restore.sh FILE postgres://owner@db:5432/send_monitor_restored
#
# Checks FILE against FILE.sha256 when that is there, creates the database (refusing if it exists),
# makes sure the cluster has the role the API runs requests as (send_app: roles belong to the
# cluster, not the dump), then restores in one transaction: all of it or nothing. Objects belong
# to the role in the URL (--no-owner), so a backup restores under another cluster's owner role.
# Row-level security, the append-only triggers of the event store and the audit log and the
# grants to send_app come back with the schema. Point DATABASE_URL at the new database to use it.
set -euo pipefail

file=${1:?usage: scripts/restore.sh FILE TARGET_DATABASE_URL}
target=${2:?usage: scripts/restore.sh FILE TARGET_DATABASE_URL}
[ -f "$file" ] || { echo "restore: no backup file $file" >&2; exit 66; }

if [ -f "$file.sha256" ]; then
  (cd "$(dirname "$file")" && sha256sum --check --quiet "$(basename "$file").sha256") ||
    { echo "restore: $file does not match $file.sha256; refusing to restore it" >&2; exit 65; }
fi

# The database's name is the URL's path; the server's maintenance database is 'postgres'.
without_query=${target%%\?*}
name=${without_query##*/}
[[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] ||
  { echo "restore: '$name' is not a database name this script creates (lower-case letters, digits, _)" >&2; exit 64; }
maintenance="${without_query%/*}/postgres"
query=${target#"$without_query"}
maintenance="$maintenance$query"

exists=$(psql --no-password --dbname="$maintenance" -Atc "SELECT 1 FROM pg_database WHERE datname = '$name'")
if [ "$exists" = 1 ]; then
  echo "restore: database $name already exists; restore into a new name, then switch DATABASE_URL" >&2
  exit 73
fi
psql --no-password --dbname="$maintenance" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $name" >/dev/null
psql --no-password --dbname="$maintenance" -v ON_ERROR_STOP=1 -q >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'send_app') THEN
    CREATE ROLE send_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
SQL

if ! pg_restore --no-password --no-owner --single-transaction --exit-on-error --dbname="$target" "$file"; then
  psql --no-password --dbname="$maintenance" -qc "DROP DATABASE IF EXISTS $name" >/dev/null || true
  echo "restore: pg_restore failed; the new database $name was dropped" >&2
  exit 1
fi
echo "restored $file into $name"
