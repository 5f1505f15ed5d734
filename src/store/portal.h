/* The customer portal's rows (issue 16): contacts of hotels and restaurants, one-time codes,
 * single-purpose links, portal sessions and the satisfaction surveys of closed tickets.
 * Secrets are never stored: codes, link and session tokens as hashes, passwords as argon2id
 * strings made by the service layer.  Strings read live in the caller's arena. */
#ifndef TICKETD_STORE_PORTAL_H
#define TICKETD_STORE_PORTAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct portal_contact {
	int64_t id;
	const char *customer_id, *name, *email, *phone, *role; /* email, phone, role: NULL */
	bool has_password, active;
	int64_t created_at, updated_at;
};

/* ERR_CONFLICT (field email) when another contact has the email. */
enum err_code store_portal_contact_insert(struct db *db, const struct portal_contact *p, int64_t by,
					  int64_t *id, struct error *e);
enum err_code store_portal_contact_update(struct db *db, const struct portal_contact *p,
					  struct error *e);
enum err_code store_portal_contact_set_password(struct db *db, int64_t id, const char *hash,
						struct error *e);
/* ERR_NOT_FOUND when there is none. */
enum err_code store_portal_contact_get(struct db *db, struct arena *a, int64_t id,
				       struct portal_contact *out, struct error *e);
/* By email (lower case), with the password hash (NULL: none) in *hash. */
enum err_code store_portal_contact_by_email(struct db *db, struct arena *a, const char *email,
					    struct portal_contact *out, const char **hash,
					    struct error *e);
enum err_code store_portal_contacts_of(struct db *db, struct arena *a, const char *customer_id,
				       struct portal_contact **out, int *n, struct error *e);

/* One-time codes.  store_portal_code_live is the newest code for address that is unused and
 * not expired at now (ERR_NOT_FOUND: none). */
enum err_code store_portal_code_insert(struct db *db, const char *address, const char *customer_id,
				       const char *code_hash, int64_t now, int64_t expires,
				       struct error *e);
struct portal_code {
	int64_t id;
	const char *customer_id, *code_hash;
	int attempts;
};
enum err_code store_portal_code_live(struct db *db, struct arena *a, const char *address,
				     int64_t now, struct portal_code *out, struct error *e);
/* One more wrong try on the code. */
enum err_code store_portal_code_wrong(struct db *db, int64_t id, struct error *e);
/* Marks the code used; *won false when another request used it first. */
enum err_code store_portal_code_use(struct db *db, int64_t id, int64_t now, bool *won,
				    struct error *e);

/* Links. */
struct portal_link {
	const char *purpose, *customer_id;
	int64_t contact_id, ticket_id, created_at, expires_at, used_at;
};
enum err_code store_portal_link_insert(struct db *db, const char *token_hash,
				       const struct portal_link *l, int64_t by, struct error *e);
enum err_code store_portal_link_get(struct db *db, struct arena *a, const char *token_hash,
				    struct portal_link *out, struct error *e);
/* Marks a link used; *won false when it already was. */
enum err_code store_portal_link_use(struct db *db, const char *token_hash, int64_t now, bool *won,
				    struct error *e);

/* Sessions: the live one of token_hash at now, else ERR_NOT_FOUND. */
struct portal_session {
	const char *customer_id, *address;
	int64_t contact_id, expires_at;
};
enum err_code store_portal_session_insert(struct db *db, const char *token_hash,
					  const struct portal_session *s, int64_t now,
					  struct error *e);
enum err_code store_portal_session_get(struct db *db, struct arena *a, const char *token_hash,
				       int64_t now, struct portal_session *out, struct error *e);
enum err_code store_portal_session_delete(struct db *db, const char *token_hash, struct error *e);
/* Ends every session of a contact (deactivated, or a new password). */
enum err_code store_portal_sessions_end(struct db *db, int64_t contact_id, struct error *e);

/* Surveys. */
struct survey {
	int64_t id, ticket_id;
	const char *kind, *category, *customer_id, *sent_by, *comment;
	int64_t agent_id, created_at, answered_at;
	int rating; /* 0: not answered */
};
/* Adds the ticket's survey unless it has one (*added says which); *id is the survey's. */
enum err_code store_portal_survey_add(struct db *db, const struct survey *s, bool *added,
				      int64_t *id, struct error *e);
enum err_code store_portal_survey_sent_by(struct db *db, int64_t id, const char *how,
					  struct error *e);
enum err_code store_portal_survey_of_ticket(struct db *db, struct arena *a, int64_t ticket_id,
					    struct survey *out, struct error *e);
/* Records the answer once: *won false when it was answered before. */
enum err_code store_portal_survey_answer(struct db *db, int64_t id, int rating, const char *comment,
					 int64_t now, const char *month, bool *won,
					 struct error *e);

/* Satisfaction over the surveys answered in [from, to), of one kind (NULL: b2b and b2c):
 * count and sum of ratings, by agent, by kind and category, by month (oldest first). */
struct satisfaction_row {
	int64_t agent_id;
	const char *agent_name, *kind, *category, *month;
	int64_t n, sum;
};
struct satisfaction {
	int64_t n, sum;
	struct satisfaction_row *by_agent, *by_category, *by_month;
	int nagent, ncategory, nmonth;
};
enum err_code store_portal_satisfaction(struct db *db, struct arena *a, const char *kind,
					int64_t from, int64_t to, struct satisfaction *out,
					struct error *e);

/* The reserved user the portal acts as on tickets (created_by, comments, photos): found by
 * its email, made on first use (inactive, without a password, so nobody signs in as it). */
enum err_code store_portal_actor(struct db *db, const char *email, const char *name, int64_t now,
				 int64_t *id, struct error *e);
/* That user's id by its email into *id, without making it; false when there is none (or
 * the read failed). */
bool store_portal_actor_find(struct db *db, const char *email, int64_t *id);

extern const struct db_sql_table store_portal_sql;

#endif
