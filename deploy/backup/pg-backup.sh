#!/usr/bin/env bash
# Backs up the assistant's PostgreSQL database (DATABASE_URL) to BACKUP_DIR as one custom-format dump
# (consistent while replicas keep writing), keeping the newest BACKUP_KEEP (default 14). Run it from cron or
# a systemd timer; restore with pg-restore.sh. Prints the file it wrote.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL (postgres://user@host:5432/db)}"
: "${BACKUP_DIR:?set BACKUP_DIR (where dumps are kept)}"
keep="${BACKUP_KEEP:-14}"
mkdir -p "$BACKUP_DIR"
file="$BACKUP_DIR/kjzs-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file" # a dump cut short never looks like a good one
ls -1 "$BACKUP_DIR"/kjzs-*.dump | sort -r | tail -n +"$((keep + 1))" | xargs -r rm --
echo "$file"
