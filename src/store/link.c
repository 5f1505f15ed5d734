/* SQL for links between tickets and for merges and splits; see link.h. */
#include "link.h"

#include "../base/banned.h"

enum {
	LINK_ADD,
	LINK_EXISTS,
	LINK_OF,
	LINK_COMMENTS,
	LINK_MOVE_COMMENTS,
	LINK_MOVE_COMMUNICATIONS,
	LINK_MOVE_ATTACHMENTS,
	LINK_MOVE_ATTACHMENT,
	LINK__MAX
};

static const char *const link_sql[LINK__MAX] = {
    [LINK_ADD] = "INSERT INTO ticket_links (from_ticket, to_ticket, type, created_by, "
		 "created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (from_ticket, to_ticket, "
		 "type) DO NOTHING",
    [LINK_EXISTS] = "SELECT 1 FROM ticket_links WHERE (from_ticket = $1 AND to_ticket = $2) OR "
		    "(from_ticket = $2 AND to_ticket = $1)",
    [LINK_OF] = "SELECT l.link_id, l.type, l.from_ticket, t.ticket_id, t.number, t.kind, "
		"t.title, t.status, l.created_by, l.created_at FROM ticket_links l JOIN tickets "
		"t ON t.ticket_id = CASE WHEN l.from_ticket = $1 THEN l.to_ticket ELSE "
		"l.from_ticket END WHERE l.from_ticket = $1 OR l.to_ticket = $1 ORDER BY "
		"l.link_id",
    [LINK_COMMENTS] = "SELECT comment_id FROM ticket_comments WHERE ticket_id = $1 ORDER BY "
		      "comment_id",
    [LINK_MOVE_COMMENTS] = "UPDATE ticket_comments SET ticket_id = $2 WHERE ticket_id = $1",
    [LINK_MOVE_COMMUNICATIONS] = "UPDATE communications SET ticket_id = $2 WHERE ticket_id = $1",
    [LINK_MOVE_ATTACHMENTS] = "UPDATE attachments SET ticket_id = $2 WHERE ticket_id = $1",
    [LINK_MOVE_ATTACHMENT] = "UPDATE attachments SET ticket_id = $2 WHERE attachment_id = $3 "
			     "AND ticket_id = $1",
};

const struct db_sql_table store_link_sql = {"link", link_sql, LINK__MAX};

enum err_code store_link_add(struct db *db, int64_t from, int64_t to, const char *type, int64_t by,
			     int64_t at, bool *added, struct error *e)
{
	int rc = db_x(db, link_sql[LINK_ADD], "iitii", from, to, type, by, at);

	*added = rc == DB_DONE && db_ops_of(db)->changes(db) > 0;
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

bool store_link_exists(struct db *db, int64_t a, int64_t b)
{
	return db_exists(db_q(db, link_sql[LINK_EXISTS], "ii", a, b));
}

static void link_read(struct db_stmt *st, struct arena *a, void *row, int64_t self)
{
	struct ticket_link *l = row;

	l->id = db_int(st, 0);
	l->type = arena_strdup(a, db_text(st, 1));
	l->outgoing = db_int(st, 2) == self;
	l->other_id = db_int(st, 3);
	l->other_number = arena_strdup(a, db_text(st, 4));
	l->other_kind = arena_strdup(a, db_text(st, 5));
	l->other_title = arena_strdup(a, db_text(st, 6));
	l->other_status = arena_strdup(a, db_text(st, 7));
	l->created_by = db_int(st, 8);
	l->created_at = db_int(st, 9);
}

enum err_code store_links_of(struct db *db, struct arena *a, int64_t ticket,
			     struct ticket_link **out, int *n, struct error *e)
{
	struct db_stmt *st = db_q(db, link_sql[LINK_OF], "i", ticket);
	int cap = 8, rc;

	*n = 0;
	if (!st)
		return db_failed(e);
	*out = arena_zalloc(a, sizeof(**out) * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			struct ticket_link *bigger =
			    arena_zalloc(a, sizeof(*bigger) * (size_t)cap * 2);

			for (int i = 0; i < cap; i++)
				bigger[i] = (*out)[i];
			*out = bigger;
			cap *= 2;
		}
		link_read(st, a, &(*out)[(*n)++], ticket);
	}
	db_done(st);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_link_comments(struct db *db, int64_t ticket, int64_t *ids, int max, int *n,
				  struct error *e)
{
	return db_collect_ids(db_q(db, link_sql[LINK_COMMENTS], "i", ticket), ids, max, n, e);
}

enum err_code store_link_move_all(struct db *db, int64_t from, int64_t to, int *comments,
				  int *communications, int *attachments, struct error *e)
{
	int *counts[] = {comments, communications, attachments};
	int which[] = {LINK_MOVE_COMMENTS, LINK_MOVE_COMMUNICATIONS, LINK_MOVE_ATTACHMENTS};

	for (int i = 0; i < 3; i++) {
		if (db_x(db, link_sql[which[i]], "ii", from, to) != DB_DONE)
			return db_failed(e);
		*counts[i] = db_ops_of(db)->changes(db);
	}
	return ERR_OK;
}

enum err_code store_link_move_attachment(struct db *db, int64_t attachment, int64_t from,
					 int64_t to, struct error *e)
{
	if (db_x(db, link_sql[LINK_MOVE_ATTACHMENT], "iii", from, to, attachment) != DB_DONE)
		return db_failed(e);
	if (db_ops_of(db)->changes(db) != 1)
		return err_set(e, ERR_INVALID, "attachment_ids",
			       "attachment %lld is not one of this ticket's",
			       (long long)attachment);
	return ERR_OK;
}
