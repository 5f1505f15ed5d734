/* The Zoho Books and WooCommerce connections; see integration.h.  Each system's settings are
 * one JSON value in the settings table (keys "zoho_books" and "woocommerce"), secrets
 * included; the served form replaces each secret by whether it is set. */
#include "integration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../remote/woo.h"
#include "../remote/zoho.h"
#include "../base/banned.h"

static const char *const system_names[SYS__MAX] = {"zoho_books", "woocommerce"};

int integration_system_from_name(const char *name)
{
	for (int i = 0; name && i < SYS__MAX; i++)
		if (!strcmp(system_names[i], name))
			return i;
	return -1;
}

const char *integration_system_name(enum integration_system s)
{
	return s < SYS__MAX ? system_names[s] : "?";
}

/* Zoho's data centres: the accounts server, the API root and the web app of each. */
static const struct {
	const char *dc, *accounts, *api, *web;
} data_centres[] = {
    {"com", "https://accounts.zoho.com", "https://www.zohoapis.com/books/v3",
     "https://books.zoho.com"},
    {"eu", "https://accounts.zoho.eu", "https://www.zohoapis.eu/books/v3", "https://books.zoho.eu"},
    {"in", "https://accounts.zoho.in", "https://www.zohoapis.in/books/v3", "https://books.zoho.in"},
    {"com.au", "https://accounts.zoho.com.au", "https://www.zohoapis.com.au/books/v3",
     "https://books.zoho.com.au"},
    {"jp", "https://accounts.zoho.jp", "https://www.zohoapis.jp/books/v3", "https://books.zoho.jp"},
    {"ca", "https://accounts.zohocloud.ca", "https://www.zohoapis.ca/books/v3",
     "https://books.zohocloud.ca"},
    {"sa", "https://accounts.zoho.sa", "https://www.zohoapis.sa/books/v3", "https://books.zoho.sa"},
};
#define NDC ((int)(sizeof(data_centres) / sizeof(data_centres[0])))

static int dc_index(const char *dc)
{
	for (int i = 0; dc && i < NDC; i++)
		if (!strcmp(data_centres[i].dc, dc))
			return i;
	return -1;
}

static bool blank(const char *s)
{
	return !s || !*s;
}

/* Whether url is http(s)://host...; loopback_only_http: plain http only to this machine. */
static bool url_ok(const char *url, bool loopback_only_http)
{
	if (!url)
		return false;
	if (!strncmp(url, "https://", 8))
		return url[8] && url[8] != '/';
	if (strncmp(url, "http://", 7) || !url[7] || url[7] == '/')
		return false;
	if (!loopback_only_http)
		return true;
	return !strncmp(url + 7, "127.0.0.1", 9) || !strncmp(url + 7, "localhost", 9) ||
	       !strncmp(url + 7, "[::1]", 5);
}

/* Reads the keys of o (a stored value or a request body) that are strings or null; 400 for
 * an unknown key or a wrong type. */
static enum err_code check_keys(json_t *o, const char *const *strings, const char *const *bools,
				const char *what, struct arena *a, struct error *e)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return err_set(e, ERR_BAD_REQUEST, NULL, "the %s settings must be an object", what);
	json_object_foreach(o, key, v)
	{
		bool is_string = false, is_bool = false;

		for (int i = 0; strings[i]; i++)
			is_string = is_string || !strcmp(strings[i], key);
		for (int i = 0; bools[i]; i++)
			is_bool = is_bool || !strcmp(bools[i], key);
		if (!is_string && !is_bool)
			return err_set(e, ERR_BAD_REQUEST, arena_strdup(a, key),
				       "unknown field '%s'", key);
		if (is_string && !json_is_string(v) && !json_is_null(v))
			return err_set(e, ERR_BAD_REQUEST, arena_strdup(a, key),
				       "'%s' must be a string", key);
		if (is_bool && !json_is_boolean(v) && !json_is_null(v))
			return err_set(e, ERR_BAD_REQUEST, arena_strdup(a, key),
				       "'%s' is true or false", key);
		if (is_string && json_is_string(v) && json_string_length(v) > 2000)
			return err_set(e, ERR_INVALID, arena_strdup(a, key),
				       "'%s' is at most 2000 bytes", key);
	}
	return ERR_OK;
}

static const char *str(struct arena *a, json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v && *v ? arena_strdup(a, v) : NULL;
}

/* --- Zoho Books ---------------------------------------------------------------------- */

static const char *const zoho_strings[] = {"data_centre",   "accounts_url",    "api_url",
					   "web_url",	    "client_id",       "client_secret",
					   "refresh_token", "organization_id", NULL};
static const char *const zoho_bools[] = {"enabled", NULL};

/* Reads settings from o (stored, or a request body merged with the stored secrets). */
static enum err_code zoho_from_json(json_t *o, struct zoho_settings *z, struct arena *a,
				    struct error *e)
{
	int dc;

	memset(z, 0, sizeof(*z));
	if (check_keys(o, zoho_strings, zoho_bools, "Zoho Books", a, e))
		return e->code;
	z->enabled = json_is_true(json_object_get(o, "enabled"));
	z->data_centre = str(a, o, "data_centre");
	if (!z->data_centre)
		z->data_centre = "in";
	dc = dc_index(z->data_centre);
	if (dc < 0)
		return err_set(e, ERR_INVALID, "data_centre",
			       "data_centre is one of com, eu, in, com.au, jp, ca, sa");
	z->accounts_url = str(a, o, "accounts_url");
	z->api_url = str(a, o, "api_url");
	z->web_url = str(a, o, "web_url");
	if (!z->accounts_url)
		z->accounts_url = data_centres[dc].accounts;
	if (!z->api_url)
		z->api_url = data_centres[dc].api;
	if (!z->web_url)
		z->web_url = data_centres[dc].web;
	z->client_id = str(a, o, "client_id");
	z->client_secret = str(a, o, "client_secret");
	z->refresh_token = str(a, o, "refresh_token");
	z->organization_id = str(a, o, "organization_id");
	if (!url_ok(z->accounts_url, false))
		return err_set(e, ERR_INVALID, "accounts_url", "accounts_url is an http(s):// URL");
	if (!url_ok(z->api_url, false))
		return err_set(e, ERR_INVALID, "api_url", "api_url is an http(s):// URL");
	if (!url_ok(z->web_url, false))
		return err_set(e, ERR_INVALID, "web_url", "web_url is an http(s):// URL");
	return ERR_OK;
}

/* What a Zoho call needs: 422 naming the first missing field. */
static enum err_code zoho_complete(const struct zoho_settings *z, struct error *e)
{
	if (blank(z->client_id))
		return err_set(e, ERR_INVALID, "client_id", "Zoho Books needs the client_id");
	if (blank(z->client_secret))
		return err_set(e, ERR_INVALID, "client_secret",
			       "Zoho Books needs the client_secret");
	if (blank(z->refresh_token))
		return err_set(e, ERR_INVALID, "refresh_token",
			       "Zoho Books needs a refresh_token (from the OAuth consent)");
	if (blank(z->organization_id))
		return err_set(e, ERR_INVALID, "organization_id",
			       "Zoho Books needs the organization_id");
	return ERR_OK;
}

static json_t *zoho_json(const struct zoho_settings *z, bool secrets)
{
	json_t *o = json_object();

#define S(k, v) json_object_set_new(o, k, (v) ? json_string(v) : json_null())
	if (!secrets) /* the stored form is what a PUT takes */
		json_object_set_new(o, "system", json_string("zoho_books"));
	json_object_set_new(o, "enabled", json_boolean(z->enabled));
	S("data_centre", z->data_centre);
	S("accounts_url", z->accounts_url);
	S("api_url", z->api_url);
	S("web_url", z->web_url);
	S("client_id", z->client_id);
	S("organization_id", z->organization_id);
	if (secrets) {
		S("client_secret", z->client_secret);
		S("refresh_token", z->refresh_token);
	} else {
		json_object_set_new(o, "client_secret_set", json_boolean(!blank(z->client_secret)));
		json_object_set_new(o, "refresh_token_set", json_boolean(!blank(z->refresh_token)));
	}
#undef S
	return o;
}

enum err_code svc_zoho_settings(struct ctx *c, struct zoho_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "zoho_books", &o);

	memset(out, 0, sizeof(*out));
	if (!rc && !o)
		o = json_object(); /* never set: the defaults */
	if (!rc)
		rc = zoho_from_json(o, out, c->a, c->e);
	json_decref(o);
	return rc;
}

/* --- WooCommerce --------------------------------------------------------------------- */

static const char *const woo_strings[] = {"store_url", "consumer_key", "consumer_secret", NULL};
static const char *const woo_bools[] = {"enabled", "api_refund", NULL};

static enum err_code woo_from_json(json_t *o, struct woo_settings *w, struct arena *a,
				   struct error *e)
{
	memset(w, 0, sizeof(*w));
	if (check_keys(o, woo_strings, woo_bools, "WooCommerce", a, e))
		return e->code;
	w->enabled = json_is_true(json_object_get(o, "enabled"));
	w->api_refund = json_is_true(json_object_get(o, "api_refund"));
	w->store_url = str(a, o, "store_url");
	w->consumer_key = str(a, o, "consumer_key");
	w->consumer_secret = str(a, o, "consumer_secret");
	if (w->store_url && !url_ok(w->store_url, true))
		return err_set(e, ERR_INVALID, "store_url",
			       "store_url is the shop's https:// address (plain http only to this "
			       "machine: the keys travel as Basic credentials)");
	return ERR_OK;
}

static enum err_code woo_complete(const struct woo_settings *w, struct error *e)
{
	if (blank(w->store_url))
		return err_set(e, ERR_INVALID, "store_url", "WooCommerce needs the store_url");
	if (blank(w->consumer_key))
		return err_set(e, ERR_INVALID, "consumer_key",
			       "WooCommerce needs the consumer_key (ck_...)");
	if (blank(w->consumer_secret))
		return err_set(e, ERR_INVALID, "consumer_secret",
			       "WooCommerce needs the consumer_secret (cs_...)");
	return ERR_OK;
}

static json_t *woo_json(const struct woo_settings *w, bool secrets)
{
	json_t *o = json_object();

	if (!secrets)
		json_object_set_new(o, "system", json_string("woocommerce"));
	json_object_set_new(o, "enabled", json_boolean(w->enabled));
	json_object_set_new(o, "store_url", w->store_url ? json_string(w->store_url) : json_null());
	json_object_set_new(o, "api_refund", json_boolean(w->api_refund));
	if (secrets) {
		json_object_set_new(o, "consumer_key",
				    w->consumer_key ? json_string(w->consumer_key) : json_null());
		json_object_set_new(o, "consumer_secret",
				    w->consumer_secret ? json_string(w->consumer_secret)
						       : json_null());
	} else {
		json_object_set_new(o, "consumer_key_set", json_boolean(!blank(w->consumer_key)));
		json_object_set_new(o, "consumer_secret_set",
				    json_boolean(!blank(w->consumer_secret)));
	}
	return o;
}

enum err_code svc_woo_settings(struct ctx *c, struct woo_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "woocommerce", &o);

	memset(out, 0, sizeof(*out));
	if (!rc && !o)
		o = json_object(); /* never set: the defaults */
	if (!rc)
		rc = woo_from_json(o, out, c->a, c->e);
	json_decref(o);
	return rc;
}

/* --- the routes' use cases ---------------------------------------------------------- */

static enum err_code admins_only(struct ctx *c)
{
	if (c->who && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "only admins see and change integrations");
	return ERR_OK;
}

enum err_code svc_integration_settings(struct ctx *c, enum integration_system s, json_t **out)
{
	enum err_code rc = admins_only(c);

	*out = NULL;
	if (rc)
		return rc;
	if (s == SYS_ZOHO_BOOKS) {
		struct zoho_settings z;

		rc = svc_zoho_settings(c, &z);
		if (!rc)
			*out = zoho_json(&z, false);
	} else {
		struct woo_settings w;

		rc = svc_woo_settings(c, &w);
		if (!rc)
			*out = woo_json(&w, false);
	}
	return rc;
}

/* The body with each secret it leaves out taken from the stored settings (a copy). */
static json_t *with_stored_secrets(struct ctx *c, const char *key, json_t *body,
				   const char *const *secrets)
{
	json_t *merged = json_copy(body), *stored = NULL;

	if (svc_setting_load(c, key, &stored))
		err_clear(c->e);
	for (int i = 0; secrets[i]; i++)
		if (!json_object_get(body, secrets[i]) && json_object_get(stored, secrets[i]))
			json_object_set(merged, secrets[i], json_object_get(stored, secrets[i]));
	json_decref(stored);
	return merged;
}

enum err_code svc_integration_settings_put(struct ctx *c, enum integration_system s, json_t *body,
					   json_t **out)
{
	static const char *const zoho_secrets[] = {"client_secret", "refresh_token", NULL};
	static const char *const woo_secrets[] = {"consumer_key", "consumer_secret", NULL};
	enum err_code rc = admins_only(c);
	json_t *merged, *stored;

	*out = NULL;
	if (rc)
		return rc;
	if (!json_is_object(body))
		return err_set(c->e, ERR_BAD_REQUEST, NULL, "the settings must be an object");
	if (s == SYS_ZOHO_BOOKS) {
		struct zoho_settings z;

		merged = with_stored_secrets(c, "zoho_books", body, zoho_secrets);
		rc = zoho_from_json(merged, &z, c->a, c->e);
		json_decref(merged);
		if (!rc && z.enabled)
			rc = zoho_complete(&z, c->e);
		if (rc)
			return rc;
		stored = zoho_json(&z, true);
		rc = svc_setting_save(c, "zoho_books", stored);
		json_decref(stored);
		if (!rc)
			*out = zoho_json(&z, false);
	} else {
		struct woo_settings w;

		merged = with_stored_secrets(c, "woocommerce", body, woo_secrets);
		rc = woo_from_json(merged, &w, c->a, c->e);
		json_decref(merged);
		if (!rc && w.enabled)
			rc = woo_complete(&w, c->e);
		if (rc)
			return rc;
		stored = woo_json(&w, true);
		rc = svc_setting_save(c, "woocommerce", stored);
		json_decref(stored);
		if (!rc)
			*out = woo_json(&w, false);
	}
	return rc;
}

void svc_zoho_config(const struct zoho_settings *z, struct zoho_config *out)
{
	*out = (struct zoho_config){z->accounts_url,  z->api_url,	z->client_id,
				    z->client_secret, z->refresh_token, z->organization_id};
}

static json_t *test_result(bool ok, long status, const char *message)
{
	return json_pack("{s:b, s:I, s:s}", "ok", ok, "status", (json_int_t)status, "message",
			 message);
}

static enum err_code zoho_test(struct ctx *c, json_t **out)
{
	struct zoho_settings z;
	struct zoho_config cfg;
	struct zoho_answer an;
	struct error e2;
	enum err_code rc = svc_zoho_settings(c, &z);

	if (!rc)
		rc = zoho_complete(&z, c->e);
	if (rc)
		return rc;
	svc_zoho_config(&z, &cfg);
	err_clear(&e2);
	if (zoho_call(&cfg, clock_now(), "GET", "/organizations", NULL, NULL, &an, &e2)) {
		*out = test_result(false, 0, e2.message);
		return ERR_OK;
	}
	if (an.status == 200 && an.code == 0) {
		json_t *orgs = json_object_get(an.body, "organizations"), *o;
		const char *name = NULL;
		size_t i;

		json_array_foreach(orgs, i, o)
		{
			const char *id = json_string_value(json_object_get(o, "organization_id"));

			if (id && !strcmp(id, z.organization_id))
				name = json_string_value(json_object_get(o, "name"));
		}
		*out = name ? test_result(true, an.status,
					  arena_printf(c->a, "Connected to Zoho Books: %s (%s)",
						       name, z.organization_id))
			    : test_result(false, an.status,
					  arena_printf(c->a,
						       "Zoho Books answered, but organization %s "
						       "is not among this account's organizations",
						       z.organization_id));
	} else {
		*out = test_result(false, an.status,
				   arena_printf(c->a, "Zoho Books answered HTTP %ld: %s (code %d)",
						an.status, an.message, an.code));
	}
	zoho_answer_release(&an);
	return ERR_OK;
}

void svc_woo_config(const struct woo_settings *w, struct woo_config *out)
{
	*out = (struct woo_config){w->store_url, w->consumer_key, w->consumer_secret};
}

static enum err_code woo_test(struct ctx *c, json_t **out)
{
	struct woo_settings w;
	struct woo_config cfg;
	struct woo_answer an;
	struct error e2;
	enum err_code rc = svc_woo_settings(c, &w);

	if (!rc)
		rc = woo_complete(&w, c->e);
	if (rc)
		return rc;
	svc_woo_config(&w, &cfg);
	err_clear(&e2);
	if (woo_call(&cfg, "GET", "/orders", "per_page=1", NULL, &an, &e2)) {
		*out = test_result(false, 0, e2.message);
		return ERR_OK;
	}
	if (an.status == 200)
		*out =
		    test_result(true, an.status,
				arena_printf(c->a, "Connected to WooCommerce at %s", w.store_url));
	else
		*out = test_result(false, an.status,
				   arena_printf(c->a, "WooCommerce answered HTTP %ld: %s%s%s%s",
						an.status, an.message, *an.code ? " (" : "",
						an.code, *an.code ? ")" : ""));
	woo_answer_release(&an);
	return ERR_OK;
}

enum err_code svc_integration_test(struct ctx *c, enum integration_system s, json_t **out)
{
	enum err_code rc = admins_only(c);

	*out = NULL;
	if (rc)
		return rc;
	return s == SYS_ZOHO_BOOKS ? zoho_test(c, out) : woo_test(c, out);
}

/* --- WooCommerce orders for B2C tickets --------------------------------------------- */

/* "12.50" to 1250 paise; false unless it is such an amount. */
static bool money_paise(const char *s, int64_t *out)
{
	char *end;
	double v = s ? strtod(s, &end) : 0;

	if (!s || end == s || *end || v < 0 || v > 1e12)
		return false;
	*out = (int64_t)(v * 100 + 0.5);
	return true;
}

static enum err_code woo_order_fetch(struct ctx *c, const char *number, json_t **out)
{
	struct woo_settings w;
	struct woo_config cfg;
	struct woo_answer an;
	enum err_code rc;
	char *esc;

	*out = NULL;
	if (blank(number) || strlen(number) > 64)
		return err_set(c->e, ERR_INVALID, "woo_order_number",
			       "a WooCommerce order number is 1 to 64 characters");
	rc = svc_woo_settings(c, &w);
	if (rc)
		return rc;
	if (!w.enabled || woo_complete(&w, c->e))
		return err_set(c->e, ERR_CONFLICT, "woo_order_number",
			       "WooCommerce is not set up (Settings, Integrations): enter the "
			       "customer's details by hand");
	svc_woo_config(&w, &cfg);
	esc = remote_escape(number);
	rc = woo_call(&cfg, "GET", arena_printf(c->a, "/orders/%s", esc), NULL, NULL, &an, c->e);
	free(esc);
	if (rc)
		return err_set(c->e, ERR_UNAVAILABLE, "woo_order_number",
			       "WooCommerce could not be reached (%s); enter the customer's "
			       "details by hand",
			       c->e->message);
	if (an.status == 404 || (an.status == 400 && strstr(an.code, "invalid_id"))) {
		woo_answer_release(&an);
		return err_set(c->e, ERR_NOT_FOUND, "woo_order_number",
			       "WooCommerce has no order %s: check the number, or enter the "
			       "customer's details by hand",
			       number);
	}
	if (an.status != 200 || !json_is_object(an.body)) {
		rc =
		    err_set(c->e, ERR_UNAVAILABLE, "woo_order_number",
			    "WooCommerce answered HTTP %ld (%s) for order %s; enter the customer's "
			    "details by hand",
			    an.status, an.message, number);
		woo_answer_release(&an);
		return rc;
	}
	json_t *o = an.body, *billing = json_object_get(o, "billing"), *items = json_array(), *li;
	const char *first = json_string_value(json_object_get(billing, "first_name"));
	const char *last = json_string_value(json_object_get(billing, "last_name"));
	const char *email = json_string_value(json_object_get(billing, "email"));
	const char *phone = json_string_value(json_object_get(billing, "phone"));
	const char *completed = json_string_value(json_object_get(o, "date_completed_gmt"));
	const char *name =
	    arena_printf(c->a, "%s%s%s", first ? first : "",
			 first && *first && last && *last ? " " : "", last ? last : "");
	struct strbuf affected;
	int64_t total = 0, when;
	size_t i;

	strbuf_init(&affected, 0);
	json_array_foreach(json_object_get(o, "line_items"), i, li)
	{
		const char *item = json_string_value(json_object_get(li, "name"));
		json_int_t qty = json_integer_value(json_object_get(li, "quantity"));
		int64_t paise = 0;

		money_paise(json_string_value(json_object_get(li, "total")), &paise);
		json_array_append_new(
		    items, json_pack("{s:s?, s:I, s:I, s:s?, s:I}", "name", item, "quantity",
				     (json_int_t)qty, "total_paise", (json_int_t)paise, "sku",
				     json_string_value(json_object_get(li, "sku")), "product_id",
				     json_integer_value(json_object_get(li, "product_id"))));
		strbuf_putf(&affected, "%s%lld x %s", affected.len ? ", " : "", (long long)qty,
			    item ? item : "?");
	}
	money_paise(json_string_value(json_object_get(o, "total")), &total);
	const char *delivery = NULL;

	if (completed && *completed && instant_parse(arena_printf(c->a, "%sZ", completed), &when)) {
		char iso[TIME_ISO_LEN];

		instant_format(when, iso);
		delivery = arena_strdup(c->a, iso);
	}
	json_t *id = json_object_get(o, "id");

	*out = json_pack("{s:s, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:o, s:s?}",
			 "woo_order_number", number, "woo_order_id", json_integer_value(id),
			 "status", json_string_value(json_object_get(o, "status")), "customer_name",
			 *name ? name : NULL, "customer_email", email && *email ? email : NULL,
			 "customer_phone", phone && *phone ? phone : NULL, "delivery_date",
			 delivery, "currency", json_string_value(json_object_get(o, "currency")),
			 "total_paise", (json_int_t)total, "line_items", items, "items_affected",
			 affected.len ? affected.buf : NULL);
	strbuf_release(&affected);
	woo_answer_release(&an);
	return *out ? ERR_OK : err_set(c->e, ERR_INTERNAL, NULL, "out of memory");
}

enum err_code svc_woo_order(struct ctx *c, const char *number, json_t **out)
{
	*out = NULL;
	if (!svc_staff(c))
		return svc_not_staff(c);
	return woo_order_fetch(c, number, out);
}

void svc_woo_prefill(struct ctx *c, enum kind k, struct ticket_input *in)
{
	static const struct {
		enum tfield f;
		const char *key;
	} from[] = {{TF_CUSTOMER_NAME, "customer_name"},
		    {TF_CUSTOMER_EMAIL, "customer_email"},
		    {TF_CUSTOMER_PHONE, "customer_phone"},
		    {TF_DELIVERY_DATE, "delivery_date"},
		    {TF_ITEMS_AFFECTED, "items_affected"}};
	struct woo_settings w;
	struct error e;
	bool missing = false;
	json_t *o = NULL;

	if (k != KIND_B2C || !in->set[TF_WOO_ORDER_NUMBER] || blank(in->v[TF_WOO_ORDER_NUMBER]))
		return;
	for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++)
		missing = missing || !in->set[from[i].f] || blank(in->v[from[i].f]);
	struct ctx quiet = {c->store, c->a, c->who, &e}; /* its errors are not the request's */

	err_clear(&e);
	if (!missing || svc_woo_settings(&quiet, &w) || !w.enabled)
		return; /* entered by hand, or nothing to ask */
	if (woo_order_fetch(&quiet, in->v[TF_WOO_ORDER_NUMBER], &o)) {
		/* Said only where it matters: when what the order would give is missing. */
		if ((!in->set[TF_CUSTOMER_NAME] || blank(in->v[TF_CUSTOMER_NAME])) ||
		    (!in->set[TF_DELIVERY_DATE] || blank(in->v[TF_DELIVERY_DATE])))
			err_add(c->e, ERR_INVALID, "woo_order_number", "%s", e.message);
		return;
	}
	for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
		const char *v = json_string_value(json_object_get(o, from[i].key));
		struct ticket_input one = {0};

		if (!v || (in->set[from[i].f] && !blank(in->v[from[i].f])))
			continue;
		/* Only what passes the field's own check (a phone WooCommerce took, say). */
		one.set[from[i].f] = true;
		one.v[from[i].f] = arena_strdup(c->a, v);
		err_clear(&e);
		if (ticket_check_fields(k, &one, true, &e))
			continue;
		in->set[from[i].f] = true;
		in->v[from[i].f] = one.v[from[i].f];
	}
	json_decref(o);
}
