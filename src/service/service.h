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
#include "../store/token.h"
#include "../store/approval.h"
#include "../store/notify.h"
#include "../store/record.h"
#include "../store/release.h"
#include "../store/team.h"
#include "../store/template.h"
#include "../store/store.h"
#include "../store/ticket.h"
#include "../store/user.h"
#include "../domain/sla.h"

struct ctx {
	struct store *store;
	struct arena *a;
	const struct user *who; /* NULL: the system itself */
	struct error *e;
	/* The request's claimed Idempotency-Key (idempotency.h), 0 when none: svc_tx marks it
	 * committed inside the transaction of each change it commits. */
	int64_t idem;
	/* Who the comments of this context are written by when it acts for someone who is no
	 * staff user (a portal customer or contact, as the portal's reserved user); NULL: the
	 * user (store_comment_add). */
	const struct comment_author *author;
};

/* Runs fn(c, arg) inside one write transaction: committed when it returns ERR_OK, rolled
 * back otherwise (and on a failed commit). */
enum err_code svc_tx(struct ctx *c, enum err_code (*fn)(struct ctx *c, void *arg), void *arg);
/* The same in a transaction of its own on this thread's connection, beside the writers'
 * group, where the engine takes several writers at once (PostgreSQL; on SQLite it is
 * svc_tx): for long batch work (the SLA sweep) that would hold every other change back for
 * the length of each of its transactions, and that may run on several threads at once. */
enum err_code svc_tx_alone(struct ctx *c, enum err_code (*fn)(struct ctx *c, void *arg), void *arg);
/* A request's (or a job run's) use of the store, for the layers above: svc_connect borrows
 * this thread's connection and says whether there is one (false: answer 503 before
 * anything runs); a GET runs inside svc_read_begin/svc_read_end (store_read_begin); and
 * svc_release gives the connection back when the request is over. */
bool svc_connect(struct store *s);
bool svc_read_begin(struct store *s);
void svc_read_end(struct store *s);
void svc_release(struct store *s);
struct db *svc_db(struct ctx *c);
/* Nanoseconds this thread has spent in the database so far (GET /metrics: the difference
 * across a request is its database time). */
uint64_t svc_db_time_ns(void);
/* The actor's user id; 0 for the system. */
int64_t svc_actor_id(struct ctx *c);
/* s without leading and trailing white space, in a; NULL for NULL. */
const char *svc_trimmed(struct arena *a, const char *s);
/* Whether the actor is support staff (or the system itself); svc_not_staff is the 403 for
 * one who is not. */
bool svc_staff(struct ctx *c);
enum err_code svc_not_staff(struct ctx *c);
/* Adds an audit event on a ticket, by the actor (0 for the system), at the clock's now. */
enum err_code svc_event(struct ctx *c, int64_t ticket, const char *type, const char *field,
			const char *old_value, const char *new_value, const char *note);

/* --- auth.c: accounts, sessions and tokens --------------------------------------- */

#define SESSION_COOKIE "ticketd_session"
/* Sessions slide (issue 18): each is good for the idle timeout after its last activity, up
 * to the absolute limit after the sign-in (workflow settings session_idle_hours and
 * session_max_days); activity moves the end at most once a SESSION_TOUCH_S. */
#define SESSION_IDLE_DEFAULT  (12 * 3600)
#define SESSION_MAX_DEFAULT   (7 * 24 * 3600)
#define SESSION_TOUCH_S	      60
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
/* User id, or every user in name order through fn (which stops the walk by returning
 * non-zero). */
enum err_code svc_user_get(struct ctx *c, int64_t id, struct user *out);
enum err_code svc_users(struct ctx *c, int (*fn)(void *arg, const struct user *u), void *arg);
/* The schema's version (the newest migration applied), or -1 when the database cannot be
 * read: the health check. */
int svc_schema_version(struct store *s);
/* The session limits in force: idle timeout and absolute limit, in seconds. */
enum err_code svc_session_limits(struct ctx *c, int64_t *idle, int64_t *absolute);
/* Slides the session svc_auth_session found due for it on this thread (at most once a
 * SESSION_TOUCH_S per session), in a write transaction of its own: called when the request's
 * read transaction has ended.  Nothing to do is ERR_OK; a failure is only logged. */
void svc_session_touch_pending(struct ctx *c);

/* A new API token for the user with this email (NULL: the caller), in *token (shown once,
 * stored hashed) and *out.  scope "read" or "write"; kinds bits (1 << enum kind), 0 for
 * every kind; expires_at 0 for never.  Only admins make tokens for someone else. */
enum err_code svc_token_create(struct ctx *c, const char *email, const char *name,
			       const char *scope, unsigned kinds, int64_t expires_at,
			       const char **token, struct api_token *out);
/* The caller's tokens, or everyone's for an admin (all true), newest first. */
enum err_code svc_tokens(struct ctx *c, bool all, struct api_token **out, int *n);
/* Revokes a token of the caller's (any, for an admin); ERR_NOT_FOUND otherwise.  Cached
 * sign-ins with it end at once. */
enum err_code svc_token_revoke(struct ctx *c, int64_t id, struct api_token *out);

/* Passwords kept elsewhere (the portal's contacts), as staff passwords: argon2id into out
 * (crypto_pwhash_STRBYTES bytes; false when out of memory), and a check that spends the
 * time of one even when there is no hash (NULL), so a wrong name costs what a wrong
 * password does. */
bool svc_password_hash(char *out, const char *password);
bool svc_password_check(const char *hash, const char *password);

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

/* --- tickets: ticket.c (creation, reads), change.c (edits), resolution.c, comment.c --- */

enum err_code svc_ticket_create(struct ctx *c, enum kind k, const struct ticket_input *in,
				struct ticket *out);
/* id is a ticket_id or a number ("B2B-000123"); ERR_NOT_FOUND when it is not a ticket of
 * kind k the actor may see. */
enum err_code svc_ticket_get(struct ctx *c, enum kind k, const char *id, struct ticket *out);
/* status may be NULL.  Changes nothing when nothing differs. */
enum err_code svc_ticket_update(struct ctx *c, enum kind k, const char *id,
				const struct ticket_input *in, const char *status,
				struct ticket *out);
/* What an assignment sets: the person (0 unassigns) and/or the team (0 clears). */
struct assignment {
	bool set_user;
	int64_t user;
	bool set_team;
	int64_t team;
};

enum err_code svc_ticket_assign(struct ctx *c, enum kind k, const char *id,
				const struct assignment *as, struct ticket *out);
/* What a resolution did.  Money types (credit_note, refund, store_credit) carry an amount
 * in paise; a replacement its date. */
struct resolution {
	const char *type, *notes;
	bool has_amount;
	int64_t amount;
	const char *currency, *reference, *replacement_date, *replacement_items;
};

/* Resolves; or, when the resolution needs a manager's approval (workflow settings), records
 * it as pending: *approval_id is then set and the ticket keeps its status. */
struct evidence;
/* ev, when not NULL, holds photos of what was sent (a replacement, goodwill): they are
 * attached to the ticket in the same transaction. */
enum err_code svc_ticket_resolve(struct ctx *c, enum kind k, const char *id,
				 const struct resolution *res, struct evidence *ev,
				 struct ticket *out, int64_t *approval_id);
/* confirmation: how the customer confirmed (phone, whatsapp, ...), or NULL. */
enum err_code svc_ticket_close(struct ctx *c, enum kind k, const char *id, const char *note,
			       const char *confirmation, struct ticket *out);
/* Approvals (managers and admins): list, and decide one — approving resolves the ticket,
 * rejecting (a note is required) returns it to in_progress. */
enum err_code svc_approvals(struct ctx *c, const char *state, struct approval **out, int *n);
enum err_code svc_approval_decide(struct ctx *c, int64_t id, bool approve, const char *note,
				  struct approval *out, struct ticket *t);
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
/* A list across the kinds in q->kinds (or, with q->kinds 0, of q->kind, as svc_ticket_list):
 * each kind as far as the caller may read it (all, or those they created).  A kind the
 * caller may not read is refused when named, else left out. */
enum err_code svc_ticket_list_kinds(struct ctx *c, struct ticket_query *q, bool named,
				    struct ticket **out, int *n, int64_t *total, bool *more);

/* --- notify.c: notifications ---------------------------------------------------- */

enum notify_type {
	NT_ESCALATION,
	NT_AT_RISK,
	NT_ASSIGNMENT,
	NT_APPROVAL_NEEDED,
	NT_EXCEPTION_DECIDED,
	NT_RESOLVED,
	NT_RELEASED,
	NT_INCIDENT,	   /* a pattern rule opened a quality incident (managers) */
	NT_CUSTOMER_WROTE, /* a customer replied on the portal (the ticket's assignee) */
	NT__MAX
};

const char *notify_type_name(enum notify_type t);
int notify_type_from_name(const char *s);

/* Writes the notification to the outbox on each channel the user chose, inside the
 * caller's transaction.  dedupe names the event (e.g. "escalation:42:2"); a second call
 * with the same name writes nothing, which makes the timed jobs idempotent. */
enum err_code svc_notify(struct ctx *c, enum notify_type t, int64_t user, int64_t ticket,
			 const char *title, const char *body, const char *dedupe);
/* Who hears of a type of notification sent to a role, resolved once for many notices (the
 * escalation sweep): each active member with the channels they chose. */
struct notify_recipient {
	int64_t user;
	bool in_app, email;
};
struct notify_audience {
	enum notify_type type;
	struct notify_recipient *to;
	int n;
};
enum err_code svc_notify_audience(struct ctx *c, enum role r, enum notify_type t,
				  struct notify_audience *out);
/* svc_notify for each of the audience, with the same dedupe key rules. */
enum err_code svc_notify_each(struct ctx *c, const struct notify_audience *au, int64_t ticket,
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
/* Emails waiting in the outbox, and how many seconds the earliest due of them has waited
 * past its due time (0 when none is overdue). */
enum err_code svc_outbox_stats(struct ctx *c, int64_t *waiting, int64_t *oldest_age);

/* --- sla.c: the timed rules -------------------------------------------------------- */

/* Escalates overdue tickets and warns assignees of tickets at risk, for every ticket whose
 * next check is due, `batch` tickets to a transaction (0: SWEEP_BATCH).  Idempotent: each
 * ticket is claimed, re-read and re-checked in its batch's transaction, and its
 * notifications are deduplicated. */
/* The most tickets the sweep handles in one transaction, and so the most a caller may ask
 * for: batch 0 (or more) is this many. */
#define SWEEP_BATCH 2000
struct sla_sweep_result {
	int escalated, warned;
	int batches; /* transactions that claimed tickets */
};
enum err_code svc_sla_sweep(struct ctx *c, int batch, struct sla_sweep_result *out);
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

enum routing_mode { ROUTE_MANUAL, ROUTE_ROUND_ROBIN, ROUTE_LEAST_OPEN, ROUTE__MAX };

struct workflow_settings {
	/* Paise above which credit_note, refund, store_credit (in that order) need a
	 * manager's approval: 0 always, -1 never. */
	int64_t threshold[3];
	int auto_close_days;	       /* a resolved ticket with no reply closes itself; 0: never */
	int64_t route_team[KIND__MAX]; /* 0: no team */
	enum routing_mode route_mode[KIND__MAX];
	int session_idle_hours; /* a session ends this long after its last activity */
	int session_max_days;	/* and this long after its sign-in at the latest */
};

const char *routing_mode_name(enum routing_mode m);
/* 0..2 for credit_note, refund, store_credit; -1 for a type without an amount. */
int workflow_money_index(const char *type);
enum err_code svc_workflow_settings(struct ctx *c, struct workflow_settings *out);
enum err_code svc_workflow_settings_put(struct ctx *c, json_t *body, struct workflow_settings *out);
json_t *svc_workflow_settings_json(const struct workflow_settings *w);

/* A setting's stored JSON (*out NULL when never set; the caller decrefs it), and storing
 * one: the common ground of every settings codec. */
enum err_code svc_setting_load(struct ctx *c, const char *key, json_t **out);
enum err_code svc_setting_save(struct ctx *c, const char *key, json_t *value);

/* The stored settings, or the defaults when none are stored. */
enum err_code svc_sla_settings(struct ctx *c, struct sla_settings *out);
/* Validates and stores (admins only); *out is what was stored. */
enum err_code svc_sla_settings_put(struct ctx *c, json_t *body, struct sla_settings *out);
json_t *svc_sla_settings_json(const struct sla_settings *s);
enum err_code svc_smtp_settings(struct ctx *c, struct smtp_settings *out);
enum err_code svc_smtp_settings_put(struct ctx *c, json_t *body, struct smtp_settings *out);
/* Without the password (password_set says whether there is one). */
json_t *svc_smtp_settings_json(const struct smtp_settings *s);

/* Internal tickets: link to a release (0 unlinks) and/or put on the roadmap. */
enum err_code svc_ticket_plan(struct ctx *c, const char *id, bool set_release, int64_t release_id,
			      bool set_roadmap, bool on_roadmap, struct ticket *out);
/* Inside a transaction: resolves an internal ticket as released (unless it already is
 * resolved or closed); *resolved says whether it did. */
enum err_code svc_ticket_release_in_tx(struct ctx *c, int64_t ticket_id, const char *version,
				       const char *notes, bool *resolved);

/* Closes resolved tickets with no reply for the workflow's auto_close_days (a timed job),
 * recording confirmation "auto" and an event saying so. */
enum err_code svc_ticket_auto_close(struct ctx *c, int *closed);

/* --- release.c: releases and internal metrics ---------------------------------------- */

enum err_code svc_release_save(struct ctx *c, int64_t id, const char *version, const char *date,
			       const char *notes, struct release *out);
enum err_code svc_releases(struct ctx *c, struct release **out, int *n);
enum err_code svc_release_get(struct ctx *c, int64_t id, struct release *out);
/* Publishes: every linked ticket is resolved and its creator notified with the notes. */
enum err_code svc_release_publish(struct ctx *c, int64_t id, struct release *out, int *resolved);
enum err_code svc_internal_metrics(struct ctx *c, struct internal_metrics *out);

/* --- template.c: response templates and replies ----------------------------------- */

struct template_row;
/* Creates (id 0) or replaces a template; its placeholders must be known (422 naming the
 * field and the placeholder).  Managers and admins. */
enum err_code svc_template_save(struct ctx *c, struct template_row *t);
enum err_code svc_template_delete(struct ctx *c, int64_t id);
enum err_code svc_templates(struct ctx *c, const char *kind, struct template_row **out, int *n);
enum err_code svc_template_get(struct ctx *c, int64_t id, struct template_row *out);

struct reply {
	int64_t template_id; /* 0: none */
	const char *body;    /* the agent's text (may hold placeholders); else the template's */
	const char *subject; /* email; else the template's, else "Re: {{ticket.number}}" */
	const char *channel; /* email (sent through the outbox), whatsapp, sms, phone */
	/* Out: what was sent and logged. */
	const char *text, *subject_text;
	int64_t communication_id;
	bool queued; /* an email went to the outbox */
	/* Out, from a preview: the customer's email address (NULL: none), and whether a mail
	 * server is set up to send it. */
	const char *to;
	bool mail_server;
	/* Out, for channel whatsapp (reply and preview): whether it is sent for real (WhatsApp
	 * is on and the customer has a number), to which number, as "text" (inside the 24-hour
	 * window, open until window_open_until) or "template" (outside it). */
	bool whatsapp_on;
	const char *whatsapp_to, *whatsapp_mode;
	int64_t window_open_until;
};

enum err_code svc_ticket_reply(struct ctx *c, enum kind k, const char *id, struct reply *r);
/* What svc_ticket_reply would send, with the placeholders filled, changing nothing; a
 * reply with neither body nor template previews as empty. */
enum err_code svc_ticket_reply_preview(struct ctx *c, enum kind k, const char *id, struct reply *r);

/* --- team.c: teams, availability, routing ------------------------------------------ */

enum err_code svc_teams(struct ctx *c, struct team **out, int *n);
enum err_code svc_team_get(struct ctx *c, int64_t id, struct team *out);
/* Creates (id 0) or changes a team: its name, and its members when set_members. */
enum err_code svc_team_save(struct ctx *c, int64_t id, const char *name, const int64_t *members,
			    int nmembers, bool set_members, struct team *out);
/* On duty or away: users set their own, managers anyone's. */
enum err_code svc_user_set_available(struct ctx *c, int64_t user, bool available, struct user *out);
/* Routes a new ticket by the workflow settings: sets its team and, in an automatic mode,
 * its assignee (*how says so, for the timeline).  Inside the creating transaction. */
enum err_code svc_route(struct ctx *c, struct ticket *t, const char **how);

/* --- demo.c ---------------------------------------------------------------------- */

/* Loads the demo dataset into an empty database (does nothing when users exist).
 * *loaded says whether it did. */
enum err_code svc_demo_load(struct ctx *c, bool *loaded);

#endif
