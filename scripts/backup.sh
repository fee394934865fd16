#!/usr/bin/env bash
# Back up DTI Portal: the database and the evidence files, into one folder.
#
#   scripts/backup.sh DEST_DIR
#
# Reads DATABASE_URL (PostgreSQL: pg_dump custom format; SQLite: an online copy of the file)
# and MEDIA_ROOT (evidence files of the filesystem storage backend; default var/media).
# With STORAGE_BACKEND=s3 the evidence lives in the bucket: back it up with the bucket's own
# versioning/replication or `aws s3 sync` (docs/backup-restore.md); only the database is dumped.
# Writes DEST_DIR/db.dump (or db.sqlite3), DEST_DIR/media.tar.gz and DEST_DIR/MANIFEST
# (sha256 of every file, so a restore can be checked).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:?usage: scripts/backup.sh DEST_DIR}
mkdir -p "$dest"
db_url=${DATABASE_URL:-sqlite:///$(pwd)/db.sqlite3}
media=${MEDIA_ROOT:-var/media}

case "$db_url" in
  postgres://*|postgresql://*|pgsql://*)
    # Custom format: compressed, restorable table by table, independent of the server's owner names.
    pg_dump --format=custom --no-owner --no-privileges --file="$dest/db.dump" "${db_url/#pgsql:/postgresql:}"
    ;;
  sqlite://*)
    path=${db_url#sqlite://}
    # sqlite3's backup API copies a consistent snapshot even while the portal is writing.
    python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
      "$path" "$dest/db.sqlite3"
    ;;
  *) echo "backup.sh: unsupported DATABASE_URL: $db_url" >&2; exit 2 ;;
esac

if [ "${STORAGE_BACKEND:-filesystem}" != "s3" ]; then
  mkdir -p "$media"
  tar -C "$media" -czf "$dest/media.tar.gz" .
  (cd "$media" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) > "$dest/MANIFEST"
fi
date -u +"backup taken %Y-%m-%dT%H:%M:%SZ" > "$dest/TAKEN"
echo "backup written to $dest"
