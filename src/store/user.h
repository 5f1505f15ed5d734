/* Users, sign-in sessions, API tokens and the failed-login counters.  Secrets are never
 * stored: sessions and tokens are kept as the SHA-256 of their value, passwords as argon2id
 * strings made by the service layer. */
#ifndef TICKETD_STORE_USER_H
#define TICKETD_STORE_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../domain/catalog.h"
#include "db.h"

struct user {
	int64_t id;
	const char *email;
	const char *name;
	enum role role;
	bool active;
	bool available; /* on duty; automatic routing skips those away */
	int64_t created_at;
	/* Signed in with an API token: what the token allows beside the user's role. */
	bool token_read_only; /* GET and HEAD only */
	unsigned token_kinds; /* bits (1 << enum kind) of the ticket kinds reached; 0: all */
};

/* Strings in *out live in arena a.  ERR_NOT_FOUND when there is no such user. */
enum err_code store_user_get(struct db *db, struct arena *a, int64_t id, struct user *out,
			     struct error *e);
/* Also returns the password hash (NULL when the user has none) in *hash. */
enum err_code store_user_by_email(struct db *db, struct arena *a, const char *email,
				  struct user *out, const char **hash, struct error *e);
/* ERR_CONFLICT (field email) when the email is taken. */
enum err_code store_user_insert(struct db *db, const char *email, const char *name, enum role role,
				const char *hash, int64_t now, int64_t *id, struct error *e);
enum err_code store_user_set_available(struct db *db, int64_t id, bool available, struct error *e);
enum err_code store_user_set_password(struct db *db, int64_t id, const char *hash, struct error *e);
/* Calls fn for each user in name order; stops early when fn returns non-zero. */
enum err_code store_user_each(struct db *db, struct arena *a,
			      int (*fn)(void *arg, const struct user *u), void *arg,
			      struct error *e);

/* A session that ends at expires (the idle timeout from now) and never after absolute. */
enum err_code store_session_insert(struct db *db, const char *token_hash, int64_t user, int64_t now,
				   int64_t expires, int64_t absolute, struct error *e);
/* The user of a live session, when the session ends now (*expires) and when it was last
 * extended (*last_seen), else ERR_NOT_FOUND. */
enum err_code store_session_user(struct db *db, struct arena *a, const char *token_hash,
				 int64_t now, struct user *out, int64_t *expires,
				 int64_t *last_seen, struct error *e);
/* Slides a live session: its end moves to now + idle, never past its absolute limit. */
enum err_code store_session_touch(struct db *db, const char *token_hash, int64_t now, int64_t idle,
				  struct error *e);
enum err_code store_session_delete(struct db *db, const char *token_hash, struct error *e);

/* The user of a live API token (not revoked, not expired at now), with the token's scope
 * and kinds in out->token_read_only and out->token_kinds and its expiry in *expires
 * (INT64_MAX: never); else ERR_NOT_FOUND. */
enum err_code store_token_user(struct db *db, struct arena *a, const char *token_hash, int64_t now,
			       struct user *out, int64_t *expires, struct error *e);

/* A number that changes whenever a user, session or API token is written in this process
 * (what a cache of sign-ins compares); a write inside a transaction changes it again when
 * store_users_written() is called after the commit. */
uint64_t store_users_generation(void);
void store_users_written(void);
/* For writes elsewhere that change what the name lookups below answer (teams). */
void store_names_changed(void);

/* A user's or a team's name by id, copied into a (NULL when there is none).  Answered from
 * a per-thread copy of both tables, loaded again when the generation above changed or after
 * a few seconds (another process may have written): a ticket list joined both tables three
 * times per row, a quarter of its b-tree descents. */
const char *store_user_name(struct db *db, struct arena *a, int64_t id);
const char *store_team_name(struct db *db, struct arena *a, int64_t id);

/* Sign-in attempts are counted under a key ("account:…", "address:…") in windows of
 * `window` seconds.  store_login_attempt counts one more in one statement (an upsert that
 * returns the new count), so attempts made at the same moment on any number of threads or
 * processes each see a different count: none slips under the limit by racing another.
 * A count older than the window starts again at 1.  Returns the count including this
 * attempt; 0 when the database could not count it (logged). */
int store_login_attempt(struct db *db, const char *key, int64_t now, int64_t window);
/* Takes back one attempt under key (a sign-in that succeeded). */
void store_login_attempt_undo(struct db *db, const char *key);
void store_login_failures_clear(struct db *db, const char *key);

/* user.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_user_sql;

#endif
