/* Engine-neutral helpers over struct db_ops; see db.h. */
#include "db.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../base/log.h"
#include "../base/banned.h"

const struct db_ops *db_ops_of(struct db *db)
{
	return ((struct db_base *)db)->ops;
}

struct db *db_stmt_db(struct db_stmt *st)
{
	return ((struct db_stmt_base *)st)->db;
}

static const struct db_ops *stmt_ops(struct db_stmt *st)
{
	return db_ops_of(db_stmt_db(st));
}

/* A ticket's SELECT is 2 KB of text, which hashed a byte at a time cost 4% of reading a
 * ticket (perf); eight bytes at a time it is a few dozen nanoseconds.  Backends confirm
 * equal hashes with strcmp. */
unsigned db_sql_hash(const char *s)
{
	size_t n = strlen(s);
	uint64_t h = 0x9e3779b97f4a7c15u ^ n;

	for (; n >= 8; n -= 8, s += 8) {
		uint64_t w;

		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	while (n--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3u;
	return (unsigned)(h ^ (h >> 29));
}

struct db_stmt *db_cache_find(struct db_cache *c, const char *sql, unsigned hash)
{
	unsigned first = hash & (DB_CACHE_SLOTS - 1);

	for (unsigned i = 0; i < DB_CACHE_SLOTS; i++) {
		struct db_stmt_base *st = c->slot[(first + i) & (DB_CACHE_SLOTS - 1)];

		if (!st)
			break;
		if (st->hash == hash && !st->in_use && strcmp(st->sql, sql) == 0) {
			st->in_use = true;
			return (struct db_stmt *)st;
		}
	}
	return NULL;
}

void db_cache_keep(struct db_cache *c, struct db_stmt *stmt)
{
	struct db_stmt_base *st = (struct db_stmt_base *)stmt;
	unsigned first = st->hash & (DB_CACHE_SLOTS - 1);

	if (c->used >= DB_CACHE_SLOTS * 3 / 4)
		return;
	for (unsigned i = 0; i < DB_CACHE_SLOTS; i++) {
		unsigned k = (first + i) & (DB_CACHE_SLOTS - 1);

		if (!c->slot[k]) {
			c->slot[k] = st;
			st->cached = true;
			c->used++;
			return;
		}
	}
}

void db_cache_clear(struct db_cache *c, void (*free_stmt)(struct db_stmt *st))
{
	for (int i = 0; i < DB_CACHE_SLOTS; i++) {
		struct db_stmt_base *st = c->slot[i];

		if (!st)
			continue;
		c->slot[i] = NULL;
		st->cached = false;
		if (!st->in_use)
			free_stmt((struct db_stmt *)st);
	}
	c->used = 0;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	struct db_stmt *st = NULL;

	if (!db) /* no connection could be had: the caller fails as on any other error */
		return NULL;
	if (db_ops_of(db)->prepare(db, sql, &st) != DB_OK) {
		log_error("db: prepare failed: %s: %s", db_ops_of(db)->errmsg(db), sql);
		return NULL;
	}
	return st;
}

/* Whether sql writes rows (it begins with INSERT, UPDATE or DELETE). */
static bool writes(const char *sql)
{
	return !strncmp(sql, "INSERT", 6) || !strncmp(sql, "UPDATE", 6) ||
	       !strncmp(sql, "DELETE", 6);
}

int db_prepare_tables(struct db *db, const struct db_sql_table *const *tables, int n, char *err,
		      size_t errlen)
{
	const struct db_ops *ops = db_ops_of(db);

	for (int t = 0; t < n; t++) {
		if (tables[t]->build)
			tables[t]->build();
		for (int i = 0; i < tables[t]->n; i++) {
			const char *sql = tables[t]->sql[i];
			struct db_stmt *st = NULL;
			int rc = sql ? ops->prepare(db, sql, &st) : DB_ERROR;

			if (rc == DB_OK && ops->ready)
				rc = ops->ready(st);
			if (st)
				ops->done(st);
			if (rc != DB_OK && sql && tables[t]->records && writes(sql)) {
				log_warn("store: statement %d of %s does not compile here (are the "
					 "records views?); it fails if used: %s",
					 i, tables[t]->resource, ops->errmsg(db));
				continue;
			}
			if (rc != DB_OK) {
				snprintf(err, errlen, "statement %d of %s: %s", i,
					 tables[t]->resource, sql ? ops->errmsg(db) : "no SQL");
				return DB_ERROR;
			}
		}
	}
	return DB_OK;
}

static struct db_stmt *vbind(struct db *db, const char *sql, const char *fmt, va_list ap)
{
	struct db_stmt *st = db_prepare(db, sql);
	const struct db_ops *ops = db_ops_of(db);
	int rc = DB_OK;

	if (!st)
		return NULL;
	for (int i = 0; fmt && fmt[i] && rc == DB_OK; i++) {
		switch (fmt[i]) {
		case 'i':
			rc = ops->bind_int(st, i + 1, va_arg(ap, int64_t));
			break;
		case 'b':
			rc = ops->bind_int(st, i + 1, va_arg(ap, int) ? 1 : 0);
			break;
		case 'd':
			rc = ops->bind_double(st, i + 1, va_arg(ap, double));
			break;
		case 't':
			rc = ops->bind_text(st, i + 1, va_arg(ap, const char *));
			break;
		default:
			rc = DB_ERROR;
			break;
		}
	}
	if (rc != DB_OK) {
		log_error("db: bind failed: %s: %s", ops->errmsg(db), sql);
		ops->done(st);
		return NULL;
	}
	return st;
}

struct db_stmt *db_q(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	struct db_stmt *st = vbind(db, sql, fmt, ap);

	va_end(ap);
	return st;
}

int db_x(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	struct db_stmt *st = vbind(db, sql, fmt, ap);

	va_end(ap);
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);

	if (rc == DB_ROW)
		rc = DB_DONE;
	db_done(st);
	return rc;
}

/* Time this thread spent in db_step and db_commit (GET /metrics' database time). */
static _Thread_local uint64_t thread_db_ns;

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t db_thread_ns(void)
{
	return thread_db_ns;
}

int db_step(struct db_stmt *st)
{
	if (!st) /* a prepare that failed, or no connection */
		return DB_ERROR;
	uint64_t t0 = mono_ns();
	int rc = stmt_ops(st)->step(st);

	thread_db_ns += mono_ns() - t0;

	if (rc != DB_ROW && rc != DB_DONE && rc != DB_CONSTRAINT)
		log_error("db: step failed: %s", stmt_ops(st)->errmsg(db_stmt_db(st)));
	return rc;
}

void db_done(struct db_stmt *st)
{
	if (st)
		stmt_ops(st)->done(st);
}

bool db_null(struct db_stmt *st, int col)
{
	return stmt_ops(st)->col_null(st, col);
}

int64_t db_int(struct db_stmt *st, int col)
{
	return stmt_ops(st)->col_int(st, col);
}

double db_double(struct db_stmt *st, int col)
{
	return stmt_ops(st)->col_double(st, col);
}

const char *db_text(struct db_stmt *st, int col)
{
	return stmt_ops(st)->col_text(st, col);
}

int db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return stmt_ops(st)->bind_int(st, idx, v);
}

int db_bind_double(struct db_stmt *st, int idx, double v)
{
	return stmt_ops(st)->bind_double(st, idx, v);
}

int db_bind_text(struct db_stmt *st, int idx, const char *v)
{
	return stmt_ops(st)->bind_text(st, idx, v);
}

bool db_retry(struct db *db)
{
	bool retry = ((struct db_base *)db)->retry;

	((struct db_base *)db)->retry = false;
	return retry;
}

int db_begin(struct db *db)
{
	const struct db_ops *ops = db_ops_of(db);
	int rc = ops->exec(db, ops->dialect == DIALECT_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");

	((struct db_base *)db)->writing = rc == DB_OK;
	((struct db_base *)db)->deferred = false;
	((struct db_base *)db)->retry = false;
	db_forget(db);
	return rc;
}

int db_search_defer(struct db *db)
{
	struct db_base *b = (struct db_base *)db;
	const char *sql = db_ops_of(db)->search_defer;

	if (!sql || !b->writing || b->deferred)
		return DB_OK;
	/* Once a transaction.  A deferral rolled back to a savepoint (a change of a group
	 * refused after its insert) goes with the tickets it covered; the tickets of the
	 * group's later changes are then indexed by the triggers at once, as without it. */
	b->deferred = true;
	return db_x(db, sql, "") == DB_DONE ? DB_OK : DB_ERROR;
}

int db_commit(struct db *db)
{
	struct db_base *b = (struct db_base *)db;
	uint64_t t0 = mono_ns();
	int rc = DB_OK;

	if (b->deferred && db_x(db, db_ops_of(db)->search_catch_up, "") != DB_DONE)
		rc = DB_ERROR;
	if (rc == DB_OK)
		rc = db_ops_of(db)->exec(db, "COMMIT");
	thread_db_ns += mono_ns() - t0;

	/* A failed COMMIT leaves the transaction for db_rollback to end. */
	if (rc == DB_OK)
		b->writing = b->deferred = false;
	db_forget(db);
	return rc;
}

void db_rollback(struct db *db)
{
	((struct db_base *)db)->writing = false;
	((struct db_base *)db)->deferred = false;
	db_forget(db);
	if (db_ops_of(db)->exec(db, "ROLLBACK") != DB_OK)
		log_warn("db: rollback failed: %s", db_ops_of(db)->errmsg(db));
}

uint64_t db_tx_epoch(struct db *db)
{
	const struct db_base *b = (const struct db_base *)db;

	return db && b->writing && db_ops_of(db)->dialect == DIALECT_POSTGRES ? b->epoch : 0;
}

void db_forget(struct db *db)
{
	/* Marks are unique in the process, so that no memo of a closed connection matches one
	 * opened at the same address. */
	static _Atomic uint64_t last;

	if (db)
		((struct db_base *)db)->epoch = ++last;
}

bool db_lock_rows(struct db *db)
{
	return db && ((struct db_base *)db)->writing && db_ops_of(db)->dialect == DIALECT_POSTGRES;
}

int db_revive(struct db *db)
{
	const struct db_ops *ops = db_ops_of(db);

	return ops->revive ? ops->revive(db) : DB_OK;
}

enum err_code db_failed(struct error *e)
{
	return err_set(e, ERR_INTERNAL, NULL, "the database failed; nothing was changed");
}

const char *db_text_or_null(struct arena *a, struct db_stmt *st, int c)
{
	const char *s = db_text(st, c); /* NULL for NULL: one call where two were */

	return s ? arena_strdup(a, s) : NULL;
}

int64_t db_int_or_zero(struct db_stmt *st, int c)
{
	return db_null(st, c) ? 0 : db_int(st, c);
}

enum err_code db_collect_ids(struct db_stmt *st, int64_t *out, int max, int *n, struct error *e)
{
	int rc = DB_ROW;

	*n = 0;
	if (!st)
		return db_failed(e);
	while (*n < max && (rc = db_step(st)) == DB_ROW)
		out[(*n)++] = db_int(st, 0);
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}

enum err_code db_read_rows(struct db_stmt *st, struct arena *a, size_t size,
			   void (*read)(struct db_stmt *st, struct arena *a, void *row), void *out,
			   int *n, struct error *e)
{
	int rc = DB_ERROR, cap = 16;
	char *rows = arena_zalloc(a, size * (size_t)cap);

	*n = 0;
	memcpy(out, &rows, sizeof(rows));
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			char *bigger = arena_zalloc(a, size * (size_t)cap * 2);

			memcpy(bigger, rows, size * (size_t)cap);
			rows = bigger;
			cap *= 2;
		}
		read(st, a, rows + size * (size_t)(*n)++);
	}
	db_done(st);
	memcpy(out, &rows, sizeof(rows));
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

bool db_exists(struct db_stmt *st)
{
	bool found = st && db_step(st) == DB_ROW;

	db_done(st);
	return found;
}

int db_returning_id(struct db_stmt *st, int64_t *id)
{
	int rc;

	if (!st)
		return DB_ERROR;
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_int(st, 0);
	db_done(st);
	return rc;
}

void write_turn_init(struct write_turn *t)
{
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->freed, NULL);
	t->held = false;
	t->urgent = 0;
	t->waiting = 0;
}

void write_turn_destroy(struct write_turn *t)
{
	pthread_cond_destroy(&t->freed);
	pthread_mutex_destroy(&t->lock);
}

void write_turn_take(struct write_turn *t, bool urgent)
{
	pthread_mutex_lock(&t->lock);
	if (urgent) {
		t->urgent++;
		while (t->held)
			pthread_cond_wait(&t->freed, &t->lock);
		t->urgent--;
	} else {
		t->waiting++;
		while (t->held || t->urgent)
			pthread_cond_wait(&t->freed, &t->lock);
		t->waiting--;
	}
	t->held = true;
	pthread_mutex_unlock(&t->lock);
}

bool write_turn_take_idle(struct write_turn *t)
{
	bool took;

	pthread_mutex_lock(&t->lock);
	took = !t->held && !t->urgent && !t->waiting;
	if (took)
		t->held = true;
	pthread_mutex_unlock(&t->lock);
	return took;
}

void write_turn_give(struct write_turn *t)
{
	pthread_mutex_lock(&t->lock);
	t->held = false;
	pthread_cond_broadcast(&t->freed);
	pthread_mutex_unlock(&t->lock);
}

int db_batch_rows(struct db *db, int width, int params)
{
	if (db_ops_of(db)->dialect == DIALECT_SQLITE || width >= params)
		return 1;
	return params / width;
}
