/* SQL for attachments; see attachment.h. */
#include "attachment.h"

#include "../base/banned.h"

#define ATT_COLS                                                                                   \
	"a.attachment_id, a.ticket_id, a.communication_id, a.sha256, a.filename, "                 \
	"a.content_type, a.size, a.kind, a.uploaded_by, u.name, a.uploaded_at, a.taken_at "        \
	"FROM attachments a JOIN users u ON u.user_id = a.uploaded_by "

static void attachment_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct attachment *at = row;

	at->id = db_int(st, 0);
	at->ticket_id = db_int_or_zero(st, 1);
	at->communication_id = db_int_or_zero(st, 2);
	at->sha256 = arena_strdup(a, db_text(st, 3));
	at->filename = arena_strdup(a, db_text(st, 4));
	at->content_type = arena_strdup(a, db_text(st, 5));
	at->size = db_int(st, 6);
	at->kind = arena_strdup(a, db_text(st, 7));
	at->uploaded_by = db_int(st, 8);
	at->uploaded_by_name = arena_strdup(a, db_text(st, 9));
	at->uploaded_at = db_int(st, 10);
	at->taken_at = db_int_or_zero(st, 11);
}

/* Binds v at idx, or NULL when v is 0 (an optional reference or instant). */
static void bind_or_null(struct db_stmt *st, int idx, int64_t v)
{
	if (v)
		db_bind_int(st, idx, v);
	else
		db_bind_text(st, idx, NULL);
}

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum {
	ATTACHMENT_INSERT,
	ATTACHMENT_GET,
	ATTACHMENT_CLAIM,
	ATTACHMENT_OF,
	ATTACHMENT_PHOTO_COUNT,
	ATTACHMENT_SHA_MAYBE_USED,
	ATTACHMENT__MAX
};
static const char *const attachment_sql[ATTACHMENT__MAX] = {
    [ATTACHMENT_INSERT] =
	"INSERT INTO attachments (ticket_id, communication_id, sha256, filename, content_type, "
	"size, kind, uploaded_by, uploaded_at, taken_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	"$8, $9, $10) RETURNING attachment_id",
    [ATTACHMENT_GET] = "SELECT " ATT_COLS "WHERE a.attachment_id = $1",
    [ATTACHMENT_CLAIM] = "UPDATE attachments SET ticket_id = $1, communication_id = $2 "
			 "WHERE attachment_id = $3 AND ticket_id IS NULL AND "
			 "uploaded_by = $4 AND ($5 = 0 OR kind = 'photo')",
    [ATTACHMENT_OF] = "SELECT " ATT_COLS "WHERE a.ticket_id = $1 ORDER BY a.attachment_id",
    [ATTACHMENT_PHOTO_COUNT] =
	"SELECT count(*) FROM attachments WHERE ticket_id = $1 AND kind = 'photo'",
    [ATTACHMENT_SHA_MAYBE_USED] = "SELECT 1 FROM attachments WHERE sha256 = $1 UNION ALL SELECT 1 "
				  "FROM whatsapp_messages WHERE media_sha256 = $1",
};
const struct db_sql_table store_attachment_sql = {"attachment", attachment_sql, ATTACHMENT__MAX,
						  NULL};

enum err_code store_attachment_insert(struct db *db, const struct attachment *at, int64_t *id,
				      struct error *e)
{
	struct db_stmt *st = db_q(db, attachment_sql[ATTACHMENT_INSERT], "");

	if (!st)
		return db_failed(e);
	bind_or_null(st, 1, at->ticket_id);
	bind_or_null(st, 2, at->communication_id);
	db_bind_text(st, 3, at->sha256);
	db_bind_text(st, 4, at->filename);
	db_bind_text(st, 5, at->content_type);
	db_bind_int(st, 6, at->size);
	db_bind_text(st, 7, at->kind);
	db_bind_int(st, 8, at->uploaded_by);
	db_bind_int(st, 9, at->uploaded_at);
	bind_or_null(st, 10, at->taken_at);
	return db_returning_id(st, id) == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_attachment_get(struct db *db, struct arena *a, int64_t id,
				   struct attachment *out, struct error *e)
{
	struct db_stmt *st = db_q(db, attachment_sql[ATTACHMENT_GET], "i", id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW)
		attachment_read(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no attachment %lld", (long long)id)
			     : db_failed(e);
}

enum err_code store_attachment_claim(struct db *db, int64_t id, int64_t by, int64_t ticket,
				     int64_t communication, bool photo, const char *field,
				     struct error *e)
{
	struct db_stmt *st = db_q(db, attachment_sql[ATTACHMENT_CLAIM], "");
	int rc;

	if (!st)
		return db_failed(e);
	db_bind_int(st, 1, ticket);
	bind_or_null(st, 2, communication);
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, by);
	db_bind_int(st, 5, photo ? 1 : 0);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return db_failed(e);
	if (db_ops_of(db)->changes(db) != 1)
		return err_set(e, ERR_INVALID, field,
			       "upload %lld is not one of your unattached %s", (long long)id,
			       photo ? "photo uploads" : "uploads");
	return ERR_OK;
}

enum err_code store_attachments_of(struct db *db, struct arena *a, int64_t ticket,
				   struct attachment **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, attachment_sql[ATTACHMENT_OF], "i", ticket), a, sizeof(**out),
			    attachment_read, out, n, e);
}

int64_t store_attachment_photo_count(struct db *db, int64_t ticket)
{
	struct db_stmt *st = db_q(db, attachment_sql[ATTACHMENT_PHOTO_COUNT], "i", ticket);
	int64_t n = 0;

	if (st && db_step(st) == DB_ROW)
		n = db_int(st, 0);
	db_done(st);
	return n;
}

bool store_attachment_sha_maybe_used(struct db *db, const char *sha)
{
	/* WhatsApp photos are kept until a ticket takes them (store/whatsapp.h). */
	struct db_stmt *st = db_q(db, attachment_sql[ATTACHMENT_SHA_MAYBE_USED], "t", sha);
	int rc = st ? db_step(st) : -1;

	db_done(st);
	return rc != DB_DONE;
}
