/* SQL for tickets, comments and the audit trail; see ticket.h. */
#include "ticket.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "count_memo.h"
#include "where.h"
#include "user.h"
#include "../base/metrics.h"
#include "../base/strbuf.h"
#include "../domain/search.h"
#include "../base/banned.h"

/* The SELECT lists every column of ticket_cols, "t."-prefixed, in table order; a list
 * row's only those flagged COL_LIST.  ticket_read walks the table in the same order. */
#define FROM_TICKETS " FROM tickets t "

static pthread_once_t sql_once = PTHREAD_ONCE_INIT;
static char *select_sql;  /* SELECT all columns FROM ..., without WHERE */
static char *summary_sql; /* the columns of a list row */
static char *sweep_sql;	  /* those and the sweep's own (COL_SWEEP) */
static char *select_by_id_sql, *select_by_number_sql; /* built once: a read formatted and
							 hashed 2 KB of SQL each time */
/* The same, locking the ticket's row until the transaction ends (db_lock_rows). */
static char *lock_by_id_sql, *lock_by_number_sql;
static char *insert_sql;
/* PostgreSQL's creation in one statement (store_ticket_create), built at run time as the
 * locking reads are, which SQLite does not run. */
static char *create_sql;
/* A ticket's page: its columns, then the PAGE_COLS, by id or by number; and the PAGE_COLS
 * alone by id. */
static char *page_by_id_sql, *page_by_number_sql, *extras_sql;

/* This file's statements (struct db_sql_table): those built from the column table above, once
 * built, but not the locking ones, which SQLite has no syntax for (they are the first two
 * with FOR UPDATE OF t); then the static ones. */
enum {
	TICKET_BY_ID,
	TICKET_BY_NUMBER,
	TICKET_INSERT,
	TICKET_PAGE_BY_ID,
	TICKET_PAGE_BY_NUMBER,
	TICKET_EXTRAS,
	TICKET_NEXT_NUMBER,
	TICKET_TOUCH,
	TICKET_DUE_CHECKS,
	TICKET_RESOLVED_BEFORE,
	TICKET_EVENT_ADD,
	TICKET_COMMENT_ADD,
	TICKET_COUNT_ADD,
	TICKET_ASSIGNEE_COUNT_ADD,
	TICKET__MAX
};
static const char *ticket_sql[TICKET__MAX] = {
    [TICKET_NEXT_NUMBER] = "UPDATE ticket_counters SET last_number = last_number + 1 WHERE "
			   "kind = $1 RETURNING last_number",
    [TICKET_TOUCH] = "UPDATE tickets SET updated_at = $1 WHERE ticket_id = $2",
    [TICKET_DUE_CHECKS] = "SELECT ticket_id FROM tickets WHERE next_check_at IS NOT NULL AND "
			  "next_check_at <= $1 ORDER BY next_check_at LIMIT $2",
    [TICKET_RESOLVED_BEFORE] = "SELECT ticket_id FROM tickets WHERE status = 'resolved' AND "
			       "updated_at <= $1 AND resolved_at IS NOT NULL ORDER BY updated_at "
			       "LIMIT $2",
    [TICKET_EVENT_ADD] = "INSERT INTO ticket_events (ticket_id, at, actor_id, type, field, "
			 "old_value, new_value, comment_id, note) VALUES ($1, $2, $3, $4, "
			 "$5, $6, $7, $8, $9)",
    [TICKET_COMMENT_ADD] = "INSERT INTO ticket_comments (ticket_id, user_id, comment_text, "
			   "visibility, created_at, author_name, author_contact_id) VALUES ($1, "
			   "$2, $3, $4, $5, $6, NULLIF($7, 0)) RETURNING comment_id",
    [TICKET_COUNT_ADD] =
	"INSERT INTO ticket_counts (kind, status, priority_rank, n) VALUES ($1, $2, $3, $4) "
	"ON CONFLICT (kind, status, priority_rank) DO UPDATE SET n = ticket_counts.n + "
	"excluded.n",
    [TICKET_ASSIGNEE_COUNT_ADD] =
	"INSERT INTO ticket_assignee_counts (kind, assigned_to, status, priority_rank, n) "
	"VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, assigned_to, status, priority_rank) "
	"DO UPDATE SET n = ticket_assignee_counts.n + excluded.n",
};
static void ticket_sql_build(void);
const struct db_sql_table store_ticket_sql = {"ticket", ticket_sql, TICKET__MAX, ticket_sql_build};

/* What a page shows beside the ticket's columns, in one statement with them: the root cause,
 * the photo count, the newest pending approval, and the batch with its farm (NULL columns
 * when the ticket names none, or one the records do not know). */
#define PAGE_COLS                                                                                  \
	"t.root_cause, t.root_cause_note, (SELECT count(*) FROM attachments x WHERE "              \
	"x.ticket_id = t.ticket_id AND x.kind = 'photo'), (SELECT max(p.approval_id) FROM "        \
	"approvals p WHERE p.ticket_id = t.ticket_id AND p.state = 'pending'), " STORE_BATCH_COLS
#define PAGE_JOIN                                                                                  \
	" LEFT JOIN batches b ON b.batch_number = t.batch_number LEFT JOIN farms f ON "            \
	"f.farm_id = b.farm_id "

/* The columns a read takes: every one (READ_FULL), a list row's, or the sweep's. */
enum read_set { READ_LIST, READ_FULL, READ_SWEEP, READ__MAX };

static bool col_read(int c, enum read_set r)
{
	static const unsigned need[READ__MAX] = {COL_LIST, 0, COL_LIST | COL_SWEEP};

	return r == READ_FULL || (ticket_cols[c].flags & need[r]);
}

/* The parameters of create_sql after the columns, in the order they are bound. */
static const char create_marks[] = "KSRAPTU";

/* Appends text with each $K, $S, ... of create_marks written as its number after the
 * first n parameters. */
static void put_marked(struct strbuf *s, const char *text, int n)
{
	for (const char *p = text; *p; p++) {
		const char *m = p[0] == '$' && p[1] ? strchr(create_marks, p[1]) : NULL;

		if (m) {
			strbuf_putf(s, "$%d", n + 1 + (int)(m - create_marks));
			p++;
		} else {
			strbuf_putf(s, "%c", *p);
		}
	}
}

static void sql_build(void)
{
	struct strbuf s;
	int n = 0;

	strbuf_init(&s, 0);
	for (int r = 0; r < READ__MAX; r++) {
		strbuf_puts(&s, "SELECT ");
		n = 0;
		for (int c = 0; c < TC__MAX; c++)
			if (col_read(c, (enum read_set)r))
				strbuf_putf(&s, "%st.%s", n++ ? ", " : "", ticket_cols[c].name);
		strbuf_puts(&s, FROM_TICKETS);
		*(r == READ_FULL   ? &select_sql
		  : r == READ_LIST ? &summary_sql
				   : &sweep_sql) = strbuf_detach(&s, NULL);
	}
	strbuf_putf(&s, "%s WHERE t.ticket_id = $1", select_sql);
	select_by_id_sql = strbuf_detach(&s, NULL);
	strbuf_putf(&s, "%s WHERE t.number = $1", select_sql);
	select_by_number_sql = strbuf_detach(&s, NULL);
	strbuf_putf(&s, "%s FOR UPDATE OF t", select_by_id_sql);
	lock_by_id_sql = strbuf_detach(&s, NULL);
	strbuf_putf(&s, "%s FOR UPDATE OF t", select_by_number_sql);
	lock_by_number_sql = strbuf_detach(&s, NULL);

	for (int by_number = 0; by_number < 3; by_number++) {
		strbuf_puts(&s, "SELECT ");
		n = 0;
		for (int c = 0; c < TC__MAX && by_number < 2; c++)
			strbuf_putf(&s, "%st.%s", n++ ? ", " : "", ticket_cols[c].name);
		strbuf_putf(&s, "%s" PAGE_COLS FROM_TICKETS PAGE_JOIN "WHERE t.%s = $1",
			    n ? ", " : "", by_number == 1 ? "number" : "ticket_id");
		*(by_number == 0   ? &page_by_id_sql
		  : by_number == 1 ? &page_by_number_sql
				   : &extras_sql) = strbuf_detach(&s, NULL);
	}

	strbuf_puts(&s, "INSERT INTO tickets (");
	n = 0;
	for (int c = 0; c < TC__MAX; c++)
		if (ticket_cols[c].flags & COL_INSERT)
			strbuf_putf(&s, "%s%s", n++ ? ", " : "", ticket_cols[c].name);
	strbuf_puts(&s, ") VALUES (");
	for (int i = 1; i <= n; i++)
		strbuf_putf(&s, "%s$%d", i > 1 ? ", " : "", i);
	/* The row as inserted, every column in table order as select_sql reads them: a new
	 * ticket's page is made from it (store_ticket_create) instead of read back. */
	strbuf_puts(&s, ") RETURNING ");
	for (int c = 0; c < TC__MAX; c++)
		strbuf_putf(&s, "%s%s", c ? ", " : "", ticket_cols[c].name);
	insert_sql = strbuf_detach(&s, NULL);
	/* PostgreSQL's creation in one statement (store_ticket_create): the next number, the
	 * insert with the number formatted as ticket_number_format does, both counts as
	 * count_add writes them, the "created" event and the text index's row
	 * (migrations/postgresql/0018); it returns the row as inserted, every
	 * column in table order as select_sql reads them.  The COL_INSERT columns but the
	 * number are $1..$n, then (create_marks) kind, status, priority rank, assignee or 0,
	 * the number's prefix, the event's time and its actor or NULL. */
	n = 0;
	for (int c = 0; c < TC__MAX; c++)
		n += (ticket_cols[c].flags & COL_INSERT) && c != TC_NUMBER;
	put_marked(&s,
		   "WITH n AS (UPDATE ticket_counters SET last_number = last_number + 1 WHERE "
		   "kind = $K RETURNING $P::text || '-' || CASE WHEN last_number < 1000000 THEN "
		   "lpad(last_number::text, 6, '0') ELSE last_number::text END AS number), t AS "
		   "(INSERT INTO tickets (",
		   n);
	for (int c = 0, i = 0; c < TC__MAX; c++)
		if (ticket_cols[c].flags & COL_INSERT)
			strbuf_putf(&s, "%s%s", i++ ? ", " : "", ticket_cols[c].name);
	strbuf_puts(&s, ") SELECT ");
	for (int c = 0, i = 0, k = 0; c < TC__MAX; c++)
		if (ticket_cols[c].flags & COL_INSERT) {
			strbuf_puts(&s, i++ ? ", " : "");
			if (c == TC_NUMBER)
				strbuf_puts(&s, "n.number");
			else
				strbuf_putf(&s, "$%d", ++k);
		}
	strbuf_puts(&s, " FROM n RETURNING ");
	for (int c = 0; c < TC__MAX; c++)
		strbuf_putf(&s, "%s%s", c ? ", " : "", ticket_cols[c].name);
	put_marked(&s,
		   "), c AS (INSERT INTO ticket_counts (kind, "
		   "status, priority_rank, n) SELECT $K, $S, $R, 1 FROM t ON CONFLICT (kind, "
		   "status, priority_rank) DO UPDATE SET n = ticket_counts.n + excluded.n), a AS "
		   "(INSERT INTO ticket_assignee_counts (kind, assigned_to, status, priority_rank, "
		   "n) SELECT $K, $A, $S, $R, 1 FROM t ON CONFLICT (kind, assigned_to, status, "
		   "priority_rank) DO UPDATE SET n = ticket_assignee_counts.n + excluded.n), e AS "
		   "(INSERT INTO ticket_events (ticket_id, at, actor_id, type, field, old_value, "
		   "new_value, comment_id, note) SELECT ticket_id, $T, $U, 'created', NULL, NULL, "
		   "number, NULL, NULL FROM t), s AS (INSERT INTO ticket_search (ticket_id, "
		   "kind, search) SELECT ticket_id, kind, ticket_search_words(number, "
		   "customer_name, so_id, invoice_id, woo_order_number, title, description) FROM "
		   "t) SELECT ",
		   n);
	for (int c = 0; c < TC__MAX; c++)
		strbuf_putf(&s, "%s%s", c ? ", " : "", ticket_cols[c].name);
	strbuf_puts(&s, " FROM t");
	create_sql = strbuf_detach(&s, NULL);
	memcpy(ticket_sql,
	       (const char * [TICKET_EXTRAS + 1]){select_by_id_sql, select_by_number_sql,
						  insert_sql, page_by_id_sql, page_by_number_sql,
						  extras_sql},
	       sizeof(*ticket_sql) * (TICKET_EXTRAS + 1));
}

static void ticket_sql_build(void)
{
	pthread_once(&sql_once, sql_build);
}

static const char *select_all(bool full)
{
	pthread_once(&sql_once, sql_build);
	return full ? select_sql : summary_sql;
}

/* One row of select_all(full) into *t, column by column; then the joined names (a list row
 * leaves out the creator's). */
static void ticket_read(struct db_stmt *st, struct arena *a, struct ticket *t, enum read_set r)
{
	bool full = r == READ_FULL;
	int i = 0;

	memset(t, 0, sizeof(*t));
	for (int c = 0; c < TC__MAX; c++) {
		struct col_value v = {0};

		if (!col_read(c, r))
			continue;
		enum col_type type = ticket_cols[c].type;

		/* db_text is NULL and db_int 0 for NULL: only some types ask db_null. */
		if (col_type_text(type)) {
			v.s = db_text(st, i);
			v.null = !v.s;
		} else {
			v.null = col_type_null_apart(type) && db_null(st, i);
			v.i = v.null ? 0 : db_int(st, i);
		}
		ticket_col_set(t, (enum tcol)c, &v, a);
		i++;
	}
	t->created_by_name = full ? store_user_name(db_stmt_db(st), a, t->created_by) : NULL;
	t->assigned_to_name = store_user_name(db_stmt_db(st), a, t->assigned_to);
	t->team_name = store_team_name(db_stmt_db(st), a, t->team_id);
}

/* How many columns ticket_read reads for r. */
static int read_width(enum read_set r)
{
	int n = 0;

	for (int c = 0; c < TC__MAX; c++)
		n += col_read(c, r);
	return n;
}

/* Binds column c of t to parameter idx. */
static int bind_col(struct db_stmt *st, int idx, const struct ticket *t, int c)
{
	struct col_value v;

	ticket_col_get(t, (enum tcol)c, &v);
	if (v.null)
		return db_bind_text(st, idx, NULL);
	if (col_type_text(ticket_cols[c].type))
		return db_bind_text(st, idx, v.s);
	return db_bind_int(st, idx, v.i);
}

static int bind_opt_int(struct db_stmt *st, int idx, int64_t v, bool present)
{
	return present ? db_bind_int(st, idx, v) : db_bind_text(st, idx, NULL);
}

enum err_code store_ticket_next_number(struct db *db, enum kind k, int64_t *n, struct error *e)
{
	struct db_stmt *st = db_q(db, ticket_sql[TICKET_NEXT_NUMBER], "t", kind_name(k));
	int rc = db_returning_id(st, n);

	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

/* Moves one ticket into (delta 1) or out of (-1) the counts of its kind, status and
 * priority (ticket_counts) and of those and its assignee, 0 for nobody
 * (ticket_assignee_counts), inside the caller's transaction.  Every insert and every change
 * of one of those passes here, so the counts stay exact.  Returns DB_DONE on success. */
static int count_add(struct db *db, const struct ticket *t, int delta)
{
	int rc = db_x(db, ticket_sql[TICKET_COUNT_ADD], "ttii", kind_name(t->kind),
		      status_name(t->status), (int64_t)t->priority_rank, (int64_t)delta);

	if (rc == DB_DONE)
		rc = db_x(db, ticket_sql[TICKET_ASSIGNEE_COUNT_ADD], "titii", kind_name(t->kind),
			  t->assigned_to, status_name(t->status), (int64_t)t->priority_rank,
			  (int64_t)delta);
	return rc;
}

/* The insert of t prepared (insert_sql, or on PostgreSQL create_sql, whose number the
 * statement makes: at_once) with its COL_INSERT columns bound from $1; *idx is the last
 * parameter bound, and a failed bind is or-ed into *rc.  NULL when it does not prepare. */
static struct db_stmt *insert_prepare(struct db *db, const struct ticket *t, bool at_once, int *idx,
				      int *rc)
{
	struct ticket row = *t;
	struct db_stmt *st;

	pthread_once(&sql_once, sql_build);
	row.updated_at = row.created_at;
	st = db_prepare(db, at_once ? create_sql : insert_sql);
	for (int c = 0; st && c < TC__MAX; c++)
		if ((ticket_cols[c].flags & COL_INSERT) && !(at_once && c == TC_NUMBER))
			*rc |= bind_col(st, ++*idx, &row, c);
	return st;
}

/* store_ticket_insert, and the row as inserted into *row when not NULL. */
static enum err_code insert_row(struct db *db, struct arena *a, const struct ticket *t, int64_t *id,
				struct ticket *row, struct error *e)
{
	struct db_stmt *st;
	int rc = DB_OK, idx = 0;

	if (db_search_defer(db) != DB_OK)
		return db_failed(e);
	st = insert_prepare(db, t, false, &idx, &rc);
	if (!st)
		return db_failed(e);
	if (rc != DB_OK) {
		db_done(st);
		return db_failed(e);
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_int(st, TC_ID);
		if (row)
			ticket_read(st, a, row, READ_FULL);
	}
	db_done(st);
	if (rc == DB_ROW && count_add(db, t, 1) != DB_DONE)
		rc = DB_ERROR;
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_ticket_insert(struct db *db, const struct ticket *t, int64_t *id,
				  struct error *e)
{
	return insert_row(db, NULL, t, id, NULL, e);
}

/* PostgreSQL: store_ticket_create's statements in one (create_sql), which returns the row
 * as inserted: into *row when not NULL. */
static enum err_code create_at_once(struct db *db, struct arena *a, struct ticket *t,
				    const struct ticket_event *created, int64_t *id,
				    struct ticket *row, struct error *e)
{
	struct db_stmt *st;
	int rc = DB_OK, idx = 0;

	st = insert_prepare(db, t, true, &idx, &rc);
	if (!st)
		return db_failed(e);
	rc |= db_bind_text(st, ++idx, kind_name(t->kind));
	rc |= db_bind_text(st, ++idx, status_name(t->status));
	rc |= db_bind_int(st, ++idx, t->priority_rank);
	rc |= db_bind_int(st, ++idx, t->assigned_to);
	rc |= db_bind_text(st, ++idx, kind_prefix(t->kind));
	rc |= db_bind_int(st, ++idx, created->at);
	rc |= bind_opt_int(st, ++idx, created->actor_id, created->actor_id != 0);
	if (rc != DB_OK) {
		db_done(st);
		return db_failed(e);
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_int(st, TC_ID);
		t->number = arena_strdup(a, db_text(st, TC_NUMBER));
		if (row)
			ticket_read(st, a, row, READ_FULL);
	}
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_ticket_create(struct db *db, struct arena *a, struct ticket *t,
				  const struct ticket_event *created, int64_t *id,
				  struct ticket *row, struct error *e)
{
	struct ticket_event ev = *created;
	char number[32];
	int64_t n;
	enum err_code rc;

	/* On PostgreSQL each statement is a round trip on the writers' connection, where the
	 * creations of a group wait in line: five became one. */
	if (db_ops_of(db)->dialect == DIALECT_POSTGRES)
		return create_at_once(db, a, t, created, id, row, e);
	rc = store_ticket_next_number(db, t->kind, &n, e);
	if (rc)
		return rc;
	ticket_number_format(t->kind, n, number, sizeof(number));
	t->number = arena_strdup(a, number);
	rc = insert_row(db, a, t, id, row, e);
	ev.new_value = t->number;
	return rc ? rc : store_event_add(db, &ev, *id, e);
}

enum err_code store_ticket_update(struct db *db, const struct ticket *b, const struct ticket *a,
				  int64_t now, int *changed, struct error *e)
{
	enum tcol c[TC__MAX];
	int n = ticket_diff(b, a, c);

	*changed = n;
	if (!n)
		return ERR_OK;

	struct strbuf sql;

	strbuf_init(&sql, 0);
	strbuf_puts(&sql, "UPDATE tickets SET ");
	for (int i = 0; i < n; i++)
		strbuf_putf(&sql, "%s = $%d, ", ticket_cols[c[i]].name, i + 1);
	strbuf_putf(&sql, "updated_at = $%d WHERE ticket_id = $%d", n + 1, n + 2);

	struct db_stmt *st = db_prepare(db, sql.buf);
	int rc = DB_OK;

	strbuf_release(&sql);
	if (!st)
		return db_failed(e);
	for (int i = 0; i < n; i++)
		rc |= bind_col(st, i + 1, a, c[i]);
	rc |= db_bind_int(st, n + 1, now);
	rc |= db_bind_int(st, n + 2, a->id);
	if (rc == DB_OK)
		rc = db_step(st);
	db_done(st);
	if (rc == DB_DONE &&
	    (b->status != a->status || b->priority_rank != a->priority_rank ||
	     b->assigned_to != a->assigned_to) &&
	    (count_add(db, b, -1) != DB_DONE || count_add(db, a, 1) != DB_DONE))
		rc = DB_ERROR;
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_ticket_touch(struct db *db, int64_t id, int64_t now, struct error *e)
{
	if (db_x(db, ticket_sql[TICKET_TOUCH], "ii", now, id) != DB_DONE)
		return db_failed(e);
	return ERR_OK;
}

/* The PAGE_COLS of the current row, from column col on. */
static void extras_read(struct db_stmt *st, int col, struct arena *a, struct ticket_extras *x)
{
	memset(x, 0, sizeof(*x));
	x->root_cause = db_text_or_null(a, st, col);
	x->root_cause_note = db_text_or_null(a, st, col + 1);
	x->photo_count = db_int(st, col + 2);
	x->pending_approval = db_int(st, col + 3);
	/* farms' name is NOT NULL: a batch whose farm is not known is not shown, as a batch
	 * read alone (store_batch_get) is not. */
	x->has_batch = !db_null(st, col + 4) && !db_null(st, col + 7);
	if (x->has_batch)
		store_batch_read_at(st, col + 4, a, &x->batch);
}

static enum err_code get_one(struct db *db, struct arena *a, const char *sql, int64_t id,
			     const char *text, struct ticket *out, struct ticket_extras *x,
			     struct error *e)
{
	struct db_stmt *st = text ? db_q(db, sql, "t", text) : db_q(db, sql, "i", id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW && out)
		ticket_read(st, a, out, READ_FULL);
	if (rc == DB_ROW && x)
		extras_read(st, out ? TC__MAX : 0, a, x);
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no such ticket")
				     : db_failed(e);
	if (x && x->has_batch)
		return store_batch_grades(db, a, &x->batch, e);
	return ERR_OK;
}

enum err_code store_ticket_get(struct db *db, struct arena *a, int64_t id, struct ticket *out,
			       struct error *e)
{
	pthread_once(&sql_once, sql_build);
	return get_one(db, a, db_lock_rows(db) ? lock_by_id_sql : select_by_id_sql, id, NULL, out,
		       NULL, e);
}

enum err_code store_ticket_by_number(struct db *db, struct arena *a, const char *number,
				     struct ticket *out, struct error *e)
{
	pthread_once(&sql_once, sql_build);
	return get_one(db, a, db_lock_rows(db) ? lock_by_number_sql : select_by_number_sql, 0,
		       number, out, NULL, e);
}

enum err_code store_ticket_page(struct db *db, struct arena *a, int64_t id, const char *number,
				struct ticket *out, struct ticket_extras *x, struct error *e)
{
	pthread_once(&sql_once, sql_build);
	return get_one(db, a, number ? page_by_number_sql : page_by_id_sql, id, number, out, x, e);
}

enum err_code store_ticket_extras(struct db *db, struct arena *a, int64_t id,
				  struct ticket_extras *x, struct error *e)
{
	pthread_once(&sql_once, sql_build);
	return get_one(db, a, extras_sql, id, NULL, NULL, x, e);
}

static const char *const sort_cols[SORT__MAX] = {"t.created_at", "t.updated_at", "t.priority_rank",
						 "t.sla_due_at"};

/* Whether a list is led by the text index: a search in creation order walks the index's
 * matches newest first instead of building the whole set of matches (a common word matches
 * tens of thousands of tickets).  Ticket ids grow with creation, so the order is the same. */
static bool search_led(const struct ticket_query *q)
{
	return q->search && q->sort == SORT_CREATED && !q->kinds;
}

/* The search as the engine's text query (search.h). */
static const char *search_text(struct db *db, struct arena *a, const struct ticket_query *q)
{
	const char *m = db_ops_of(db)->dialect == DIALECT_SQLITE ? search_fts5_query(a, q->search)
								 : search_tsquery(a, q->search);

	return m ? m : "\"\"";
}

/* The search's condition on parameter $n, as build_where writes it. */
static const char *search_cond(struct db *db, const struct ticket_query *q, int n, char *buf,
			       size_t len)
{
	const char *kind = kind_name(q->kind);

	return search_led(q) ? db_ops_of(db)->search_match(kind, n, buf, len)
			     : db_ops_of(db)->search_predicate(kind, n, buf, len);
}

static void search_kinds(struct db *db, struct arena *a, const struct ticket_query *q,
			 struct where *w)
{
	char buf[DB_SEARCH_SQL_LEN];
	int n = where_text(w, search_text(db, a, q)), i = 0;

	strbuf_puts(&w->sql, " AND (");
	for (int k = 0; k < KIND__MAX; k++)
		if (q->kinds & KB(k))
			strbuf_putf(
			    &w->sql, "%s%s", i++ ? " OR " : "",
			    db_ops_of(db)->search_predicate(kind_name(k), n, buf, sizeof(buf)));
	strbuf_puts(&w->sql, ")");
}

/* Appends the condition that the assignee is user: on PostgreSQL as a value the planner
 * cannot see (a subquery's), so that a list by assignee keeps one generic plan.  With the
 * value in sight each run was planned for it (an assignee's share of the tickets differs,
 * and a plan made for a busy agent's looked cheaper than the generic one): 0.27 ms of
 * planning a page, as much as the page's own work. */
static void assignee_is(struct db *db, struct where *w, int64_t user)
{
	int n = where_int(w, user);

	if (db_ops_of(db)->dialect == DIALECT_POSTGRES)
		strbuf_putf(&w->sql, " AND t.assigned_to = (SELECT CAST($%d AS BIGINT))", n);
	else
		strbuf_putf(&w->sql, " AND t.assigned_to = $%d", n);
}

/* The list's WHERE clause (with " WHERE ") and its parameters into w. */
static void build_where(struct db *db, struct arena *a, const struct ticket_query *q,
			struct where *w)
{
	char buf[DB_SEARCH_SQL_LEN];

	if (q->kinds) {
		strbuf_puts(&w->sql, " WHERE ");
		where_kinds(w, q->kinds & ~q->own_kinds, q->kinds & q->own_kinds, q->own_user);
	} else {
		/* The kind as a literal (a name from the kinds' table, never a client's text), as
		 * the search's own condition has it: PostgreSQL's plan for a statement with the
		 * kind as a parameter guesses a third of the tickets and costs more than one made
		 * for the value, so that such a list was planned again every time it ran; with
		 * the kind in the text a list of a whole kind has no parameter but its limit's
		 * number, and its one plan is kept (0.36 -> 0.18 ms of the server's CPU a page). */
		strbuf_putf(&w->sql, " WHERE t.kind = '%s'", kind_name(q->kind));
	}
	if (q->open)
		strbuf_puts(&w->sql, " AND t.status NOT IN ('resolved', 'closed')");
	if (q->status >= 0)
		strbuf_putf(&w->sql, " AND t.status = $%d", where_text(w, status_name(q->status)));
	if (q->priority_rank >= 0)
		strbuf_putf(&w->sql, " AND t.priority_rank = $%d", where_int(w, q->priority_rank));
	if (q->category)
		strbuf_putf(&w->sql, " AND t.category = $%d", where_text(w, q->category));
	if (q->customer_id)
		strbuf_putf(&w->sql, " AND t.customer_id = $%d", where_text(w, q->customer_id));
	if (q->assigned_to > 0)
		assignee_is(db, w, q->assigned_to);
	else if (q->assigned_to < 0)
		strbuf_puts(&w->sql, " AND t.assigned_to IS NULL");
	if (q->team_id)
		strbuf_putf(&w->sql, " AND t.team_id = $%d", where_int(w, q->team_id));
	if (q->team_member)
		strbuf_putf(
		    &w->sql,
		    " AND t.team_id IN (SELECT team_id FROM team_members WHERE user_id = $%d)",
		    where_int(w, q->team_member));
	if (q->release_id)
		strbuf_putf(&w->sql, " AND t.release_id = $%d", where_int(w, q->release_id));
	if (q->on_roadmap)
		strbuf_puts(&w->sql, " AND t.on_roadmap = 1");
	if (q->created_by)
		strbuf_putf(&w->sql, " AND t.created_by = $%d", where_int(w, q->created_by));
	if (q->created_from)
		strbuf_putf(&w->sql, " AND t.created_at >= $%d", where_int(w, q->created_from));
	if (q->created_to)
		strbuf_putf(&w->sql, " AND t.created_at < $%d", where_int(w, q->created_to));
	if (q->overdue == 1)
		strbuf_putf(&w->sql, " AND t.sla_due_at <= $%d", where_int(w, q->now));
	else if (q->overdue == 2)
		strbuf_putf(&w->sql, " AND (t.sla_due_at IS NULL OR t.sla_due_at > $%d)",
			    where_int(w, q->now));
	if (q->sort == SORT_SLA_DUE)
		strbuf_puts(&w->sql, " AND t.sla_due_at IS NOT NULL");
	if (q->within_policy_window >= 0)
		strbuf_putf(&w->sql, " AND t.within_policy_window = $%d",
			    where_int(w, q->within_policy_window));
	if (q->search && q->kinds) {
		search_kinds(db, a, q, w);
	} else if (q->search) {
		int n = where_text(w, search_text(db, a, q));

		strbuf_putf(&w->sql, " AND %s", search_cond(db, q, n, buf, sizeof(buf)));
	}
}

/* When the WHERE clause filters on nothing but the kind, status, priority and assignee, the
 * query that sums the kept counts for it (ticket_counts, or ticket_assignee_counts when the
 * assignee is a filter); otherwise NULL.  The clause build_where made is compared with one
 * rebuilt from those filters alone: any other filter, including one added later, makes the
 * total a count of the rows.  The parameters are the same; only "nobody" is 0 in the counts
 * where it is NULL in tickets. */
static char *counts_sql(struct db *db, struct arena *a, const struct ticket_query *q,
			const char *where)
{
	struct where w;
	char *sql = NULL;
	const char *table = q->assigned_to ? "ticket_assignee_counts" : "ticket_counts";

	where_init(&w);
	strbuf_putf(&w.sql, " WHERE t.kind = '%s'", kind_name(q->kind));
	if (q->status >= 0)
		strbuf_putf(&w.sql, " AND t.status = $%d", where_text(&w, status_name(q->status)));
	if (q->priority_rank >= 0)
		strbuf_putf(&w.sql, " AND t.priority_rank = $%d", where_int(&w, q->priority_rank));
	if (q->assigned_to > 0)
		assignee_is(db, &w, q->assigned_to);
	if (strcmp(w.sql.buf, where) == 0)
		sql = arena_printf(a, "SELECT coalesce(sum(t.n), 0) FROM %s t%s", table, w.sql.buf);
	else if (q->assigned_to < 0 && strncmp(where, w.sql.buf, w.sql.len) == 0 &&
		 strcmp(where + w.sql.len, " AND t.assigned_to IS NULL") == 0)
		sql = arena_printf(a,
				   "SELECT coalesce(sum(t.n), 0) FROM %s t%s AND t.assigned_to = 0",
				   table, w.sql.buf);
	where_release(&w);
	return sql;
}

/* When the WHERE clause filters on nothing but the kind and the search, and the engine
 * keeps a text index per kind (db.h, search_index), the capped count of the matches read
 * from that index alone, on parameter $1: the search text, build_where's only parameter
 * then.  Otherwise NULL.  Compared like counts_sql: any other filter
 * keeps the tickets in the count. */
static char *index_count(struct db *db, struct arena *a, const struct ticket_query *q,
			 const char *where)
{
	const struct db_ops *ops = db_ops_of(db);
	struct where w;
	char buf[DB_SEARCH_SQL_LEN], index[64];
	char *sql = NULL;

	if (!ops->search_index || !q->search || !q->count_cap)
		return NULL;
	where_init(&w);
	strbuf_putf(&w.sql, " WHERE t.kind = '%s'", kind_name(q->kind));
	strbuf_putf(&w.sql, " AND %s", search_cond(db, q, where_text(&w, ""), buf, sizeof(buf)));
	if (strcmp(w.sql.buf, where) == 0)
		sql =
		    arena_printf(a, "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s LIMIT %lld) c",
				 ops->search_index(kind_name(q->kind), index, sizeof(index)),
				 ops->search_match(kind_name(q->kind), 1, buf, sizeof(buf)),
				 (long long)q->count_cap);
	where_release(&w);
	return sql;
}

/* The name of a count for count_memo: its statement, then each parameter as its type and its
 * value (a text with its length first, so that no two lists of texts read the same). */
static void count_key(struct strbuf *key, const char *sql, const struct where *w)
{
	strbuf_puts(key, sql);
	for (int i = 0; i < w->n; i++) {
		if (w->type[i] == 'i')
			strbuf_putf(key, "|i%lld", (long long)w->i[i]);
		else
			strbuf_putf(key, "|t%zu:%s", w->t[i] ? strlen(w->t[i]) : 0,
				    w->t[i] ? w->t[i] : "");
	}
}

enum err_code store_ticket_list(struct db *db, struct arena *a, const struct ticket_query *q,
				struct ticket **out, int *n, int64_t *total, bool *more,
				struct error *e)
{
	struct where where;
	struct strbuf sql;
	const char *col = sort_cols[q->sort < SORT__MAX ? q->sort : SORT_CREATED];
	char source[DB_SEARCH_SQL_LEN];
	const char *dir = q->ascending ? "ASC" : "DESC";
	int rc = DB_OK;
	enum err_code ret = ERR_OK;

	*n = 0;
	*more = false;
	*total = 0;
	where_init(&where);
	strbuf_init(&sql, 0);
	build_where(db, a, q, &where);

	/* The total, without the cursor: a list of a whole kind has a million rows to count, so
	 * the kind, status, priority and assignee filters read ticket_counts instead, and a
	 * search of one kind counts its first matches in the text index. */
	const char *counts = counts_sql(db, a, q, where.sql.buf);
	const char *in_index = counts ? NULL : index_count(db, a, q, where.sql.buf);
	/* The kept counts' sum goes along with the page as its last column (computed once, the
	 * same parameters): one statement, where each is a round trip on PostgreSQL.  Only a
	 * page without rows (past the last) counts apart. */
	bool along = counts && !q->no_total && !search_led(q);
	int nfilters = where.n; /* the parameters before the cursor's */

	if (along) {
		/* nothing to count first */
	} else if (counts) {
		strbuf_puts(&sql, counts);
	} else if (in_index) {
		strbuf_puts(&sql, in_index);
	} else if (q->count_cap) {
		strbuf_putf(&sql, "SELECT count(*) FROM (SELECT 1 FROM %s%s LIMIT %lld) c",
			    search_led(q) ? db_ops_of(db)->search_source(kind_name(q->kind), source,
									 sizeof(source))
					  : "tickets t",
			    where.sql.buf, (long long)q->count_cap);
	} else {
		strbuf_putf(&sql, "SELECT count(*) FROM tickets t%s", where.sql.buf);
	}
	/* A search's count in the text index alone (of one kind, nothing else filtered) that
	 * reached its cap a moment ago is not read again (count_memo.h): only an edit of the
	 * text of hundreds of its matches could bring it under.  With other filters (open,
	 * status, assignee) a bulk change could, so those are counted each time. */
	struct strbuf key;
	bool capped = in_index && !q->no_total;

	strbuf_init(&key, 0);
	if (capped)
		count_key(&key, sql.buf, &where);
	bool known = capped && count_memo_capped(key.buf, key.len, metrics_now_ns());
	struct db_stmt *st = q->no_total || along || known ? NULL : db_prepare(db, sql.buf);

	if (!q->no_total && !along && !known &&
	    (!st || where_bind(&where, st) != DB_OK || db_step(st) != DB_ROW)) {
		db_done(st);
		strbuf_release(&key);
		ret = db_failed(e);
		goto out;
	}
	*total = known ? q->count_cap : st ? db_int(st, 0) : 0;
	db_done(st);
	if (capped && !known && *total >= q->count_cap)
		count_memo_add(key.buf, key.len, metrics_now_ns());
	strbuf_release(&key);

	strbuf_reset(&sql);
	if (search_led(q)) {
		/* The same columns, from the index joined to the tickets, in the index's order. */
		const char *all = select_all(q->full), *from = strstr(all, " FROM tickets t ");
		char rowid_buf[64];
		const char *rowid =
		    db_ops_of(db)->search_rowid(kind_name(q->kind), rowid_buf, sizeof(rowid_buf));

		strbuf_putf(
		    &sql, "%.*s FROM %s %s%s", (int)(from - all), all,
		    db_ops_of(db)->search_source(kind_name(q->kind), source, sizeof(source)),
		    from + strlen(" FROM tickets t "), where.sql.buf);
		if (q->has_cursor)
			strbuf_putf(&sql, " AND %s %s $%d", rowid, q->ascending ? ">" : "<",
				    where_int(&where, q->cursor_id));
		strbuf_putf(&sql, " ORDER BY %s %s LIMIT %d", rowid, dir, q->limit + 1);
		goto query;
	}
	if (along) {
		const char *all = select_all(q->full), *from = strstr(all, FROM_TICKETS);

		strbuf_putf(&sql, "%.*s, (%s)%s%s", (int)(from - all), all, counts, from,
			    where.sql.buf);
	} else {
		strbuf_putf(&sql, "%s%s", select_all(q->full), where.sql.buf);
	}
	if (q->has_cursor) {
		int k = where_int(&where, q->cursor_key);
		int i = where_int(&where, q->cursor_id);

		strbuf_putf(&sql, " AND (%s, t.ticket_id) %s ($%d, $%d)", col,
			    q->ascending ? ">" : "<", k, i);
	}
	/* The limit is written into the text (a number of ours, at most a page): PostgreSQL
	 * plans a LIMIT $n for an unknown share of the rows, so that the statement's generic
	 * plan never looked as cheap as one made for the values, and every list was planned
	 * again each time it ran (0.1 to 0.2 ms a page).  With the number in the text the
	 * generic plan is the one chosen after the fifth run, and a page is one index walk. */
	strbuf_putf(&sql, " ORDER BY %s %s, t.ticket_id %s LIMIT %d", col, dir, dir, q->limit + 1);
query:
	st = db_prepare(db, sql.buf);
	if (!st || where_bind(&where, st) != DB_OK) {
		db_done(st);
		ret = db_failed(e);
		goto out;
	}
	*out = arena_alloc(a, sizeof(**out) * (size_t)(q->limit + 1));
	while ((rc = db_step(st)) == DB_ROW) {
		if (along && !*n)
			*total = db_int(st, read_width(q->full ? READ_FULL : READ_LIST));
		if (*n == q->limit) {
			*more = true;
			break;
		}
		ticket_read(st, a, &(*out)[(*n)++], q->full ? READ_FULL : READ_LIST);
	}
	db_done(st);
	if (rc == DB_ERROR) {
		ret = db_failed(e);
	} else if (along && !*n) {
		/* No row to carry the total: the counts alone (a page past the last), on the
		 * filters' parameters (a view of them: the clause stays where's). */
		struct where filters = where;

		filters.n = nfilters;
		st = db_prepare(db, counts);
		if (!st || where_bind(&filters, st) != DB_OK || db_step(st) != DB_ROW)
			ret = db_failed(e);
		else
			*total = db_int(st, 0);
		db_done(st);
	}
out:
	where_release(&where);
	strbuf_release(&sql);
	return ret;
}

enum err_code store_ticket_claim_due(struct db *db, struct arena *a, int64_t now,
				     const struct due_key *after, int max, struct ticket **out,
				     int *n, struct error *e)
{
	struct strbuf sql;
	struct db_stmt *st;
	int rc;

	pthread_once(&sql_once, sql_build);
	strbuf_init(&sql, 0);
	/* Straight off the index on (next_check_at, ticket_id), in its order: no sort (on
	 * SQLite the form with the ids in a subquery sorted the batch's whole rows again, a
	 * fifth of the sweep's instructions). */
	strbuf_putf(&sql,
		    "%s WHERE t.next_check_at IS NOT NULL AND t.next_check_at <= $1 AND "
		    "(t.next_check_at, t.ticket_id) > ($3, $4) "
		    "ORDER BY t.next_check_at, t.ticket_id LIMIT $2%s",
		    sweep_sql, db_ops_of(db)->claim_rows);
	st = db_q(db, sql.buf, "iiii", now, (int64_t)max, after->at, after->id);
	strbuf_release(&sql);
	*n = 0;
	if (!st)
		return db_failed(e);
	*out = arena_alloc(a, sizeof(**out) * (size_t)(max ? max : 1));
	while (*n < max && (rc = db_step(st)) == DB_ROW)
		ticket_read(st, a, &(*out)[(*n)++], READ_SWEEP);
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}

/* The most parameters one statement of a batch binds: well under DB_MAX_PARAMS, and a
 * statement SQLite compiles in a moment. */
#define BATCH_PARAMS 6000

/* Count deltas gathered over many changes, applied once per distinct key: per kind, status
 * and priority (ticket_counts), and per those and the assignee (ticket_assignee_counts). */
struct count_key {
	const struct ticket *t;
	int delta;
};

struct count_keys {
	int n[2];		/* keys of each table */
	struct count_key *k[2]; /* [0] ticket_counts, [1] ticket_assignee_counts */
};

static bool same_key(const struct ticket *x, const struct ticket *y, bool assignee)
{
	return x->kind == y->kind && x->status == y->status &&
	       x->priority_rank == y->priority_rank &&
	       (!assignee || x->assigned_to == y->assigned_to);
}

static void count_gather(struct count_keys *ck, const struct ticket *t, int delta)
{
	for (int tab = 0; tab < 2; tab++) {
		struct count_key *keys = ck->k[tab];
		int i = 0;

		while (i < ck->n[tab] && !same_key(keys[i].t, t, tab))
			i++;
		if (i == ck->n[tab])
			keys[ck->n[tab]++] = (struct count_key){t, 0};
		keys[i].delta += delta;
	}
}

/* The gathered deltas, a statement per table and BATCH_PARAMS: an upsert of many rows (the
 * keys are distinct, as PostgreSQL's ON CONFLICT needs).  Returns DB_DONE on success. */
static int count_apply(struct db *db, const struct count_keys *ck)
{
	static const char *const head[2] = {
	    "INSERT INTO ticket_counts (kind, status, priority_rank, n) VALUES ",
	    "INSERT INTO ticket_assignee_counts (kind, assigned_to, status, priority_rank, n) "
	    "VALUES "};
	static const char *const tail[2] = {
	    " ON CONFLICT (kind, status, priority_rank) DO UPDATE SET n = ticket_counts.n + "
	    "excluded.n",
	    " ON CONFLICT (kind, assigned_to, status, priority_rank) DO UPDATE SET n = "
	    "ticket_assignee_counts.n + excluded.n"};
	int rc = DB_DONE;

	for (int tab = 0; rc == DB_DONE && tab < 2; tab++) {
		int width = tab ? 5 : 4, from = 0;

		while (rc == DB_DONE && from < ck->n[tab]) {
			struct strbuf sql;
			struct db_stmt *st;
			int rows = 0, p = 0, brc = DB_OK;

			strbuf_init(&sql, 0);
			strbuf_puts(&sql, head[tab]);
			for (int i = from; i < ck->n[tab] && (rows + 1) * width <= BATCH_PARAMS;
			     i++) {
				if (!ck->k[tab][i].delta)
					continue;
				strbuf_puts(&sql, rows++ ? ", (" : "(");
				for (int c = 1; c <= width; c++)
					strbuf_putf(&sql, "%s$%d", c > 1 ? ", " : "", p + c);
				strbuf_puts(&sql, ")");
				p += width;
			}
			strbuf_puts(&sql, tail[tab]);
			st = rows ? db_prepare(db, sql.buf) : NULL;
			strbuf_release(&sql);
			if (rows && !st)
				return DB_ERROR;
			p = 0;
			for (; from < ck->n[tab] && p < rows * width; from++) {
				const struct count_key *k = &ck->k[tab][from];

				if (!k->delta)
					continue;
				brc |= db_bind_text(st, ++p, kind_name(k->t->kind));
				if (tab)
					brc |= db_bind_int(st, ++p, k->t->assigned_to);
				brc |= db_bind_text(st, ++p, status_name(k->t->status));
				brc |= db_bind_int(st, ++p, k->t->priority_rank);
				brc |= db_bind_int(st, ++p, k->delta);
			}
			while (from < ck->n[tab] && !ck->k[tab][from].delta)
				from++;
			if (st) {
				rc = brc == DB_OK ? db_step(st) : DB_ERROR;
				db_done(st);
			}
		}
	}
	return rc;
}

/* The SQL type a column's values are cast to in a VALUES list, so that both engines read
 * each column alike whatever its first row holds (a NULL, say). */
static const char *col_sql_type(int c)
{
	return col_type_text(ticket_cols[c].type) ? "TEXT" : "BIGINT";
}

/* The UPDATE for `rows` tickets: every column any of them changed.  One ticket: by its id.
 * Several: set from a VALUES list joined on the ticket id (UPDATE ... FROM, in SQLite since
 * 3.33 and in PostgreSQL), so that they cost one statement.  A column a ticket did not
 * change is written with the value it has.  Parameters: $1 the time, then each row's id and
 * columns. */
static void update_sql(struct strbuf *sql, int rows, const enum tcol *cols, int ncols)
{
	int p = 1;

	strbuf_puts(sql, "UPDATE tickets SET ");
	if (rows == 1) {
		for (int k = 0; k < ncols; k++)
			strbuf_putf(sql, "%s = $%d, ", ticket_cols[cols[k]].name, k + 3);
		strbuf_puts(sql, "updated_at = $1 WHERE ticket_id = $2");
		return;
	}
	for (int k = 0; k < ncols; k++)
		strbuf_putf(sql, "%s = v.column%d, ", ticket_cols[cols[k]].name, k + 2);
	strbuf_puts(sql, "updated_at = $1 FROM (VALUES ");
	for (int r = 0; r < rows; r++) {
		strbuf_putf(sql, "%s(CAST($%d AS BIGINT)", r ? ", " : "", ++p);
		for (int k = 0; k < ncols; k++)
			strbuf_putf(sql, ", CAST($%d AS %s)", ++p, col_sql_type(cols[k]));
		strbuf_puts(sql, ")");
	}
	strbuf_puts(sql, ") AS v WHERE tickets.ticket_id = v.column1");
}

/* Runs sql (update_sql for `rows`) for those rows of after.  Returns DB_DONE on success. */
static int update_rows(struct db *db, const char *sql, const struct ticket *after, const int *which,
		       int rows, const enum tcol *cols, int ncols, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql);
	int p = 1, rc;

	if (!st)
		return DB_ERROR;
	rc = db_bind_int(st, p, now);
	for (int r = 0; r < rows; r++) {
		const struct ticket *a = &after[which[r]];

		rc |= db_bind_int(st, ++p, a->id);
		for (int k = 0; k < ncols; k++)
			rc |= bind_col(st, ++p, a, cols[k]);
	}
	rc = rc == DB_OK ? db_step(st) : DB_ERROR;
	db_done(st);
	return rc;
}

enum err_code store_ticket_update_many(struct db *db, const struct ticket *before,
				       const struct ticket *after, int n, int64_t now,
				       struct error *e)
{
	struct count_keys ck = {{0, 0},
				{calloc((size_t)(2 * n + 1), sizeof(struct count_key)),
				 calloc((size_t)(2 * n + 1), sizeof(struct count_key))}};
	int *which = calloc((size_t)n + 1, sizeof(*which));
	bool changes[TC__MAX] = {false};
	enum tcol cols[TC__MAX];
	int nwhich = 0, ncols = 0, rc = DB_DONE;

	if (!ck.k[0] || !ck.k[1] || !which) {
		free(ck.k[0]);
		free(ck.k[1]);
		free(which);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	for (int i = 0; i < n; i++) {
		const struct ticket *b = &before[i], *a = &after[i];
		enum tcol c[TC__MAX];
		int nc = ticket_diff(b, a, c);

		if (!nc)
			continue;
		which[nwhich++] = i;
		for (int k = 0; k < nc; k++)
			changes[c[k]] = true;
		if (b->status != a->status || b->priority_rank != a->priority_rank ||
		    b->assigned_to != a->assigned_to) {
			count_gather(&ck, b, -1);
			count_gather(&ck, a, 1);
		}
	}
	for (int c = 0; c < TC__MAX; c++)
		if (changes[c])
			cols[ncols++] = (enum tcol)c;
	int per = db_batch_rows(db, ncols + 1, BATCH_PARAMS - 1), built = 0;
	struct strbuf sql;

	strbuf_init(&sql, 0);
	for (int from = 0, rows; rc == DB_DONE && from < nwhich; from += rows) {
		rows = nwhich - from < per ? nwhich - from : per;
		if (rows != built) { /* the same text for each statement of this size */
			strbuf_release(&sql);
			strbuf_init(&sql, 0);
			update_sql(&sql, rows, cols, ncols);
			built = rows;
		}
		rc = update_rows(db, sql.buf, after, which + from, rows, cols, ncols, now);
	}
	strbuf_release(&sql);
	if (rc == DB_DONE)
		rc = count_apply(db, &ck);
	free(ck.k[0]);
	free(ck.k[1]);
	free(which);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_events_add_many(struct db *db, const struct ticket_event *ev,
				    const int64_t *ticket_ids, int n, struct error *e)
{
	enum { WIDTH = 9 };
	int per = db_batch_rows(db, WIDTH, BATCH_PARAMS), built = 0, rc = DB_DONE;
	struct strbuf sql;

	strbuf_init(&sql, 0);
	for (int from = 0, rows; rc == DB_DONE && from < n; from += rows) {
		rows = n - from < per ? n - from : per;
		if (rows != built) { /* the same text for each statement of this size */
			strbuf_release(&sql);
			strbuf_init(&sql, 0);
			strbuf_puts(&sql,
				    "INSERT INTO ticket_events (ticket_id, at, actor_id, type, "
				    "field, old_value, new_value, comment_id, note) VALUES ");
			for (int r = 0; r < rows; r++) {
				int p = r * WIDTH;

				strbuf_putf(&sql, "%s($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)",
					    r ? ", " : "", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6,
					    p + 7, p + 8, p + 9);
			}
			built = rows;
		}
		struct db_stmt *st = db_prepare(db, sql.buf);
		int brc = DB_OK;

		if (!st) {
			rc = DB_ERROR;
			break;
		}
		for (int r = 0; r < rows; r++) {
			const struct ticket_event *x = &ev[from + r];
			int p = r * WIDTH;

			brc |= db_bind_int(st, p + 1, ticket_ids[from + r]);
			brc |= db_bind_int(st, p + 2, x->at);
			brc |= bind_opt_int(st, p + 3, x->actor_id, x->actor_id != 0);
			brc |= db_bind_text(st, p + 4, x->type);
			brc |= db_bind_text(st, p + 5, x->field);
			brc |= db_bind_text(st, p + 6, x->old_value);
			brc |= db_bind_text(st, p + 7, x->new_value);
			brc |= bind_opt_int(st, p + 8, x->comment_id, x->comment_id != 0);
			brc |= db_bind_text(st, p + 9, x->note);
		}
		rc = brc == DB_OK ? db_step(st) : DB_ERROR;
		db_done(st);
	}
	strbuf_release(&sql);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_ticket_resolved_before(struct db *db, int64_t before, int max, int64_t *out,
					   int *n, struct error *e)
{
	struct db_stmt *st =
	    db_q(db, ticket_sql[TICKET_RESOLVED_BEFORE], "ii", before, (int64_t)max);

	return db_collect_ids(st, out, max, n, e);
}

enum err_code store_event_add(struct db *db, const struct ticket_event *ev, int64_t ticket_id,
			      struct error *e)
{
	struct db_stmt *st = db_q(db, ticket_sql[TICKET_EVENT_ADD], "ii", ticket_id, ev->at);
	int rc = DB_OK;

	if (!st)
		return db_failed(e);
	rc |= bind_opt_int(st, 3, ev->actor_id, ev->actor_id != 0);
	rc |= db_bind_text(st, 4, ev->type);
	rc |= db_bind_text(st, 5, ev->field);
	rc |= db_bind_text(st, 6, ev->old_value);
	rc |= db_bind_text(st, 7, ev->new_value);
	rc |= bind_opt_int(st, 8, ev->comment_id, ev->comment_id != 0);
	rc |= db_bind_text(st, 9, ev->note);
	if (rc == DB_OK)
		rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_comment_add(struct db *db, int64_t ticket_id, int64_t user,
				const struct comment_author *author, const char *text,
				const char *visibility, int64_t at, int64_t *comment_id,
				struct error *e)
{
	struct db_stmt *st =
	    db_q(db, ticket_sql[TICKET_COMMENT_ADD], "iittiti", ticket_id, user, text, visibility,
		 at, author ? author->name : NULL, author ? author->contact_id : 0);
	int rc = db_returning_id(st, comment_id);

	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_timeline(struct db *db, struct arena *a, int64_t ticket_id,
			     bool include_internal, bool comments_only, struct ticket_event **out,
			     int *n, struct error *e)
{
	static const char sql[] =
	    "SELECT e.event_id, e.at, coalesce(c.user_id, e.actor_id), "
	    "coalesce(c.author_name, u.name), e.type, e.field, e.old_value, e.new_value, e.note, "
	    "e.comment_id, c.comment_text, c.visibility, c.author_contact_id FROM ticket_events e "
	    "LEFT JOIN ticket_comments c ON c.comment_id = e.comment_id LEFT JOIN users u ON "
	    "u.user_id = coalesce(c.user_id, e.actor_id) WHERE e.ticket_id = $1 AND "
	    "($2 = 1 OR c.visibility IS NULL OR c.visibility = 'public') AND ($3 = 0 OR "
	    "e.comment_id IS NOT NULL) ORDER BY e.event_id";
	struct db_stmt *st =
	    db_q(db, sql, "iii", ticket_id, (int64_t)include_internal, (int64_t)comments_only);
	int cap = 16, rc;

	*n = 0;
	if (!st)
		return db_failed(e);
	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			struct ticket_event *bigger =
			    arena_alloc(a, sizeof(*bigger) * (size_t)cap * 2);

			memcpy(bigger, *out, sizeof(*bigger) * (size_t)cap);
			*out = bigger;
			cap *= 2;
		}
		struct ticket_event *ev = &(*out)[(*n)++];

		ev->id = db_int(st, 0);
		ev->at = db_int(st, 1);
		ev->actor_id = db_null(st, 2) ? 0 : db_int(st, 2);
		ev->actor_name = db_text_or_null(a, st, 3);
		ev->type = arena_strdup(a, db_text(st, 4));
		ev->field = db_text_or_null(a, st, 5);
		ev->old_value = db_text_or_null(a, st, 6);
		ev->new_value = db_text_or_null(a, st, 7);
		ev->note = db_text_or_null(a, st, 8);
		ev->comment_id = db_null(st, 9) ? 0 : db_int(st, 9);
		ev->comment_text = db_text_or_null(a, st, 10);
		ev->visibility = db_text_or_null(a, st, 11);
		ev->author_contact_id = db_int_or_zero(st, 12);
	}
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}
