/* SQL for API tokens; see token.h.  Every write goes through store_names_changed so that the
 * sign-ins cached per thread are looked up again (a revoked token is refused at once). */
#include "token.h"

#include <string.h>

#include "user.h"
#include "../base/banned.h"

#define TOKEN_COLS                                                                                 \
	"t.token_id, t.user_id, u.email, t.name, t.scope, t.kinds, t.created_at, t.expires_at, "   \
	"t.revoked_at"
#define TOKEN_FROM " FROM api_tokens t JOIN users u ON u.user_id = t.user_id"

enum { TOKEN_INSERT, TOKEN_LIST_ALL, TOKEN_LIST_USER, TOKEN_GET, TOKEN_REVOKE, TOKEN__MAX };
static const char *const token_sql[TOKEN__MAX] = {
    [TOKEN_INSERT] = "INSERT INTO api_tokens (token_hash, user_id, name, created_at, scope, kinds, "
		     "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING token_id",
    [TOKEN_LIST_ALL] = "SELECT " TOKEN_COLS TOKEN_FROM " ORDER BY t.token_id DESC LIMIT $1",
    [TOKEN_LIST_USER] =
	"SELECT " TOKEN_COLS TOKEN_FROM " WHERE t.user_id = $1 ORDER BY t.token_id DESC LIMIT $2",
    [TOKEN_GET] = "SELECT " TOKEN_COLS TOKEN_FROM " WHERE t.token_id = $1",
    [TOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = $2 WHERE token_id = $1 AND revoked_at IS "
		     "NULL",
};
const struct db_sql_table store_token_sql = {"token", token_sql, TOKEN__MAX};

static void token_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct api_token *t = row;

	t->id = db_int(st, 0);
	t->user_id = db_int(st, 1);
	t->user_email = arena_strdup(a, db_text(st, 2));
	t->name = arena_strdup(a, db_text(st, 3));
	t->scope = arena_strdup(a, db_text(st, 4));
	t->kinds = arena_strdup(a, db_text(st, 5));
	t->created_at = db_int(st, 6);
	t->expires_at = db_int_or_zero(st, 7);
	t->revoked_at = db_int_or_zero(st, 8);
}

enum err_code store_token_insert(struct db *db, const char *token_hash, const struct api_token *t,
				 int64_t *id, struct error *e)
{
	struct db_stmt *st = db_q(db, token_sql[TOKEN_INSERT], "titittt", token_hash, t->user_id,
				  t->name, t->created_at, t->scope, t->kinds, NULL);
	int rc = DB_ERROR;

	if (st && t->expires_at && db_bind_int(st, 7, t->expires_at) != DB_OK) {
		db_done(st);
		st = NULL;
	}
	if (st)
		rc = db_returning_id(st, id);
	store_names_changed();
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_tokens_of(struct db *db, struct arena *a, int64_t user, int limit,
			      struct api_token **out, int *n, struct error *e)
{
	struct db_stmt *st = user ? db_q(db, token_sql[TOKEN_LIST_USER], "ii", user, (int64_t)limit)
				  : db_q(db, token_sql[TOKEN_LIST_ALL], "i", (int64_t)limit);

	return db_read_rows(st, a, sizeof(**out), token_read, out, n, e);
}

enum err_code store_token_get(struct db *db, struct arena *a, int64_t id, struct api_token *out,
			      struct error *e)
{
	struct api_token *rows;
	int n;
	enum err_code rc = db_read_rows(db_q(db, token_sql[TOKEN_GET], "i", id), a, sizeof(*rows),
					token_read, &rows, &n, e);

	if (rc)
		return rc;
	if (!n)
		return err_set(e, ERR_NOT_FOUND, NULL, "no API token %lld", (long long)id);
	*out = rows[0];
	return ERR_OK;
}

enum err_code store_token_revoke(struct db *db, int64_t id, int64_t now, struct error *e)
{
	int rc = db_x(db, token_sql[TOKEN_REVOKE], "ii", id, now);

	store_names_changed();
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}
