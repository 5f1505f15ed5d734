/* The use cases.  Each takes a struct ctx: the store, the request's arena, who is acting
 * (NULL for the system, e.g. the command line and the demo loader) and where to put an
 * error.  Every write checks the actor's role, validates, applies the rule, and writes the
 * row with its audit event in one transaction; there is no second path that writes. */
#ifndef TICKETD_SERVICE_H
#define TICKETD_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../store/notify.h"
#include "../store/record.h"
#include "../store/store.h"
#include "../store/ticket.h"
#include "../store/user.h"
#include "../domain/sla.h"

struct ctx {
	struct store *store;
	struct arena *a;
	const struct user *who; /* NULL: the system itself */
	struct error *e;
};

/* Runs fn(c, arg) inside one write transaction: committed when it returns ERR_OK, rolled
 * back otherwise (and on a failed commit). */
enum err_code svc_tx(struct ctx *c, enum err_code (*fn)(struct ctx *c, void *arg), void *arg);
struct db *svc_db(struct ctx *c);

/* --- auth.c: accounts, sessions and tokens --------------------------------------- */

#define SESSION_COOKIE	      "ticketd_session"
#define SESSION_TTL	      (14 * 24 * 3600)
#define LOGIN_WINDOW	      (15 * 60)
#define LOGIN_MAX_PER_ACCOUNT 5
#define LOGIN_MAX_PER_ADDRESS 20

/* Signs in: a new session token in *token (arena string, to set as the cookie).
 * ERR_UNAUTHORIZED for a wrong email or password (the same message for both);
 * ERR_RATE_LIMITED after too many failures for the account or the address. */
enum err_code svc_auth_login(struct ctx *c, const char *email, const char *password,
			     const char *client, const char **token, struct user *out);
enum err_code svc_auth_logout(struct ctx *c, const char *token);
/* The user of a session cookie or of a bearer token; ERR_UNAUTHORIZED when invalid. */
enum err_code svc_auth_session(struct ctx *c, const char *token, struct user *out);
enum err_code svc_auth_bearer(struct ctx *c, const char *token, struct user *out);

/* Adds a user (argon2id password hash; password may be NULL for no sign-in). */
enum err_code svc_user_add(struct ctx *c, const char *email, const char *name, const char *role,
			   const char *password, int64_t *id);
/* A new API token for the user with this email, in *token (shown once, stored hashed). */
enum err_code svc_token_create(struct ctx *c, const char *email, const char *name,
			       const char **token);

/* --- record.c: the ERP's records -------------------------------------------------- */

/* Imports records all or nothing: each is validated and upserted in one transaction; on the
 * first failure nothing is written and e names the row ("[3].customer_id"). */
enum err_code svc_import_customers(struct ctx *c, struct customer *rows, int n);
enum err_code svc_import_orders(struct ctx *c, struct order *rows, int n);
enum err_code svc_import_invoices(struct ctx *c, struct invoice *rows, int n);
/* Parses CSV with a header row (import_csv.c) and imports it as above; `what` is customers,
 * orders (one row per line) or invoices.  *count says how many records were upserted. */
enum err_code svc_import_csv(struct ctx *c, const char *what, const char *text, size_t len,
			     int *count);

/* --- ticket.c: tickets ----------------------------------------------------------- */

enum err_code svc_ticket_create(struct ctx *c, enum kind k, const struct ticket_input *in,
				struct ticket *out);
/* id is a ticket_id or a number ("B2B-000123"); ERR_NOT_FOUND when it is not a ticket of
 * kind k the actor may see. */
enum err_code svc_ticket_get(struct ctx *c, enum kind k, const char *id, struct ticket *out);
/* status may be NULL.  Changes nothing when nothing differs. */
enum err_code svc_ticket_update(struct ctx *c, enum kind k, const char *id,
				const struct ticket_input *in, const char *status,
				struct ticket *out);
/* assignee 0 unassigns. */
enum err_code svc_ticket_assign(struct ctx *c, enum kind k, const char *id, int64_t assignee,
				struct ticket *out);
enum err_code svc_ticket_resolve(struct ctx *c, enum kind k, const char *id, const char *type,
				 const char *notes, struct ticket *out);
enum err_code svc_ticket_close(struct ctx *c, enum kind k, const char *id, const char *note,
			       struct ticket *out);
/* A manager's decision on a B2C claim raised outside the policy window; audited. */
enum err_code svc_ticket_policy_exception(struct ctx *c, const char *id, const char *decision,
					  const char *note, struct ticket *out);
enum err_code svc_ticket_comment(struct ctx *c, enum kind k, const char *id, const char *text,
				 const char *visibility, struct ticket_event *out);
enum err_code svc_ticket_timeline(struct ctx *c, enum kind k, const char *id, bool comments_only,
				  struct ticket_event **out, int *n);
/* q->kind, filters and paging set by the caller; the actor's visibility is applied here. */
enum err_code svc_ticket_list(struct ctx *c, struct ticket_query *q, struct ticket **out, int *n,
			      int64_t *total, bool *more);

/* --- notify.c: notifications ---------------------------------------------------- */

enum notify_type {
	NT_ESCALATION,
	NT_AT_RISK,
	NT_ASSIGNMENT,
	NT_APPROVAL_NEEDED,
	NT_EXCEPTION_DECIDED,
	NT_RESOLVED,
	NT__MAX
};

const char *notify_type_name(enum notify_type t);
int notify_type_from_name(const char *s);

/* Writes the notification to the outbox on each channel the user chose, inside the
 * caller's transaction.  dedupe names the event (e.g. "escalation:42:2"); a second call
 * with the same name writes nothing, which makes the timed jobs idempotent. */
enum err_code svc_notify(struct ctx *c, enum notify_type t, int64_t user, int64_t ticket,
			 const char *title, const char *body, const char *dedupe);
/* The same to every active user of role r. */
enum err_code svc_notify_role(struct ctx *c, enum role r, enum notify_type t, int64_t ticket,
			      const char *title, const char *body, const char *dedupe);
/* The actor's in-app notifications, newest first. */
enum err_code svc_notifications(struct ctx *c, bool unread_only, int limit,
				struct notification **out, int *n, int64_t *unread);
enum err_code svc_notification_read(struct ctx *c, int64_t id);
/* The actor's channels for a type: "in_app,email", "in_app", "email" or "". */
const char *svc_notify_prefs(struct ctx *c, enum notify_type t);
enum err_code svc_notify_prefs_put(struct ctx *c, enum notify_type t, bool in_app, bool email);
/* Sends the emails that are due; counts what was sent and what finally failed. */
enum err_code svc_outbox_deliver(struct ctx *c, int *sent, int *failed);

/* --- sla.c: the timed rules -------------------------------------------------------- */

/* Escalates overdue tickets and warns assignees of tickets at risk, for every ticket whose
 * next check is due.  Idempotent: each ticket is re-read and re-checked in its own
 * transaction, and its notifications are deduplicated. */
enum err_code svc_sla_sweep(struct ctx *c, int *escalated, int *warned);
/* The next instant the sweep must look at t (0: never), from its clock. */
int64_t svc_sla_next_check(const struct ticket *t);

/* --- settings.c: business settings ------------------------------------------------ */

struct sla_settings {
	int64_t budget[KIND__MAX][PRIORITY__MAX]; /* working seconds */
	bool pause_awaiting;			  /* pause while awaiting the customer */
	struct sla_calendar cal;
};

struct smtp_settings {
	bool configured;
	const char *url; /* smtp://host:port or smtps://... */
	bool starttls;	 /* require STARTTLS on smtp:// */
	const char *username, *password, *from;
};

/* The stored settings, or the defaults when none are stored. */
enum err_code svc_sla_settings(struct ctx *c, struct sla_settings *out);
/* Validates and stores (admins only); *out is what was stored. */
enum err_code svc_sla_settings_put(struct ctx *c, json_t *body, struct sla_settings *out);
json_t *svc_sla_settings_json(const struct sla_settings *s);
enum err_code svc_smtp_settings(struct ctx *c, struct smtp_settings *out);
enum err_code svc_smtp_settings_put(struct ctx *c, json_t *body, struct smtp_settings *out);
/* Without the password (password_set says whether there is one). */
json_t *svc_smtp_settings_json(const struct smtp_settings *s);

/* --- demo.c ---------------------------------------------------------------------- */

/* Loads the demo dataset into an empty database (does nothing when users exist).
 * *loaded says whether it did. */
enum err_code svc_demo_load(struct ctx *c, bool *loaded);

#endif
