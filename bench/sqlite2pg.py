#!/usr/bin/env python3
"""`make bench DB=postgresql`: copies the bench's SQLite dataset into a PostgreSQL database
that `ticketd migrate` has just created, table by table with COPY, so both engines are
measured on the same million tickets.  (Writing them through ticketd's store row by row
took about 30 minutes on PostgreSQL; COPY takes a few.)

    bench/sqlite2pg.py SQLITE_FILE PSQL_ARGS...

Every table of PostgreSQL's public schema but schema_migrations (and the partitions, filled
through their table) is filled from the SQLite
table of the same name, with the columns PostgreSQL stores (generated ones are computed by
PostgreSQL as the rows arrive).  Triggers and foreign keys are off during the load
(session_replication_role = replica: the rows come from a consistent database), so the
tables that PostgreSQL alone keeps, which triggers fill (ticket_search, the text index), are
filled after it; identity sequences are moved past the largest ids, ANALYZE gives the
planner its statistics, and a CHECKPOINT writes the load out, so that the bench does not time
the checkpoint of a million-row load (a database in use has no such backlog)."""
import csv
import sqlite3
import subprocess
import sys
import time

# PostgreSQL's own tables, with what fills them from the copied ones.
DERIVED = {
    "ticket_search": "INSERT INTO ticket_search (ticket_id, kind, search) "
                     "SELECT ticket_id, kind, ticket_search_vector(t) FROM tickets t",
}


def psql(args, sql):
    out = subprocess.run(["psql", *args, "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout


def copy_table(lite, args, table, cols):
    """Streams the table's rows from SQLite into COPY ... FROM STDIN."""
    quoted = ", ".join(f'"{c}"' for c in cols)
    sql = (f"SET session_replication_role = replica; "
           f"COPY {table} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '\\N')")
    proc = subprocess.Popen(["psql", *args, "-v", "ON_ERROR_STOP=1", "-qc", sql],
                            stdin=subprocess.PIPE, text=True)
    w = csv.writer(proc.stdin, lineterminator="\n")
    n = 0
    for row in lite.execute(f"SELECT {quoted} FROM {table}"):
        w.writerow(["\\N" if v is None else v for v in row])
        n += 1
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit(f"sqlite2pg: COPY {table} failed")
    return n


def main():
    src, args = sys.argv[1], sys.argv[2:]
    lite = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    t0 = time.time()
    # a partition (ticket_search_b2b, ...) is filled through its table
    tables = psql(args, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON "
                  "n.oid = c.relnamespace WHERE n.nspname = 'public' AND "
                  "c.relkind IN ('r', 'p') AND NOT c.relispartition AND "
                  "c.relname <> 'schema_migrations' ORDER BY 1").split()
    for table in tables:
        cols = psql(args, "SELECT column_name FROM information_schema.columns WHERE "
                    f"table_schema = 'public' AND table_name = '{table}' AND "
                    "is_generated = 'NEVER' ORDER BY ordinal_position").split()
        psql(args, f"SET session_replication_role = replica; DELETE FROM {table}")
        if table in DERIVED:
            continue
        n = copy_table(lite, args, table, cols)
        print(f"sqlite2pg: {table}: {n} rows ({time.time() - t0:.0f} s)", flush=True)
    for table, sql in DERIVED.items():
        psql(args, sql)
        print(f"sqlite2pg: {table}: filled ({time.time() - t0:.0f} s)", flush=True)
    for table, col in (line.split("|") for line in psql(
            args, "SELECT table_name, column_name FROM information_schema.columns WHERE "
            "table_schema = 'public' AND is_identity = 'YES'").split()):
        psql(args, f"SELECT setval(pg_get_serial_sequence('{table}', '{col}'), "
             f"coalesce((SELECT max({col}) FROM {table}), 0) + 1, false)")
    psql(args, "VACUUM ANALYZE")
    psql(args, "CHECKPOINT")
    print(f"sqlite2pg: done in {time.time() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
