/* The SQLite backend of db.h: WAL mode, a busy timeout so writers queue, and a statement
 * cache per connection.  Everything SQLite-specific in ticketd's SQL is here or in
 * migrations/sqlite/. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "../base/log.h"
#include "../base/banned.h"

struct db {
	struct db_base base;
	sqlite3 *h;
	struct db_cache cache;
};

struct db_stmt {
	struct db_stmt_base b; /* first: the connection, text, hash and cache marks */
	sqlite3_stmt *s;
};

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out);
static int sq_step(struct db_stmt *st);
static void sq_done(struct db_stmt *st);

/* One statement without parameters.  BEGIN, COMMIT and ROLLBACK (every request runs one or
 * the other) come from the statement cache: sqlite3_exec() parses its text every time, which
 * was 8% of a ticket read (bench/run.sh, perf).  Scripts with several statements (the
 * migrations, the pragmas) still go through sqlite3_exec(), as does one that starts with a
 * comment: a migration with nothing for SQLite is one only (0018), which prepares to no
 * statement. */
static int sq_exec(struct db *db, const char *sql)
{
	if (!strchr(sql, ';') && strncmp(sql, "--", 2)) {
		struct db_stmt *st;
		int rc = sq_prepare(db, sql, &st);

		if (rc == DB_OK) {
			rc = sq_step(st);
			if (rc == DB_DONE || rc == DB_ROW)
				rc = DB_OK;
			else
				log_error("sqlite: %s: %s", sql, sqlite3_errmsg(db->h));
			sq_done(st);
		}
		return rc;
	}

	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		log_error("sqlite: %s", msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
	}
	return map_rc(rc);
}

/* Waits for a lock another connection holds.  Writers queue here for about as long as one
 * commit takes (under a millisecond), so this retries every 100 microseconds, for up to 10
 * seconds in all.  sqlite3_busy_timeout() sleeps 1, 2, 5, 10... ms between tries, leaving
 * the write lock idle while the waiter sleeps: creates under load (bench/run.sh) ran about
 * 18% slower with it. */
static int busy_wait(void *arg, int tries)
{
	struct timespec ts = {0, 100 * 1000};

	(void)arg;
	if (tries >= 100000)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

/* Before the first connection: no memory statistics, whose global mutex every allocation in
 * every connection took (5% of a ticket read, contended between the workers; perf), and the
 * multi-thread mode, as each connection belongs to one thread (store.c). */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void configure_once(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK)
		log_warn("sqlite: could not configure the library before its first use");
}

/* WAL checkpoints on a thread of their own (serve only).  Without it, the commit that takes
 * the WAL past a thousand pages copies them into the database file and syncs it inside the
 * request: on this machine's disk a create then took 50 ms instead of 0.7 (bench/run.sh,
 * one client, p99).  Every connection has a WAL hook in place of SQLite's automatic
 * checkpoint: while the thread runs, the hook wakes it at the same threshold; before it
 * starts (or with none, as on the command line) it checkpoints as SQLite would, at the
 * same threshold.  The
 * checkpointer also looks once a second.  It copies and syncs with a PASSIVE checkpoint,
 * which blocks nobody; a steady stream of writes would keep such a checkpoint from ever
 * reaching the end of the WAL, which would then only grow, so when the WAL is still past
 * the threshold it takes the process's turn to write (held for the few pages written
 * meanwhile) and finishes with a RESTART checkpoint, after which the next commit starts the
 * WAL again.  The last connection to close checkpoints whatever is left, as before. */
/* Every 4000 pages (16 MiB of WAL) rather than SQLite's 1000: each RESTART checkpoint holds
 * the turn while it syncs the database file, and under creates the group leaders waited for
 * it 520-640 us a group at 1000 pages, 107-174 us at 4000 (svc_tx's groups of 4.4 creates,
 * bench data, wrk -c32); pages written again and again (the ends of the indexes, the
 * counters) are also copied once per checkpoint, so a quarter as often. */
#define CHECKPOINT_PAGES 4000

/* The same thread keeps the text indexes (FTS5) merged.  Every write transaction that
 * creates tickets writes their words as a new segment at its commit (migration 0016), and
 * FTS5 merges a level's segments about when 8 have gathered (automerge,
 * migration 0005), so a live index holds some 30 segments, and a search looks a word up in
 * each: on the bench's million tickets, the newest 50 matches of "tomato" took 156 us from
 * 33 segments and 36 us from 3.  When no connection of this process has committed for a
 * second, the thread merges, MERGE_PAGES pages a step (FTS5 ends a step only between two
 * words, so a step over a common word writes more: 2.6 ms, the longest 37 ms, on the
 * bench's data), until each level of each index holds one segment ('usermerge' 2,
 * migration 0008).  A step takes the turn to write only when it is free and no writer
 * waits for it, and the next commit by another connection stops the round until the next
 * quiet second: creates kept their speed, and what a burst gathered is merged after it. */
#define MERGE_PAGES 32
#define MAX_INDEXES 8

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	sqlite3 *h;
	struct write_turn *writer;
	bool running, stop, due;
	char *merge[MAX_INDEXES]; /* one 'merge' command per text index */
	int indexes;
	atomic_ulong commits;	     /* commits by the other connections */
	bool warned;		     /* about a merge that failed, since the last that worked */
	atomic_llong last_commit_ms; /* the time of the last of them (CLOCK_MONOTONIC) */
} ckpt = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

#define MERGE_QUIET_MS 1000 /* how long no one else must have committed */

static long long monotonic_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* The hook of every connection, after each commit; arg is &ckpt on the thread's own. */
static int wal_hook(void *arg, sqlite3 *h, const char *name, int pages)
{
	bool running;

	if (arg != &ckpt) {
		atomic_fetch_add_explicit(&ckpt.commits, 1, memory_order_relaxed);
		atomic_store_explicit(&ckpt.last_commit_ms, monotonic_ms(), memory_order_relaxed);
	}
	if (pages < CHECKPOINT_PAGES)
		return SQLITE_OK;
	pthread_mutex_lock(&ckpt.lock);
	running = ckpt.running;
	if (running && !ckpt.due) {
		ckpt.due = true;
		pthread_cond_signal(&ckpt.wake);
	}
	pthread_mutex_unlock(&ckpt.lock);
	if (!running) /* what SQLite's automatic checkpoint does */
		sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

static void checkpoint(void)
{
	int frames = 0, copied = 0;
	int rc =
	    sqlite3_wal_checkpoint_v2(ckpt.h, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);

	if (rc == SQLITE_OK && frames >= CHECKPOINT_PAGES) {
		write_turn_take(ckpt.writer, true);
		rc = sqlite3_wal_checkpoint_v2(ckpt.h, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
		write_turn_give(ckpt.writer);
	}
	if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		log_warn("sqlite: checkpoint: %s", sqlite3_errmsg(ckpt.h));
}

/* Whether merging should pause: at a stop, or when another connection has committed since
 * `seen`.  Runs the checkpoint the merge's own commits made due. */
static bool merge_paused(unsigned long seen)
{
	bool stop, due;

	pthread_mutex_lock(&ckpt.lock);
	stop = ckpt.stop;
	due = ckpt.due;
	ckpt.due = false;
	pthread_mutex_unlock(&ckpt.lock);
	if (due)
		checkpoint();
	return stop || atomic_load_explicit(&ckpt.commits, memory_order_relaxed) != seen;
}

static void merge_indexes(unsigned long seen)
{
	for (int i = 0; i < ckpt.indexes; i++) {
		for (;;) {
			sqlite3_int64 before;
			int rc;
			bool worked;

			if (merge_paused(seen) || !write_turn_take_idle(ckpt.writer))
				return;
			before = sqlite3_total_changes64(ckpt.h);
			rc = sqlite3_exec(ckpt.h, ckpt.merge[i], NULL, NULL, NULL);
			/* FTS5: a step that merged nothing changes fewer than two rows. */
			worked = sqlite3_total_changes64(ckpt.h) - before >= 2;
			write_turn_give(ckpt.writer);
			if (rc != SQLITE_OK) {
				/* Busy (another process writing) or worse: try again when
				 * quiet, with one warning until a merge works again. */
				if (!ckpt.warned)
					log_warn("sqlite: merging the text index: %s",
						 sqlite3_errmsg(ckpt.h));
				ckpt.warned = true;
				return;
			}
			ckpt.warned = false;
			if (!worked)
				break;
		}
	}
}

/* Finds the text indexes and writes their 'merge' commands; returns false on failure. */
static bool find_indexes(void)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(ckpt.h,
			       "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
			       "sql LIKE 'CREATE VIRTUAL TABLE % USING fts5(%' ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (ckpt.indexes == MAX_INDEXES) {
			log_warn("sqlite: more than %d text indexes; %s is not merged", MAX_INDEXES,
				 name);
			continue;
		}
		char *sql =
		    sqlite3_mprintf("INSERT INTO \"%w\" (\"%w\", rank) VALUES ('merge', %d)", name,
				    name, MERGE_PAGES);

		if (!sql)
			break;
		ckpt.merge[ckpt.indexes++] = sql;
	}
	return sqlite3_finalize(st) == SQLITE_OK;
}

static void forget_indexes(void)
{
	for (int i = 0; i < ckpt.indexes; i++)
		sqlite3_free(ckpt.merge[i]);
	ckpt.indexes = 0;
}

static void *checkpointer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&ckpt.lock);
	while (!ckpt.stop) {
		if (!ckpt.due) {
			struct timespec until;

			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 1;
			pthread_cond_timedwait(&ckpt.wake, &ckpt.lock, &until);
			if (ckpt.stop)
				break;
		}
		ckpt.due = false;
		pthread_mutex_unlock(&ckpt.lock);
		checkpoint();
		unsigned long seen = atomic_load_explicit(&ckpt.commits, memory_order_relaxed);

		if (monotonic_ms() -
			atomic_load_explicit(&ckpt.last_commit_ms, memory_order_relaxed) >=
		    MERGE_QUIET_MS)
			merge_indexes(seen);
		pthread_mutex_lock(&ckpt.lock);
	}
	pthread_mutex_unlock(&ckpt.lock);
	return NULL;
}

static int sq_background_start(const char *path, struct write_turn *writer)
{
	pthread_once(&configured, configure_once);
	pthread_mutex_lock(&ckpt.lock);
	if (ckpt.running) {
		pthread_mutex_unlock(&ckpt.lock);
		return DB_OK;
	}
	if (sqlite3_open_v2(path, &ckpt.h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		log_error("sqlite: checkpointer: cannot open %s: %s", path,
			  ckpt.h ? sqlite3_errmsg(ckpt.h) : "out of memory");
		sqlite3_close(ckpt.h);
		ckpt.h = NULL;
		pthread_mutex_unlock(&ckpt.lock);
		return DB_ERROR;
	}
	sqlite3_busy_handler(ckpt.h, busy_wait, NULL);
	/* A connection finds the WAL when it first reads; until then it cannot checkpoint.  Its
	 * merges only rearrange the text index, which the tickets can rebuild, so they are not
	 * synced at each commit (NORMAL); the next change's commit syncs the WAL up to and
	 * including them. */
	if (sqlite3_exec(ckpt.h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL, NULL,
			 NULL) != SQLITE_OK) {
		log_error("sqlite: checkpointer: %s", sqlite3_errmsg(ckpt.h));
		sqlite3_close(ckpt.h);
		ckpt.h = NULL;
		pthread_mutex_unlock(&ckpt.lock);
		return DB_ERROR;
	}
	if (!find_indexes()) {
		log_error("sqlite: checkpointer: %s", sqlite3_errmsg(ckpt.h));
		forget_indexes();
		sqlite3_close(ckpt.h);
		ckpt.h = NULL;
		pthread_mutex_unlock(&ckpt.lock);
		return DB_ERROR;
	}
	/* The merges' commits make checkpoints due like anyone's (and replace SQLite's own
	 * automatic checkpoint, which would run inside the turn to write). */
	sqlite3_wal_hook(ckpt.h, wal_hook, &ckpt);
	ckpt.writer = writer;
	ckpt.stop = ckpt.due = false;
	if (pthread_create(&ckpt.thread, NULL, checkpointer, NULL) != 0) {
		forget_indexes();
		sqlite3_close(ckpt.h);
		ckpt.h = NULL;
		pthread_mutex_unlock(&ckpt.lock);
		return DB_ERROR;
	}
	ckpt.running = true;
	pthread_mutex_unlock(&ckpt.lock);
	return DB_OK;
}

static void sq_background_stop(void)
{
	pthread_mutex_lock(&ckpt.lock);
	if (!ckpt.running) {
		pthread_mutex_unlock(&ckpt.lock);
		return;
	}
	ckpt.stop = true;
	pthread_cond_signal(&ckpt.wake);
	pthread_mutex_unlock(&ckpt.lock);
	pthread_join(ckpt.thread, NULL);
	pthread_mutex_lock(&ckpt.lock);
	forget_indexes();
	sqlite3_close(ckpt.h);
	ckpt.h = NULL;
	ckpt.running = false;
	pthread_mutex_unlock(&ckpt.lock);
}

static int sq_open(const char *path, struct db **out, char *err, size_t errlen)
{
	pthread_once(&configured, configure_once);
	struct db *db = calloc(1, sizeof(*db));

	if (!db)
		abort();
	db->base.ops = &db_sqlite_ops;
	int rc = sqlite3_open_v2(
	    path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 db->h ? sqlite3_errmsg(db->h) : "out of memory");
		sqlite3_close(db->h);
		free(db);
		return DB_ERROR;
	}
	sqlite3_busy_handler(db->h, busy_wait, NULL);
	/* WAL lets readers run beside the one writer.  FULL sync: a commit is on the disk (the
	 * WAL synced) before it is acknowledged, so an acknowledged change survives a power cut,
	 * not only a crash of the process; group commit (svc_tx) shares each sync among the
	 * changes of a group, which keeps creates fast (docs/decisions.md).  An 8 MiB
	 * page cache per connection (SQLite's default is 2) keeps the interior pages and a list's
	 * index range between requests: first list pages at a million tickets took 30-40% less
	 * time.  Only the connections that read much fill theirs (the readers', the writers'):
	 * the bench's server peaks at 50 MiB (bench/run.sh; docs/internals/store.md, Memory). */
	if (sq_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
			"PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
			"PRAGMA cache_size=-8192;") != DB_OK) {
		snprintf(err, errlen, "cannot configure %s: %s", path, sqlite3_errmsg(db->h));
		sqlite3_close(db->h);
		free(db);
		return DB_ERROR;
	}
	sqlite3_wal_hook(db->h, wal_hook, NULL);
	*out = db;
	return DB_OK;
}

static void stmt_free(struct db_stmt *st)
{
	sqlite3_finalize(st->s);
	free(st->b.sql);
	free(st);
}

static void sq_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < DB_CACHE_SLOTS; i++)
		if (db->cache.slot[i])
			stmt_free((struct db_stmt *)db->cache.slot[i]);
	sqlite3_close(db->h);
	free(db);
}

/* db_ops.forget: each thread's connection compiles only the statements it runs (a reader a
 * few dozen, a write thread's own connection the sign-in's few) instead of all 260 of the
 * tables, 1.5 MB each (sqlite3_db_status STMT_USED; a server on two cores has 13). */
static void sq_forget(struct db *db)
{
	db_cache_clear(&db->cache, stmt_free);
}

/* Whether a parameter $n starts at p, outside quoted text (quote: the quote open, or 0). */
static bool param_starts(const char *p, char *quote)
{
	if (*quote) {
		if (*p == *quote)
			*quote = 0;
		return false;
	}
	if (*p == '\'' || *p == '"') {
		*quote = *p;
		return false;
	}
	return *p == '$' && p[1] >= '1' && p[1] <= '9';
}

/* Whether $1, $2, ... each come once and in that order. */
static bool params_in_order(const char *sql)
{
	char quote = 0;
	long next = 1;

	for (const char *p = sql; *p; p++)
		if (param_starts(p, &quote) && strtol(p + 1, NULL, 10) != next++)
			return false;
	return true;
}

/* The statement as SQLite is given it, malloc'd: each parameter $n written ?n, or a bare ?
 * where $1, $2, ... each come once and in order (as in a batch's statements).  SQLite binds
 * ?n and the n-th ? at index n, where it numbers $n in order of appearance; and it looks
 * each $n or ?n up in a list as it compiles the statement, so that a batch's statement
 * with thousands of parameters took longer to compile than to run. */
static char *question_marks(const char *sql)
{
	bool bare = params_in_order(sql);
	char *out = malloc(strlen(sql) + 1), *o = out, quote = 0;

	if (!out)
		abort();
	for (const char *p = sql; *p; p++) {
		if (!param_starts(p, &quote)) {
			*o++ = *p;
			continue;
		}
		*o++ = '?';
		while (bare && p[1] >= '0' && p[1] <= '9')
			p++;
	}
	*o = '\0';
	return out;
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	unsigned h = db_sql_hash(sql);
	struct db_stmt *st = db_cache_find(&db->cache, sql, h);

	if (st) {
		*out = st;
		return DB_OK;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		abort();
	st->b.db = db;
	char *numbered = question_marks(sql);
	int rc = sqlite3_prepare_v3(db->h, numbered, -1, SQLITE_PREPARE_PERSISTENT, &st->s, NULL);

	free(numbered);
	if (rc != SQLITE_OK) {
		free(st);
		return DB_ERROR;
	}
	st->b.sql = strdup(sql);
	if (!st->b.sql)
		abort();
	st->b.hash = h;
	st->b.in_use = true;
	/* A full cache just means this one is finalized at done. */
	db_cache_keep(&db->cache, st);
	*out = st;
	return DB_OK;
}

static void sq_done(struct db_stmt *st)
{
	sqlite3_reset(st->s);
	sqlite3_clear_bindings(st->s);
	st->b.in_use = false;
	if (!st->b.cached)
		stmt_free(st);
}

static int param(struct db_stmt *st, int idx)
{
	return idx >= 1 && idx <= sqlite3_bind_parameter_count(st->s) ? idx : 0;
}

static int sq_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	int i = param(st, idx);

	return i ? map_rc(sqlite3_bind_int64(st->s, i, v)) : DB_ERROR;
}

static int sq_bind_double(struct db_stmt *st, int idx, double v)
{
	int i = param(st, idx);

	return i ? map_rc(sqlite3_bind_double(st->s, i, v)) : DB_ERROR;
}

static int sq_bind_text(struct db_stmt *st, int idx, const char *v)
{
	int i = param(st, idx);

	if (!i)
		return DB_ERROR;
	return map_rc(v ? sqlite3_bind_text(st->s, i, v, -1, SQLITE_TRANSIENT)
			: sqlite3_bind_null(st->s, i));
}

static int sq_step(struct db_stmt *st)
{
	return map_rc(sqlite3_step(st->s));
}

static bool sq_col_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->s, col) == SQLITE_NULL;
}

static int64_t sq_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->s, col);
}

static double sq_col_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(st->s, col);
}

static const char *sq_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->s, col);
}

static int sq_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

static const char *sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

/* One FTS5 index per kind, tickets_fts_b2b, tickets_fts_b2c and tickets_fts_internal
 * (migrations/sqlite/0005_search.sql): a search never reads another kind's postings. */
static const char *sq_search_predicate(const char *kind, int n, char *buf, size_t len)
{
	snprintf(buf, len,
		 "t.ticket_id IN (SELECT rowid FROM tickets_fts_%s WHERE tickets_fts_%s MATCH $%d)",
		 kind, kind, n);
	return buf;
}

static const char *sq_search_source(const char *kind, char *buf, size_t len)
{
	/* CROSS JOIN keeps the index as the outer loop: SQLite does not reorder it. */
	snprintf(buf, len,
		 "tickets_fts_%s CROSS JOIN tickets t ON t.ticket_id = tickets_fts_%s.rowid", kind,
		 kind);
	return buf;
}

static const char *sq_search_match(const char *kind, int n, char *buf, size_t len)
{
	snprintf(buf, len, "tickets_fts_%s MATCH $%d", kind, n);
	return buf;
}

static const char *sq_search_rowid(const char *kind, char *buf, size_t len)
{
	snprintf(buf, len, "tickets_fts_%s.rowid", kind);
	return buf;
}

static const char *sq_search_index(const char *kind, char *buf, size_t len)
{
	snprintf(buf, len, "tickets_fts_%s", kind);
	return buf;
}

/* The text indexes of a transaction's new tickets are written at its commit
 * (migrations/sqlite/0016_search_at_commit.sql): tickets above `above` wait for it. */
#define SEARCH_ALL "9223372036854775807"

const struct db_ops db_sqlite_ops = {
    .name = "sqlite",
    .dialect = DIALECT_SQLITE,
    .claim_rows = "",
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .done = sq_done,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .step = sq_step,
    .col_null = sq_col_null,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .search_predicate = sq_search_predicate,
    .search_source = sq_search_source,
    .search_match = sq_search_match,
    .search_rowid = sq_search_rowid,
    .search_index = sq_search_index,
    .search_defer = "UPDATE tickets_fts_deferred SET above = "
		    "coalesce((SELECT max(ticket_id) FROM tickets), 0) WHERE above = " SEARCH_ALL,
    .search_catch_up =
	"UPDATE tickets_fts_deferred SET above = " SEARCH_ALL " WHERE above < " SEARCH_ALL,
    .background_start = sq_background_start,
    .background_stop = sq_background_stop,
    .forget = sq_forget,
};

/* store_backup's SQLite part (backup.h): copies the database db is connected to into dest
 * with SQLite's online backup, pages_per_step pages a step.  The copy is one snapshot: a
 * read transaction stays open on db for the whole copy (in WAL mode writers go on beside
 * it, and the backup is not restarted by their commits), and in_snapshot(arg, db) runs in
 * that same snapshot before it ends.  Returns DB_OK, or DB_ERROR with the reason in err. */
int db_sqlite_backup(struct db *db, const char *dest, int pages_per_step,
		     void (*in_snapshot)(void *arg, struct db *db), void *arg, char *err,
		     size_t errlen)
{
	sqlite3 *to = NULL;
	sqlite3_backup *b = NULL;
	int rc;

	if (sqlite3_exec(db->h, "BEGIN; SELECT count(*) FROM sqlite_schema;", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "cannot start reading: %s", sqlite3_errmsg(db->h));
		return DB_ERROR;
	}
	rc = sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		b = sqlite3_backup_init(to, "main", db->h, "main");
	if (!b) {
		snprintf(err, errlen, "cannot write %s: %s", dest,
			 to ? sqlite3_errmsg(to) : "out of memory");
		sqlite3_close(to);
		sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
		return DB_ERROR;
	}
	do {
		rc = sqlite3_backup_step(b, pages_per_step);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(5);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		snprintf(err, errlen, "the copy failed: %s", sqlite3_errstr(rc));
	else if (in_snapshot)
		in_snapshot(arg, db);
	sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (sqlite3_close(to) != SQLITE_OK && rc == SQLITE_DONE) {
		snprintf(err, errlen, "cannot finish writing %s", dest);
		return DB_ERROR;
	}
	return rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}
