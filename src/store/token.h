/* API tokens (issue 18): each belongs to a user, is kept as the SHA-256 of its secret, and
 * has a scope (read or write), the ticket kinds it reaches, an optional expiry and a
 * revocation time.  The lookup that signs a request in is store_token_user (user.h). */
#ifndef TICKETD_STORE_TOKEN_H
#define TICKETD_STORE_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct api_token {
	int64_t id, user_id;
	const char *user_email, *name;
	const char *scope;			    /* "read" or "write" */
	const char *kinds;			    /* "b2b,b2c,internal" or fewer */
	int64_t created_at, expires_at, revoked_at; /* 0: never / not revoked */
};

/* Adds a token; expires_at 0 is never.  *id is the new token's. */
enum err_code store_token_insert(struct db *db, const char *token_hash, const struct api_token *t,
				 int64_t *id, struct error *e);
/* Tokens of user (0: everyone's), newest first, at most limit, into arena a. */
enum err_code store_tokens_of(struct db *db, struct arena *a, int64_t user, int limit,
			      struct api_token **out, int *n, struct error *e);
enum err_code store_token_get(struct db *db, struct arena *a, int64_t id, struct api_token *out,
			      struct error *e);
/* Marks the token revoked at now (once: a revoked token keeps its first time). */
enum err_code store_token_revoke(struct db *db, int64_t id, int64_t now, struct error *e);

extern const struct db_sql_table store_token_sql;

#endif
