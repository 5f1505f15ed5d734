/* WhatsApp Cloud API; see whatsapp.h.  The protocol (webhook, Graph API calls, error codes)
 * is the one /work/shared/integrations.md section 3 gives with its sources. */
#include "whatsapp.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "communication.h"
#include "evidence.h"
#include "../base/clock.h"
#include "../base/log.h"
#include "../base/timefmt.h"
#include "../domain/phone.h"
#include "../remote/whatsapp.h"
#include "../store/communication.h"
#include "../store/record.h"
#include "../base/banned.h"

#define WA_DEFAULT_BASE	  "https://graph.facebook.com/v21.0"
#define WA_SEND_LEASE	  300 /* seconds a claimed send stays with its sender */
#define WA_FIRST_RETRY	  30  /* then doubling, up to WA_MAX_RETRY */
#define WA_MAX_RETRY	  3600
#define WA_MAX_ATTEMPTS	  10
#define WA_EVENT_ATTEMPTS 5
#define WA_MEDIA_ATTEMPTS 5
#define WA_TEMPLATE_PARAM 1000 /* bytes of a template parameter */
#define WA_ACK_TEXT                                                                                \
	"Thank you, we have received your message. Our support team will get back to you here "    \
	"shortly."

/* Meta's error codes that staff are told about in words of their own. */
#define ERR_REENGAGEMENT 131047
#define ERR_TOKEN	 190

/* --- settings ------------------------------------------------------------------------------ */

static const char *const setting_keys[] = {
    "enabled",		 "api_base_url",     "phone_number_id",
    "access_token",	 "verify_token",     "app_secret",
    "template_language", "ack_template",     "notification_template",
    "ack_text",		 "notify_customers", NULL};
static const char *const secret_keys[] = {"access_token", "verify_token", "app_secret", NULL};

static const char *str_or(json_t *o, const char *key, const char *dflt, struct arena *a)
{
	const char *v = json_string_value(json_object_get(o, key));

	return arena_strdup(a, v && *v ? v : dflt);
}

static enum err_code settings_from_json(json_t *o, struct whatsapp_settings *s, struct arena *a,
					struct error *e)
{
	const char *key;
	json_t *v;

	memset(s, 0, sizeof(*s));
	if (!json_is_object(o))
		return err_set(e, ERR_BAD_REQUEST, NULL, "the WhatsApp settings must be an object");
	json_object_foreach(o, key, v)
	{
		bool known = false;

		for (int i = 0; setting_keys[i]; i++)
			known = known || !strcmp(setting_keys[i], key);
		if (!known)
			return err_set(e, ERR_BAD_REQUEST, arena_strdup(a, key),
				       "unknown field '%s'", key);
		if (!strcmp(key, "enabled") || !strcmp(key, "notify_customers")) {
			if (!json_is_boolean(v) && !json_is_null(v))
				return err_set(e, ERR_BAD_REQUEST, arena_strdup(a, key),
					       "%s is true or false", key);
		} else if (!json_is_string(v) && !json_is_null(v)) {
			return err_set(e, ERR_BAD_REQUEST, arena_strdup(a, key),
				       "'%s' must be a string", key);
		} else if (json_is_string(v) && strlen(json_string_value(v)) > 2000) {
			return err_set(e, ERR_INVALID, arena_strdup(a, key),
				       "'%s' is at most 2000 bytes", key);
		}
	}
	s->enabled = json_is_true(json_object_get(o, "enabled"));
	s->notify_customers = !json_is_false(json_object_get(o, "notify_customers"));
	s->api_base_url = str_or(o, "api_base_url", WA_DEFAULT_BASE, a);
	s->phone_number_id = str_or(o, "phone_number_id", NULL, a);
	s->access_token = str_or(o, "access_token", NULL, a);
	s->verify_token = str_or(o, "verify_token", NULL, a);
	s->app_secret = str_or(o, "app_secret", NULL, a);
	s->template_language = str_or(o, "template_language", "en", a);
	s->ack_template = str_or(o, "ack_template", "message_received", a);
	s->notification_template = str_or(o, "notification_template", "ticket_update", a);
	s->ack_text = str_or(o, "ack_text", WA_ACK_TEXT, a);
	if (strncmp(s->api_base_url, "https://", 8) && strncmp(s->api_base_url, "http://", 7))
		return err_set(e, ERR_INVALID, "api_base_url",
			       "api_base_url is the Graph API's address with its version, "
			       "e.g. " WA_DEFAULT_BASE);
	if (s->phone_number_id &&
	    strspn(s->phone_number_id, "0123456789") != strlen(s->phone_number_id))
		return err_set(
		    e, ERR_INVALID, "phone_number_id",
		    "phone_number_id is the number's id in the WhatsApp Manager (digits), "
		    "not the phone number");
	s->configured = s->enabled && s->phone_number_id && s->access_token;
	return ERR_OK;
}

enum err_code svc_whatsapp_settings(struct ctx *c, struct whatsapp_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "whatsapp", &o);

	if (!rc && !o)
		o = json_object(); /* never set: the defaults */
	if (!rc)
		rc = settings_from_json(o, out, c->a, c->e);
	json_decref(o);
	return rc;
}

json_t *svc_whatsapp_settings_json(const struct whatsapp_settings *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "enabled", json_boolean(s->enabled));
	json_object_set_new(o, "api_base_url", json_string(s->api_base_url));
	json_object_set_new(o, "phone_number_id",
			    s->phone_number_id ? json_string(s->phone_number_id) : json_null());
	json_object_set_new(o, "access_token_set", json_boolean(s->access_token != NULL));
	json_object_set_new(o, "verify_token_set", json_boolean(s->verify_token != NULL));
	json_object_set_new(o, "app_secret_set", json_boolean(s->app_secret != NULL));
	json_object_set_new(o, "template_language", json_string(s->template_language));
	json_object_set_new(o, "ack_template", json_string(s->ack_template));
	json_object_set_new(o, "notification_template", json_string(s->notification_template));
	json_object_set_new(o, "ack_text", json_string(s->ack_text));
	json_object_set_new(o, "notify_customers", json_boolean(s->notify_customers));
	json_object_set_new(o, "configured", json_boolean(s->configured));
	return o;
}

enum err_code svc_whatsapp_settings_put(struct ctx *c, json_t *body, struct whatsapp_settings *out)
{
	struct whatsapp_settings old;
	enum err_code rc;

	if (c->who && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins change settings");
	rc = settings_from_json(body, out, c->a, c->e);
	if (!rc)
		rc = svc_whatsapp_settings(c, &old);
	if (rc)
		return rc;
	/* A secret left out keeps the stored one: none is ever served back to send again. */
	if (!json_object_get(body, "access_token"))
		out->access_token = old.access_token;
	if (!json_object_get(body, "verify_token"))
		out->verify_token = old.verify_token;
	if (!json_object_get(body, "app_secret"))
		out->app_secret = old.app_secret;
	out->configured = out->enabled && out->phone_number_id && out->access_token;
	if (out->enabled &&
	    (!out->phone_number_id || !out->access_token || !out->app_secret || !out->verify_token))
		return err_set(c->e, ERR_INVALID, "enabled",
			       "to turn WhatsApp on, set phone_number_id, access_token, "
			       "verify_token and app_secret");
	json_t *o = svc_whatsapp_settings_json(out);

	json_object_del(o, "configured");
	for (int i = 0; secret_keys[i]; i++) {
		const char *v = i == 0	 ? out->access_token
				: i == 1 ? out->verify_token
					 : out->app_secret;

		json_object_del(o, arena_printf(c->a, "%s_set", secret_keys[i]));
		json_object_set_new(o, secret_keys[i], v ? json_string(v) : json_null());
	}
	rc = svc_setting_save(c, "whatsapp", o);
	json_decref(o);
	return rc;
}

/* --- the Graph API ------------------------------------------------------------------------------
 */

static struct wa_config client_of(const struct whatsapp_settings *s)
{
	return (struct wa_config){s->api_base_url, s->phone_number_id, s->access_token};
}

enum err_code svc_whatsapp_test(struct ctx *c, json_t **out)
{
	struct whatsapp_settings s;
	struct wa_answer a;
	char display[128], name[128];
	enum err_code rc;

	*out = NULL;
	if (c->who && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins test connections");
	rc = svc_whatsapp_settings(c, &s);
	if (rc)
		return rc;
	if (!s.phone_number_id || !s.access_token)
		return err_set(c->e, ERR_INVALID, "phone_number_id",
			       "set phone_number_id and access_token first");
	struct wa_config wc = client_of(&s);
	bool ok = wa_phone_info(&wc, display, name, sizeof(display), &a) == ERR_OK;

	*out = json_pack("{s:b, s:i}", "ok", ok, "http_status", (int)a.status);
	json_object_set_new(*out, "message",
			    json_string(ok	 ? "connected"
					: a.code ? arena_printf(c->a, "%s (%ld)", a.message, a.code)
						 : a.message));
	if (ok) {
		json_object_set_new(*out, "display_phone_number",
				    *display ? json_string(display) : json_null());
		json_object_set_new(*out, "verified_name", *name ? json_string(name) : json_null());
	}
	return ERR_OK;
}

/* --- the webhook
 * ---------------------------------------------------------------------------------- */

enum err_code svc_whatsapp_verify(struct ctx *c, const char *mode, const char *token,
				  const char *challenge)
{
	struct whatsapp_settings s;
	enum err_code rc = svc_whatsapp_settings(c, &s);

	if (rc)
		return rc;
	if (!mode || strcmp(mode, "subscribe") || !token || !s.verify_token ||
	    strlen(token) != strlen(s.verify_token) ||
	    sodium_memcmp(token, s.verify_token, strlen(token)) != 0)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "hub.mode must be subscribe and hub.verify_token the verify token "
			       "set in WhatsApp settings");
	if (!challenge || !*challenge || strlen(challenge) > 200)
		return err_set(c->e, ERR_BAD_REQUEST, "hub.challenge", "hub.challenge is missing");
	return ERR_OK;
}

struct accept_args {
	const char *sha, *body;
	bool *stored;
};

/* The event's acceptance: stored in its own transaction before the 200 goes out. */
static enum err_code accept_tx(struct ctx *c, void *arg)
{
	struct accept_args *aa = arg;

	return store_wa_event_add(svc_db(c), aa->sha, aa->body, clock_now(), aa->stored, c->e);
}

enum err_code svc_whatsapp_accept(struct ctx *c, const char *signature, const char *body,
				  size_t len, bool *stored)
{
	struct whatsapp_settings s;
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	enum err_code rc = svc_whatsapp_settings(c, &s);

	*stored = false;
	if (rc)
		return rc;
	if (!s.app_secret)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "WhatsApp is not set up: no app secret to check signatures with");
	if (!wa_signature_ok(s.app_secret, signature, body, len))
		return err_set(c->e, ERR_UNAUTHORIZED, "X-Hub-Signature-256",
			       "X-Hub-Signature-256 is missing or is not the HMAC-SHA256 of the "
			       "body with the app secret");
	/* Signed by Meta: now the body may be looked at. */
	json_error_t jerr;
	json_t *o = json_loadb(body, len, 0, &jerr);
	bool is_object = json_is_object(o);

	json_decref(o);
	if (!is_object)
		return err_set(c->e, ERR_BAD_REQUEST, NULL, "the event is not a JSON object");
	crypto_hash_sha256(hash, (const unsigned char *)body, len);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	char *text = arena_alloc(c->a, len + 1);

	memcpy(text, body, len);
	text[len] = '\0';
	if (strlen(text) != len)
		return err_set(c->e, ERR_BAD_REQUEST, NULL, "the event holds a NUL byte");
	struct accept_args aa = {hex, text, stored};

	return svc_tx(c, accept_tx, &aa);
}

/* --- sending -------------------------------------------------------------------------------------
 */

static int64_t window_until(int64_t last_inbound)
{
	int64_t until = last_inbound ? last_inbound + WHATSAPP_WINDOW : 0;

	return until > clock_now() ? until : 0;
}

static void plan_for_phone(struct ctx *c, const struct whatsapp_settings *s, const char *raw,
			   struct whatsapp_plan *out)
{
	char e164[PHONE_E164_MAX];
	struct wa_conversation conv;
	bool found = false;
	struct error ignored;

	memset(out, 0, sizeof(*out));
	out->on = s->configured;
	out->mode = "template";
	if (!raw || !phone_e164(raw, e164))
		return;
	out->phone = arena_strdup(c->a, e164);
	if (!store_wa_conversation_by_phone(svc_db(c), c->a, e164, &conv, &found, &ignored) &&
	    found) {
		out->conversation_id = conv.id;
		out->window_open_until = window_until(conv.last_inbound_at);
	}
	if (out->window_open_until)
		out->mode = "text";
}

/* The customer's phone: the ticket's (B2C), else the customer record's. */
static const char *phone_of(struct ctx *c, const struct ticket *t)
{
	struct customer cu;
	struct error ignored;

	if (t->kind == KIND_B2C && t->v[TF_CUSTOMER_PHONE])
		return t->v[TF_CUSTOMER_PHONE];
	if (t->v[TF_CUSTOMER_ID] &&
	    !store_customer_get(svc_db(c), c->a, t->v[TF_CUSTOMER_ID], &cu, &ignored))
		return cu.phone;
	return NULL;
}

static const char *email_of(struct ctx *c, const struct ticket *t)
{
	struct customer cu;
	struct error ignored;

	if (t->kind == KIND_B2C && t->v[TF_CUSTOMER_EMAIL])
		return t->v[TF_CUSTOMER_EMAIL];
	if (t->v[TF_CUSTOMER_ID] &&
	    !store_customer_get(svc_db(c), c->a, t->v[TF_CUSTOMER_ID], &cu, &ignored))
		return cu.email;
	return NULL;
}

enum err_code svc_whatsapp_plan_ticket(struct ctx *c, const struct ticket *t,
				       struct whatsapp_plan *out)
{
	struct whatsapp_settings s;
	enum err_code rc = svc_whatsapp_settings(c, &s);

	if (rc)
		return rc;
	plan_for_phone(c, &s, phone_of(c, t), out);
	return ERR_OK;
}

/* A template parameter: one line (templates refuse new lines and tabs), at most
 * WA_TEMPLATE_PARAM bytes on a UTF-8 boundary. */
static const char *one_line(struct arena *a, const char *text)
{
	char *out = arena_strdup(a, text ? text : "");
	size_t n;

	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	n = strlen(out);
	if (n > WA_TEMPLATE_PARAM) {
		n = WA_TEMPLATE_PARAM;
		while (n && ((unsigned char)out[n] & 0xC0) == 0x80)
			n--;
		out[n] = '\0';
	}
	return out;
}

/* Queues one message per plan: free text inside the window, else template `tmpl` with the
 * parameters (a JSON array, may be NULL). */
static enum err_code queue_tx(struct ctx *c, const struct whatsapp_plan *plan, const char *purpose,
			      const char *text, const char *tmpl, json_t *params, int64_t ticket,
			      int64_t communication, const char *dedupe)
{
	struct wa_send s = {
	    .purpose = purpose,
	    .to_phone = plan->phone,
	    .kind = plan->mode,
	    .body = text,
	    .ticket_id = ticket,
	    .communication_id = communication,
	    .conversation_id = plan->conversation_id,
	    .created_at = clock_now(),
	};
	bool added;
	int64_t id;
	enum err_code rc;

	if (!strcmp(plan->mode, "template")) {
		char *p = params ? json_dumps(params, JSON_COMPACT) : NULL;

		s.template_name = tmpl;
		s.template_params = p ? arena_strdup(c->a, p) : NULL;
		free(p);
	}
	rc = store_wa_send_add(svc_db(c), &s, dedupe, &added, &id, c->e);
	if (!rc && added && communication)
		rc = store_communication_delivery(svc_db(c), communication, "queued", NULL, c->e);
	return rc;
}

enum err_code svc_whatsapp_queue_reply_tx(struct ctx *c, const struct ticket *t,
					  const struct whatsapp_plan *plan, const char *text,
					  int64_t communication_id)
{
	struct whatsapp_settings s;
	enum err_code rc = svc_whatsapp_settings(c, &s);
	json_t *params;

	if (rc)
		return rc;
	params = json_pack("[s,s]", t->number, one_line(c->a, text));
	rc = queue_tx(c, plan, "reply", text, s.notification_template, params, t->id,
		      communication_id, NULL);
	json_decref(params);
	return rc;
}

enum err_code svc_customer_notify_tx(struct ctx *c, const struct ticket *t, const char *what,
				     const char *text)
{
	struct whatsapp_settings s;
	struct smtp_settings smtp;
	struct whatsapp_plan plan;
	struct db *db = svc_db(c);
	int64_t now = clock_now();
	const char *label = !strcmp(what, "resolved") ? "resolved" : "claim received";
	/* Once per ticket for a claim; a ticket resolved again after reopening says so again. */
	int64_t stamp = !strcmp(what, "resolved") ? now : 0;
	struct communication cm = {
	    .ticket_id = t->id,
	    .direction = "outbound",
	    .occurred_at = now,
	    .logged_by = c->who ? c->who->id : t->created_by,
	    .logged_at = now,
	};
	enum err_code rc = svc_whatsapp_settings(c, &s);

	/* Customers are told only where the business chose to (docs/decisions.md): with
	 * WhatsApp on and notify_customers, by WhatsApp, else by email. */
	if (rc || t->kind == KIND_INTERNAL || !s.configured || !s.notify_customers)
		return rc;
	plan_for_phone(c, &s, phone_of(c, t), &plan);
	if (plan.on && plan.phone) {
		json_t *params = json_pack("[s,s]", t->number, one_line(c->a, text));

		cm.channel = "whatsapp";
		cm.summary = arena_printf(
		    c->a, "Notification (%s) by WhatsApp to +%s%s: %s", label, plan.phone,
		    !strcmp(plan.mode, "template")
			? arena_printf(c->a, " (template %s)", s.notification_template)
			: "",
		    text);
		rc = store_communication_add(db, &cm, &cm.id, c->e);
		if (!rc)
			rc = queue_tx(c, &plan, "notification", text, s.notification_template,
				      params, t->id, cm.id,
				      arena_printf(c->a, "notify:%s:%lld:%lld", what,
						   (long long)t->id, (long long)stamp));
		json_decref(params);
		return rc;
	}
	const char *to = email_of(c, t);

	rc = svc_smtp_settings(c, &smtp);
	if (rc || !to || !smtp.configured)
		return rc; /* no way to reach the customer: staff see the ticket's state */
	struct notification n = {.to_address = to,
				 .ticket_id = t->id,
				 .type = "customer_notification",
				 .channel = "email",
				 .title = arena_printf(c->a, "%s: %s", t->number, label),
				 .body = text,
				 .state = "pending",
				 .next_attempt_at = now,
				 .created_at = now};
	bool added;

	rc = store_notification_add(db, &n,
				    arena_printf(c->a, "customer:%s:%lld:%lld:email", what,
						 (long long)t->id, (long long)stamp),
				    &added, c->e);
	if (rc || !added)
		return rc;
	cm.channel = "email";
	cm.summary = arena_printf(c->a, "Notification (%s) by email to %s: %s", label, to, text);
	return store_communication_add(db, &cm, &cm.id, c->e);
}

enum err_code svc_whatsapp_notice_tx(struct ctx *c, const char *phone, const char *ref,
				     const char *text, int64_t ticket, const char *dedupe,
				     bool *queued)
{
	struct whatsapp_settings s;
	struct whatsapp_plan plan;
	enum err_code rc = svc_whatsapp_settings(c, &s);
	json_t *params;

	*queued = false;
	if (rc || !s.configured)
		return rc;
	plan_for_phone(c, &s, phone, &plan);
	if (!plan.phone)
		return ERR_OK;
	params = json_pack("[s,s]", ref, one_line(c->a, text));
	rc = queue_tx(c, &plan, "notification", text, s.notification_template, params, ticket, 0,
		      dedupe);
	json_decref(params);
	*queued = rc == ERR_OK;
	return rc;
}

/* --- the jobs: events --------------------------------------------------------------------------
 */

static int64_t backoff(int attempts)
{
	int64_t s = WA_FIRST_RETRY;

	for (int i = 1; i < attempts && s < WA_MAX_RETRY; i++)
		s *= 2;
	return s < WA_MAX_RETRY ? s : WA_MAX_RETRY;
}

/* A status's rank: a late "delivered" never overwrites "read". */
static int status_rank(const char *s)
{
	static const char *const order[] = {"queued", "sent", "delivered", "read", "failed"};

	for (int i = 0; s && i < 5; i++)
		if (!strcmp(order[i], s))
			return i;
	return -1;
}

/* What the customer is told a failure means. */
static const char *failure_text(struct arena *a, long code, const char *message)
{
	if (code == ERR_REENGAGEMENT)
		return arena_printf(a,
				    "not delivered: more than 24 hours since the customer's last "
				    "message, so WhatsApp only accepts an approved template "
				    "(re-engagement, %ld)",
				    code);
	if (code == ERR_TOKEN)
		return arena_printf(a,
				    "not sent: the WhatsApp access token is invalid or expired "
				    "(%ld); set a new one in Settings",
				    code);
	return arena_printf(a, "not sent: %s (%ld)", message && *message ? message : "refused",
			    code);
}

struct event_args {
	const struct whatsapp_settings *s;
	json_t *event;
	struct whatsapp_work *w;
};

/* Matches a sender to a known customer by phone. */
static const char *customer_of(struct ctx *c, const char *e164)
{
	const char *ids[8], *phones[8];
	char norm[PHONE_E164_MAX];
	int n = 0;
	size_t len = strlen(e164);

	if (len < 10 ||
	    store_wa_customers_by_phone(svc_db(c), c->a, e164 + len - 10, 8, ids, phones, &n, c->e))
		return NULL;
	for (int i = 0; i < n; i++)
		if (phone_e164(phones[i], norm) && !strcmp(norm, e164))
			return ids[i];
	return NULL;
}

static enum err_code ack_tx(struct ctx *c, const struct whatsapp_settings *s, int64_t conv_id,
			    const char *wamid, int64_t at)
{
	struct wa_conversation conv;
	struct whatsapp_plan plan;
	enum err_code rc = store_wa_conversation_get(svc_db(c), c->a, conv_id, &conv, c->e);

	if (rc || !s->configured)
		return rc;
	/* Once per window: not again while the last acknowledgement's window is open. */
	if (conv.ack_sent_at && conv.ack_sent_at + WHATSAPP_WINDOW > at)
		return ERR_OK;
	plan_for_phone(c, s, arena_printf(c->a, "+%s", conv.phone), &plan);
	rc = queue_tx(c, &plan, "ack", s->ack_text, s->ack_template, NULL, 0, 0,
		      arena_printf(c->a, "ack:%s", wamid));
	return rc ? rc : store_wa_conversation_acked(svc_db(c), conv_id, at, c->e);
}

static enum err_code message_tx(struct ctx *c, struct event_args *ea, json_t *m, json_t *contacts)
{
	const char *from = json_string_value(json_object_get(m, "from"));
	const char *wamid = json_string_value(json_object_get(m, "id"));
	const char *type = json_string_value(json_object_get(m, "type"));
	const char *ts = json_string_value(json_object_get(m, "timestamp"));
	const char *profile = NULL;
	char e164[PHONE_E164_MAX];
	int64_t at = clock_now(), conv_id, msg_id;
	size_t i;
	json_t *ct;
	bool added;
	enum err_code rc;

	/* wa_id is E.164 without its '+': never a national number. */
	if (!from || !wamid || !type ||
	    !phone_e164(arena_printf(c->a, "%s%s", *from == '+' ? "" : "+", from), e164) ||
	    strlen(wamid) > 200)
		return ERR_OK; /* not a message we can file: skipped */
	if (ts) {
		char *end;
		long long v = strtoll(ts, &end, 10);

		/* The customer's time, unless it is nonsense (then when it came). */
		if (!*end && v > 0 && v <= at + 300)
			at = v;
	}
	json_array_foreach(contacts, i, ct)
	{
		const char *wa_id = json_string_value(json_object_get(ct, "wa_id"));

		if (wa_id && !strcmp(wa_id, from))
			profile = json_string_value(
			    json_object_get(json_object_get(ct, "profile"), "name"));
	}
	struct wa_message msg = {
	    .wamid = wamid, .direction = "inbound", .type = type, .sent_at = at};

	if (!strcmp(type, "text")) {
		msg.body = json_string_value(json_object_get(json_object_get(m, "text"), "body"));
	} else if (!strcmp(type, "image")) {
		json_t *img = json_object_get(m, "image");

		msg.body = json_string_value(json_object_get(img, "caption"));
		msg.media_id = json_string_value(json_object_get(img, "id"));
		msg.media_state = msg.media_id ? "pending" : NULL;
	} else {
		msg.body = arena_printf(c->a, "(a %s message: open WhatsApp to see it)", type);
	}
	rc = store_wa_conversation_touch(svc_db(c), e164, profile, customer_of(c, e164), at, true,
					 &conv_id, c->e);
	if (rc)
		return rc;
	msg.conversation_id = conv_id;
	rc = store_wa_message_add(svc_db(c), &msg, &added, &msg_id, c->e);
	if (rc || !added)
		return rc; /* handled before: once per message id */
	ea->w->messages++;
	return ack_tx(c, ea->s, conv_id, wamid, at);
}

static enum err_code status_tx(struct ctx *c, struct event_args *ea, json_t *st)
{
	const char *wamid = json_string_value(json_object_get(st, "id"));
	const char *status = json_string_value(json_object_get(st, "status"));
	json_t *err = json_array_get(json_object_get(st, "errors"), 0);
	const char *error = NULL;
	struct wa_send s;
	bool found;
	enum err_code rc;

	if (!wamid || status_rank(status) < 1)
		return ERR_OK;
	rc = store_wa_send_by_wamid(svc_db(c), c->a, wamid, &s, &found, c->e);
	if (rc || !found || status_rank(status) <= status_rank(s.status))
		return rc;
	if (err) {
		const char *msg = json_string_value(json_object_get(err, "message"));

		if (!msg)
			msg = json_string_value(json_object_get(err, "title"));
		error =
		    failure_text(c->a, (long)json_integer_value(json_object_get(err, "code")), msg);
	}
	ea->w->statuses++;
	rc = store_wa_send_status(svc_db(c), s.id, status, error, c->e);
	if (!rc && s.communication_id)
		rc = store_communication_delivery(svc_db(c), s.communication_id, status, error,
						  c->e);
	return rc;
}

static enum err_code event_tx(struct ctx *c, void *arg)
{
	struct event_args *ea = arg;
	json_t *entry, *change, *v;
	size_t i, j, k;
	enum err_code rc = ERR_OK;

	json_array_foreach(json_object_get(ea->event, "entry"), i, entry)
	{
		json_array_foreach(json_object_get(entry, "changes"), j, change)
		{
			json_t *value = json_object_get(change, "value");
			const char *field = json_string_value(json_object_get(change, "field"));

			if (!field || strcmp(field, "messages"))
				continue;
			json_array_foreach(json_object_get(value, "messages"), k, v)
			{
				rc = message_tx(c, ea, v, json_object_get(value, "contacts"));
				if (rc)
					return rc;
			}
			json_array_foreach(json_object_get(value, "statuses"), k, v)
			{
				rc = status_tx(c, ea, v);
				if (rc)
					return rc;
			}
		}
	}
	return rc;
}

static enum err_code process_events(struct ctx *c, const struct whatsapp_settings *s,
				    struct whatsapp_work *w)
{
	int64_t ids[50];
	int n = 0;
	enum err_code rc = store_wa_events_pending(svc_db(c), 50, ids, &n, c->e);

	for (int i = 0; !rc && i < n; i++) {
		const char *body;
		int attempts;
		struct error e;
		struct ctx one = *c;

		err_clear(&e);
		one.e = &e;
		if (store_wa_event_get(svc_db(c), c->a, ids[i], &body, &attempts, &e))
			continue;
		struct event_args ea = {s, json_loads(body, 0, NULL), w};

		if (!json_is_object(ea.event)) {
			store_wa_event_mark(svc_db(c), ids[i], "failed", "not a JSON object",
					    clock_now(), &e);
		} else if (svc_tx(&one, event_tx, &ea)) {
			log_warn("whatsapp: event %lld failed: %s", (long long)ids[i], e.message);
			store_wa_event_mark(svc_db(c), ids[i],
					    attempts + 1 >= WA_EVENT_ATTEMPTS ? "failed"
									      : "pending",
					    e.message, clock_now(), &e);
		} else {
			store_wa_event_mark(svc_db(c), ids[i], "done", NULL, clock_now(), &e);
			w->events++;
		}
		json_decref(ea.event);
	}
	return rc;
}

/* --- the jobs: photos ------------------------------------------------------------------------ */

/* Fetches one photo (remote/whatsapp.h), checked and stored as any upload.  Returns the
 * reason it failed (NULL: stored); *permanent says trying again would not help. */
static const char *fetch_media(struct ctx *c, const struct whatsapp_settings *s,
			       const struct wa_message *m, bool *permanent)
{
	struct wa_config wc = client_of(s);
	struct wa_answer a;
	struct strbuf bytes;
	enum err_code rc = wa_media(&wc, m->media_id, svc_files_max_file(), &bytes, &a);
	const char *why = NULL;

	*permanent = false;
	if (rc) {
		*permanent = !a.later;
		why =
		    a.code ? failure_text(c->a, a.code, a.message) : arena_strdup(c->a, a.message);
		strbuf_release(&bytes);
		return why;
	}
	struct upload_file f = {.filename = arena_printf(c->a, "whatsapp-%lld", (long long)m->id),
				.data = bytes.buf,
				.len = bytes.len};
	struct evidence ev = {.files = &f, .nfiles = 1, .photos_only = true, .field = "media"};
	const char *sha, *mime;

	rc = evidence_prepare(c, &ev);
	if (!rc)
		rc = evidence_stage(c, &ev);
	if (rc) {
		*permanent = rc != ERR_UNAVAILABLE && rc != ERR_INTERNAL;
		why = arena_strdup(c->a, c->e->message);
	} else if (!evidence_staged(&ev, 0, &sha, &mime) ||
		   store_wa_media_set(svc_db(c), m->id, "stored", sha, mime, (int64_t)bytes.len,
				      NULL, c->e)) {
		evidence_unstage(c, &ev);
		why = "the photo could not be recorded";
	}
	strbuf_release(&bytes);
	return why;
}

static enum err_code fetch_photos(struct ctx *c, const struct whatsapp_settings *s,
				  struct whatsapp_work *w)
{
	int64_t ids[20];
	int n = 0;
	enum err_code rc;

	if (!s->access_token)
		return ERR_OK;
	rc = store_wa_media_pending(svc_db(c), 20, ids, &n, c->e);
	for (int i = 0; !rc && i < n; i++) {
		struct wa_message m;
		struct error e;
		struct ctx one = *c;
		bool permanent;
		const char *why;

		err_clear(&e);
		one.e = &e;
		if (store_wa_message_get(svc_db(c), c->a, ids[i], &m, &e))
			continue;
		why = fetch_media(&one, s, &m, &permanent);
		if (!why) {
			w->media++;
			continue;
		}
		log_warn("whatsapp: photo of message %lld: %s", (long long)m.id, why);
		store_wa_media_set(
		    svc_db(c), m.id,
		    permanent || m.media_attempts + 1 >= WA_MEDIA_ATTEMPTS ? "failed" : "pending",
		    NULL, NULL, 0, why, &e);
	}
	return rc;
}

/* --- the jobs: the outbox -----------------------------------------------------------------------
 */

/* A template's body parameters, from the outbox row's JSON array, in the arena. */
static int params_of(struct ctx *c, const char *json, const char ***out)
{
	json_t *a = json ? json_loads(json, 0, NULL) : NULL;
	size_t n = json_array_size(a), i;
	json_t *v;

	*out = arena_zalloc(c->a, sizeof(**out) * (n + 1));
	json_array_foreach(a, i, v)(*out)[i] =
	    arena_strdup(c->a, json_string_value(v) ? json_string_value(v) : "");
	json_decref(a);
	return (int)n;
}

/* Records a send's end on its communication and, sent, in its conversation. */
static void send_outcome(struct ctx *c, const struct wa_send *m, const char *status,
			 const char *error, const char *wamid)
{
	struct db *db = svc_db(c);
	struct error e;

	err_clear(&e);
	if (m->communication_id)
		store_communication_delivery(db, m->communication_id, status, error, &e);
	if (wamid && m->conversation_id) {
		struct wa_message out = {.conversation_id = m->conversation_id,
					 .wamid = wamid,
					 .direction = "outbound",
					 .type = m->kind,
					 .body = m->body,
					 .sent_at = clock_now()};
		bool added;
		int64_t id;

		store_wa_message_add(db, &out, &added, &id, &e);
	}
}

static void deliver_one(struct ctx *c, const struct whatsapp_settings *s, int64_t id,
			struct whatsapp_work *w)
{
	struct db *db = svc_db(c);
	struct wa_config wc = client_of(s);
	struct wa_send m;
	struct wa_answer a;
	int64_t now = clock_now();
	enum err_code rc;

	if (!store_wa_send_claim(db, id, now, WA_SEND_LEASE))
		return; /* another worker has it */
	if (store_wa_send_get(db, c->a, id, &m, c->e))
		return;
	struct wa_outgoing out = {.to = m.to_phone,
				  .kind = m.kind,
				  .text = m.body,
				  .template_name = m.template_name,
				  .language = s->template_language};

	const char **params;

	out.nparams = params_of(c, m.template_params, &params);
	out.params = params;
	rc = wa_send(&wc, &out, &a);
	if (!rc) {
		const char *wamid = arena_strdup(c->a, a.wamid);

		store_wa_send_sent(db, id, wamid, clock_now());
		send_outcome(c, &m, "sent", NULL, wamid);
		w->sent++;
		return;
	}
	bool give_up = !a.later || m.attempts >= WA_MAX_ATTEMPTS;
	const char *why = !a.status ? arena_printf(c->a, "not reached: %s", a.message)
			  : a.code  ? failure_text(c->a, a.code, a.message)
				    : arena_printf(c->a, "not sent: %s", a.message);
	int64_t wait = backoff(m.attempts);

	if (a.retry_after > wait)
		wait = a.retry_after;
	log_warn("whatsapp: send %lld to %s (attempt %d): %s", (long long)id, m.to_phone,
		 m.attempts, why);
	store_wa_send_retry(db, id, clock_now() + wait, why, give_up);
	if (give_up) {
		send_outcome(c, &m, "failed", why, NULL);
		w->failed++;
	} else {
		w->retried++;
	}
}

static enum err_code deliver(struct ctx *c, const struct whatsapp_settings *s,
			     struct whatsapp_work *w)
{
	int64_t ids[50];
	int n = 0;
	enum err_code rc;

	if (!s->configured)
		return ERR_OK; /* messages wait, pending, until WhatsApp is on */
	rc = store_wa_sends_due(svc_db(c), clock_now(), 50, ids, &n, c->e);
	for (int i = 0; !rc && i < n; i++) {
		struct error e;
		struct ctx one = *c;

		err_clear(&e);
		one.e = &e;
		deliver_one(&one, s, ids[i], w);
	}
	return rc;
}

enum err_code svc_whatsapp_work(struct ctx *c, struct whatsapp_work *out)
{
	struct whatsapp_settings s;
	enum err_code rc = svc_whatsapp_settings(c, &s);

	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = process_events(c, &s, out);
	if (!rc)
		rc = fetch_photos(c, &s, out);
	if (!rc)
		rc = deliver(c, &s, out);
	return rc;
}

/* --- the inbox ----------------------------------------------------------------------------------
 */

enum err_code svc_whatsapp_conversations(struct ctx *c, struct wa_conversation **out, int *n)
{
	*n = 0;
	if (!svc_staff(c))
		return svc_not_staff(c);
	return store_wa_conversations(svc_db(c), c->a, 200, out, n, c->e);
}

enum err_code svc_whatsapp_conversation(struct ctx *c, int64_t id, struct whatsapp_thread *out)
{
	struct db *db = svc_db(c);
	struct whatsapp_settings s;
	const char *phone;
	size_t len;
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	if (!svc_staff(c))
		return svc_not_staff(c);
	rc = svc_whatsapp_settings(c, &s);
	if (!rc)
		rc = store_wa_conversation_get(db, c->a, id, &out->conv, c->e);
	if (!rc)
		rc = store_wa_messages_of(db, c->a, id, &out->messages, &out->nmessages, c->e);
	if (!rc && out->conv.customer_id)
		rc = store_wa_latest_delivery(db, c->a, out->conv.customer_id, &out->latest_so_id,
					      &out->latest_delivery_date, c->e);
	len = strlen(out->conv.phone ? out->conv.phone : "");
	if (!rc && len >= 10)
		rc = store_wa_open_ticket(db, c->a, out->conv.customer_id,
					  out->conv.phone + len - 10, &out->open_ticket, &phone,
					  c->e);
	if (!rc)
		plan_for_phone(c, &s, arena_printf(c->a, "+%s", out->conv.phone), &out->plan);
	return rc;
}

enum err_code svc_whatsapp_media(struct ctx *c, int64_t message_id, struct files_body *body,
				 const char **mime)
{
	struct wa_message m;
	enum err_code rc;

	if (!svc_staff(c))
		return svc_not_staff(c);
	rc = store_wa_message_get(svc_db(c), c->a, message_id, &m, c->e);
	if (rc)
		return rc;
	if (!m.media_state || strcmp(m.media_state, "stored"))
		return err_set(c->e, ERR_NOT_FOUND, NULL,
			       m.media_state && !strcmp(m.media_state, "pending")
				   ? "the photo is still being fetched from WhatsApp"
				   : "this message has no photo");
	*mime = m.media_mime;
	return evidence_open(c, m.media_sha256, body);
}

/* The messages of a thread not yet in a ticket: their texts as one, the first one's time, and
 * their photos loaded (malloc'd data in files[], freed by free_photos). */
struct pending {
	const char *text;
	int64_t first_at;
	int count;
	struct upload_file *files;
	int nfiles;
};

static void free_photos(struct pending *p)
{
	for (int i = 0; i < p->nfiles; i++)
		free((void *)p->files[i].data);
	p->nfiles = 0;
}

static enum err_code pending_of(struct ctx *c, const struct whatsapp_thread *th, struct pending *p)
{
	struct strbuf sb;

	memset(p, 0, sizeof(*p));
	p->files = arena_zalloc(c->a, sizeof(*p->files) * (size_t)(th->nmessages + 1));
	strbuf_init(&sb, 0);
	for (int i = 0; i < th->nmessages; i++) {
		const struct wa_message *m = &th->messages[i];
		char when[TIME_ISO_LEN];

		if (strcmp(m->direction, "inbound") || m->ticket_id)
			continue;
		if (m->media_state && !strcmp(m->media_state, "pending")) {
			free_photos(p);
			strbuf_release(&sb);
			return err_set(c->e, ERR_CONFLICT, NULL,
				       "a photo is still being fetched from WhatsApp; try again in "
				       "a moment");
		}
		if (!p->count++)
			p->first_at = m->sent_at;
		instant_format(m->sent_at, when);
		strbuf_putf(&sb, "%s[%s] %s", sb.len ? "\n" : "", when,
			    m->body			? m->body
			    : !strcmp(m->type, "image") ? "(photo)"
							: "");
		if (m->media_state && !strcmp(m->media_state, "stored")) {
			void *data;
			size_t len;

			if (evidence_load(c, m->media_sha256, &data, &len)) {
				free_photos(p);
				strbuf_release(&sb);
				return c->e->code;
			}
			p->files[p->nfiles++] = (struct upload_file){
			    arena_printf(c->a, "whatsapp-%lld", (long long)m->id), data, len};
		}
	}
	p->text = arena_strdup(c->a, sb.buf);
	strbuf_release(&sb);
	if (!p->count)
		return err_set(c->e, ERR_CONFLICT, NULL,
			       "every message of this conversation is in a ticket already");
	return ERR_OK;
}

static enum err_code take_tx(struct ctx *c, void *arg)
{
	const int64_t *ids = arg;

	return store_wa_conversation_take(svc_db(c), ids[0], ids[1], c->e);
}

static void prefill(struct ticket_input *in, enum tfield f, const char *v)
{
	if (!in->set[f] && v) {
		in->v[f] = v;
		in->set[f] = true;
	}
}

enum err_code svc_whatsapp_ticket(struct ctx *c, int64_t id, const struct ticket_input *in,
				  struct ticket *out)
{
	struct whatsapp_thread th;
	struct pending p;
	struct ticket_input filled = *in;
	struct customer cu;
	struct error ignored;
	enum err_code rc = svc_whatsapp_conversation(c, id, &th);

	if (!rc)
		rc = pending_of(c, &th, &p);
	if (rc)
		return rc;
	/* A known home customer fills the ticket from their record (svc_ticket_create). */
	if (th.conv.customer_id &&
	    !store_customer_get(svc_db(c), c->a, th.conv.customer_id, &cu, &ignored) &&
	    !strcmp(cu.type, "home"))
		prefill(&filled, TF_CUSTOMER_ID, th.conv.customer_id);
	prefill(&filled, TF_CUSTOMER_NAME,
		th.conv.profile_name ? th.conv.profile_name : th.conv.customer_name);
	prefill(&filled, TF_CUSTOMER_PHONE, arena_printf(c->a, "+%s", th.conv.phone));
	if (filled.v[TF_CUSTOMER_ID] && !filled.set[TF_WOO_ORDER_NUMBER]) {
		prefill(&filled, TF_SO_ID, th.latest_so_id);
		prefill(&filled, TF_DELIVERY_DATE, th.latest_delivery_date);
	}
	prefill(&filled, TF_DESCRIPTION, p.text);
	prefill(&filled, TF_TITLE,
		arena_printf(c->a, "WhatsApp from %s",
			     th.conv.profile_name ? th.conv.profile_name : th.conv.phone));
	filled.reported_at = p.first_at;
	struct evidence ev = {
	    .files = p.files, .nfiles = p.nfiles, .photos_only = true, .field = "photos"};

	rc = svc_ticket_create_with(c, KIND_B2C, &filled, p.nfiles ? &ev : NULL, out);
	free_photos(&p);
	if (rc)
		return rc;
	int64_t ids[2] = {id, out->id};

	return svc_tx(c, take_tx, ids);
}

enum err_code svc_whatsapp_append(struct ctx *c, int64_t id, const char *number, struct ticket *out,
				  int64_t *communication_id)
{
	struct whatsapp_thread th;
	struct pending p;
	struct attachment *files;
	int nfiles;
	enum err_code rc = svc_whatsapp_conversation(c, id, &th);

	*communication_id = 0;
	if (rc)
		return rc;
	if (!number || !*number)
		number = th.open_ticket;
	if (!number)
		return err_set(c->e, ERR_INVALID, "ticket",
			       "this customer has no open B2C ticket: create one instead, or name "
			       "the ticket");
	rc = svc_ticket_get(c, KIND_B2C, number, out);
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_INVALID, "ticket", "no B2C ticket %s", number);
	if (!rc)
		rc = pending_of(c, &th, &p);
	if (rc)
		return rc;
	struct communication cm = {
	    .channel = "whatsapp",
	    .direction = "inbound",
	    .summary = arena_printf(c->a, "WhatsApp from +%s:\n%s", th.conv.phone, p.text),
	    .occurred_at = p.first_at,
	};
	struct evidence ev = {
	    .files = p.files, .nfiles = p.nfiles, .photos_only = true, .field = "photos"};

	rc = svc_communication_add(c, KIND_B2C, out->number, &cm, p.nfiles ? &ev : NULL, &files,
				   &nfiles);
	free_photos(&p);
	if (rc)
		return rc;
	*communication_id = cm.id;
	int64_t ids[2] = {id, out->id};

	rc = svc_tx(c, take_tx, ids);
	return rc ? rc : svc_ticket_get(c, KIND_B2C, out->number, out);
}
