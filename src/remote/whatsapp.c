/* The WhatsApp Cloud API client; see whatsapp.h. */
#include "whatsapp.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "../base/banned.h"

#define WA_TIMEOUT_MS 20000
#define WA_MAX_RETRY  3600

/* Meta's codes that mean "not now": throughput, pair rate, the WABA's and the app's limits,
 * a temporary error. */
static const long later_codes[] = {130429, 131056, 80007, 4, 2};

/* One call: path below the base URL, or an absolute URL (a media file).  Fills out from the
 * answer; the parsed body in *body when wanted (the caller decrefs), raw bytes into raw. */
static enum err_code call(const struct wa_config *c, const char *method, const char *path,
			  const char *body, struct wa_answer *out, json_t **json,
			  struct strbuf *raw)
{
	char url[2048], auth[1024];
	const char *headers[] = {auth, "Content-Type: application/json", "Accept: application/json",
				 NULL};
	struct remote_response rs;
	struct error e;
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	if (json)
		*json = NULL;
	if ((size_t)snprintf(url, sizeof(url), "%s%s%s",
			     strncmp(path, "http", 4) ? c->base_url : "",
			     strncmp(path, "http", 4) ? "/" : "", path) >= sizeof(url) ||
	    (size_t)snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
			     c->token ? c->token : "") >= sizeof(auth)) {
		snprintf(out->message, sizeof(out->message), "the URL or the token is too long");
		return ERR_INVALID;
	}
	struct remote_request rq = {method,	  url, headers, body, body ? strlen(body) : 0,
				    WA_TIMEOUT_MS};

	err_clear(&e);
	rc = remote_call(&rq, &rs, &e);
	if (rc) {
		snprintf(out->message, sizeof(out->message), "%s", e.message);
		out->later = true;
		remote_response_release(&rs);
		return ERR_UNAVAILABLE;
	}
	out->status = rs.status;
	out->retry_after = (int)strtol(rs.retry_after, NULL, 10);
	if (out->retry_after < 0 || out->retry_after > WA_MAX_RETRY)
		out->retry_after = 0;
	json_t *o = json_loadb(rs.body.buf, rs.body.len, 0, NULL);
	json_t *err = json_object_get(o, "error");

	if (err) {
		const char *msg = json_string_value(json_object_get(err, "message"));

		out->code = (long)json_integer_value(json_object_get(err, "code"));
		snprintf(out->message, sizeof(out->message), "%s", msg ? msg : "");
	}
	if (rs.status / 100 != 2 && !out->message[0])
		snprintf(out->message, sizeof(out->message), "HTTP %ld", rs.status);
	out->later = rs.status == 429 || rs.status >= 500;
	for (size_t i = 0; i < sizeof(later_codes) / sizeof(later_codes[0]); i++)
		out->later = out->later || out->code == later_codes[i];
	if (raw && rs.status / 100 == 2 && strbuf_add(raw, rs.body.buf, rs.body.len)) {
		snprintf(out->message, sizeof(out->message), "the file is larger than allowed");
		rc = ERR_TOO_LARGE;
	}
	if (json)
		*json = o;
	else
		json_decref(o);
	remote_response_release(&rs);
	if (rc)
		return rc;
	return rs.status / 100 == 2 ? ERR_OK : out->later ? ERR_UNAVAILABLE : ERR_INVALID;
}

enum err_code wa_send(const struct wa_config *c, const struct wa_outgoing *m, struct wa_answer *out)
{
	json_t *o, *reply;
	char *body;
	enum err_code rc;

	if (!strcmp(m->kind, "text")) {
		o = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:b}}", "messaging_product", "whatsapp",
			      "recipient_type", "individual", "to", m->to, "type", "text", "text",
			      "body", m->text ? m->text : "", "preview_url", 0);
	} else {
		json_t *tmpl = json_pack("{s:s, s:{s:s}}", "name", m->template_name, "language",
					 "code", m->language ? m->language : "en");

		if (m->nparams > 0) {
			json_t *list = json_array();

			for (int i = 0; i < m->nparams; i++)
				json_array_append_new(list, json_pack("{s:s, s:s}", "type", "text",
								      "text", m->params[i]));
			json_object_set_new(
			    tmpl, "components",
			    json_pack("[{s:s, s:o}]", "type", "body", "parameters", list));
		}
		o = json_pack("{s:s, s:s, s:s, s:o}", "messaging_product", "whatsapp", "to", m->to,
			      "type", "template", "template", tmpl);
	}
	body = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!body) {
		memset(out, 0, sizeof(*out));
		snprintf(out->message, sizeof(out->message), "the message could not be written");
		return ERR_INVALID;
	}
	char path[256];

	snprintf(path, sizeof(path), "%s/messages", c->phone_number_id ? c->phone_number_id : "");
	rc = call(c, "POST", path, body, out, &reply, NULL);
	free(body);
	const char *wamid = json_string_value(
	    json_object_get(json_array_get(json_object_get(reply, "messages"), 0), "id"));

	if (!rc && !wamid) {
		snprintf(out->message, sizeof(out->message), "the answer named no message id");
		rc = ERR_INVALID;
	}
	if (!rc)
		snprintf(out->wamid, sizeof(out->wamid), "%s", wamid);
	json_decref(reply);
	return rc;
}

enum err_code wa_media(const struct wa_config *c, const char *media_id, size_t max,
		       struct strbuf *bytes, struct wa_answer *out)
{
	json_t *o;
	char url[2048];
	enum err_code rc = call(c, "GET", media_id, NULL, out, &o, NULL);
	const char *u = json_string_value(json_object_get(o, "url"));

	strbuf_init(bytes, max);
	if (!rc && (!u || (strncmp(u, "https://", 8) && strncmp(u, "http://", 7)) ||
		    strlen(u) >= sizeof(url))) {
		snprintf(out->message, sizeof(out->message), "the media answer has no http(s) url");
		rc = ERR_INVALID;
	}
	if (!rc)
		snprintf(url, sizeof(url), "%s", u);
	json_decref(o);
	return rc ? rc : call(c, "GET", url, NULL, out, NULL, bytes);
}

enum err_code wa_phone_info(const struct wa_config *c, char *display, char *name, size_t n,
			    struct wa_answer *out)
{
	json_t *o;
	char path[512];

	snprintf(path, sizeof(path), "%s?fields=display_phone_number,verified_name,quality_rating",
		 c->phone_number_id ? c->phone_number_id : "");
	enum err_code rc = call(c, "GET", path, NULL, out, &o, NULL);
	const char *d = json_string_value(json_object_get(o, "display_phone_number"));
	const char *v = json_string_value(json_object_get(o, "verified_name"));

	snprintf(display, n, "%s", d ? d : "");
	snprintf(name, n, "%s", v ? v : "");
	json_decref(o);
	return rc;
}

bool wa_signature_ok(const char *app_secret, const char *header, const void *body, size_t len)
{
	unsigned char want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	size_t n = 0;

	if (!app_secret || !*app_secret || !header || strncmp(header, "sha256=", 7) ||
	    strlen(header + 7) != 2 * sizeof(got) ||
	    sodium_hex2bin(got, sizeof(got), header + 7, 2 * sizeof(got), NULL, &n, NULL) ||
	    n != sizeof(got))
		return false;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)app_secret, strlen(app_secret));
	crypto_auth_hmacsha256_update(&st, body, len);
	crypto_auth_hmacsha256_final(&st, want);
	return sodium_memcmp(want, got, sizeof(want)) == 0;
}
