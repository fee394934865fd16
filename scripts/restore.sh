#!/usr/bin/env bash
# Restore DTI Portal from a folder written by scripts/backup.sh.
#
#   scripts/restore.sh SRC_DIR
#
# Replaces the database named by DATABASE_URL (objects of the dump are dropped and recreated)
# and the evidence folder MEDIA_ROOT (emptied, then unpacked), then checks every evidence
# file against the backup's MANIFEST. Stop the web and worker processes first.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:?usage: scripts/restore.sh SRC_DIR}
db_url=${DATABASE_URL:-sqlite:///$(pwd)/db.sqlite3}
media=${MEDIA_ROOT:-var/media}

case "$db_url" in
  postgres://*|postgresql://*|pgsql://*)
    pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
      --dbname="${db_url/#pgsql:/postgresql:}" "$src/db.dump"
    ;;
  sqlite://*)
    path=${db_url#sqlite://}
    python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
      "$src/db.sqlite3" "$path"
    ;;
  *) echo "restore.sh: unsupported DATABASE_URL: $db_url" >&2; exit 2 ;;
esac

if [ -f "$src/media.tar.gz" ]; then
  mkdir -p "$media"
  find "$media" -mindepth 1 -delete
  tar -C "$media" -xzf "$src/media.tar.gz"
  if [ -s "$src/MANIFEST" ]; then (cd "$media" && sha256sum --quiet --check "$(cd "$src" && pwd)/MANIFEST"); fi
fi
echo "restored from $src"
