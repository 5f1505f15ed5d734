/* The store: where ticketd keeps its data.  One struct store per process, created at
 * start-up; each thread gets its own connection from store_db().  Resource SQL lives in one
 * file per resource (user.c, record.c, ticket.c), written once for every engine (db.h). */
#ifndef TICKETD_STORE_H
#define TICKETD_STORE_H

#include <stdbool.h>

#include "../base/err.h"
#include "../base/strbuf.h"
#include "db.h"

struct store;

/* Opens the database named by `database` (ticketd --database): NULL or "" for SQLite in
 * data_dir/ticketd.db (created if needed), "sqlite:PATH" for SQLite in PATH, or a libpq
 * connection string or postgres(ql):// URL for PostgreSQL (db.h, pg.c).  data_dir is created
 * if missing.  On failure fills e and returns its code; *out is then NULL. */
enum err_code store_open(const char *database, const char *data_dir, struct store **out,
			 struct error *e);
/* The engine's dialect. */
enum db_dialect store_dialect(struct store *s);
/* Closes every connection; no thread may use the store afterwards. */
void store_close(struct store *s);

/* This thread's connection, opened on first use (or, while the thread holds the turn to
 * write, the writers' connection); NULL (logged) if it cannot be opened. */
struct db *store_db(struct store *s);

/* Gives this thread's connection back to the pool (PostgreSQL; nothing on SQLite, whose
 * connections stay with their threads).  Called when a request or a job's run is over,
 * outside any transaction; the next store_db() borrows one again. */
void store_release(struct store *s);
/* The most connections the pool lends at once (the writers' connection aside); the default
 * is a few hundred, so servers set it (ticketd serve --db-pool). */
void store_pool_size(struct store *s, int n);

/* On SQLite a read-only request runs in one read transaction: one snapshot, and one lock
 * round-trip instead of one per statement.  Nothing inside may write (a write transaction
 * would fail).  store_read_begin returns whether one was begun (never on PostgreSQL, where
 * it would cost two round trips to the server); store_read_end ends it. */
bool store_read_begin(struct store *s);
/* The process's turn to write: held around every writing transaction (svc_tx), and briefly
 * by the engine's housekeeping, so that neither waits on the database's lock for the other.
 * While a thread holds it, store_db() gives that thread the one connection writes run on. */
void store_write_lock(struct store *s);
void store_write_unlock(struct store *s);
/* Moves the engine's housekeeping (SQLite: WAL checkpoints) to a thread of its own, for a
 * server; connections opened afterwards leave it to that thread.  Returns false when it
 * could not be started (nothing changes then).  store_close() stops it. */
bool store_background(struct store *s);
void store_read_end(struct store *s);

/* Applies the migrations not yet applied, each in its own transaction.  *applied says how
 * many ran.  Safe to run from several processes at once. */
enum err_code store_migrate(struct store *s, int *applied, struct error *e);
/* Writes every migration as one script for the dialect, as store_migrate would apply it. */
void store_migration_script(enum db_dialect d, struct strbuf *out);
/* The highest migration version applied. */
int store_schema_version(struct store *s);

#endif
