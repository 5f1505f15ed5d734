/* SQL for users, sessions, tokens and failed sign-ins; see user.h. */
#include "user.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/log.h"
#include "../base/banned.h"

#define USER_COLS "u.user_id, u.email, u.name, u.role, u.active, u.created_at, u.available"

static _Atomic uint64_t users_gen = 1;
static _Thread_local bool users_dirty;

/* Every write to users, sessions or api_tokens returns through here, whatever its outcome. */
static enum err_code changed(enum err_code rc)
{
	users_gen++;
	users_dirty = true;
	return rc;
}

uint64_t store_users_generation(void)
{
	return users_gen;
}

void store_users_written(void)
{
	if (users_dirty) {
		users_dirty = false;
		users_gen++;
	}
}

void store_names_changed(void)
{
	changed(ERR_OK);
}

#define NAMES_TTL 5 /* seconds */

struct name {
	int64_t id;
	char *name;
};

struct names {
	struct name *v;
	int n;
};

struct names_cache {
	uint64_t generation;
	int64_t loaded_at;
	struct names users, teams;
};

static pthread_key_t names_key; /* the thread's struct names_cache, freed when it ends */
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void names_free(struct names *ns)
{
	for (int i = 0; i < ns->n; i++)
		free(ns->v[i].name);
	free(ns->v);
	ns->v = NULL;
	ns->n = 0;
}

static bool names_load(struct db *db, const char *sql, struct names *ns)
{
	struct db_stmt *st = db_q(db, sql, "");
	int cap = 0, rc;

	names_free(ns);
	if (!st)
		return false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (ns->n == cap) {
			cap = cap ? cap * 2 : 64;
			struct name *v = realloc(ns->v, sizeof(*v) * (size_t)cap);

			if (!v)
				abort();
			ns->v = v;
		}
		char *copy = strdup(db_text(st, 1));

		if (!copy)
			abort();
		ns->v[ns->n++] = (struct name){db_int(st, 0), copy};
	}
	db_done(st);
	return rc == DB_DONE;
}

static void names_destroy(void *p)
{
	struct names_cache *nc = p;

	names_free(&nc->users);
	names_free(&nc->teams);
	free(nc);
}

static void names_key_init(void)
{
	if (pthread_key_create(&names_key, names_destroy) != 0)
		abort();
}

static struct names_cache *names_cache_get(void)
{
	pthread_once(&names_once, names_key_init);
	struct names_cache *nc = pthread_getspecific(names_key);

	if (!nc) {
		nc = calloc(1, sizeof(*nc));
		if (!nc || pthread_setspecific(names_key, nc) != 0)
			abort();
	}
	return nc;
}

/* Ordered by id (the queries say so): a binary search. */
static const char *names_find(const struct names *ns, int64_t id)
{
	int lo = 0, hi = ns->n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (ns->v[mid].id == id)
			return ns->v[mid].name;
		if (ns->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static const char *name_of(struct db *db, struct arena *a, int64_t id, bool team)
{
	uint64_t gen = users_gen; /* before the load: a write meanwhile makes it stale */
	int64_t now = clock_now();

	if (!id)
		return NULL;
	struct names_cache *nc = names_cache_get();

	if (nc->generation != gen || now - nc->loaded_at >= NAMES_TTL || now < nc->loaded_at) {
		bool ok =
		    names_load(db, "SELECT user_id, name FROM users ORDER BY user_id",
			       &nc->users) &&
		    names_load(db, "SELECT team_id, name FROM teams ORDER BY team_id", &nc->teams);

		nc->generation = ok ? gen : 0;
		nc->loaded_at = now;
	}
	const char *found = names_find(team ? &nc->teams : &nc->users, id);

	if (!found) { /* written since the load, in another process: ask the database */
		struct db_stmt *st =
		    team ? db_q(db, "SELECT name FROM teams WHERE team_id = $1", "i", id)
			 : db_q(db, "SELECT name FROM users WHERE user_id = $1", "i", id);
		const char *name =
		    st && db_step(st) == DB_ROW ? arena_strdup(a, db_text(st, 0)) : NULL;

		db_done(st);
		return name;
	}
	return arena_strdup(a, found);
}

const char *store_user_name(struct db *db, struct arena *a, int64_t id)
{
	return name_of(db, a, id, false);
}

const char *store_team_name(struct db *db, struct arena *a, int64_t id)
{
	return name_of(db, a, id, true);
}

static void user_read(struct db_stmt *st, struct arena *a, int c, struct user *u)
{
	u->id = db_int(st, c);
	u->email = arena_strdup(a, db_text(st, c + 1));
	u->name = arena_strdup(a, db_text(st, c + 2));
	int r = role_from_name(db_text(st, c + 3));

	u->role = r < 0 ? ROLE_REPORTER : (enum role)r;
	u->active = db_int(st, c + 4) != 0;
	u->created_at = db_int(st, c + 5);
	u->available = db_int(st, c + 6) != 0;
}

/* Steps a statement expected to yield one user row at column c. */
static enum err_code one_user(struct db_stmt *st, struct arena *a, int c, struct user *out,
			      struct error *e, const char *what)
{
	if (!st)
		return db_failed(e);
	int rc = db_step(st);

	if (rc == DB_ROW) {
		user_read(st, a, c, out);
		db_done(st);
		return ERR_OK;
	}
	db_done(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", what);
	return db_failed(e);
}

enum err_code store_user_get(struct db *db, struct arena *a, int64_t id, struct user *out,
			     struct error *e)
{
	struct db_stmt *st =
	    db_q(db, "SELECT " USER_COLS " FROM users u WHERE u.user_id = $1", "i", id);

	return one_user(st, a, 0, out, e, "no such user");
}

enum err_code store_user_by_email(struct db *db, struct arena *a, const char *email,
				  struct user *out, const char **hash, struct error *e)
{
	struct db_stmt *st = db_q(db,
				  "SELECT u.password_hash, " USER_COLS
				  " FROM users u WHERE lower(u.email) = lower($1)",
				  "t", email);

	if (!st)
		return db_failed(e);
	int rc = db_step(st);

	if (rc == DB_ROW) {
		*hash = db_null(st, 0) ? NULL : arena_strdup(a, db_text(st, 0));
		user_read(st, a, 1, out);
	}
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, "email", "no such user") : db_failed(e);
}

enum err_code store_user_insert(struct db *db, const char *email, const char *name, enum role role,
				const char *hash, int64_t now, int64_t *id, struct error *e)
{
	struct db_stmt *st = db_q(db,
				  "INSERT INTO users (email, name, role, password_hash, active, "
				  "created_at) VALUES ($1, $2, $3, $4, 1, $5) RETURNING user_id",
				  "tttti", email, name, role_name(role), hash, now);

	if (!st)
		return changed(db_failed(e));
	int rc = db_step(st);

	if (rc == DB_ROW)
		*id = db_int(st, 0);
	db_done(st);
	if (rc == DB_CONSTRAINT)
		return changed(err_set(e, ERR_CONFLICT, "email",
				       "a user with email %s already exists", email));
	return changed(rc == DB_ROW ? ERR_OK : db_failed(e));
}

enum err_code store_user_set_available(struct db *db, int64_t id, bool available, struct error *e)
{
	if (db_x(db, "UPDATE users SET available = $1 WHERE user_id = $2", "ii", (int64_t)available,
		 id) != DB_DONE)
		return changed(db_failed(e));
	return changed(ERR_OK);
}

enum err_code store_user_set_password(struct db *db, int64_t id, const char *hash, struct error *e)
{
	if (db_x(db, "UPDATE users SET password_hash = $1 WHERE user_id = $2", "ti", hash, id) !=
	    DB_DONE)
		return changed(db_failed(e));
	return changed(ERR_OK);
}

enum err_code store_user_each(struct db *db, struct arena *a,
			      int (*fn)(void *arg, const struct user *u), void *arg,
			      struct error *e)
{
	struct db_stmt *st =
	    db_q(db, "SELECT " USER_COLS " FROM users u ORDER BY u.name, u.user_id", "");
	int rc;

	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW) {
		struct user u;

		user_read(st, a, 0, &u);
		if (fn(arg, &u))
			break;
	}
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}

enum err_code store_session_insert(struct db *db, const char *token_hash, int64_t user, int64_t now,
				   int64_t expires, struct error *e)
{
	/* Expired sessions of this user go as a new one comes, so the table stays small. */
	if (db_x(db, "DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2", "ii", user,
		 now) != DB_DONE ||
	    db_x(db,
		 "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
		 "VALUES ($1, $2, $3, $4)",
		 "tiii", token_hash, user, now, expires) != DB_DONE)
		return changed(db_failed(e));
	return changed(ERR_OK);
}

enum err_code store_session_user(struct db *db, struct arena *a, const char *token_hash,
				 int64_t now, struct user *out, int64_t *expires, struct error *e)
{
	struct db_stmt *st =
	    db_q(db,
		 "SELECT " USER_COLS ", s.expires_at FROM sessions s JOIN users u ON "
		 "u.user_id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > "
		 "$2 AND u.active = 1",
		 "ti", token_hash, now);

	if (!st)
		return db_failed(e);
	int rc = db_step(st);

	if (rc == DB_ROW) {
		user_read(st, a, 0, out);
		*expires = db_int(st, 7);
	}
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no such session") : db_failed(e);
}

enum err_code store_session_delete(struct db *db, const char *token_hash, struct error *e)
{
	if (db_x(db, "DELETE FROM sessions WHERE token_hash = $1", "t", token_hash) != DB_DONE)
		return changed(db_failed(e));
	return changed(ERR_OK);
}

enum err_code store_token_insert(struct db *db, const char *token_hash, int64_t user,
				 const char *name, int64_t now, struct error *e)
{
	if (db_x(db,
		 "INSERT INTO api_tokens (token_hash, user_id, name, created_at) "
		 "VALUES ($1, $2, $3, $4)",
		 "titi", token_hash, user, name, now) != DB_DONE)
		return changed(db_failed(e));
	return changed(ERR_OK);
}

enum err_code store_token_user(struct db *db, struct arena *a, const char *token_hash,
			       struct user *out, struct error *e)
{
	struct db_stmt *st = db_q(db,
				  "SELECT " USER_COLS " FROM api_tokens t JOIN users u ON "
				  "u.user_id = t.user_id WHERE t.token_hash = $1 AND u.active = 1",
				  "t", token_hash);

	return one_user(st, a, 0, out, e, "no such token");
}

int store_login_attempt(struct db *db, const char *key, int64_t now, int64_t window)
{
	struct db_stmt *st =
	    db_q(db,
		 "INSERT INTO login_failures (key, window_start, failures) VALUES ($1, $2, 1) "
		 "ON CONFLICT (key) DO UPDATE SET "
		 "failures = CASE WHEN login_failures.window_start < $3 THEN 1 "
		 "ELSE login_failures.failures + 1 END, "
		 "window_start = CASE WHEN login_failures.window_start < $3 THEN $2 "
		 "ELSE login_failures.window_start END "
		 "RETURNING failures",
		 "tii", key, now, now - window);
	int n = 0;

	if (st && db_step(st) == DB_ROW)
		n = (int)db_int(st, 0);
	db_done(st);
	if (!n)
		log_warn("store: could not count a sign-in attempt");
	return n;
}

void store_login_attempt_undo(struct db *db, const char *key)
{
	if (db_x(db,
		 "UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND "
		 "failures > 0",
		 "t", key) != DB_DONE)
		log_warn("store: could not take back a sign-in attempt");
}

void store_login_failures_clear(struct db *db, const char *key)
{
	if (db_x(db, "DELETE FROM login_failures WHERE key = $1", "t", key) != DB_DONE)
		log_warn("store: could not clear failed sign-ins");
}
