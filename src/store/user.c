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

/* Statements added with sliding sessions and scoped tokens (issue 18). */
enum {
	USER_SESSION_PURGE,
	USER_SESSION_INSERT,
	USER_SESSION_USER,
	USER_SESSION_TOUCH,
	USER_SESSION_DELETE,
	USER_TOKEN_USER,
	USER_NAME_OF_SELECT_TEAMS,
	USER_NAME_OF_SELECT_USERS,
	USER_GET,
	USER_BY_EMAIL,
	USER_INSERT,
	USER_SET_AVAILABLE,
	USER_SET_PASSWORD,
	USER_EACH,
	USER_LOGIN_ATTEMPT,
	USER_LOGIN_ATTEMPT_UNDO,
	USER_LOGIN_FAILURES_CLEAR,
	USER__MAX
};
static const char *const user_sql[USER__MAX] = {
    [USER_SESSION_PURGE] = "DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2",
    [USER_SESSION_INSERT] = "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, "
			    "last_seen_at, absolute_at) VALUES ($1, $2, $3, $4, $3, $5)",
    [USER_SESSION_USER] = "SELECT " USER_COLS ", s.expires_at, coalesce(s.last_seen_at, "
			  "s.created_at) FROM sessions s JOIN users u ON u.user_id = s.user_id "
			  "WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
    /* The end moves to now + idle ($3), capped at the absolute limit, and never earlier than
     * it was (a clock set back, as tests do, shortens nothing). */
    [USER_SESSION_TOUCH] =
	"UPDATE sessions SET last_seen_at = $2, expires_at = CASE WHEN coalesce(absolute_at, "
	"expires_at) < $3 THEN coalesce(absolute_at, expires_at) WHEN $3 > expires_at THEN $3 "
	"ELSE expires_at END WHERE token_hash = $1 AND expires_at > $2",
    [USER_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = $1",
    [USER_TOKEN_USER] =
	"SELECT " USER_COLS ", t.scope, t.kinds, t.expires_at FROM api_tokens t JOIN users u "
	"ON u.user_id = t.user_id WHERE t.token_hash = $1 AND u.active = 1 AND "
	"t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)",
    [USER_NAME_OF_SELECT_TEAMS] = "SELECT name FROM teams WHERE team_id = $1",
    [USER_NAME_OF_SELECT_USERS] = "SELECT name FROM users WHERE user_id = $1",
    [USER_GET] = "SELECT " USER_COLS " FROM users u WHERE u.user_id = $1",
    [USER_BY_EMAIL] =
	"SELECT u.password_hash, " USER_COLS " FROM users u WHERE lower(u.email) = lower($1)",
    [USER_INSERT] = "INSERT INTO users (email, name, role, password_hash, active, "
		    "created_at) VALUES ($1, $2, $3, $4, 1, $5) RETURNING user_id",
    [USER_SET_AVAILABLE] = "UPDATE users SET available = $1 WHERE user_id = $2",
    [USER_SET_PASSWORD] = "UPDATE users SET password_hash = $1 WHERE user_id = $2",
    [USER_EACH] = "SELECT " USER_COLS " FROM users u ORDER BY u.name, u.user_id",
    [USER_LOGIN_ATTEMPT] =
	"INSERT INTO login_failures (key, window_start, failures) VALUES ($1, $2, 1) "
	"ON CONFLICT (key) DO UPDATE SET "
	"failures = CASE WHEN login_failures.window_start < $3 THEN 1 "
	"ELSE login_failures.failures + 1 END, "
	"window_start = CASE WHEN login_failures.window_start < $3 THEN $2 "
	"ELSE login_failures.window_start END "
	"RETURNING failures",
    [USER_LOGIN_ATTEMPT_UNDO] =
	"UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND "
	"failures > 0",
    [USER_LOGIN_FAILURES_CLEAR] = "DELETE FROM login_failures WHERE key = $1",
};
const struct db_sql_table store_user_sql = {"user", user_sql, USER__MAX};

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
		struct db_stmt *st = team ? db_q(db, user_sql[USER_NAME_OF_SELECT_TEAMS], "i", id)
					  : db_q(db, user_sql[USER_NAME_OF_SELECT_USERS], "i", id);
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
	struct db_stmt *st = db_q(db, user_sql[USER_GET], "i", id);

	return one_user(st, a, 0, out, e, "no such user");
}

enum err_code store_user_by_email(struct db *db, struct arena *a, const char *email,
				  struct user *out, const char **hash, struct error *e)
{
	struct db_stmt *st = db_q(db, user_sql[USER_BY_EMAIL], "t", email);

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
	struct db_stmt *st =
	    db_q(db, user_sql[USER_INSERT], "tttti", email, name, role_name(role), hash, now);

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
	if (db_x(db, user_sql[USER_SET_AVAILABLE], "ii", (int64_t)available, id) != DB_DONE)
		return changed(db_failed(e));
	return changed(ERR_OK);
}

enum err_code store_user_set_password(struct db *db, int64_t id, const char *hash, struct error *e)
{
	if (db_x(db, user_sql[USER_SET_PASSWORD], "ti", hash, id) != DB_DONE)
		return changed(db_failed(e));
	return changed(ERR_OK);
}

enum err_code store_user_each(struct db *db, struct arena *a,
			      int (*fn)(void *arg, const struct user *u), void *arg,
			      struct error *e)
{
	struct db_stmt *st = db_q(db, user_sql[USER_EACH], "");
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
				   int64_t expires, int64_t absolute, struct error *e)
{
	/* Expired sessions of this user go as a new one comes, so the table stays small. */
	if (db_x(db, user_sql[USER_SESSION_PURGE], "ii", user, now) != DB_DONE ||
	    db_x(db, user_sql[USER_SESSION_INSERT], "tiiii", token_hash, user, now, expires,
		 absolute) != DB_DONE)
		return changed(db_failed(e));
	return changed(ERR_OK);
}

enum err_code store_session_user(struct db *db, struct arena *a, const char *token_hash,
				 int64_t now, struct user *out, int64_t *expires,
				 int64_t *last_seen, struct error *e)
{
	struct db_stmt *st = db_q(db, user_sql[USER_SESSION_USER], "ti", token_hash, now);
	int rc = st ? db_step(st) : DB_ERROR;

	if (rc == DB_ROW) {
		user_read(st, a, 0, out);
		*expires = db_int(st, 7);
		*last_seen = db_int(st, 8);
	}
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no such session") : db_failed(e);
}

/* Not through changed(): a later end takes nothing away, so the sign-ins cached with the
 * earlier end stay right (they are read again, and see the new end, when that one comes). */
enum err_code store_session_touch(struct db *db, const char *token_hash, int64_t now, int64_t idle,
				  struct error *e)
{
	if (db_x(db, user_sql[USER_SESSION_TOUCH], "tii", token_hash, now, now + idle) != DB_DONE)
		return db_failed(e);
	return ERR_OK;
}

enum err_code store_session_delete(struct db *db, const char *token_hash, struct error *e)
{
	if (db_x(db, user_sql[USER_SESSION_DELETE], "t", token_hash) != DB_DONE)
		return changed(db_failed(e));
	return changed(ERR_OK);
}

/* "b2b,b2c" as bits of enum kind; every kind is 0 (no limit). */
static unsigned kinds_mask(const char *list)
{
	unsigned mask = 0;

	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");
		char name[16];

		if (n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			int k = kind_from_name(name);

			if (k >= 0)
				mask |= 1u << k;
		}
		p += n + (p[n] == ',');
	}
	return mask;
}

enum err_code store_token_user(struct db *db, struct arena *a, const char *token_hash, int64_t now,
			       struct user *out, int64_t *expires, struct error *e)
{
	struct db_stmt *st = db_q(db, user_sql[USER_TOKEN_USER], "ti", token_hash, now);
	int rc = st ? db_step(st) : DB_ERROR;

	if (rc == DB_ROW) {
		user_read(st, a, 0, out);
		out->token_read_only = strcmp(db_text(st, 7), "read") == 0;
		unsigned mask = kinds_mask(db_text(st, 8));

		/* Every kind is no limit (0); a token naming none it knows reaches none. */
		out->token_kinds = mask == (1u << KIND__MAX) - 1 ? 0
				   : mask			 ? mask
								 : 1u << KIND__MAX;
		*expires = db_null(st, 9) ? INT64_MAX : db_int(st, 9);
	}
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no such token") : db_failed(e);
}

int store_login_attempt(struct db *db, const char *key, int64_t now, int64_t window)
{
	struct db_stmt *st = db_q(db, user_sql[USER_LOGIN_ATTEMPT], "tii", key, now, now - window);
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
	if (db_x(db, user_sql[USER_LOGIN_ATTEMPT_UNDO], "t", key) != DB_DONE)
		log_warn("store: could not take back a sign-in attempt");
}

void store_login_failures_clear(struct db *db, const char *key)
{
	if (db_x(db, user_sql[USER_LOGIN_FAILURES_CLEAR], "t", key) != DB_DONE)
		log_warn("store: could not clear failed sign-ins");
}
