/* SQL for response templates; see template.h. */
#include "template.h"

#include <string.h>

#include "../base/banned.h"

#define T_COLS                                                                                     \
	"template_id, name, kind, categories, channel, subject, body, created_by, created_at, "    \
	"updated_at"

static void read_row(struct db_stmt *st, struct arena *a, struct template_row *t)
{
	t->id = db_int(st, 0);
	t->name = db_text_or_null(a, st, 1);
	t->kind = db_text_or_null(a, st, 2);
	t->categories = db_text_or_null(a, st, 3);
	t->channel = db_text_or_null(a, st, 4);
	t->subject = db_text_or_null(a, st, 5);
	t->body = db_text_or_null(a, st, 6);
	t->created_by = db_int(st, 7);
	t->created_at = db_int(st, 8);
	t->updated_at = db_int(st, 9);
}

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum {
	TEMPLATE_INSERT,
	TEMPLATE_UPDATE,
	TEMPLATE_DELETE,
	TEMPLATE_GET,
	TEMPLATE_FOR_KIND,
	TEMPLATE_ALL,
	TEMPLATE__MAX
};
static const char *const template_sql[TEMPLATE__MAX] = {
    [TEMPLATE_INSERT] = "INSERT INTO templates (name, kind, categories, channel, subject, "
			"body, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, "
			"$5, $6, $7, $8, $8) RETURNING template_id",
    [TEMPLATE_UPDATE] = "UPDATE templates SET name = $1, kind = $2, categories = $3, channel = $4, "
			"subject = $5, body = $6, updated_at = $7 WHERE template_id = $8",
    [TEMPLATE_DELETE] = "DELETE FROM templates WHERE template_id = $1",
    [TEMPLATE_GET] = "SELECT " T_COLS " FROM templates WHERE template_id = $1",
    [TEMPLATE_FOR_KIND] = "SELECT " T_COLS " FROM templates WHERE kind IS NULL OR kind = $1 ORDER "
			  "BY name",
    [TEMPLATE_ALL] = "SELECT " T_COLS " FROM templates ORDER BY name",
};
const struct db_sql_table store_template_sql = {"template", template_sql, TEMPLATE__MAX, NULL};

enum err_code store_template_insert(struct db *db, const struct template_row *t, int64_t *id,
				    struct error *e)
{
	struct db_stmt *st =
	    db_q(db, template_sql[TEMPLATE_INSERT], "ttttttii", t->name, t->kind, t->categories,
		 t->channel, t->subject, t->body, t->created_by, t->created_at);
	int rc = db_returning_id(st, id);

	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "name", "a template named '%s' exists", t->name);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_template_update(struct db *db, const struct template_row *t, struct error *e)
{
	int rc = db_x(db, template_sql[TEMPLATE_UPDATE], "ttttttii", t->name, t->kind,
		      t->categories, t->channel, t->subject, t->body, t->updated_at, t->id);

	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "name", "a template named '%s' exists", t->name);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_template_delete(struct db *db, int64_t id, struct error *e)
{
	if (db_x(db, template_sql[TEMPLATE_DELETE], "i", id) != DB_DONE)
		return db_failed(e);
	if (db_ops_of(db)->changes(db) != 1)
		return err_set(e, ERR_NOT_FOUND, NULL, "no template %lld", (long long)id);
	return ERR_OK;
}

enum err_code store_template_get(struct db *db, struct arena *a, int64_t id,
				 struct template_row *out, struct error *e)
{
	struct db_stmt *st = db_q(db, template_sql[TEMPLATE_GET], "i", id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW)
		read_row(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE
		   ? err_set(e, ERR_NOT_FOUND, "template_id", "no template %lld", (long long)id)
		   : db_failed(e);
}

enum err_code store_templates(struct db *db, struct arena *a, const char *kind,
			      struct template_row **out, int *n, struct error *e)
{
	struct db_stmt *st = kind ? db_q(db, template_sql[TEMPLATE_FOR_KIND], "t", kind)
				  : db_q(db, template_sql[TEMPLATE_ALL], "");
	int rc, cap = 16;

	*n = 0;
	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			struct template_row *more = arena_alloc(a, sizeof(*more) * (size_t)cap * 2);

			memcpy(more, *out, sizeof(*more) * (size_t)cap);
			*out = more;
			cap *= 2;
		}
		read_row(st, a, &(*out)[(*n)++]);
	}
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}
