/* SQL for the customer portal; see portal.h. */
#include "portal.h"

#include <string.h>

#include "user.h"
#include "../base/banned.h"

#define CONTACT_COLS                                                                               \
	"contact_id, customer_id, name, email, phone, role, password_hash IS NOT NULL, active, "   \
	"created_at, updated_at"
#define SURVEY_COLS                                                                                \
	"survey_id, ticket_id, kind, category, customer_id, sent_by, comment, agent_id, "          \
	"created_at, answered_at, rating"
/* The satisfaction queries' common filter: answered in [$1, $2), of kind $3 (NULL: all). */
#define SAT_WHERE                                                                                  \
	" FROM surveys WHERE answered_at >= $1 AND answered_at < $2 AND (CAST($3 AS TEXT) IS "     \
	"NULL OR kind = CAST($3 AS TEXT))"

enum {
	PORTAL_CONTACT_INSERT,
	PORTAL_CONTACT_UPDATE,
	PORTAL_CONTACT_PASSWORD,
	PORTAL_CONTACT_GET,
	PORTAL_CONTACT_BY_EMAIL,
	PORTAL_CONTACTS_OF,
	PORTAL_CODE_INSERT,
	PORTAL_CODE_LIVE,
	PORTAL_CODE_WRONG,
	PORTAL_CODE_USE,
	PORTAL_LINK_INSERT,
	PORTAL_LINK_GET,
	PORTAL_LINK_USE,
	PORTAL_SESSION_INSERT,
	PORTAL_SESSION_GET,
	PORTAL_SESSION_DELETE,
	PORTAL_SESSIONS_END,
	PORTAL_SURVEY_ADD,
	PORTAL_SURVEY_SENT_BY,
	PORTAL_SURVEY_OF_TICKET,
	PORTAL_SURVEY_ANSWER,
	PORTAL_SAT_ALL,
	PORTAL_SAT_AGENT,
	PORTAL_SAT_CATEGORY,
	PORTAL_SAT_MONTH,
	PORTAL_ACTOR_ADD,
	PORTAL_ACTOR_GET,
	PORTAL__MAX
};
static const char *const portal_sql[PORTAL__MAX] = {
    [PORTAL_CONTACT_INSERT] =
	"INSERT INTO portal_contacts (customer_id, name, email, phone, role, active, created_by, "
	"created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING contact_id",
    [PORTAL_CONTACT_UPDATE] = "UPDATE portal_contacts SET name = $2, email = $3, phone = $4, "
			      "role = $5, active = $6, updated_at = $7 WHERE contact_id = $1",
    [PORTAL_CONTACT_PASSWORD] =
	"UPDATE portal_contacts SET password_hash = $2 WHERE contact_id = $1",
    [PORTAL_CONTACT_GET] = "SELECT " CONTACT_COLS " FROM portal_contacts WHERE contact_id = $1",
    [PORTAL_CONTACT_BY_EMAIL] = "SELECT " CONTACT_COLS ", password_hash FROM portal_contacts "
				"WHERE email = $1",
    [PORTAL_CONTACTS_OF] = "SELECT " CONTACT_COLS " FROM portal_contacts WHERE customer_id = $1 "
			   "ORDER BY name, contact_id",
    [PORTAL_CODE_INSERT] = "INSERT INTO portal_codes (address, customer_id, code_hash, "
			   "created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    [PORTAL_CODE_LIVE] = "SELECT code_id, customer_id, code_hash, attempts FROM portal_codes "
			 "WHERE address = $1 AND used_at IS NULL AND expires_at > $2 "
			 "ORDER BY code_id DESC LIMIT 1",
    [PORTAL_CODE_WRONG] = "UPDATE portal_codes SET attempts = attempts + 1 WHERE code_id = $1",
    [PORTAL_CODE_USE] = "UPDATE portal_codes SET used_at = $2 WHERE code_id = $1 AND used_at IS "
			"NULL RETURNING code_id",
    [PORTAL_LINK_INSERT] = "INSERT INTO portal_links (token_hash, purpose, customer_id, "
			   "contact_id, ticket_id, created_by, created_at, expires_at) VALUES "
			   "($1, $2, $3, $4, $5, $6, $7, $8)",
    [PORTAL_LINK_GET] = "SELECT purpose, customer_id, contact_id, ticket_id, created_at, "
			"expires_at, used_at FROM portal_links WHERE token_hash = $1",
    [PORTAL_LINK_USE] = "UPDATE portal_links SET used_at = $2 WHERE token_hash = $1 AND used_at "
			"IS NULL RETURNING purpose",
    [PORTAL_SESSION_INSERT] = "INSERT INTO portal_sessions (token_hash, customer_id, contact_id, "
			      "address, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    [PORTAL_SESSION_GET] = "SELECT customer_id, contact_id, address, expires_at FROM "
			   "portal_sessions WHERE token_hash = $1 AND expires_at > $2",
    [PORTAL_SESSION_DELETE] = "DELETE FROM portal_sessions WHERE token_hash = $1",
    [PORTAL_SESSIONS_END] = "DELETE FROM portal_sessions WHERE contact_id = $1",
    [PORTAL_SURVEY_ADD] = "INSERT INTO surveys (ticket_id, kind, category, agent_id, "
			  "customer_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
			  "ON CONFLICT (ticket_id) DO NOTHING RETURNING survey_id",
    [PORTAL_SURVEY_SENT_BY] = "UPDATE surveys SET sent_by = $2 WHERE survey_id = $1",
    [PORTAL_SURVEY_OF_TICKET] = "SELECT " SURVEY_COLS " FROM surveys WHERE ticket_id = $1",
    [PORTAL_SURVEY_ANSWER] = "UPDATE surveys SET rating = $2, comment = $3, answered_at = $4, "
			     "month = $5 WHERE survey_id = $1 AND answered_at IS NULL "
			     "RETURNING survey_id",
    [PORTAL_SAT_ALL] = "SELECT COUNT(*), COALESCE(SUM(rating), 0)" SAT_WHERE,
    [PORTAL_SAT_AGENT] = "SELECT agent_id, COUNT(*), SUM(rating)" SAT_WHERE
			 " AND agent_id IS NOT NULL GROUP BY agent_id ORDER BY COUNT(*) DESC, "
			 "agent_id LIMIT 50",
    [PORTAL_SAT_CATEGORY] = "SELECT kind, category, COUNT(*), SUM(rating)" SAT_WHERE
			    " GROUP BY kind, category ORDER BY COUNT(*) DESC, kind, category "
			    "LIMIT 50",
    [PORTAL_SAT_MONTH] =
	"SELECT month, COUNT(*), SUM(rating)" SAT_WHERE " GROUP BY month ORDER BY month",
    [PORTAL_ACTOR_ADD] = "INSERT INTO users (email, name, role, password_hash, active, "
			 "created_at) VALUES ($1, $2, 'agent', NULL, 0, $3) ON CONFLICT (email) "
			 "DO NOTHING",
    [PORTAL_ACTOR_GET] = "SELECT user_id FROM users WHERE email = $1",
};
const struct db_sql_table store_portal_sql = {"portal", portal_sql, PORTAL__MAX};

static void contact_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct portal_contact *p = row;

	p->id = db_int(st, 0);
	p->customer_id = arena_strdup(a, db_text(st, 1));
	p->name = arena_strdup(a, db_text(st, 2));
	p->email = db_text_or_null(a, st, 3);
	p->phone = db_text_or_null(a, st, 4);
	p->role = db_text_or_null(a, st, 5);
	p->has_password = db_int(st, 6) != 0;
	p->active = db_int(st, 7) != 0;
	p->created_at = db_int(st, 8);
	p->updated_at = db_int(st, 9);
}

enum err_code store_portal_contact_insert(struct db *db, const struct portal_contact *p, int64_t by,
					  int64_t *id, struct error *e)
{
	struct db_stmt *st =
	    db_q(db, portal_sql[PORTAL_CONTACT_INSERT], "tttttbii", p->customer_id, p->name,
		 p->email, p->phone, p->role, p->active, by, p->created_at);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_int(st, 0);
	db_done(st);
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "email", "another contact has the email %s",
			       p->email);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_portal_contact_update(struct db *db, const struct portal_contact *p,
					  struct error *e)
{
	int rc = db_x(db, portal_sql[PORTAL_CONTACT_UPDATE], "ittttbi", p->id, p->name, p->email,
		      p->phone, p->role, p->active, p->updated_at);

	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "email", "another contact has the email %s",
			       p->email);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_portal_contact_set_password(struct db *db, int64_t id, const char *hash,
						struct error *e)
{
	return db_x(db, portal_sql[PORTAL_CONTACT_PASSWORD], "it", id, hash) == DB_DONE
		   ? ERR_OK
		   : db_failed(e);
}

enum err_code store_portal_contact_get(struct db *db, struct arena *a, int64_t id,
				       struct portal_contact *out, struct error *e)
{
	struct portal_contact *rows;
	int n;
	enum err_code rc = db_read_rows(db_q(db, portal_sql[PORTAL_CONTACT_GET], "i", id), a,
					sizeof(*rows), contact_read, &rows, &n, e);

	if (rc)
		return rc;
	if (!n)
		return err_set(e, ERR_NOT_FOUND, NULL, "no portal contact %lld", (long long)id);
	*out = rows[0];
	return ERR_OK;
}

enum err_code store_portal_contact_by_email(struct db *db, struct arena *a, const char *email,
					    struct portal_contact *out, const char **hash,
					    struct error *e)
{
	struct db_stmt *st = db_q(db, portal_sql[PORTAL_CONTACT_BY_EMAIL], "t", email);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW) {
		contact_read(st, a, out);
		*hash = db_text_or_null(a, st, 10);
	}
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no such contact") : db_failed(e);
}

enum err_code store_portal_contacts_of(struct db *db, struct arena *a, const char *customer_id,
				       struct portal_contact **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, portal_sql[PORTAL_CONTACTS_OF], "t", customer_id), a,
			    sizeof(**out), contact_read, out, n, e);
}

enum err_code store_portal_code_insert(struct db *db, const char *address, const char *customer_id,
				       const char *code_hash, int64_t now, int64_t expires,
				       struct error *e)
{
	return db_x(db, portal_sql[PORTAL_CODE_INSERT], "tttii", address, customer_id, code_hash,
		    now, expires) == DB_DONE
		   ? ERR_OK
		   : db_failed(e);
}

enum err_code store_portal_code_live(struct db *db, struct arena *a, const char *address,
				     int64_t now, struct portal_code *out, struct error *e)
{
	struct db_stmt *st = db_q(db, portal_sql[PORTAL_CODE_LIVE], "ti", address, now);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_int(st, 0);
		out->customer_id = arena_strdup(a, db_text(st, 1));
		out->code_hash = arena_strdup(a, db_text(st, 2));
		out->attempts = (int)db_int(st, 3);
	}
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no live code") : db_failed(e);
}

enum err_code store_portal_code_wrong(struct db *db, int64_t id, struct error *e)
{
	return db_x(db, portal_sql[PORTAL_CODE_WRONG], "i", id) == DB_DONE ? ERR_OK : db_failed(e);
}

/* Runs an UPDATE ... RETURNING that changes at most one row: *won says whether it did. */
static enum err_code claim_one(struct db_stmt *st, bool *won, struct error *e)
{
	int rc;

	*won = false;
	if (!st)
		return db_failed(e);
	rc = db_step(st);
	db_done(st);
	*won = rc == DB_ROW;
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_portal_code_use(struct db *db, int64_t id, int64_t now, bool *won,
				    struct error *e)
{
	return claim_one(db_q(db, portal_sql[PORTAL_CODE_USE], "ii", id, now), won, e);
}

/* Binds v at idx, NULL for 0. */
static bool bind_id(struct db_stmt *st, int idx, int64_t v)
{
	return !st || !v || db_bind_int(st, idx, v) == DB_OK;
}

enum err_code store_portal_link_insert(struct db *db, const char *token_hash,
				       const struct portal_link *l, int64_t by, struct error *e)
{
	struct db_stmt *st =
	    db_q(db, portal_sql[PORTAL_LINK_INSERT], "ttttttii", token_hash, l->purpose,
		 l->customer_id, NULL, NULL, NULL, l->created_at, l->expires_at);

	if (!st || !bind_id(st, 4, l->contact_id) || !bind_id(st, 5, l->ticket_id) ||
	    !bind_id(st, 6, by)) {
		if (st)
			db_done(st);
		return db_failed(e);
	}
	int rc = db_step(st);

	db_done(st);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_portal_link_get(struct db *db, struct arena *a, const char *token_hash,
				    struct portal_link *out, struct error *e)
{
	struct db_stmt *st = db_q(db, portal_sql[PORTAL_LINK_GET], "t", token_hash);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->purpose = arena_strdup(a, db_text(st, 0));
		out->customer_id = arena_strdup(a, db_text(st, 1));
		out->contact_id = db_int_or_zero(st, 2);
		out->ticket_id = db_int_or_zero(st, 3);
		out->created_at = db_int(st, 4);
		out->expires_at = db_int(st, 5);
		out->used_at = db_int_or_zero(st, 6);
	}
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no such link") : db_failed(e);
}

enum err_code store_portal_link_use(struct db *db, const char *token_hash, int64_t now, bool *won,
				    struct error *e)
{
	return claim_one(db_q(db, portal_sql[PORTAL_LINK_USE], "ti", token_hash, now), won, e);
}

enum err_code store_portal_session_insert(struct db *db, const char *token_hash,
					  const struct portal_session *s, int64_t now,
					  struct error *e)
{
	struct db_stmt *st = db_q(db, portal_sql[PORTAL_SESSION_INSERT], "ttttii", token_hash,
				  s->customer_id, NULL, s->address, now, s->expires_at);
	int rc;

	/* "tttiii" binds contact_id as NULL first; a contact's id replaces it. */
	if (!st || !bind_id(st, 3, s->contact_id)) {
		if (st)
			db_done(st);
		return db_failed(e);
	}
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_portal_session_get(struct db *db, struct arena *a, const char *token_hash,
				       int64_t now, struct portal_session *out, struct error *e)
{
	struct db_stmt *st = db_q(db, portal_sql[PORTAL_SESSION_GET], "ti", token_hash, now);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->customer_id = arena_strdup(a, db_text(st, 0));
		out->contact_id = db_int_or_zero(st, 1);
		out->address = db_text_or_null(a, st, 2);
		out->expires_at = db_int(st, 3);
	}
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no such session") : db_failed(e);
}

enum err_code store_portal_session_delete(struct db *db, const char *token_hash, struct error *e)
{
	return db_x(db, portal_sql[PORTAL_SESSION_DELETE], "t", token_hash) == DB_DONE
		   ? ERR_OK
		   : db_failed(e);
}

enum err_code store_portal_sessions_end(struct db *db, int64_t contact_id, struct error *e)
{
	return db_x(db, portal_sql[PORTAL_SESSIONS_END], "i", contact_id) == DB_DONE ? ERR_OK
										     : db_failed(e);
}

enum err_code store_portal_survey_add(struct db *db, const struct survey *s, bool *added,
				      int64_t *id, struct error *e)
{
	struct db_stmt *st = db_q(db, portal_sql[PORTAL_SURVEY_ADD], "itttti", s->ticket_id,
				  s->kind, s->category, NULL, s->customer_id, s->created_at);
	int rc;

	*added = false;
	if (!st || !bind_id(st, 4, s->agent_id)) {
		if (st)
			db_done(st);
		return db_failed(e);
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_int(st, 0);
	db_done(st);
	*added = rc == DB_ROW;
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_portal_survey_sent_by(struct db *db, int64_t id, const char *how,
					  struct error *e)
{
	return db_x(db, portal_sql[PORTAL_SURVEY_SENT_BY], "it", id, how) == DB_DONE ? ERR_OK
										     : db_failed(e);
}

static void survey_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct survey *s = row;

	s->id = db_int(st, 0);
	s->ticket_id = db_int(st, 1);
	s->kind = arena_strdup(a, db_text(st, 2));
	s->category = db_text_or_null(a, st, 3);
	s->customer_id = db_text_or_null(a, st, 4);
	s->sent_by = db_text_or_null(a, st, 5);
	s->comment = db_text_or_null(a, st, 6);
	s->agent_id = db_int_or_zero(st, 7);
	s->created_at = db_int(st, 8);
	s->answered_at = db_int_or_zero(st, 9);
	s->rating = (int)db_int_or_zero(st, 10);
}

enum err_code store_portal_survey_of_ticket(struct db *db, struct arena *a, int64_t ticket_id,
					    struct survey *out, struct error *e)
{
	struct survey *rows;
	int n;
	enum err_code rc =
	    db_read_rows(db_q(db, portal_sql[PORTAL_SURVEY_OF_TICKET], "i", ticket_id), a,
			 sizeof(*rows), survey_read, &rows, &n, e);

	if (rc)
		return rc;
	if (!n)
		return err_set(e, ERR_NOT_FOUND, NULL, "no survey for this ticket");
	*out = rows[0];
	return ERR_OK;
}

enum err_code store_portal_survey_answer(struct db *db, int64_t id, int rating, const char *comment,
					 int64_t now, const char *month, bool *won, struct error *e)
{
	return claim_one(db_q(db, portal_sql[PORTAL_SURVEY_ANSWER], "iitit", id, (int64_t)rating,
			      comment, now, month),
			 won, e);
}

static void sat_agent_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct satisfaction_row *s = row;

	(void)a;
	s->agent_id = db_int(st, 0);
	s->n = db_int(st, 1);
	s->sum = db_int(st, 2);
}

static void sat_category_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct satisfaction_row *s = row;

	s->kind = arena_strdup(a, db_text(st, 0));
	s->category = db_text_or_null(a, st, 1);
	s->n = db_int(st, 2);
	s->sum = db_int(st, 3);
}

static void sat_month_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct satisfaction_row *s = row;

	s->month = db_text_or_null(a, st, 0);
	s->n = db_int(st, 1);
	s->sum = db_int(st, 2);
}

enum err_code store_portal_satisfaction(struct db *db, struct arena *a, const char *kind,
					int64_t from, int64_t to, struct satisfaction *out,
					struct error *e)
{
	struct db_stmt *st = db_q(db, portal_sql[PORTAL_SAT_ALL], "iit", from, to, kind);
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return db_failed(e);
	if (db_step(st) == DB_ROW) {
		out->n = db_int(st, 0);
		out->sum = db_int(st, 1);
	}
	db_done(st);
	rc = db_read_rows(db_q(db, portal_sql[PORTAL_SAT_AGENT], "iit", from, to, kind), a,
			  sizeof(*out->by_agent), sat_agent_read, &out->by_agent, &out->nagent, e);
	for (int i = 0; !rc && i < out->nagent; i++)
		out->by_agent[i].agent_name = store_user_name(db, a, out->by_agent[i].agent_id);
	if (!rc)
		rc = db_read_rows(db_q(db, portal_sql[PORTAL_SAT_CATEGORY], "iit", from, to, kind),
				  a, sizeof(*out->by_category), sat_category_read,
				  &out->by_category, &out->ncategory, e);
	if (!rc)
		rc = db_read_rows(db_q(db, portal_sql[PORTAL_SAT_MONTH], "iit", from, to, kind), a,
				  sizeof(*out->by_month), sat_month_read, &out->by_month,
				  &out->nmonth, e);
	return rc;
}

bool store_portal_actor_find(struct db *db, const char *email, int64_t *id)
{
	struct db_stmt *st = db_q(db, portal_sql[PORTAL_ACTOR_GET], "t", email);
	bool found = st && db_step(st) == DB_ROW;

	if (found)
		*id = db_int(st, 0);
	db_done(st);
	return found;
}

enum err_code store_portal_actor(struct db *db, const char *email, const char *name, int64_t now,
				 int64_t *id, struct error *e)
{
	struct db_stmt *st;
	int rc;

	if (db_x(db, portal_sql[PORTAL_ACTOR_ADD], "tti", email, name, now) != DB_DONE)
		return db_failed(e);
	store_names_changed();
	st = db_q(db, portal_sql[PORTAL_ACTOR_GET], "t", email);
	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}
