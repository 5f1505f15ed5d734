/* Notifications: written to the outbox in the transaction of the change that causes them
 * (svc_notify), then delivered by svc_outbox_deliver with retries and exponential backoff.
 * In-app notifications are delivered by being written; email goes through SMTP. */
#include <stdio.h>
#include <string.h>

#include "service.h"
#include "../base/metrics.h"
#include "../base/clock.h"
#include "../base/log.h"
#include "../notify/smtp.h"
#include "../store/notify.h"
#include "../base/banned.h"

#define OUTBOX_LEASE	    300 /* seconds a claimed email stays with its sender */
#define OUTBOX_FIRST_RETRY  30	/* then doubling: 30 s, 1 min, 2 min, ... */
#define OUTBOX_MAX_RETRY    3600
#define OUTBOX_MAX_ATTEMPTS 10

static const char *const type_names[NT__MAX] = {
    "escalation",	 "at_risk",	      "assignment",
    "approval_needed",	 "exception_decided", "ticket_resolved",
    "release_published", "quality_incident",  "customer_wrote"};

const char *notify_type_name(enum notify_type t)
{
	return t < NT__MAX ? type_names[t] : "?";
}

int notify_type_from_name(const char *s)
{
	for (int i = 0; s && i < NT__MAX; i++)
		if (!strcmp(type_names[i], s))
			return i;
	return -1;
}

/* Whether the user wants type t on channel ("in_app" or "email").  Without a choice:
 * every type in the app and by email. */
static bool wants(struct ctx *c, int64_t user, enum notify_type t, const char *channel)
{
	const char *chosen = store_prefs_get(svc_db(c), c->a, user, type_names[t]);

	if (!chosen)
		return true;
	for (const char *p = chosen; *p;) {
		size_t n = strcspn(p, ",");

		if (n == strlen(channel) && !strncmp(p, channel, n))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

enum err_code svc_notify(struct ctx *c, enum notify_type t, int64_t user, int64_t ticket,
			 const char *title, const char *body, const char *dedupe)
{
	struct db *db = svc_db(c);
	struct smtp_settings smtp;
	struct notification n = {
	    .user_id = user,
	    .ticket_id = ticket,
	    .type = type_names[t],
	    .title = title,
	    .body = body,
	    .created_at = clock_now(),
	};
	bool added;
	enum err_code rc = ERR_OK;

	if (wants(c, user, t, "in_app")) {
		n.channel = "in_app";
		n.state = "sent";
		n.sent_at = n.created_at;
		rc = store_notification_add(
		    db, &n, arena_printf(c->a, "%s:%lld:in_app", dedupe, (long long)user), &added,
		    c->e);
	}
	/* Email only when a server is configured: otherwise it could never be delivered. */
	if (!rc && wants(c, user, t, "email") && !svc_smtp_settings(c, &smtp) && smtp.configured) {
		n.channel = "email";
		n.state = "pending";
		n.sent_at = 0;
		n.next_attempt_at = n.created_at;
		rc = store_notification_add(
		    db, &n, arena_printf(c->a, "%s:%lld:email", dedupe, (long long)user), &added,
		    c->e);
	}
	return rc;
}

struct role_members {
	struct arena *a;
	enum role role;
	int64_t *ids;
	int n, cap;
};

static int member_add(void *arg, const struct user *u)
{
	struct role_members *m = arg;

	if (u->role != m->role || !u->active)
		return 0;
	if (m->n == m->cap) {
		int cap = m->cap ? m->cap * 2 : 16;
		int64_t *ids = arena_alloc(m->a, sizeof(*ids) * (size_t)cap);

		if (m->n)
			memcpy(ids, m->ids, sizeof(*ids) * (size_t)m->n);
		m->ids = ids;
		m->cap = cap;
	}
	m->ids[m->n++] = u->id;
	return 0;
}

enum err_code svc_notify_audience(struct ctx *c, enum role r, enum notify_type t,
				  struct notify_audience *out)
{
	struct smtp_settings smtp;
	struct role_members m = {c->a, r, NULL, 0, 0};
	enum err_code rc = store_user_each(svc_db(c), c->a, member_add, &m, c->e);

	memset(out, 0, sizeof(*out));
	out->type = t;
	if (rc)
		return rc;
	/* Email only when a server is configured: otherwise it could never be delivered. */
	bool mail = !svc_smtp_settings(c, &smtp) && smtp.configured;

	out->to = arena_zalloc(c->a, sizeof(*out->to) * (size_t)(m.n ? m.n : 1));
	for (int i = 0; i < m.n; i++) {
		struct notify_recipient *to = &out->to[out->n];

		to->user = m.ids[i];
		to->in_app = wants(c, m.ids[i], t, "in_app");
		to->email = mail && wants(c, m.ids[i], t, "email");
		if (to->in_app || to->email)
			out->n++;
	}
	return ERR_OK;
}

enum err_code svc_notify_each(struct ctx *c, const struct notify_audience *au, int64_t ticket,
			      const char *title, const char *body, const char *dedupe)
{
	struct db *db = svc_db(c);
	struct notification n = {
	    .ticket_id = ticket,
	    .type = type_names[au->type],
	    .title = title,
	    .body = body,
	    .created_at = clock_now(),
	};
	bool added;
	enum err_code rc = ERR_OK;

	for (int i = 0; !rc && i < au->n; i++) {
		const struct notify_recipient *to = &au->to[i];

		n.user_id = to->user;
		if (to->in_app) {
			n.channel = "in_app";
			n.state = "sent";
			n.sent_at = n.created_at;
			n.next_attempt_at = 0;
			rc = store_notification_add(
			    db, &n,
			    arena_printf(c->a, "%s:%lld:in_app", dedupe, (long long)to->user),
			    &added, c->e);
		}
		if (!rc && to->email) {
			n.channel = "email";
			n.state = "pending";
			n.sent_at = 0;
			n.next_attempt_at = n.created_at;
			rc = store_notification_add(
			    db, &n,
			    arena_printf(c->a, "%s:%lld:email", dedupe, (long long)to->user),
			    &added, c->e);
		}
	}
	return rc;
}

enum err_code svc_notify_role(struct ctx *c, enum role r, enum notify_type t, int64_t ticket,
			      const char *title, const char *body, const char *dedupe)
{
	struct notify_audience au;
	enum err_code rc = svc_notify_audience(c, r, t, &au);

	return rc ? rc : svc_notify_each(c, &au, ticket, title, body, dedupe);
}

enum err_code svc_notifications(struct ctx *c, bool unread_only, int limit,
				struct notification **out, int *n, int64_t *unread)
{
	return store_notifications_of(svc_db(c), c->a, c->who->id, unread_only, limit, out, n,
				      unread, c->e);
}

enum err_code svc_notification_read(struct ctx *c, int64_t id)
{
	return store_notification_read(svc_db(c), c->who->id, id, clock_now(), c->e);
}

const char *svc_notify_prefs(struct ctx *c, enum notify_type t)
{
	const char *v = store_prefs_get(svc_db(c), c->a, c->who->id, type_names[t]);

	return v ? v : "in_app,email";
}

enum err_code svc_notify_prefs_put(struct ctx *c, enum notify_type t, bool in_app, bool email)
{
	const char *channels = in_app && email ? "in_app,email"
			       : in_app	       ? "in_app"
			       : email	       ? "email"
					       : "";

	return store_prefs_put(svc_db(c), c->who->id, type_names[t], channels, c->e);
}

static int64_t backoff(int attempts)
{
	int64_t s = OUTBOX_FIRST_RETRY;

	for (int i = 1; i < attempts && s < OUTBOX_MAX_RETRY; i++)
		s *= 2;
	return s < OUTBOX_MAX_RETRY ? s : OUTBOX_MAX_RETRY;
}

/* Sends one claimed email; the claim's lease covers a crash in between. */
static void deliver_one(struct ctx *c, const struct smtp_settings *smtp, int64_t id, int64_t now,
			int *sent, int *failed)
{
	struct db *db = svc_db(c);
	struct notification n;
	struct user u;
	char err[256];

	/* The lease runs from the claim, not from the start of the run: a run of slow sends
	 * must not hand out leases already expired, which another process could take too. */
	now = clock_now();
	if (!store_outbox_claim(db, id, now, OUTBOX_LEASE))
		return; /* another worker has it */
	if (store_notification_get(db, c->a, id, &n, c->e) ||
	    (!n.to_address && store_user_get(db, c->a, n.user_id, &u, c->e))) {
		store_outbox_retry(db, id, 0, "the notification or its user is gone", true);
		(*failed)++;
		return;
	}
	if (n.to_address)
		u.email = n.to_address; /* a reply to a customer */
	struct smtp_message m = {
	    .url = smtp->url,
	    .starttls = smtp->starttls,
	    .username = smtp->username,
	    .password = smtp->password,
	    .from = smtp->from,
	    .to = u.email,
	    .subject = n.title,
	    .body = n.body,
	    .message_id = arena_printf(c->a, "notification-%lld@ticketd", (long long)id),
	};

	if (smtp_send(&m, err, sizeof(err)) == 0) {
		store_outbox_sent(db, id, clock_now());
		(*sent)++;
		return;
	}
	bool give_up = n.attempts >= OUTBOX_MAX_ATTEMPTS;

	log_warn("outbox: email %lld to %s failed (attempt %d): %s", (long long)id, u.email,
		 n.attempts, err);
	store_outbox_retry(db, id, now + backoff(n.attempts), err, give_up);
	if (give_up)
		(*failed)++;
}

static enum err_code outbox_deliver_run(struct ctx *c, int *sent, int *failed)
{
	struct smtp_settings smtp;
	int64_t ids[100];
	int n = 0;
	int64_t now = clock_now();
	enum err_code rc;

	*sent = 0;
	*failed = 0;
	rc = svc_smtp_settings(c, &smtp);
	if (rc || !smtp.configured)
		return rc; /* emails wait, pending, until a server is configured */
	rc = store_outbox_due(svc_db(c), now, 100, ids, &n, c->e);
	for (int i = 0; !rc && i < n; i++)
		deliver_one(c, &smtp, ids[i], now, sent, failed);
	return rc;
}

enum err_code svc_outbox_deliver(struct ctx *c, int *sent, int *failed)
{
	uint64_t t0 = metrics_now_ns();
	enum err_code rc = outbox_deliver_run(c, sent, failed);

	metrics_sweep_done(SWEEP_OUTBOX, metrics_now_ns() - t0);
	return rc;
}

enum err_code svc_outbox_stats(struct ctx *c, int64_t *waiting, int64_t *oldest_age)
{
	int64_t oldest_due, now = clock_now();
	enum err_code rc = store_outbox_stats(svc_db(c), waiting, &oldest_due, c->e);

	*oldest_age = !rc && *waiting && oldest_due && oldest_due < now ? now - oldest_due : 0;
	return rc;
}
