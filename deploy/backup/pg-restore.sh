#!/usr/bin/env bash
# Restores a dump written by pg-backup.sh into DATABASE_URL: an empty database, or the live one (its tables
# are dropped and recreated from the dump). Stop the replicas first; start them afterwards (migrations newer
# than the dump are applied at start).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL (postgres://user@host:5432/db)}"
file="${1:?usage: pg-restore.sh FILE.dump}"
pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$file"
