#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server on loopback, then stop and remove it.
# Usage: scripts/with-postgres.sh COMMAND...   (DATABASE_URL is set for the command)
set -euo pipefail

find_pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

PGBIN=$(find_pgbin)
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL absent : installation depuis les paquets Debian…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(find_pgbin)
  else
    echo "PostgreSQL est introuvable : installez le paquet « postgresql » (apt-get install postgresql)." >&2
    exit 1
  fi
fi

PORT=${CTG_TEST_PGPORT:-54329}
DATA=$(mktemp -d "${TMPDIR:-/tmp}/ctg-pg.XXXXXX")
RUN=()
if [ "$(id -u)" = 0 ]; then
  # The server refuses to run as root: hand the cluster to the postgres system user.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DATA" postgres
  chown postgres "$DATA"
  RUN=(runuser -u postgres --)
fi

cleanup() {
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

"${RUN[@]}" "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DATA" -w -l "$DATA/server.log" \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') démarré sur 127.0.0.1:$PORT"

"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres ctg
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/ctg"
"$@"
