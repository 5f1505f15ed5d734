/* SQL for teams and routing; see team.h. */
#include "team.h"

#include <string.h>

#include "user.h"

#include "../base/banned.h"

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum {
	TEAM_INSERT,
	TEAM_RENAME,
	TEAM_SET_MEMBERS_DELETE_TEAM_MEMBERS,
	TEAM_SET_MEMBERS_INSERT_TEAM_MEMBERS,
	TEAM_MEMBERS,
	TEAM_GET,
	TEAM_COUNT,
	TEAM_ALL,
	TEAM_HAS_MEMBER,
	TEAM_ROUTE_LAST,
	TEAM_ROUTE_SET_LAST,
	TEAM__MAX
};
static const char *const team_sql[TEAM__MAX] = {
    [TEAM_INSERT] = "INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING "
		    "team_id",
    [TEAM_RENAME] = "UPDATE teams SET name = $1 WHERE team_id = $2",
    [TEAM_SET_MEMBERS_DELETE_TEAM_MEMBERS] = "DELETE FROM team_members WHERE team_id = $1",
    [TEAM_SET_MEMBERS_INSERT_TEAM_MEMBERS] =
	"INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)",
    [TEAM_MEMBERS] = "SELECT u.user_id, u.name, u.role, u.available, (SELECT count(*) "
		     "FROM tickets t WHERE t.assigned_to = u.user_id AND t.status NOT "
		     "IN ('resolved', 'closed')) FROM team_members m JOIN users u ON "
		     "u.user_id = m.user_id WHERE m.team_id = $1 AND u.active = 1 ORDER "
		     "BY u.user_id",
    [TEAM_GET] = "SELECT team_id, name FROM teams WHERE team_id = $1",
    [TEAM_COUNT] = "SELECT count(*) FROM teams",
    [TEAM_ALL] = "SELECT team_id, name FROM teams ORDER BY name",
    [TEAM_HAS_MEMBER] = "SELECT 1 FROM team_members WHERE team_id = $1 AND user_id = $2",
    [TEAM_ROUTE_LAST] = "SELECT last_user_id FROM routing_state WHERE team_id = $1 AND "
			"kind = $2",
    [TEAM_ROUTE_SET_LAST] =
	"INSERT INTO routing_state (team_id, kind, last_user_id) VALUES ($1, $2, $3) ON "
	"CONFLICT (team_id, kind) DO UPDATE SET last_user_id = excluded.last_user_id",
};
const struct db_sql_table store_team_sql = {"team", team_sql, TEAM__MAX, NULL};

enum err_code store_team_insert(struct db *db, const char *name, int64_t now, int64_t *id,
				struct error *e)
{
	struct db_stmt *st = db_q(db, team_sql[TEAM_INSERT], "ti", name, now);
	int rc = db_returning_id(st, id);

	store_names_changed();
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "name", "a team named '%s' exists", name);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_team_rename(struct db *db, int64_t id, const char *name, struct error *e)
{
	int rc = db_x(db, team_sql[TEAM_RENAME], "ti", name, id);

	store_names_changed();
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "name", "a team named '%s' exists", name);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_team_set_members(struct db *db, int64_t id, const int64_t *users, int n,
				     struct error *e)
{
	if (db_x(db, team_sql[TEAM_SET_MEMBERS_DELETE_TEAM_MEMBERS], "i", id) != DB_DONE)
		return db_failed(e);
	for (int i = 0; i < n; i++) {
		int rc =
		    db_x(db, team_sql[TEAM_SET_MEMBERS_INSERT_TEAM_MEMBERS], "ii", id, users[i]);

		if (rc == DB_CONSTRAINT)
			return err_set(e, ERR_INVALID, "members",
				       "user %lld is not a user, or is listed twice",
				       (long long)users[i]);
		if (rc != DB_DONE)
			return db_failed(e);
	}
	return ERR_OK;
}

static enum err_code members(struct db *db, struct arena *a, struct team *t, struct error *e)
{
	struct db_stmt *st = db_q(db, team_sql[TEAM_MEMBERS], "i", t->id);
	int rc, cap = 8;

	t->nmembers = 0;
	t->members = arena_alloc(a, sizeof(*t->members) * (size_t)cap);
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW) {
		if (t->nmembers == cap) {
			struct team_member *m = arena_alloc(a, sizeof(*m) * (size_t)cap * 2);

			memcpy(m, t->members, sizeof(*m) * (size_t)cap);
			t->members = m;
			cap *= 2;
		}
		struct team_member *m = &t->members[t->nmembers++];
		int r = role_from_name(db_text(st, 2));

		m->user_id = db_int(st, 0);
		m->name = arena_strdup(a, db_text(st, 1));
		m->role = r < 0 ? ROLE_REPORTER : (enum role)r;
		m->available = db_int(st, 3) != 0;
		m->open = db_int(st, 4);
	}
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}

enum err_code store_team_get(struct db *db, struct arena *a, int64_t id, struct team *out,
			     struct error *e)
{
	struct db_stmt *st = db_q(db, team_sql[TEAM_GET], "i", id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_int(st, 0);
		out->name = arena_strdup(a, db_text(st, 1));
	}
	db_done(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "team_id", "no team %lld", (long long)id);
	if (rc != DB_ROW)
		return db_failed(e);
	return members(db, a, out, e);
}

enum err_code store_teams(struct db *db, struct arena *a, struct team **out, int *n,
			  struct error *e)
{
	struct db_stmt *st = db_q(db, team_sql[TEAM_COUNT], "");
	int count, rc = DB_OK;

	*n = 0;
	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		return db_failed(e);
	}
	count = (int)db_int(st, 0);
	db_done(st);
	*out = arena_zalloc(a, sizeof(**out) * (size_t)(count + 1));
	st = db_q(db, team_sql[TEAM_ALL], "");
	if (!st)
		return db_failed(e);
	while (*n < count && (rc = db_step(st)) == DB_ROW) {
		(*out)[*n].id = db_int(st, 0);
		(*out)[*n].name = arena_strdup(a, db_text(st, 1));
		(*n)++;
	}
	db_done(st);
	if (rc == DB_ERROR)
		return db_failed(e);
	for (int i = 0; i < *n; i++)
		if (members(db, a, &(*out)[i], e))
			return e->code;
	return ERR_OK;
}

bool store_team_has_member(struct db *db, int64_t team, int64_t user)
{
	struct db_stmt *st = db_q(db, team_sql[TEAM_HAS_MEMBER], "ii", team, user);
	bool found = st && db_step(st) == DB_ROW;

	db_done(st);
	return found;
}

int64_t store_route_last(struct db *db, int64_t team, enum kind k)
{
	struct db_stmt *st = db_q(db, team_sql[TEAM_ROUTE_LAST], "it", team, kind_name(k));
	int64_t last = 0;

	if (st && db_step(st) == DB_ROW && !db_null(st, 0))
		last = db_int(st, 0);
	db_done(st);
	return last;
}

enum err_code store_route_set_last(struct db *db, int64_t team, enum kind k, int64_t user,
				   struct error *e)
{
	if (db_x(db, team_sql[TEAM_ROUTE_SET_LAST], "iti", team, kind_name(k), user) != DB_DONE)
		return db_failed(e);
	return ERR_OK;
}
