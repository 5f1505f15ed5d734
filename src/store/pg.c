/* The PostgreSQL backend of db.h (libpq): the same SQL as on SQLite ($n parameters are
 * PostgreSQL's own), sent with the extended protocol, parameters as text, every result read
 * whole.  Everything PostgreSQL-specific in ticketd's SQL is here or in
 * migrations/postgresql/.
 *
 * Statements are prepared once per connection under a name of their own (s1, s2, ...) and
 * cached by their text, as on SQLite (db_sql_hash).  Behind a pooler in transaction mode
 * (Supabase's pooler on port 6543, PgBouncer with pool_mode=transaction) a connection may land on
 * another server session at the next transaction, where those names do not exist: with
 * `pgbouncer=true` in the URL every statement is sent unnamed instead (parsed each time, in
 * the same round trip), and ticketd keeps no session state (no SET, no session locks, no
 * LISTEN).  docs/decisions.md, "PostgreSQL". */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "../base/log.h"
#include "../base/utf8.h"
#include "../base/banned.h"

#define INT8OID	  20
#define FLOAT8OID 701

struct db {
	struct db_base base;
	PGconn *c;
	bool unnamed; /* behind a transaction pooler: no named statements */
	struct db_cache cache;
	unsigned names; /* statements named so far */
	int changes;
	char err[512];
};

struct param {
	char num[32];	/* an int or double, written here */
	char *text;	/* or an owned copy of a text */
	const char *at; /* what is sent: num, text or NULL (SQL NULL) */
	unsigned oid;	/* the type asked for when the statement is prepared; 0: inferred */
};

struct db_stmt {
	struct db_stmt_base b; /* first: the connection, text, hash and cache marks */
	char name[16];	       /* "" until prepared */
	int nparams;
	struct param *p; /* nparams of them */
	PGresult *res;
	int row, rows;
	bool ran;
};

/* The highest $n in sql outside quoted text (PostgreSQL wants the count); -1 past the
 * limit. */
static int count_params(const char *sql)
{
	int max = 0;
	char quote = 0;

	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			int n = 0;

			while (p[1] >= '0' && p[1] <= '9' && n <= DB_MAX_PARAMS)
				n = n * 10 + (*++p - '0');
			if (n > DB_MAX_PARAMS)
				return -1;
			if (n > max)
				max = n;
		}
	}
	return max;
}

static void remember_error(struct db *db, const PGresult *res)
{
	const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(db->c);
	size_t n;

	snprintf(db->err, sizeof(db->err), "%s", m && *m ? m : "unknown error");
	n = strlen(db->err);
	while (n && (db->err[n - 1] == '\n' || db->err[n - 1] == ' '))
		db->err[--n] = '\0';
}

/* A failed result's code: constraint violations (class 23) are DB_CONSTRAINT; a
 * serialization failure, deadlock or lock not available is DB_BUSY (the transaction may be
 * run again); anything else DB_ERROR. */
static int failure(struct db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	remember_error(db, res);
	if (PQstatus(db->c) == CONNECTION_BAD) {
		((struct db_base *)db)->retry = true; /* revive, then run it again */
		return DB_ERROR;
	}
	if (!state)
		return DB_ERROR;
	if (!strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")) {
		((struct db_base *)db)->retry = true;
		return DB_BUSY;
	}
	return DB_ERROR;
}

static bool reconnected(struct db *db, bool was_idle);

static int pg_exec(struct db *db, const char *sql)
{
	bool idle = PQtransactionStatus(db->c) == PQTRANS_IDLE;
	PGresult *res = PQexec(db->c, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = DB_OK;

	if (s == PGRES_FATAL_ERROR && reconnected(db, idle)) {
		PQclear(res); /* a BEGIN, say, on a connection the server had dropped */
		res = PQexec(db->c, sql);
		s = PQresultStatus(res);
	}
	if (s == PGRES_COMMAND_OK && !strcmp(PQcmdStatus(res), "ROLLBACK") &&
	    !strcmp(sql, "COMMIT")) {
		/* A COMMIT of a transaction a failed statement aborted rolls it back, and says
		 * so only in its tag: that is no commit. */
		snprintf(db->err, sizeof(db->err),
			 "the transaction had failed and was rolled back");
		rc = DB_ERROR;
	} else if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
		rc = failure(db, res);
		log_error("postgresql: %s: %.200s", db->err, sql);
	}
	PQclear(res);
	return rc;
}

/* Removes the ticketd-only parameter pgbouncer=true|false, which libpq would refuse, from a
 * URL's query or a key=value connection string (target, a copy, is edited in place);
 * returns whether it asked for a transaction pooler.  Nothing else of the string changes. */
static bool take_pooler_flag(char *target)
{
	bool url = !strncmp(target, "postgres://", 11) || !strncmp(target, "postgresql://", 13);
	char *p = url ? strchr(target, '?') : target;
	const char *sep = url ? "&" : " \t";
	bool on = false;

	if (!p)
		return false;
	if (url)
		p++;
	while (*p) {
		char *end = p + strcspn(p, sep);
		size_t len = (size_t)(end - p);

		if (len >= 10 && !strncmp(p, "pgbouncer=", 10)) {
			on = len == 14 && !strncmp(p + 10, "true", 4);
			end += strspn(end, sep);
			if (!*end && p > target && strchr(url ? "?&" : " \t", p[-1]))
				p--; /* it was the last: its separator goes with it */
			memmove(p, end, strlen(end) + 1);
			continue;
		}
		p = end + strspn(end, sep);
	}
	return on;
}

/* The server's notices ("relation ... already exists, skipping") are not errors, and libpq
 * would print them on standard error. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int pg_open(const char *target, struct db **out, char *err, size_t errlen)
{
	struct db *db = calloc(1, sizeof(*db));
	char *conninfo = strdup(target);

	*out = NULL;
	if (!db || !conninfo)
		abort();
	db->base.ops = &db_pg_ops;
	db->unnamed = take_pooler_flag(conninfo);
	db->c = PQconnectdb(conninfo);
	free(conninfo);
	if (PQstatus(db->c) != CONNECTION_OK) {
		const char *m = PQerrorMessage(db->c);
		size_t n;

		snprintf(err, errlen, "cannot connect to PostgreSQL: %s", m && *m ? m : "?");
		n = strlen(err);
		while (n && err[n - 1] == '\n')
			err[--n] = '\0';
		PQfinish(db->c);
		free(db);
		return DB_ERROR;
	}
	PQsetNoticeProcessor(db->c, ignore_notice, NULL);
	*out = db;
	return DB_OK;
}

static void clear_params(struct db_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->p[i].text);
		st->p[i].text = NULL;
		st->p[i].at = NULL;
	}
}

static void stmt_free(struct db_stmt *st)
{
	PQclear(st->res);
	clear_params(st);
	free(st->p);
	free(st->b.sql);
	free(st);
}

static void pg_close(struct db *db)
{
	for (int i = 0; i < DB_CACHE_SLOTS; i++)
		if (db->cache.slot[i])
			stmt_free((struct db_stmt *)db->cache.slot[i]);
	PQfinish(db->c);
	free(db);
}

/* Statements come from the connection's cache (db.h, struct db_cache); one the cache has no
 * room for is sent unnamed and forgotten at db_done.  A cached statement is named on the
 * server at its first step. */
static int pg_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	unsigned h = db_sql_hash(sql);
	struct db_stmt *st = db_cache_find(&db->cache, sql, h);
	int n;

	if (st) {
		*out = st;
		return DB_OK;
	}
	n = count_params(sql);
	if (n < 0) {
		snprintf(db->err, sizeof(db->err), "more than %d parameters", DB_MAX_PARAMS);
		return DB_ERROR;
	}
	st = calloc(1, sizeof(*st));
	if (!st || !(st->b.sql = strdup(sql)))
		abort();
	st->b.db = db;
	st->b.hash = h;
	st->b.in_use = true;
	st->nparams = n;
	if (n && !(st->p = calloc((size_t)n, sizeof(*st->p))))
		abort();
	db_cache_keep(&db->cache, st);
	*out = st;
	return DB_OK;
}

static void pg_done(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->ran = false;
	st->row = st->rows = 0;
	clear_params(st);
	st->b.in_use = false;
	if (!st->b.cached)
		stmt_free(st);
}

static struct param *param(struct db_stmt *st, int idx)
{
	if (idx < 1 || idx > st->nparams) {
		snprintf(st->b.db->err, sizeof(st->b.db->err), "no parameter $%d", idx);
		return NULL;
	}
	return &st->p[idx - 1];
}

static int pg_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	struct param *p = param(st, idx);

	if (!p)
		return DB_ERROR;
	snprintf(p->num, sizeof(p->num), "%lld", (long long)v);
	p->at = p->num;
	if (!st->name[0])
		p->oid = INT8OID;
	return DB_OK;
}

static int pg_bind_double(struct db_stmt *st, int idx, double v)
{
	struct param *p = param(st, idx);

	if (!p)
		return DB_ERROR;
	snprintf(p->num, sizeof(p->num), "%.17g", v);
	p->at = p->num;
	if (!st->name[0])
		p->oid = FLOAT8OID;
	return DB_OK;
}

/* A malloc'd copy of v, valid UTF-8: each byte that does not begin a well-formed sequence
 * becomes U+FFFD.  PostgreSQL refuses text that is not UTF-8 (SQLSTATE 22021), where
 * SQLite would store or compare the bytes as they are: a path such as /api/batches/%FF must
 * find nothing on both engines, not fail on one. */
static char *utf8_copy(const char *v)
{
	size_t n = strlen(v);
	char *out;

	if (utf8_valid(v, n)) {
		out = strdup(v);
	} else {
		char *w = out = malloc(n * 3 + 1);

		if (out)
			for (const unsigned char *s = (const unsigned char *)v; *s;) {
				size_t k = utf8_seq_len(s, n - (size_t)((const char *)s - v));

				if (k) {
					memcpy(w, s, k);
					w += k;
					s += k;
				} else {
					memcpy(w, "\xEF\xBF\xBD", 3);
					w += 3;
					s++;
				}
			}
		if (out)
			*w = '\0';
	}
	if (!out)
		abort();
	return out;
}

/* Texts (and NULLs) go untyped, so that the server takes the type the statement needs
 * there, as SQLite does. */
static int pg_bind_text(struct db_stmt *st, int idx, const char *v)
{
	struct param *p = param(st, idx);

	if (!p)
		return DB_ERROR;
	free(p->text);
	p->text = v ? utf8_copy(v) : NULL;
	p->at = p->text;
	if (!st->name[0])
		p->oid = 0;
	return DB_OK;
}

/* Sends the statement with its parameters and keeps the whole result. */
static int pg_revive(struct db *db);

/* Whether a statement that just failed may be sent again on a fresh connection: it failed
 * because the server had dropped the connection, outside any transaction (a read, or a
 * statement that is its own transaction), so nothing of it or before it was kept. */
static bool reconnected(struct db *db, bool was_idle)
{
	if (!was_idle || PQstatus(db->c) != CONNECTION_BAD || pg_revive(db) != DB_OK)
		return false;
	((struct db_base *)db)->retry = false;
	return true;
}

/* Prepares st on the server under a new name, its parameters typed as types says (0: left
 * for the server to infer), or, behind a pooler, unnamed: only to see that it compiles. */
static int name_stmt(struct db_stmt *st, const Oid *types)
{
	struct db *db = st->b.db;
	char name[16] = "";
	PGresult *res;
	int rc = DB_OK;

	if (!db->unnamed)
		snprintf(name, sizeof(name), "s%u", ++db->names);
	res = PQprepare(db->c, name, st->b.sql, st->nparams, types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = failure(db, res);
	else if (!db->unnamed)
		memcpy(st->name, name, sizeof(name));
	PQclear(res);
	return rc;
}

/* db_ops.ready: a statement of a table (struct db_sql_table) prepared when the connection
 * opens, its parameters' types inferred by the server from where they stand. */
static int pg_ready(struct db_stmt *st)
{
	return st->name[0] ? DB_OK : name_stmt(st, NULL);
}

static int run_on(struct db_stmt *st);

static int run(struct db_stmt *st)
{
	bool idle = PQtransactionStatus(st->b.db->c) == PQTRANS_IDLE;
	int rc = run_on(st);

	if (rc != DB_OK && reconnected(st->b.db, idle))
		rc = run_on(st); /* named again on the new session (pg_revive) */
	return rc;
}

/* One try at run(). */
static int run_on(struct db_stmt *st)
{
	struct db *db = st->b.db;
	/* A statement of many rows (a batch) has its arrays on the heap. */
	enum { ON_STACK = 64 };
	const char *values_here[ON_STACK], **values = values_here;
	Oid types_here[ON_STACK], *types = types_here;
	int named = DB_OK;
	PGresult *res;
	ExecStatusType s;

	if (st->nparams > ON_STACK) {
		values = malloc(sizeof(*values) * (size_t)st->nparams);
		types = malloc(sizeof(*types) * (size_t)st->nparams);
		if (!values || !types)
			abort();
	}
	for (int i = 0; i < st->nparams; i++) {
		values[i] = st->p[i].at;
		types[i] = st->p[i].oid;
	}
	if (db->unnamed || !st->b.cached) {
		res = PQexecParams(db->c, st->b.sql, st->nparams, types, values, NULL, NULL, 0);
	} else {
		named = st->name[0] ? DB_OK : name_stmt(st, types);
		res = named == DB_OK
			  ? PQexecPrepared(db->c, st->name, st->nparams, values, NULL, NULL, 0)
			  : NULL;
	}
	if (values != values_here) {
		free(values);
		free(types);
	}
	if (!res) /* not named on the server (name_stmt said why), or out of memory */
		return named != DB_OK ? named : failure(db, NULL);
	s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		int rc = failure(db, res);

		PQclear(res);
		return rc;
	}
	st->res = res;
	st->rows = s == PGRES_TUPLES_OK ? PQntuples(res) : 0;
	st->row = -1;
	db->changes = (int)strtol(PQcmdTuples(res), NULL, 10);
	return DB_OK;
}

static int pg_step(struct db_stmt *st)
{
	if (!st->ran) {
		int rc = run(st);

		if (rc != DB_OK)
			return rc;
		st->ran = true;
	}
	if (st->row < st->rows)
		st->row++;
	return st->row < st->rows ? DB_ROW : DB_DONE;
}

/* Columns read past the last row (or of a statement that returned none) read as NULL and
 * 0, as on SQLite. */
static bool no_row(struct db_stmt *st)
{
	return !st->res || st->row < 0 || st->row >= st->rows;
}

static bool pg_col_null(struct db_stmt *st, int col)
{
	if (no_row(st))
		return true;
	return PQgetisnull(st->res, st->row, col);
}

/* Integers arrive as text; booleans (a comparison's result) as t or f. */
static int64_t pg_col_int(struct db_stmt *st, int col)
{
	if (no_row(st))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, col);

	if (v[0] == 't' && !v[1])
		return 1;
	return strtoll(v, NULL, 10);
}

static double pg_col_double(struct db_stmt *st, int col)
{
	if (no_row(st))
		return 0;
	return strtod(PQgetvalue(st->res, st->row, col), NULL);
}

static const char *pg_col_text(struct db_stmt *st, int col)
{
	if (no_row(st))
		return NULL;
	return PQgetisnull(st->res, st->row, col) ? NULL : PQgetvalue(st->res, st->row, col);
}

static int pg_changes(struct db *db)
{
	return db->changes;
}

static const char *pg_errmsg(struct db *db)
{
	return db->err[0] ? db->err : PQerrorMessage(db->c);
}

/* Before a pooled connection is lent: one the server dropped is opened again (its named
 * statements went with the old session), and one left inside a transaction (never, but a
 * failed ROLLBACK could) is rolled back. */
static int pg_revive(struct db *db)
{
	/* A connection the server closed while it sat idle still says CONNECTION_OK until
	 * libpq reads from it: reading what is waiting (without blocking) finds the close. */
	if (PQstatus(db->c) == CONNECTION_OK && PQtransactionStatus(db->c) == PQTRANS_IDLE)
		(void)PQconsumeInput(db->c);
	if (PQstatus(db->c) == CONNECTION_BAD) {
		/* A reconnected session has none of the old names: every statement is named
		 * again at its next step. */
		for (int i = 0; i < DB_CACHE_SLOTS; i++)
			if (db->cache.slot[i])
				((struct db_stmt *)db->cache.slot[i])->name[0] = '\0';
		PQreset(db->c);
		if (PQstatus(db->c) != CONNECTION_OK) {
			remember_error(db, NULL);
			return DB_ERROR;
		}
		log_warn("postgresql: connection opened again after the server dropped it");
	}
	if (PQtransactionStatus(db->c) != PQTRANS_IDLE)
		PQclear(PQexec(db->c, "ROLLBACK"));
	((struct db_base *)db)->writing = false;
	return DB_OK;
}

/* One tsvector per ticket (English stemming without stop words) in ticket_search, kept by a
 * trigger and partitioned by kind, each kind's table with its GIN index
 * (migrations/postgresql/0017); the query is search_tsquery's, parsed with the same
 * configuration so that its words are stemmed alike.  A search names its kind's table,
 * ticket_search_<kind> (the kind comes from the kinds' table, never from a client): the
 * planner then weighs the plans for that table alone.  Through the partitioned parent it
 * chose the GIN bitmap for the capped count of a common word, cheaper for all the matches
 * but dearer for the first 1000 than a scan that stops there ("tomato": 32 ms against 1 ms),
 * as it compares an append's children by their whole cost. */
static const char *pg_search_predicate(const char *kind, int n, char *buf, size_t len)
{
	snprintf(buf, len,
		 "(t.kind = '%s' AND t.ticket_id IN (SELECT s.ticket_id FROM ticket_search_%s s "
		 "WHERE s.search @@ to_tsquery('ticketd_english', $%d)))",
		 kind, kind, n);
	return buf;
}

/* A list led by the search: the matches joined to their tickets, in ticket id order. */
static const char *pg_search_source(const char *kind, char *buf, size_t len)
{
	snprintf(buf, len, "ticket_search_%s s JOIN tickets t ON t.ticket_id = s.ticket_id", kind);
	return buf;
}

static const char *pg_search_match(const char *kind, int n, char *buf, size_t len)
{
	(void)kind;
	snprintf(buf, len, "s.search @@ to_tsquery('ticketd_english', $%d)", n);
	return buf;
}

static const char *pg_search_rowid(const char *kind, char *buf, size_t len)
{
	(void)kind;
	snprintf(buf, len, "s.ticket_id");
	return buf;
}

/* The capped count of one kind's matches reads the kind's table alone. */
static const char *pg_search_index(const char *kind, char *buf, size_t len)
{
	snprintf(buf, len, "ticket_search_%s s", kind);
	return buf;
}

const struct db_ops db_pg_ops = {
    .name = "postgresql",
    .dialect = DIALECT_POSTGRES,
    .claim_rows = " FOR UPDATE SKIP LOCKED",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .done = pg_done,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .step = pg_step,
    .col_null = pg_col_null,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .search_predicate = pg_search_predicate,
    .search_source = pg_search_source,
    .search_match = pg_search_match,
    .search_rowid = pg_search_rowid,
    .search_index = pg_search_index,
    .revive = pg_revive,
    .ready = pg_ready,
};
