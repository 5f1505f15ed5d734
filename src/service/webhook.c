/* Outgoing webhooks; see webhook.h. */
#include "webhook.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/log.h"
#include "../base/timefmt.h"
#include "../remote/http.h"
#include "../base/banned.h"

#define WEBHOOK_FIRST_RETRY  30
#define WEBHOOK_MAX_RETRY    3600
#define WEBHOOK_MAX_ATTEMPTS 10
#define WEBHOOK_LEASE	     60
#define WEBHOOK_TIMEOUT_MS   10000

static const char *const event_names[WE__MAX] = {"ticket.created", "ticket.status_changed",
						 "ticket.assigned", "incident.opened"};

const char *webhook_event_name(enum webhook_event e)
{
	return e < WE__MAX ? event_names[e] : "?";
}

static bool admin(struct ctx *c)
{
	return !c->who || c->who->role == ROLE_ADMIN;
}

enum err_code svc_webhooks(struct ctx *c, struct webhook **out, int *n)
{
	*n = 0;
	if (!admin(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins see the webhooks");
	return store_webhooks(svc_db(c), c->a, false, out, n, c->e);
}

/* "a,b" from the names, each known and given once. */
static enum err_code events_text(struct ctx *c, const char *const *names, const char **out)
{
	struct strbuf sb;
	unsigned seen = 0;

	if (!names || !names[0])
		return err_set(c->e, ERR_INVALID, "events", "a webhook needs at least one event");
	strbuf_init(&sb, 0);
	for (int i = 0; names[i]; i++) {
		int ev = -1;

		for (int k = 0; k < WE__MAX; k++)
			if (!strcmp(event_names[k], names[i]))
				ev = k;
		if (ev < 0 || (seen & (1u << ev))) {
			strbuf_release(&sb);
			return err_set(c->e, ERR_INVALID, "events",
				       ev < 0 ? "events are ticket.created, ticket.status_changed, "
						"ticket.assigned and incident.opened"
					      : "an event is named twice");
		}
		seen |= 1u << ev;
		strbuf_putf(&sb, "%s%s", sb.len ? "," : "", names[i]);
	}
	*out = arena_strdup(c->a, sb.buf);
	strbuf_release(&sb);
	return ERR_OK;
}

struct save_args {
	int64_t id;
	const struct webhook_input *in;
	struct webhook w;
};

static enum err_code save_tx(struct ctx *c, void *arg)
{
	struct save_args *sa = arg;
	const struct webhook_input *in = sa->in;
	struct webhook *w = &sa->w;
	enum err_code rc = ERR_OK;

	if (sa->id)
		rc = store_webhook_get(svc_db(c), c->a, sa->id, w, c->e);
	else
		*w = (struct webhook){
		    .active = true, .created_by = svc_actor_id(c), .created_at = clock_now()};
	if (rc)
		return rc;
	if (in->url)
		w->url = svc_trimmed(c->a, in->url);
	if (in->secret)
		w->secret = in->secret;
	if (in->events) {
		rc = events_text(c, in->events, &w->events);
		if (rc)
			return rc;
	}
	if (in->set_active)
		w->active = in->active;
	w->updated_at = clock_now();
	if (!w->url || strlen(w->url) > 2000 ||
	    (strncmp(w->url, "http://", 7) && strncmp(w->url, "https://", 8)) ||
	    strpbrk(w->url, " \t\r\n"))
		return err_set(c->e, ERR_INVALID, "url", "url is an http:// or https:// address");
	if (!w->secret || strlen(w->secret) < 16 || strlen(w->secret) > 200)
		return err_set(c->e, ERR_INVALID, "secret",
			       "secret is from 16 to 200 bytes (the receiver keeps it too)");
	if (!w->events)
		return err_set(c->e, ERR_INVALID, "events", "a webhook needs at least one event");
	return sa->id ? store_webhook_update(svc_db(c), w, c->e)
		      : store_webhook_insert(svc_db(c), w, &w->id, c->e);
}

enum err_code svc_webhook_save(struct ctx *c, int64_t id, const struct webhook_input *in,
			       struct webhook *out)
{
	struct save_args sa = {id, in, {0}};
	enum err_code rc;

	if (!admin(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins configure webhooks");
	rc = svc_tx(c, save_tx, &sa);
	return rc ? rc : store_webhook_get(svc_db(c), c->a, sa.w.id, out, c->e);
}

enum err_code svc_webhook_deliveries(struct ctx *c, int64_t id, struct webhook_delivery **out,
				     int *n)
{
	struct webhook w;
	enum err_code rc;

	*n = 0;
	if (!admin(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins see the webhooks");
	rc = store_webhook_get(svc_db(c), c->a, id, &w, c->e);
	return rc ? rc : store_deliveries_of(svc_db(c), c->a, id, 200, out, n, c->e);
}

/* --- events ------------------------------------------------------------------------- */

static bool subscribed(const char *events, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = events; p && *p;) {
		size_t n = strcspn(p, ",");

		if (n == len && !strncmp(p, name, len))
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

static json_t *instant_json(int64_t t)
{
	char iso[TIME_ISO_LEN];

	if (!t)
		return json_null();
	instant_format(t, iso);
	return json_string(iso);
}

/* s as a JSON string, or null (NULL, or not UTF-8, which input checks keep out). */
static json_t *text_json(const char *s)
{
	json_t *v = s ? json_string(s) : NULL;

	return v ? v : json_null();
}

json_t *svc_webhook_ticket(const struct ticket *t, const char *from, const char *to)
{
	json_t *o = json_object();

	json_object_set_new(o, "ticket_id", json_integer(t->id));
	json_object_set_new(o, "number", json_string(t->number));
	json_object_set_new(o, "kind", json_string(kind_name(t->kind)));
	json_object_set_new(o, "status", json_string(status_name(t->status)));
	json_object_set_new(o, "priority", text_json(t->v[TF_PRIORITY]));
	json_object_set_new(o, "category", text_json(t->v[TF_CATEGORY]));
	json_object_set_new(o, "title", text_json(t->v[TF_TITLE]));
	json_object_set_new(o, "customer_id", text_json(t->v[TF_CUSTOMER_ID]));
	json_object_set_new(o, "so_id", text_json(t->v[TF_SO_ID]));
	json_object_set_new(o, "batch_number", text_json(t->v[TF_BATCH_NUMBER]));
	json_object_set_new(o, "assigned_to",
			    t->assigned_to ? json_integer(t->assigned_to) : json_null());
	json_object_set_new(o, "created_at", instant_json(t->created_at));
	if (from || to) {
		json_object_set_new(o, "from", text_json(from));
		json_object_set_new(o, "to", text_json(to));
	}
	return o;
}

enum err_code svc_webhook_emit(struct ctx *c, enum webhook_event ev, int64_t ticket, json_t *data)
{
	struct webhook *hooks;
	int n;
	enum err_code rc = store_webhooks(svc_db(c), c->a, true, &hooks, &n, c->e);
	char *body = NULL;

	for (int i = 0; !rc && i < n; i++) {
		if (!subscribed(hooks[i].events, event_names[ev]))
			continue;
		if (!body) {
			json_t *o =
			    json_pack("{s:s, s:o, s:O}", "event", event_names[ev], "occurred_at",
				      instant_json(clock_now()), "data", data);

			body = o ? json_dumps(o, JSON_COMPACT) : NULL;
			json_decref(o);
			if (!body) {
				rc = err_set(c->e, ERR_INTERNAL, NULL,
					     "the event could not be written");
				break;
			}
		}
		struct webhook_delivery d = {.webhook_id = hooks[i].id,
					     .event = event_names[ev],
					     .ticket_id = ticket,
					     .body = body,
					     .created_at = clock_now()};

		rc = store_delivery_insert(svc_db(c), &d, c->e);
	}
	free(body);
	json_decref(data);
	return rc;
}

/* --- delivery ----------------------------------------------------------------------- */

static int64_t backoff(int attempts)
{
	int64_t s = WEBHOOK_FIRST_RETRY;

	for (int i = 1; i < attempts && s < WEBHOOK_MAX_RETRY; i++)
		s *= 2;
	return s < WEBHOOK_MAX_RETRY ? s : WEBHOOK_MAX_RETRY;
}

/* "t=<ts>,sha256=<hex>" over "<ts>.<body>". */
static const char *signature(struct ctx *c, const char *secret, int64_t ts, const char *body)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
	const char *stamp = arena_printf(c->a, "%lld.", (long long)ts);

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)stamp, strlen(stamp));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	return arena_printf(c->a, "X-Ticketd-Signature: t=%lld,sha256=%s", (long long)ts, hex);
}

static void deliver_one(struct ctx *c, int64_t id, int *sent, int *failed)
{
	struct db *db = svc_db(c);
	struct webhook_delivery d;
	struct webhook w;
	struct remote_response rs;
	struct error e = {0};
	int64_t now = clock_now();

	if (!store_delivery_claim(db, id, now, WEBHOOK_LEASE))
		return; /* another worker has it */
	if (store_delivery_get(db, c->a, id, &d, c->e) ||
	    store_webhook_get(db, c->a, d.webhook_id, &w, c->e)) {
		store_delivery_retry(db, id, 0, "the delivery or its webhook is gone", 0, true);
		(*failed)++;
		return;
	}
	if (!w.active) {
		store_delivery_retry(db, id, 0, "the webhook was turned off", 0, true);
		(*failed)++;
		return;
	}
	const char *headers[] = {"Content-Type: application/json",
				 signature(c, w.secret, now, d.body),
				 arena_printf(c->a, "X-Ticketd-Event: %s", d.event),
				 arena_printf(c->a, "X-Ticketd-Delivery: %lld", (long long)d.id),
				 "User-Agent: ticketd-webhooks",
				 NULL};
	struct remote_request rq = {.method = "POST",
				    .url = w.url,
				    .headers = headers,
				    .body = d.body,
				    .body_len = strlen(d.body),
				    .timeout_ms = WEBHOOK_TIMEOUT_MS};
	enum err_code rc = remote_call(&rq, &rs, &e);
	int status = rc ? 0 : (int)rs.status;

	remote_response_release(&rs);
	if (!rc && status >= 200 && status < 300) {
		store_delivery_done(db, id, status, clock_now());
		(*sent)++;
		return;
	}
	const char *why = rc ? arena_strdup(c->a, e.message)
			     : arena_printf(c->a, "the receiver answered %d", status);
	bool give_up = d.attempts >= WEBHOOK_MAX_ATTEMPTS;

	log_warn("webhooks: delivery %lld to %s failed (attempt %d): %s", (long long)id, w.url,
		 d.attempts, why);
	store_delivery_retry(db, id, status, why, now + backoff(d.attempts), give_up);
	if (give_up)
		(*failed)++;
}

enum err_code svc_webhooks_deliver(struct ctx *c, int *sent, int *failed)
{
	int64_t ids[100];
	int n = 0;
	enum err_code rc = store_delivery_due(svc_db(c), clock_now(), 100, ids, &n, c->e);

	*sent = 0;
	*failed = 0;
	for (int i = 0; !rc && i < n; i++)
		deliver_one(c, ids[i], sent, failed);
	return rc;
}
