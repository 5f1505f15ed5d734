/* The one interface between ticketd's SQL and a database engine (curl's struct Curl_ssl):
 * connections, cached prepared statements, binding, stepping, transactions.  SQL handed to it
 * is written once for both engines: $1.. placeholders, UTC seconds as BIGINT, no
 * engine-only functions.  Backends: sqlite.c (embedded default) and pg.c (PostgreSQL).
 *
 * A struct db is one connection, used by one thread at a time.  Statements come from a
 * per-connection cache keyed by their text, so preparing the same SQL twice is cheap; a
 * statement is owned by its connection and must be finished with db_done() before the
 * same SQL is prepared again. */
#ifndef TICKETD_DB_H
#define TICKETD_DB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/err.h"

struct db;
struct db_stmt;

enum db_rc {
	DB_OK = 0,
	DB_ROW,	 /* db_step: a row is ready */
	DB_DONE, /* db_step: no more rows */
	DB_ERROR,
	DB_CONSTRAINT, /* a UNIQUE, FOREIGN KEY or CHECK constraint failed */
	DB_BUSY,       /* the database stayed locked past the busy timeout */
};

enum db_dialect { DIALECT_SQLITE, DIALECT_POSTGRES, DIALECT__MAX };

/* The process's turn to write (store_write_lock): one writing transaction at a time, and the
 * engine's housekeeping (urgent) goes before the writers waiting, who would otherwise take
 * the turn from one another forever.  Work that can wait (merging the text indexes) takes
 * the turn only when it is free and no one waits for it (write_turn_take_idle). */
struct write_turn {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	bool held;
	int urgent;  /* urgent takers waiting */
	int waiting; /* other takers waiting */
};

void write_turn_init(struct write_turn *t);
void write_turn_destroy(struct write_turn *t);
void write_turn_take(struct write_turn *t, bool urgent);
/* Takes the turn if it is free and no one waits for it; returns whether it did. */
bool write_turn_take_idle(struct write_turn *t);
void write_turn_give(struct write_turn *t);

/* Room for what the search_* operations of db_ops write (their buf and len). */
#define DB_SEARCH_SQL_LEN 256

struct db_ops {
	const char *name;
	enum db_dialect dialect;
	int (*open)(const char *target, struct db **out, char *err, size_t errlen);
	void (*close)(struct db *db);
	/* Runs a script of several statements without parameters. */
	int (*exec)(struct db *db, const char *sql);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
	void (*done)(struct db_stmt *st);
	int (*bind_int)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_double)(struct db_stmt *st, int idx, double v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *v); /* NULL binds NULL */
	int (*step)(struct db_stmt *st);
	bool (*col_null)(struct db_stmt *st, int col);
	int64_t (*col_int)(struct db_stmt *st, int col);
	double (*col_double)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col); /* valid until the next step;
							       * NULL for NULL */
	int (*changes)(struct db *db);
	const char *(*errmsg)(struct db *db);
	/* Full-text search among the tickets of one kind ("b2b", "b2c" or "internal"), each
	 * written into buf and returned.  A boolean SQL expression matching tickets whose text
	 * matches parameter $n (a query made by search.h for this dialect), e.g.
	 * "t.ticket_id IN (SELECT rowid ...)". */
	const char *(*search_predicate)(const char *kind, int n, char *buf, size_t len);
	/* A search led by the text index, for lists in creation order: the FROM source that
	 * joins the index to `tickets t`, the predicate on parameter $n there, and the
	 * expression holding the ticket id in the index's own order. */
	const char *(*search_source)(const char *kind, char *buf, size_t len);
	const char *(*search_match)(const char *kind, int n, char *buf, size_t len);
	const char *(*search_rowid)(const char *kind, char *buf, size_t len);
	/* The text index of one kind alone as a FROM source, where the engine keeps one per kind
	 * (so a capped count of one kind's matches needs no ticket); NULL otherwise. */
	const char *(*search_index)(const char *kind, char *buf, size_t len);
	/* Optional (NULL where the engine has none): moves the engine's housekeeping to a
	 * thread of its own while a server runs (SQLite: the WAL checkpoints, which a commit
	 * otherwise runs itself every thousand pages).  writer is the process's turn to write
	 * (store_write_lock), which the housekeeping may take for a moment.  start returns
	 * DB_OK or an error. */
	int (*background_start)(const char *target, struct write_turn *writer);
	void (*background_stop)(void);
	/* What a SELECT inside a write transaction ends with to claim the rows it finds for
	 * this transaction alone, passing over those another transaction holds (PostgreSQL's
	 * " FOR UPDATE SKIP LOCKED"); "" where the write transaction already excludes every
	 * other writer (SQLite). */
	const char *claim_rows;
	/* Optional (NULL where a trigger keeps the text index as each ticket is written): the
	 * engine writes the text index of the tickets a transaction creates at its commit, all
	 * at once (SQLite, migrations/sqlite/0016: FTS5 writes a segment at every savepoint,
	 * so a group commit's creates wrote one each).  defer, run before each ticket insert
	 * in a write transaction, leaves the tickets created from then on to catch_up, which
	 * db_commit runs before COMMIT; each is a no-op when there is nothing to do. */
	const char *search_defer;
	const char *search_catch_up;
	/* Optional: makes a connection usable again when the server dropped it (PostgreSQL:
	 * a restart, an idle timeout), before it is lent out.  DB_OK when it is usable. */
	int (*revive)(struct db *db);
	/* Optional: compiles a statement just prepared on the server now, where the engine
	 * would wait for its first step (PostgreSQL), so that one that does not compile fails
	 * when the connection opens.  DB_OK or an error (errmsg says which). */
	int (*ready)(struct db_stmt *st);
	/* Optional: drops the connection's cached statements (one in use is freed at its
	 * db_done).  Where the engine has it (SQLite), the tables' statements are compiled on
	 * one connection at start-up, which checks them, and dropped there; every other
	 * connection compiles each when it first uses it (the store's open_conn).  SQLite
	 * compiles in the process, the same on every connection to one schema, and a compiled
	 * statement holds memory: all the tables' were 1.5 MB per connection, a connection per
	 * thread.  Without it (PostgreSQL, whose statements live on the server) every
	 * connection prepares every table when it opens. */
	void (*forget)(struct db *db);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* The engine a connection belongs to. */
const struct db_ops *db_ops_of(struct db *db);

/* A resource's static SQL, indexed by its own enum: every statement of every table is
 * prepared at start-up (store.c lists the tables; on PostgreSQL when each connection opens,
 * on SQLite once: db_ops.forget), so one that does not compile fails at start-up on either
 * engine instead of on the request that first needs it.  A statement is still found by its
 * text (db_q(db, x_sql[X_GET], ...)). */
struct db_sql_table {
	const char *resource;
	const char *const *sql;
	int n;
	void (*build)(void); /* optional: fills sql first (SQL made from the column table) */
	/* The ERP's records (customers, orders, invoices, batches, farms), which on PostgreSQL
	 * may be views over the ERP's own tables (docs/erp-integration.md): a statement of this
	 * table that writes (INSERT, UPDATE, DELETE) may not compile there, so its failure is a
	 * warning and the statement fails when used (an import); its reads must compile. */
	bool records;
};

/* Prepares every statement of the n tables on db (into its cache, compiled: db_ops.ready).
 * DB_OK, or DB_ERROR with the resource, the statement's index and the engine's message in
 * err. */
int db_prepare_tables(struct db *db, const struct db_sql_table *const *tables, int n, char *err,
		      size_t errlen);

/* Prepares (from the cache) and binds in one call.  fmt has one letter per parameter:
 * 'i' int64_t, 'd' double, 't' const char * (NULL binds NULL), 'b' bool (as 0/1).
 * Returns NULL on failure, with the reason logged. */
struct db_stmt *db_q(struct db *db, const char *sql, const char *fmt, ...);
/* Runs a statement that returns no rows; returns DB_DONE on success or an error code. */
int db_x(struct db *db, const char *sql, const char *fmt, ...);

int db_step(struct db_stmt *st);
/* Nanoseconds this thread has spent in db_step and db_commit since it started: the
 * difference across a piece of work is its database time. */
uint64_t db_thread_ns(void);
void db_done(struct db_stmt *st);
bool db_null(struct db_stmt *st, int col);
int64_t db_int(struct db_stmt *st, int col);
double db_double(struct db_stmt *st, int col);
const char *db_text(struct db_stmt *st, int col);
int db_bind_int(struct db_stmt *st, int idx, int64_t v);
int db_bind_double(struct db_stmt *st, int idx, double v);
int db_bind_text(struct db_stmt *st, int idx, const char *v);
struct db_stmt *db_prepare(struct db *db, const char *sql);

/* How many rows of `width` parameters each statement of a batch write carries (a multi-row
 * INSERT, an UPDATE ... FROM (VALUES ...)), at most `params` parameters a statement.  On
 * PostgreSQL as many as fit: each statement is a round trip to the server.  On SQLite one:
 * in the process, running a cached one-row statement again costs less than building and
 * compiling a statement of hundreds of rows each time (the escalation sweep's instructions
 * per ticket fell from 206,000 to 170,000, callgrind, docs/internals/store.md). */
int db_batch_rows(struct db *db, int width, int params);

/* Write transactions: BEGIN IMMEDIATE on SQLite, so writers queue instead of failing.
 * db_commit first writes the text index of the tickets whose indexing db_search_defer left
 * to it; if that fails, nothing is committed and the transaction is left for db_rollback. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* Before a ticket is inserted: inside db_begin's transaction, on an engine that indexes at
 * the commit (db_ops.search_defer), the tickets inserted from now on are indexed by
 * db_commit instead of one by one.  Elsewhere nothing.  DB_OK or an error. */
int db_search_defer(struct db *db);
/* Whether a row read to be changed in this transaction must be locked (SELECT ... FOR
 * UPDATE): true on PostgreSQL inside db_begin's transaction, where other processes write
 * beside it; false on SQLite, whose write transaction already excludes every other writer. */
bool db_lock_rows(struct db *db);
/* Whether a statement of the transaction just rolled back failed only because of another
 * transaction (a deadlock or serialization failure between processes on PostgreSQL) or a
 * connection the server dropped, so that running it again may succeed; clears the mark. */
bool db_retry(struct db *db);
/* Makes the connection usable again if the server dropped it (db_ops.revive); DB_OK when it
 * is usable. */
int db_revive(struct db *db);
/* A write transaction's memo (PostgreSQL): a few rows that every change of a group reads
 * and hardly any writes (a setting, the active webhooks) may be kept by their reader for
 * the rest of the transaction instead of being read again, a round trip each on the one
 * writers' connection.  db_tx_epoch is the transaction's mark, 0 when nothing may be kept
 * (outside db_begin's transaction, or on SQLite, where a read costs no round trip); a memo
 * is good while the mark is the same.  db_forget changes the mark: the writer of such a row
 * calls it, and so does a rollback to a savepoint.  On PostgreSQL (READ COMMITTED) a group's
 * later changes then see a setting as its first reader did, not one another process
 * committed meanwhile, as a single transaction reading it once would. */
uint64_t db_tx_epoch(struct db *db);
void db_forget(struct db *db);

/* Helpers shared by every resource's SQL. */
struct arena;
/* Fills e with the one message for a failed query and returns ERR_INTERNAL. */
enum err_code db_failed(struct error *e);
/* Column c as an arena copy, or NULL for SQL NULL. */
const char *db_text_or_null(struct arena *a, struct db_stmt *st, int c);
/* Steps st (an INSERT ... RETURNING id, prepared and bound; NULL is a failure), reads the
 * id into *id and finishes the statement.  Returns the step's code: DB_ROW on success. */
int db_returning_id(struct db_stmt *st, int64_t *id);
/* Column c as an integer, 0 for SQL NULL. */
int64_t db_int_or_zero(struct db_stmt *st, int c);
/* Steps st (prepared and bound; NULL is a failure) and collects its first column, at most
 * max values, into out; finishes the statement.  0, or the failure's code in e. */
enum err_code db_collect_ids(struct db_stmt *st, int64_t *out, int max, int *n, struct error *e);
/* Steps st (prepared and bound; NULL is a failure) and reads each row with read(st, a, row)
 * into a new arena array of rows `size` bytes each (zeroed first), stored into *(T **)out;
 * *n rows.  Finishes the statement.  ERR_OK (out never NULL, *n may be 0), or the failure
 * in e. */
enum err_code db_read_rows(struct db_stmt *st, struct arena *a, size_t size,
			   void (*read)(struct db_stmt *st, struct arena *a, void *row), void *out,
			   int *n, struct error *e);
/* Steps st (prepared and bound) once: whether it returned a row.  Finishes the statement;
 * NULL or a failure is false. */
bool db_exists(struct db_stmt *st);

/* Every backend's struct db_stmt begins with this header, which the statement cache and
 * db_stmt_db() read. */
/* The most $n parameters one statement may have: SQLite's own limit (SQLITE_MAX_VARIABLE_NUMBER
 * since 3.32; PostgreSQL's protocol allows 65,535).  Statements of one row have a handful;
 * those written for a batch of rows (several rows' values in one statement, one round trip
 * to the server) have many. */
#define DB_MAX_PARAMS 32766

struct db_stmt_base {
	struct db *db;
	char *sql; /* owned by the statement */
	unsigned hash;
	bool in_use;
	bool cached; /* in its connection's cache: kept after db_done */
};

/* A connection's statements, found by their text (linear probing on db_sql_hash) and kept
 * while the cache is less than three quarters full; past that a statement is the caller's
 * to free at db_done.  Preparing the same SQL twice is then a hash and a strcmp. */
#define DB_CACHE_SLOTS 512 /* a power of two */

struct db_cache {
	struct db_stmt_base *slot[DB_CACHE_SLOTS];
	int used;
};

unsigned db_sql_hash(const char *sql);
/* A cached statement of this text that no one is using, marked in use; NULL if none. */
struct db_stmt *db_cache_find(struct db_cache *c, const char *sql, unsigned hash);
/* Keeps st (in use, its sql and hash set) in the cache if there is room, marking it
 * cached. */
void db_cache_keep(struct db_cache *c, struct db_stmt *st);
/* Empties the cache: free_stmt frees each statement not in use; one in use is marked not
 * cached, so that its db_done frees it. */
void db_cache_clear(struct db_cache *c, void (*free_stmt)(struct db_stmt *st));

/* The statement's connection (for db_ops_of). */
struct db *db_stmt_db(struct db_stmt *st);

/* Every backend's struct db begins with this header. */
struct db_base {
	const struct db_ops *ops;
	bool writing;	/* inside db_begin's transaction */
	bool deferred;	/* db_search_defer ran in this transaction: db_commit catches up */
	bool retry;	/* a statement failed because of another transaction or a dropped
			 * connection, so running its transaction again may succeed: db_retry */
	uint64_t epoch; /* changes at each begin, commit, rollback and db_forget */
};

#endif
