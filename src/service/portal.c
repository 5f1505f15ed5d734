/* The customer portal and satisfaction after close; see portal.h. */
#include "portal.h"

#include <ctype.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/log.h"
#include "../base/timefmt.h"
#include "../domain/phone.h"
#include "../store/communication.h"
#include "ticket.h"
#include "whatsapp.h"
#include "../base/banned.h"

#define TOKEN_BYTES 32

/* --- small helpers ------------------------------------------------------------------------ */

static const char *sha256_hex(struct arena *a, const char *text)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = arena_alloc(a, sizeof(h) * 2 + 1);

	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
	return hex;
}

static const char *random_token(struct arena *a)
{
	unsigned char raw[TOKEN_BYTES];
	size_t len =
	    sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *b64 = arena_alloc(a, len);

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(b64, len, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return b64;
}

static const char *lowered(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s);

	for (char *q = p; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

static bool is_email(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at > s && strchr(at, '.') && !strchr(s, ' ') && strlen(s) <= 254;
}

/* An email or phone as the portal keys it: the email in lower case, the phone as E.164
 * digits; NULL when it is neither. */
static const char *address_key(struct arena *a, const char *to)
{
	char e164[PHONE_E164_MAX];
	const char *t = to ? to : "";

	while (*t == ' ')
		t++;
	if (is_email(t))
		return lowered(a, t);
	if (phone_e164(t, e164))
		return arena_strdup(a, e164);
	return NULL;
}

static enum err_code unavailable(struct ctx *c)
{
	return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
}

static enum err_code rate_limited(struct ctx *c, const char *what)
{
	err_set(c->e, ERR_RATE_LIMITED, NULL, "too many %s; try again in %d minutes", what,
		PORTAL_LIMIT_WINDOW / 60);
	c->e->retry_after = PORTAL_LIMIT_WINDOW;
	return ERR_RATE_LIMITED;
}

/* Counts one attempt under each key (NULL: none) in one transaction, as staff sign-ins do
 * (auth.c): counted before the check, so parallel requests cannot slip under a limit. */
struct counts {
	const char *key[2];
	int n[2];
};

static enum err_code count_tx(struct ctx *c, void *arg)
{
	struct counts *ct = arg;

	for (int i = 0; i < 2; i++)
		ct->n[i] = ct->key[i] ? store_login_attempt(svc_db(c), ct->key[i], clock_now(),
							    PORTAL_LIMIT_WINDOW)
				      : 0;
	return ERR_OK;
}

static bool staff(struct ctx *c)
{
	return c->who && (c->who->role == ROLE_AGENT || c->who->role == ROLE_MANAGER ||
			  c->who->role == ROLE_ADMIN);
}

/* The portal's settings and the address of a portal page (path: "/portal/rate#t=...");
 * NULL when the base URL is not set and absolute is wanted. */
static const char *page_url(struct ctx *c, const char *path, bool absolute)
{
	struct portal_settings s;

	if (svc_portal_settings(c, &s) || !s.base_url)
		return absolute ? NULL : path;
	return arena_printf(c->a, "%s%s", s.base_url, path);
}

/* Queues a message to a customer: by WhatsApp when a phone is given and WhatsApp is on,
 * else by email when an address is given and a mail server is set up.  *how: "whatsapp",
 * "email" or NULL (no way); dedupe names the message (sent once). */
static enum err_code tell(struct ctx *c, const char *phone, const char *email, const char *ref,
			  const char *subject, const char *text, int64_t ticket, const char *dedupe,
			  const char **how)
{
	struct smtp_settings smtp;
	bool queued = false;
	enum err_code rc = ERR_OK;

	*how = NULL;
	if (phone) {
		rc = svc_whatsapp_notice_tx(c, phone, ref, text, ticket,
					    arena_printf(c->a, "%s:whatsapp", dedupe), &queued);
		if (rc || queued) {
			*how = queued ? "whatsapp" : NULL;
			return rc;
		}
	}
	if (!email)
		return ERR_OK;
	rc = svc_smtp_settings(c, &smtp);
	if (rc || !smtp.configured)
		return rc;
	int64_t now = clock_now();
	struct notification n = {.to_address = email,
				 .ticket_id = ticket,
				 .type = "portal",
				 .channel = "email",
				 .title = subject,
				 .body = text,
				 .state = "pending",
				 .next_attempt_at = now,
				 .created_at = now};
	bool added;

	rc = store_notification_add(svc_db(c), &n, arena_printf(c->a, "%s:email", dedupe), &added,
				    c->e);
	if (!rc)
		*how = "email";
	return rc;
}

/* --- the principal ------------------------------------------------------------------------ */

/* Fills *out for customer_id (and contact, when not 0); ERR_UNAUTHORIZED when either is
 * gone, or the contact was deactivated. */
static enum err_code principal(struct ctx *c, const char *customer_id, int64_t contact,
			       const char *address, int64_t expires, struct portal_user *out)
{
	struct db *db = svc_db(c);
	struct customer cu;
	struct portal_contact pc;
	struct error ignored;

	memset(out, 0, sizeof(*out));
	if (store_customer_get(db, c->a, customer_id, &cu, &ignored))
		return err_set(c->e, ERR_UNAUTHORIZED, NULL,
			       "this portal sign-in is not valid any more; sign in again");
	out->customer_id = cu.customer_id;
	out->customer_name = cu.name;
	out->customer_type = cu.type;
	out->kind = strcmp(cu.type, "home") ? KIND_B2B : KIND_B2C;
	out->name = cu.name;
	out->address = address;
	out->expires_at = expires;
	if (!contact)
		return out->kind == KIND_B2C
			   ? ERR_OK
			   : err_set(c->e, ERR_UNAUTHORIZED, NULL,
				     "a company's portal is used by its contacts; sign in again");
	if (store_portal_contact_get(db, c->a, contact, &pc, &ignored) || !pc.active ||
	    strcmp(pc.customer_id, customer_id))
		return err_set(c->e, ERR_UNAUTHORIZED, NULL,
			       "this portal sign-in is not valid any more; sign in again");
	out->contact_id = pc.id;
	out->name = pc.name;
	out->role = pc.role;
	return ERR_OK;
}

struct session_args {
	struct portal_session s;
	const char *hash;
};

static enum err_code session_tx(struct ctx *c, void *arg)
{
	struct session_args *sa = arg;

	return store_portal_session_insert(svc_db(c), sa->hash, &sa->s, clock_now(), c->e);
}

/* A new session for who, its token in *token. */
static enum err_code session_new(struct ctx *c, const struct portal_user *who, const char **token)
{
	struct session_args sa = {
	    .s = {.customer_id = who->customer_id,
		  .contact_id = who->contact_id,
		  .address = who->address,
		  .expires_at = clock_now() + PORTAL_SESSION_S},
	};

	*token = random_token(c->a);
	sa.hash = sha256_hex(c->a, *token);
	return svc_tx(c, session_tx, &sa);
}

enum err_code svc_portal_session(struct ctx *c, const char *token, struct portal_user *out)
{
	struct db *db = svc_db(c);
	struct portal_session s;
	enum err_code rc;

	if (!db)
		return unavailable(c);
	rc = store_portal_session_get(db, c->a, sha256_hex(c->a, token), clock_now(), &s, c->e);
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_UNAUTHORIZED, NULL,
			       "the portal session is not valid; sign in again");
	if (rc)
		return rc;
	return principal(c, s.customer_id, s.contact_id, s.address, s.expires_at, out);
}

enum err_code svc_portal_logout(struct ctx *c, const char *token)
{
	struct db *db = svc_db(c);

	if (!db)
		return unavailable(c);
	return store_portal_session_delete(db, sha256_hex(c->a, token), c->e);
}

/* --- one-time codes ------------------------------------------------------------------------ */

struct code_args {
	const char *to, *order, *code;
	struct customer cu;
	bool matched;
};

static const char *code_hash(struct arena *a, const char *to, const char *code)
{
	return sha256_hex(a, arena_printf(a, "portal-code:%s:%s", to, code));
}

static enum err_code code_tx(struct ctx *c, void *arg)
{
	struct code_args *ca = arg;
	struct db *db = svc_db(c);
	int64_t now = clock_now();
	const char *how;
	bool phone = !strchr(ca->to, '@');
	enum err_code rc = store_portal_code_insert(db, ca->to, ca->cu.customer_id,
						    code_hash(c->a, ca->to, ca->code), now,
						    now + PORTAL_CODE_TTL, c->e);
	const char *text =
	    arena_printf(c->a,
			 "Your sign-in code for the customer portal is %s. It works once, for %d "
			 "minutes. If you did not ask for it, ignore this message.",
			 ca->code, PORTAL_CODE_TTL / 60);

	if (rc)
		return rc;
	/* A phone gets it by WhatsApp where that is on, else it goes to the record's email;
	 * an email address gets it by email. */
	rc = tell(c, phone ? ca->to : NULL, phone ? ca->cu.email : ca->to, ca->order,
		  "Your sign-in code", text, 0,
		  arena_printf(c->a, "portal-code:%s", random_token(c->a)), &how);
	if (!rc && !how)
		log_warn("portal: no way to send a sign-in code (no WhatsApp, no mail server)");
	return rc;
}

/* Whether the record's email or phone is `to` (a key made by address_key). */
static bool record_has(struct ctx *c, const struct customer *cu, const char *to)
{
	char e164[PHONE_E164_MAX];

	if (strchr(to, '@'))
		return cu->email && !strcmp(lowered(c->a, cu->email), to);
	return cu->phone && phone_e164(cu->phone, e164) && !strcmp(e164, to);
}

enum err_code svc_portal_code_request(struct ctx *c, const char *to, const char *order,
				      const char *client)
{
	struct db *db = svc_db(c);
	struct code_args ca = {0};
	struct order o;
	struct error ignored;
	enum err_code rc;

	if (!db)
		return unavailable(c);
	ca.to = address_key(c->a, to);
	if (!ca.to)
		return err_set(c->e, ERR_INVALID, "to",
			       "give the email address or phone number of your order");
	ca.order = svc_trimmed(c->a, order);
	if (!ca.order || !*ca.order || strlen(ca.order) > 64)
		return err_set(c->e, ERR_INVALID, "order", "give the number of one of your orders");
	struct counts ct = {{arena_printf(c->a, "portal-code-to:%s", ca.to),
			     arena_printf(c->a, "portal-code-from:%s", client ? client : "?")}};

	rc = svc_tx(c, count_tx, &ct);
	if (rc)
		return rc;
	if (ct.n[0] > PORTAL_CODES_PER_TO)
		return rate_limited(c, "codes asked for this email or phone");
	if (ct.n[1] > PORTAL_CODES_PER_FROM)
		return rate_limited(c, "codes asked from this network address");
	/* The order as typed, else in capitals (SO-1042 typed as so-1042). */
	char *upper = arena_strdup(c->a, ca.order);

	for (char *p = upper; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (store_order_get(db, c->a, ca.order, &o, &ignored) &&
	    store_order_get(db, c->a, upper, &o, &ignored))
		return ERR_OK; /* the same answer: nothing is said about who is a customer */
	if (store_customer_get(db, c->a, o.customer_id, &ca.cu, &ignored) ||
	    strcmp(ca.cu.type, "home") || !record_has(c, &ca.cu, ca.to))
		return ERR_OK;
	char *code = arena_alloc(c->a, 8);

	snprintf(code, 8, "%06u", (unsigned)randombytes_uniform(1000000));
	ca.code = code;
	ca.order = o.so_id;
	return svc_tx(c, code_tx, &ca);
}

struct verify_args {
	const char *to, *code;
	struct portal_code pc;
	bool ok;
};

static enum err_code verify_tx(struct ctx *c, void *arg)
{
	struct verify_args *va = arg;
	struct db *db = svc_db(c);
	const char *want;
	enum err_code rc = store_portal_code_live(db, c->a, va->to, clock_now(), &va->pc, c->e);

	va->ok = false;
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc)
		return rc;
	if (va->pc.attempts >= PORTAL_CODE_TRIES)
		return ERR_OK;
	want = code_hash(c->a, va->to, va->code);
	if (strlen(want) != strlen(va->pc.code_hash) ||
	    sodium_memcmp(want, va->pc.code_hash, strlen(want)))
		return store_portal_code_wrong(db, va->pc.id, c->e);
	return store_portal_code_use(db, va->pc.id, clock_now(), &va->ok, c->e);
}

enum err_code svc_portal_code_verify(struct ctx *c, const char *to, const char *code,
				     const char **token, struct portal_user *out)
{
	struct verify_args va = {0};
	enum err_code rc;

	if (!svc_db(c))
		return unavailable(c);
	va.to = address_key(c->a, to);
	if (!va.to)
		return err_set(c->e, ERR_INVALID, "to",
			       "give the email address or phone number the code was sent to");
	va.code = svc_trimmed(c->a, code);
	if (!va.code || strlen(va.code) != 6 || strspn(va.code, "0123456789") != 6)
		return err_set(c->e, ERR_INVALID, "code", "the code has 6 digits");
	struct counts ct = {{arena_printf(c->a, "portal-verify:%s", va.to), NULL}};

	rc = svc_tx(c, count_tx, &ct);
	if (rc)
		return rc;
	if (ct.n[0] > PORTAL_VERIFY_PER_TO)
		return rate_limited(c, "tries for this email or phone");
	rc = svc_tx(c, verify_tx, &va);
	if (rc)
		return rc;
	if (!va.ok)
		return err_set(c->e, ERR_UNAUTHORIZED, "code",
			       "that code is wrong, used or expired; ask for a new one");
	rc = principal(c, va.pc.customer_id, 0, va.to, clock_now() + PORTAL_SESSION_S, out);
	return rc ? rc : session_new(c, out, token);
}

/* --- passwords and links -------------------------------------------------------------------- */

enum err_code svc_portal_password(struct ctx *c, const char *email, const char *password,
				  const char *client, const char **token, struct portal_user *out)
{
	struct db *db = svc_db(c);
	struct portal_contact pc;
	const char *hash = NULL, *key;
	enum err_code rc;

	if (!db)
		return unavailable(c);
	key = lowered(c->a, email);
	struct counts ct = {{arena_printf(c->a, "portal-account:%s", key),
			     arena_printf(c->a, "portal-address:%s", client ? client : "?")}};

	rc = svc_tx(c, count_tx, &ct);
	if (rc)
		return rc;
	if (ct.n[0] > LOGIN_MAX_PER_ACCOUNT)
		return rate_limited(c, "failed sign-ins for this account");
	if (ct.n[1] > LOGIN_MAX_PER_ADDRESS)
		return rate_limited(c, "failed sign-ins from this network address");
	rc = store_portal_contact_by_email(db, c->a, key, &pc, &hash, c->e);
	if (rc && rc != ERR_NOT_FOUND)
		return rc;
	bool ok = svc_password_check(rc == ERR_OK && pc.active ? hash : NULL, password);

	if (!ok)
		return err_set(c->e, ERR_UNAUTHORIZED, NULL, "wrong email or password");
	store_login_failures_clear(db, ct.key[0]);
	store_login_attempt_undo(db, ct.key[1]);
	rc = principal(c, pc.customer_id, pc.id, NULL, clock_now() + PORTAL_SESSION_S, out);
	return rc ? rc : session_new(c, out, token);
}

struct link_args {
	const char *hash;
	struct portal_link l;
	bool won;
};

static enum err_code link_use_tx(struct ctx *c, void *arg)
{
	struct link_args *la = arg;
	enum err_code rc = store_portal_link_get(svc_db(c), c->a, la->hash, &la->l, c->e);

	la->won = false;
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc || strcmp(la->l.purpose, "sign_in") || la->l.expires_at <= clock_now())
		return rc;
	return store_portal_link_use(svc_db(c), la->hash, clock_now(), &la->won, c->e);
}

enum err_code svc_portal_link_sign_in(struct ctx *c, const char *link, const char **token,
				      struct portal_user *out)
{
	struct link_args la = {0};
	enum err_code rc;

	if (!svc_db(c))
		return unavailable(c);
	if (!link || !*link || strlen(link) > 100)
		return err_set(c->e, ERR_INVALID, "token", "the link's token is missing");
	la.hash = sha256_hex(c->a, link);
	rc = svc_tx(c, link_use_tx, &la);
	if (rc)
		return rc;
	if (!la.won)
		return err_set(c->e, ERR_UNAUTHORIZED, "token",
			       "this link is used or expired; ask for a new one or sign in with a "
			       "code");
	rc = principal(c, la.l.customer_id, la.l.contact_id, NULL, clock_now() + PORTAL_SESSION_S,
		       out);
	return rc ? rc : session_new(c, out, token);
}

/* --- settings, contacts and links for staff ------------------------------------------------- */

enum err_code svc_portal_settings(struct ctx *c, struct portal_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "portal", &o);
	const char *url = o ? json_string_value(json_object_get(o, "base_url")) : NULL;

	out->base_url = url ? arena_strdup(c->a, url) : NULL;
	json_decref(o);
	return rc;
}

static enum err_code settings_tx(struct ctx *c, void *arg)
{
	return svc_setting_save(c, "portal", arg);
}

enum err_code svc_portal_settings_put(struct ctx *c, json_t *body, struct portal_settings *out)
{
	json_t *v = json_object_get(body, "base_url"), *norm;
	const char *url = json_string_value(v);
	const char *key;
	json_t *ignored;
	enum err_code rc;

	if (!c->who || c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "only admins change the portal's settings");
	json_object_foreach(body, key, ignored)
	{
		if (strcmp(key, "base_url"))
			return err_set(c->e, ERR_BAD_REQUEST, key, "unknown field '%s'", key);
	}
	if (v && !json_is_null(v) && !url)
		return err_set(c->e, ERR_INVALID, "base_url", "base_url is a string or null");
	if (url && *url) {
		size_t n = strlen(url);

		if ((strncmp(url, "https://", 8) && strncmp(url, "http://", 7)) || n > 200 ||
		    strpbrk(url, " \"<>#?"))
			return err_set(c->e, ERR_INVALID, "base_url",
				       "base_url is where customers reach ticketd, e.g. "
				       "https://care.example.com");
		char *u = arena_strdup(c->a, url);

		while (n > 0 && u[n - 1] == '/')
			u[--n] = '\0';
		url = u;
	} else {
		url = NULL;
	}
	norm = json_pack("{s:o}", "base_url", url ? json_string(url) : json_null());
	rc = svc_tx(c, settings_tx, norm);
	json_decref(norm);
	out->base_url = url;
	return rc;
}

/* The company whose contacts these are: staff only, a known hotel or restaurant. */
static enum err_code company(struct ctx *c, const char *customer_id, struct customer *cu)
{
	enum err_code rc;

	if (!staff(c))
		return svc_not_staff(c);
	if (!svc_db(c))
		return unavailable(c);
	rc = store_customer_get(svc_db(c), c->a, customer_id, cu, c->e);
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_NOT_FOUND, NULL, "no customer '%s'", customer_id);
	return rc;
}

enum err_code svc_portal_contacts(struct ctx *c, const char *customer_id,
				  struct portal_contact **out, int *n)
{
	struct customer cu;
	enum err_code rc = company(c, customer_id, &cu);

	return rc ? rc : store_portal_contacts_of(svc_db(c), c->a, customer_id, out, n, c->e);
}

struct contact_args {
	struct portal_contact p;
	bool is_new, set_password, end_sessions;
	char hash[crypto_pwhash_STRBYTES];
};

static enum err_code contact_tx(struct ctx *c, void *arg)
{
	struct contact_args *ca = arg;
	struct db *db = svc_db(c);
	enum err_code rc =
	    ca->is_new ? store_portal_contact_insert(db, &ca->p, svc_actor_id(c), &ca->p.id, c->e)
		       : store_portal_contact_update(db, &ca->p, c->e);

	if (!rc && ca->set_password)
		rc = store_portal_contact_set_password(db, ca->p.id, ca->hash, c->e);
	if (!rc && ca->end_sessions)
		rc = store_portal_sessions_end(db, ca->p.id, c->e);
	return rc;
}

/* body[key] as trimmed text into *out when present (NULL for null or blank). */
static enum err_code text_field(struct ctx *c, json_t *body, const char *key, size_t max,
				const char **out, bool *present)
{
	json_t *v = json_object_get(body, key);

	*present = v != NULL;
	if (!v)
		return ERR_OK;
	if (!json_is_null(v) && !json_is_string(v))
		return err_set(c->e, ERR_BAD_REQUEST, key, "'%s' is a string", key);
	const char *s = svc_trimmed(c->a, json_string_value(v));

	*out = s && *s ? s : NULL;
	if (*out && strlen(*out) > max)
		return err_set(c->e, ERR_INVALID, key, "'%s' is longer than %zu bytes", key, max);
	return ERR_OK;
}

enum err_code svc_portal_contact_save(struct ctx *c, const char *customer_id, int64_t id,
				      json_t *body, struct portal_contact *out)
{
	static const char *const keys[] = {"name",   "email",	 "phone", "role",
					   "active", "password", NULL};
	struct contact_args *ca = arena_zalloc(c->a, sizeof(*ca));
	struct customer cu;
	const char *key, *password = NULL, *email = NULL, *phone = NULL;
	json_t *v;
	bool has;
	enum err_code rc = company(c, customer_id, &cu);

	if (rc)
		return rc;
	if (!strcmp(cu.type, "home"))
		return err_set(c->e, ERR_INVALID, "customer_id",
			       "'%s' is a home customer: contacts are for hotels and restaurants",
			       customer_id);
	json_object_foreach(body, key, v)
	{
		bool known = false;

		for (int i = 0; keys[i]; i++)
			known |= !strcmp(keys[i], key);
		if (!known)
			return err_set(c->e, ERR_BAD_REQUEST, key, "unknown field '%s'", key);
	}
	ca->is_new = id == 0;
	if (!ca->is_new) {
		rc = store_portal_contact_get(svc_db(c), c->a, id, &ca->p, c->e);
		if (rc == ERR_NOT_FOUND || (!rc && strcmp(ca->p.customer_id, customer_id)))
			return err_set(c->e, ERR_NOT_FOUND, NULL, "no contact %lld of '%s'",
				       (long long)id, customer_id);
		if (rc)
			return rc;
	} else {
		ca->p.customer_id = cu.customer_id;
		ca->p.active = true;
		ca->p.created_at = clock_now();
	}
	ca->p.updated_at = clock_now();
	rc = text_field(c, body, "name", 200, &ca->p.name, &has);
	if (!rc && ca->is_new && !ca->p.name)
		rc = err_set(c->e, ERR_INVALID, "name", "'name' is required");
	if (!rc && has && !ca->p.name)
		rc = err_set(c->e, ERR_INVALID, "name", "'name' may not be blank");
	if (!rc)
		rc = text_field(c, body, "email", 254, &email, &has);
	if (!rc && has) {
		if (email && !is_email(email))
			return err_set(c->e, ERR_INVALID, "email", "'%s' is not an email address",
				       email);
		ca->p.email = email ? lowered(c->a, email) : NULL;
	}
	if (!rc)
		rc = text_field(c, body, "phone", 32, &phone, &has);
	if (!rc && has) {
		char e164[PHONE_E164_MAX];

		if (phone && !phone_e164(phone, e164))
			return err_set(c->e, ERR_INVALID, "phone",
				       "'%s' is not a phone number (with its country code, or "
				       "10 digits for India)",
				       phone);
		ca->p.phone = phone ? arena_printf(c->a, "+%s", e164) : NULL;
	}
	if (!rc)
		rc = text_field(c, body, "role", 100, &ca->p.role, &has);
	if (!rc)
		rc = text_field(c, body, "password", 1024, &password, &has);
	if (rc)
		return rc;
	v = json_object_get(body, "active");
	if (v && !json_is_boolean(v))
		return err_set(c->e, ERR_BAD_REQUEST, "active", "'active' is true or false");
	if (v) {
		ca->end_sessions = ca->p.active && !json_is_true(v);
		ca->p.active = json_is_true(v);
	}
	if (!ca->p.email && !ca->p.phone)
		return err_set(c->e, ERR_INVALID, "email",
			       "a contact needs an email address or a phone number");
	if (password) {
		if (strlen(password) < 8)
			return err_set(c->e, ERR_INVALID, "password",
				       "the password must have at least 8 characters");
		if (!ca->p.email)
			return err_set(c->e, ERR_INVALID, "password",
				       "a password signs in with the email: give the contact one");
		if (!svc_password_hash(ca->hash, password))
			return err_set(c->e, ERR_INTERNAL, NULL,
				       "out of memory while hashing the password");
		ca->set_password = true;
		ca->end_sessions = !ca->is_new;
	}
	rc = svc_tx(c, contact_tx, ca);
	if (rc)
		return rc;
	return store_portal_contact_get(svc_db(c), c->a, ca->p.id, out, c->e);
}

struct link_new {
	struct portal_link l;
	const char *token, *url, *phone, *email, *name;
	bool send;
	const char *sent_by;
};

static enum err_code link_new_tx(struct ctx *c, void *arg)
{
	struct link_new *ln = arg;
	enum err_code rc = store_portal_link_insert(svc_db(c), sha256_hex(c->a, ln->token), &ln->l,
						    svc_actor_id(c), c->e);

	if (rc || !ln->send)
		return rc;
	return tell(c, ln->phone, ln->email, "portal", "Your link to the customer portal",
		    arena_printf(c->a,
				 "Hello %s, follow this link to see your deliveries and report a "
				 "problem: %s (it works once, for %d days).",
				 ln->name, ln->url, PORTAL_LINK_TTL / 86400),
		    0, arena_printf(c->a, "portal-link:%s", sha256_hex(c->a, ln->token)),
		    &ln->sent_by);
}

enum err_code svc_portal_link_create(struct ctx *c, const char *customer_id, int64_t contact_id,
				     bool send, const char **url, int64_t *expires_at,
				     const char **sent_by)
{
	struct link_new ln = {0};
	struct customer cu;
	struct portal_contact pc;
	enum err_code rc = company(c, customer_id, &cu);

	if (rc)
		return rc;
	if (!strcmp(cu.type, "home") && contact_id)
		return err_set(c->e, ERR_INVALID, "contact_id",
			       "a home customer's link is their own: leave contact_id out");
	if (strcmp(cu.type, "home") && !contact_id)
		return err_set(c->e, ERR_INVALID, "contact_id",
			       "a %s's link is for one of its contacts: give contact_id", cu.type);
	ln.name = cu.name;
	ln.phone = cu.phone;
	ln.email = cu.email;
	if (contact_id) {
		rc = store_portal_contact_get(svc_db(c), c->a, contact_id, &pc, c->e);
		if (rc == ERR_NOT_FOUND || (!rc && (strcmp(pc.customer_id, customer_id))))
			return err_set(c->e, ERR_INVALID, "contact_id", "no contact %lld of '%s'",
				       (long long)contact_id, customer_id);
		if (rc)
			return rc;
		if (!pc.active)
			return err_set(c->e, ERR_INVALID, "contact_id", "%s is deactivated",
				       pc.name);
		ln.name = pc.name;
		ln.phone = pc.phone;
		ln.email = pc.email;
	}
	ln.token = random_token(c->a);
	ln.l = (struct portal_link){.purpose = "sign_in",
				    .customer_id = cu.customer_id,
				    .contact_id = contact_id,
				    .created_at = clock_now(),
				    .expires_at = clock_now() + PORTAL_LINK_TTL};
	ln.url = page_url(c, arena_printf(c->a, "/portal/link#t=%s", ln.token), false);
	if (send && !page_url(c, "/", true))
		return err_set(c->e, ERR_INVALID, "send",
			       "links cannot be sent until an admin sets the portal's public "
			       "address (the portal settings, PUT /api/settings/portal); make the "
			       "link and send it yourself meanwhile");
	ln.send = send;
	rc = svc_tx(c, link_new_tx, &ln);
	if (rc)
		return rc;
	*url = ln.url;
	*expires_at = ln.l.expires_at;
	*sent_by = ln.sent_by;
	return ERR_OK;
}

/* --- the customer's side -------------------------------------------------------------------- */

void svc_portal_window(struct arena *a, enum kind k, const char *delivery_date,
		       struct portal_window *out)
{
	int y, m, d;
	int64_t today = local_day(clock_now()), day;
	bool within;
	int late;

	memset(out, 0, sizeof(*out));
	out->within = -1;
	if (k != KIND_B2C || !delivery_date || !date_parse(delivery_date, &y, &m, &d)) {
		out->text = "Tell us about any problem with this delivery here.";
		return;
	}
	day = days_from_civil(y, m, d);
	claim_window(day, today, &within, &late);
	out->within = within;
	out->days_late = late;
	if (day > today)
		out->text = arena_printf(a,
					 "This delivery is due on %s; you can report a problem "
					 "with it until midnight that day.",
					 delivery_date);
	else if (day == today)
		out->text = "You can report this delivery until midnight today.";
	else
		out->text = arena_printf(a,
					 "This delivery is %d day%s past the claim window (until "
					 "midnight on the day of delivery); you can still report "
					 "it and we will look at it.",
					 late, late == 1 ? "" : "s");
}

enum err_code svc_portal_deliveries(struct ctx *c, const struct portal_user *p,
				    struct portal_delivery **out, int *n)
{
	struct db *db = svc_db(c);
	const char *ids[PORTAL_DELIVERIES];
	int nids = 0;
	enum err_code rc;

	*n = 0;
	if (!db)
		return unavailable(c);
	rc =
	    store_orders_of_customer(db, c->a, p->customer_id, ids, PORTAL_DELIVERIES, &nids, c->e);
	if (rc)
		return rc;
	*out = arena_zalloc(c->a, sizeof(**out) * (size_t)(nids ? nids : 1));
	for (int i = 0; i < nids; i++) {
		struct portal_delivery *dl = &(*out)[*n];

		if (store_order_get(db, c->a, ids[i], &dl->o, c->e))
			continue; /* gone meanwhile */
		svc_portal_window(c->a, p->kind, dl->o.delivery_date, &dl->w);
		(*n)++;
	}
	return ERR_OK;
}

/* The reserved user the portal acts as, made on first use (portal.h).  Known per process
 * once found. */
static _Atomic int64_t actor_id;

static enum err_code actor_tx(struct ctx *c, void *arg)
{
	return store_portal_actor(svc_db(c), PORTAL_ACTOR_EMAIL, PORTAL_ACTOR_NAME, clock_now(),
				  arg, c->e);
}

/* The portal's user when it exists (0: not yet; a read never makes it), so that a process
 * that has written nothing for the portal yet, after a restart or beside another, still
 * tells the customers' replies from staff's. */
static int64_t portal_actor_known(struct ctx *c)
{
	int64_t id = atomic_load(&actor_id);

	if (!id && store_portal_actor_find(svc_db(c), PORTAL_ACTOR_EMAIL, &id) && id)
		atomic_store(&actor_id, id);
	return id;
}

/* A context acting as the portal's user, for the use cases that write tickets. */
static enum err_code as_portal(struct ctx *c, struct ctx *pc)
{
	struct user *u = arena_zalloc(c->a, sizeof(*u));
	int64_t id = atomic_load(&actor_id);

	if (!id) {
		enum err_code rc = svc_tx(c, actor_tx, &id);

		if (rc)
			return rc;
		atomic_store(&actor_id, id);
	}
	u->id = id;
	u->email = PORTAL_ACTOR_EMAIL;
	u->name = PORTAL_ACTOR_NAME;
	u->role = ROLE_AGENT;
	u->active = true;
	*pc = *c;
	pc->who = u;
	return ERR_OK;
}

/* Ticket `number` when it is the principal's (their kind and customer); ERR_NOT_FOUND for
 * any other, in the same words whether or not it exists. */
static enum err_code own_ticket(struct ctx *c, const struct portal_user *p, const char *number,
				struct ticket *t)
{
	struct db *db = svc_db(c);
	char *upper = arena_strdup(c->a, number ? number : "");
	struct error ignored;

	if (!db)
		return unavailable(c);
	for (char *q = upper; *q; q++)
		*q = (char)toupper((unsigned char)*q);
	if (strlen(upper) > 32 || store_ticket_by_number(db, c->a, upper, t, &ignored) ||
	    t->kind != p->kind || !t->v[TF_CUSTOMER_ID] ||
	    strcmp(t->v[TF_CUSTOMER_ID], p->customer_id))
		return err_set(c->e, ERR_NOT_FOUND, NULL, "you have no ticket '%.32s'", upper);
	return ERR_OK;
}

struct note_args {
	int64_t ticket;
	const char *note;
};

static enum err_code note_tx(struct ctx *c, void *arg)
{
	struct note_args *na = arg;

	return svc_event(c, na->ticket, "portal", NULL, NULL, NULL, na->note);
}

/* Who the principal is, in a timeline note. */
static const char *who_text(struct ctx *c, const struct portal_user *p)
{
	if (p->contact_id)
		return arena_printf(c->a, "%s%s%s of %s", p->name, p->role ? ", " : "",
				    p->role ? p->role : "", p->customer_name);
	return arena_printf(c->a, "%s (%s)", p->customer_name,
			    p->address ? p->address : "signed-in link");
}

/* The name a principal's replies carry on the timeline: a contact's name and company, or a
 * home customer's name (decisions.md). */
static const char *author_of(struct ctx *c, const struct portal_user *p)
{
	if (p->contact_id)
		return arena_printf(c->a, "%s (%s)", p->name, p->customer_name);
	return arena_printf(c->a, "%s (customer)", p->customer_name);
}

/* How a reply written on the portal (ev) is named to the principal p who reads it: "You"
 * for p's own, told by the contact who wrote it (a home customer's replies have none; those
 * written before replies kept their writer carry the portal user's name and read "You" as
 * they did); a colleague's by name alone, without p's company; anyone else's as written. */
static const char *customer_author(struct ctx *c, const struct portal_user *p,
				   const struct ticket_event *ev)
{
	const char *name = ev->actor_name;
	size_t n = name ? strlen(name) : 0, company = strlen(p->customer_name);

	if (!name || !strcmp(name, PORTAL_ACTOR_NAME) || ev->author_contact_id == p->contact_id)
		return "You";
	if (n > company + 3 && name[n - 1] == ')' && !strncmp(name + n - company - 3, " (", 2) &&
	    !strncmp(name + n - company - 1, p->customer_name, company))
		return arena_strndup(c->a, name, n - company - 3);
	return name;
}

enum err_code svc_portal_claim(struct ctx *c, const struct portal_user *p, json_t *body,
			       struct evidence *ev, struct ticket *out, struct portal_window *w)
{
	static const char *const keys[] = {
	    "so_id", "category", "description", "items_affected", "title", "requested_resolution",
	    NULL};
	static const enum tfield fields[] = {TF_SO_ID,	     TF_CATEGORY,
					     TF_DESCRIPTION, TF_ITEMS_AFFECTED,
					     TF_TITLE,	     TF_REQUESTED_RESOLUTION};
	struct ticket_input in = {0};
	struct customer cu;
	struct order o;
	struct ctx pc;
	const char *key;
	json_t *v;
	enum err_code rc;

	json_object_foreach(body, key, v)
	{
		int i = 0;

		while (keys[i] && strcmp(keys[i], key))
			i++;
		if (!keys[i])
			return err_set(c->e, ERR_BAD_REQUEST, key, "unknown field '%s'", key);
		if (!json_is_string(v) && !json_is_null(v))
			return err_set(c->e, ERR_BAD_REQUEST, key, "'%s' is a string", key);
		in.set[fields[i]] = true;
		in.v[fields[i]] = json_string_value(v);
	}
	if (!in.v[TF_SO_ID] || !*in.v[TF_SO_ID])
		return err_set(c->e, ERR_INVALID, "so_id",
			       "choose the delivery (so_id) it is about");
	if (store_order_get(svc_db(c), c->a, in.v[TF_SO_ID], &o, c->e) ||
	    strcmp(o.customer_id, p->customer_id))
		return err_set(c->e, ERR_INVALID, "so_id", "'%.64s' is not one of your orders",
			       in.v[TF_SO_ID]);
	rc = store_customer_get(svc_db(c), c->a, p->customer_id, &cu, c->e);
	if (rc)
		return rc;
	in.set[TF_CUSTOMER_ID] = true;
	in.v[TF_CUSTOMER_ID] = p->customer_id;
	in.set[TF_DELIVERY_DATE] = true;
	in.v[TF_DELIVERY_DATE] = o.delivery_date ? o.delivery_date : o.order_date;
	if (p->kind == KIND_B2C) {
		/* A home customer's order is a WooCommerce order: its number is what a refund is
		 * posted against (posting.c) and what the desk looks up (decisions.md). */
		in.set[TF_WOO_ORDER_NUMBER] = true;
		in.v[TF_WOO_ORDER_NUMBER] = o.so_id;
	}
	if (p->kind == KIND_B2B) {
		in.set[TF_PRIORITY] = true; /* staff set the priority when they triage */
		in.v[TF_PRIORITY] = "medium";
	} else if (!cu.email && !cu.phone && p->address) {
		enum tfield f = strchr(p->address, '@') ? TF_CUSTOMER_EMAIL : TF_CUSTOMER_PHONE;

		in.set[f] = true;
		in.v[f] =
		    strchr(p->address, '@') ? p->address : arena_printf(c->a, "+%s", p->address);
	}
	rc = as_portal(c, &pc);
	if (!rc)
		rc = svc_ticket_create_with(&pc, p->kind, &in, ev, out);
	if (rc)
		return rc;
	struct note_args na = {
	    out->id, arena_printf(c->a, "Filed on the customer portal by %s", who_text(c, p))};

	rc = svc_tx(&pc, note_tx, &na);
	if (rc)
		return rc;
	svc_portal_window(c->a, p->kind, in.v[TF_DELIVERY_DATE], w);
	if (p->kind == KIND_B2C)
		w->text = out->within_policy_window == 0
			      ? arena_printf(c->a,
					     "This claim came %d day%s after the claim window; "
					     "we will still look at it.",
					     out->days_late, out->days_late == 1 ? "" : "s")
			      : "This claim is within the claim window.";
	return ERR_OK;
}

enum err_code svc_portal_tickets(struct ctx *c, const struct portal_user *p, struct ticket **out,
				 int *n)
{
	struct ticket_query q = {0};
	int64_t total;
	bool more;

	if (!svc_db(c))
		return unavailable(c);
	q.kind = p->kind;
	q.status = -1;
	q.priority_rank = -1;
	q.within_policy_window = -1;
	q.customer_id = p->customer_id;
	q.now = clock_now();
	q.sort = SORT_CREATED;
	q.limit = 100;
	q.full = true;
	return store_ticket_list(svc_db(c), c->a, &q, out, n, &total, &more, c->e);
}

/* What the customer sees of a timeline: public comments, creation and status changes. */
static bool customer_sees(const struct ticket_event *ev)
{
	static const char *const types[] = {"created", "status", "resolved", "closed", NULL};

	if (ev->comment_id)
		return ev->visibility && !strcmp(ev->visibility, "public");
	for (int i = 0; types[i]; i++)
		if (!strcmp(ev->type, types[i]))
			return true;
	return false;
}

enum err_code svc_portal_ticket(struct ctx *c, const struct portal_user *p, const char *number,
				struct portal_ticket *out)
{
	struct db *db = svc_db(c);
	struct ticket_event *evs;
	struct attachment *at;
	int n, nat;
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	rc = own_ticket(c, p, number, &out->t);
	if (!rc)
		rc = store_timeline(db, c->a, out->t.id, false, false, &evs, &n, c->e);
	if (!rc)
		rc = store_attachments_of(db, c->a, out->t.id, &at, &nat, c->e);
	if (rc)
		return rc;
	out->thread = arena_zalloc(c->a, sizeof(*out->thread) * (size_t)(n ? n : 1));
	out->actor_id = portal_actor_known(c);
	for (int i = 0; i < n; i++)
		if (customer_sees(&evs[i])) {
			struct ticket_event *ev = &out->thread[out->nthread++];

			*ev = evs[i];
			/* Staff are named on their replies; the steps are the business's. */
			if (!ev->comment_id) {
				ev->actor_name = NULL;
				ev->actor_id = 0;
				ev->note = NULL;
			} else if (out->actor_id && ev->actor_id == out->actor_id) {
				ev->actor_name = customer_author(c, p, ev);
			}
		}
	out->photos = arena_zalloc(c->a, sizeof(*out->photos) * (size_t)(nat ? nat : 1));
	for (int i = 0; i < nat; i++)
		if (!strcmp(at[i].kind, "photo"))
			out->photos[out->nphotos++] = at[i];
	rc = store_portal_survey_of_ticket(db, c->a, out->t.id, &out->survey, c->e);
	out->has_survey = rc == ERR_OK;
	if (rc == ERR_NOT_FOUND) {
		c->e->code = ERR_OK;
		rc = ERR_OK;
	}
	return rc;
}

enum err_code svc_portal_reply(struct ctx *c, const struct portal_user *p, const char *number,
			       const char *text, struct ticket_event *out)
{
	struct ticket t;
	struct ctx pc;
	enum err_code rc = own_ticket(c, p, number, &t);

	if (!rc && t.status == ST_CLOSED)
		rc = err_set(c->e, ERR_CONFLICT, "comment_text",
			     "%s is closed; file a new claim for a new problem", t.number);
	if (!rc)
		rc = as_portal(c, &pc);
	if (!rc) {
		pc.author = &(struct comment_author){author_of(c, p), p->contact_id};
		rc = svc_ticket_comment(&pc, t.kind, t.number, text, "public", out);
	}
	return rc;
}

enum err_code svc_portal_photos(struct ctx *c, const struct portal_user *p, const char *number,
				struct evidence *ev, struct attachment **out, int *n)
{
	struct ticket t;
	struct ctx pc;
	enum err_code rc = own_ticket(c, p, number, &t);

	*n = 0;
	if (!rc && t.status == ST_CLOSED)
		rc = err_set(c->e, ERR_CONFLICT, "photos",
			     "%s is closed; file a new claim for a new problem", t.number);
	if (!rc)
		rc = as_portal(c, &pc);
	if (!rc)
		rc = svc_attachments_add(&pc, t.kind, t.number, ev, out, n);
	return rc;
}

enum err_code svc_portal_attachment(struct ctx *c, const struct portal_user *p, int64_t id,
				    bool thumb, struct attachment *out, struct files_body *body,
				    const char **content_type)
{
	struct db *db = svc_db(c);
	struct ticket t;
	struct ctx sys = *c;
	struct error ignored;

	if (!db)
		return unavailable(c);
	if (store_attachment_get(db, c->a, id, out, &ignored) || !out->ticket_id ||
	    strcmp(out->kind, "photo") ||
	    store_ticket_get(db, c->a, out->ticket_id, &t, &ignored) ||
	    own_ticket(c, p, t.number, &t))
		return err_set(c->e, ERR_NOT_FOUND, NULL, "no photo %lld", (long long)id);
	sys.who = NULL; /* the system reads it: the check above is the customer's */
	return svc_attachment_open(&sys, id, thumb, out, body, content_type);
}

/* --- satisfaction ----------------------------------------------------------------------- */

enum err_code svc_portal_survey_on_close(struct ctx *c, const struct ticket *t)
{
	struct db *db = svc_db(c);
	struct customer cu;
	struct error ignored;
	struct survey s = {0};
	const char *phone = NULL, *email = NULL, *how = NULL, *token, *url;
	bool added;
	int64_t id = 0, now = clock_now();
	enum err_code rc;

	if (t->kind == KIND_INTERNAL)
		return ERR_OK;
	s.ticket_id = t->id;
	s.kind = kind_name(t->kind);
	s.category = t->v[TF_CATEGORY];
	s.agent_id = t->assigned_to;
	s.customer_id = t->v[TF_CUSTOMER_ID];
	s.created_at = now;
	rc = store_portal_survey_add(db, &s, &added, &id, c->e);
	if (rc || !added)
		return rc;
	if (t->kind == KIND_B2C) {
		phone = t->v[TF_CUSTOMER_PHONE];
		email = t->v[TF_CUSTOMER_EMAIL];
	}
	if (t->v[TF_CUSTOMER_ID] &&
	    !store_customer_get(db, c->a, t->v[TF_CUSTOMER_ID], &cu, &ignored)) {
		phone = phone ? phone : cu.phone;
		email = email ? email : cu.email;
	}
	token = random_token(c->a);
	url = page_url(c, arena_printf(c->a, "/portal/rate#t=%s", token), true);
	struct portal_link l = {.purpose = "survey",
				.customer_id = t->v[TF_CUSTOMER_ID] ? t->v[TF_CUSTOMER_ID] : "",
				.ticket_id = t->id,
				.created_at = now,
				.expires_at = now + PORTAL_SURVEY_TTL};

	rc = store_portal_link_insert(db, sha256_hex(c->a, token), &l, 0, c->e);
	if (!rc && url)
		rc = tell(
		    c, phone, email, t->number, arena_printf(c->a, "%s: how did we do?", t->number),
		    arena_printf(c->a,
				 "Your request %s (%s) is closed. How did we do? Rate it from "
				 "1 to 5 here: %s",
				 t->number, t->v[TF_TITLE], url),
		    t->id, arena_printf(c->a, "survey:%lld", (long long)t->id), &how);
	if (rc || !how)
		return rc; /* not sent: the customer can still rate it on the portal */
	/* Sent: in the ticket's communication log, as the other customer notifications. */
	struct communication cm = {
	    .ticket_id = t->id,
	    .channel = how,
	    .direction = "outbound",
	    .summary = arena_printf(c->a, "Satisfaction survey by %s: how did we do, 1 to 5",
				    !strcmp(how, "email") ? "email" : "WhatsApp"),
	    .occurred_at = now,
	    .logged_by = c->who ? c->who->id : t->created_by,
	    .logged_at = now,
	};
	int64_t cm_id;

	rc = store_portal_survey_sent_by(db, id, how, c->e);
	return rc ? rc : store_communication_add(db, &cm, &cm_id, c->e);
}

/* The survey a link is for (purpose survey, not expired), with its ticket. */
static enum err_code survey_of_link(struct ctx *c, const char *link, struct ticket *t,
				    struct survey *out)
{
	struct db *db = svc_db(c);
	struct portal_link l;
	struct error ignored;

	if (!db)
		return unavailable(c);
	if (!link || !*link || strlen(link) > 100 ||
	    store_portal_link_get(db, c->a, sha256_hex(c->a, link), &l, &ignored) ||
	    strcmp(l.purpose, "survey") || l.expires_at <= clock_now() ||
	    store_ticket_get(db, c->a, l.ticket_id, t, &ignored) ||
	    store_portal_survey_of_ticket(db, c->a, l.ticket_id, out, &ignored))
		return err_set(c->e, ERR_NOT_FOUND, "token",
			       "this survey link is not valid or has expired");
	return ERR_OK;
}

enum err_code svc_portal_survey_get(struct ctx *c, const char *link, struct ticket *t,
				    struct survey *out)
{
	return survey_of_link(c, link, t, out);
}

struct answer_args {
	struct survey *s;
	int rating;
	const char *comment;
	bool won;
};

static enum err_code answer_tx(struct ctx *c, void *arg)
{
	struct answer_args *aa = arg;
	int64_t now = clock_now();
	int y, m, d;
	enum err_code rc;

	civil_from_days(local_day(now), &y, &m, &d);
	rc = store_portal_survey_answer(svc_db(c), aa->s->id, aa->rating, aa->comment, now,
					arena_printf(c->a, "%04d-%02d", y, m), &aa->won, c->e);
	if (rc || !aa->won)
		return rc;
	aa->s->rating = aa->rating;
	aa->s->comment = aa->comment;
	aa->s->answered_at = now;
	return svc_event(
	    c, aa->s->ticket_id, "survey_answered", "rating", NULL,
	    arena_printf(c->a, "%d", aa->rating),
	    aa->comment ? arena_printf(c->a, "Customer rated %d of 5: %s", aa->rating, aa->comment)
			: arena_printf(c->a, "Customer rated %d of 5", aa->rating));
}

static enum err_code answer(struct ctx *c, struct survey *s, int rating, const char *comment)
{
	struct answer_args aa = {s, rating, svc_trimmed(c->a, comment), false};
	enum err_code rc;

	if (rating < 1 || rating > 5)
		return err_set(c->e, ERR_INVALID, "rating", "rating is a whole number from 1 to 5");
	if (aa.comment && !*aa.comment)
		aa.comment = NULL;
	if (aa.comment && strlen(aa.comment) > 2000)
		return err_set(c->e, ERR_INVALID, "comment", "the comment is at most 2000 bytes");
	if (s->answered_at)
		return err_set(c->e, ERR_CONFLICT, "rating", "this ticket was rated already");
	rc = svc_tx(c, answer_tx, &aa);
	if (!rc && !aa.won)
		rc = err_set(c->e, ERR_CONFLICT, "rating", "this ticket was rated already");
	return rc;
}

enum err_code svc_portal_survey_answer(struct ctx *c, const char *link, int rating,
				       const char *comment, struct survey *out)
{
	struct ticket t;
	enum err_code rc = survey_of_link(c, link, &t, out);

	return rc ? rc : answer(c, out, rating, comment);
}

enum err_code svc_portal_rate(struct ctx *c, const struct portal_user *p, const char *number,
			      int rating, const char *comment, struct survey *out)
{
	struct ticket t;
	enum err_code rc = own_ticket(c, p, number, &t);

	if (rc)
		return rc;
	rc = store_portal_survey_of_ticket(svc_db(c), c->a, t.id, out, c->e);
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_CONFLICT, "rating",
			       "%s is not closed yet: it can be rated once it is", t.number);
	return rc ? rc : answer(c, out, rating, comment);
}
