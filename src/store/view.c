/* SQL for saved views; see view.h. */
#include "view.h"

#include "../base/banned.h"

#define VIEW_COLS                                                                                  \
	"v.view_id, v.owner_id, u.name, v.name, v.list, v.query, v.team_id, t.name, "              \
	"v.created_at, v.updated_at FROM saved_views v JOIN users u ON u.user_id = "               \
	"v.owner_id LEFT JOIN teams t ON t.team_id = v.team_id"

enum { VIEW_INSERT, VIEW_UPDATE, VIEW_DELETE, VIEW_GET, VIEW_FOR, VIEW_NAME_TAKEN, VIEW__MAX };

static const char *const view_sql[VIEW__MAX] = {
    [VIEW_INSERT] = "INSERT INTO saved_views (owner_id, name, list, query, team_id, "
		    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING "
		    "view_id",
    [VIEW_UPDATE] = "UPDATE saved_views SET name = $2, list = $3, query = $4, team_id = $5, "
		    "updated_at = $6 WHERE view_id = $1",
    [VIEW_DELETE] = "DELETE FROM saved_views WHERE view_id = $1",
    [VIEW_GET] = "SELECT " VIEW_COLS " WHERE v.view_id = $1",
    [VIEW_FOR] = "SELECT " VIEW_COLS " WHERE v.owner_id = $1 OR v.team_id IN (SELECT "
		 "m.team_id FROM team_members m WHERE m.user_id = $1) ORDER BY v.name, "
		 "v.view_id",
    [VIEW_NAME_TAKEN] = "SELECT 1 FROM saved_views WHERE owner_id = $1 AND name = $2 AND "
			"view_id <> $3",
};

const struct db_sql_table store_view_sql = {"view", view_sql, VIEW__MAX};

static struct db_stmt *bind_team(struct db_stmt *st, int idx, int64_t team)
{
	if (st && !team)
		db_bind_text(st, idx, NULL);
	return st;
}

static bool name_taken(struct db *db, const struct saved_view *v)
{
	return db_exists(db_q(db, view_sql[VIEW_NAME_TAKEN], "iti", v->owner_id, v->name, v->id));
}

enum err_code store_view_insert(struct db *db, const struct saved_view *v, int64_t *id,
				struct error *e)
{
	if (name_taken(db, v))
		return err_set(e, ERR_CONFLICT, "name", "you have a view named '%s' already",
			       v->name);
	struct db_stmt *st = bind_team(db_q(db, view_sql[VIEW_INSERT], "itttii", v->owner_id,
					    v->name, v->list, v->query, v->team_id, v->created_at),
				       5, v->team_id);

	return db_returning_id(st, id) == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_view_update(struct db *db, const struct saved_view *v, struct error *e)
{
	if (name_taken(db, v))
		return err_set(e, ERR_CONFLICT, "name", "you have a view named '%s' already",
			       v->name);
	struct db_stmt *st = bind_team(db_q(db, view_sql[VIEW_UPDATE], "itttii", v->id, v->name,
					    v->list, v->query, v->team_id, v->updated_at),
				       5, v->team_id);
	int rc = st ? db_step(st) : DB_ERROR;

	db_done(st);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_view_delete(struct db *db, int64_t id, struct error *e)
{
	return db_x(db, view_sql[VIEW_DELETE], "i", id) == DB_DONE ? ERR_OK : db_failed(e);
}

static void view_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct saved_view *v = row;

	v->id = db_int(st, 0);
	v->owner_id = db_int(st, 1);
	v->owner_name = arena_strdup(a, db_text(st, 2));
	v->name = arena_strdup(a, db_text(st, 3));
	v->list = arena_strdup(a, db_text(st, 4));
	v->query = arena_strdup(a, db_text(st, 5));
	v->team_id = db_int_or_zero(st, 6);
	v->team_name = db_text_or_null(a, st, 7);
	v->created_at = db_int(st, 8);
	v->updated_at = db_int(st, 9);
}

enum err_code store_view_get(struct db *db, struct arena *a, int64_t id, struct saved_view *out,
			     struct error *e)
{
	struct db_stmt *st = db_q(db, view_sql[VIEW_GET], "i", id);
	int rc = st ? db_step(st) : DB_ERROR;

	if (rc == DB_ROW)
		view_read(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, "id", "no view %lld", (long long)id)
			     : db_failed(e);
}

enum err_code store_views_for(struct db *db, struct arena *a, int64_t user, struct saved_view **out,
			      int *n, struct error *e)
{
	return db_read_rows(db_q(db, view_sql[VIEW_FOR], "i", user), a, sizeof(**out), view_read,
			    out, n, e);
}
