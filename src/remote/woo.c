/* The WooCommerce client; see woo.h. */
#include "woo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "../base/strbuf.h"
#include "../base/banned.h"

static void base64(struct strbuf *sb, const char *s)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i += 3) {
		unsigned v0 = (unsigned char)s[i];
		unsigned v1 = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		unsigned v2 = i + 2 < n ? (unsigned char)s[i + 2] : 0;
		unsigned w = v0 << 16 | v1 << 8 | v2;

		strbuf_putf(sb, "%c%c%c%c", b64[w >> 18 & 63], b64[w >> 12 & 63],
			    i + 1 < n ? b64[w >> 6 & 63] : '=', i + 2 < n ? b64[w & 63] : '=');
	}
}

enum err_code woo_call(const struct woo_config *w, const char *method, const char *path,
		       const char *query, json_t *body, struct woo_answer *out, struct error *e)
{
	struct strbuf url, auth, cred;
	struct remote_response rs;
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	size_t base = strlen(w->store_url);
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	while (base && w->store_url[base - 1] == '/')
		base--;
	strbuf_init(&url, 0);
	strbuf_init(&auth, 0);
	strbuf_init(&cred, 0);
	strbuf_putf(&url, "%.*s/wp-json/wc/v3%s%s%s", (int)base, w->store_url, path,
		    query ? "?" : "", query ? query : "");
	strbuf_putf(&cred, "%s:%s", w->consumer_key, w->consumer_secret);
	strbuf_puts(&auth, "Authorization: Basic ");
	base64(&auth, cred.buf);
	strbuf_release(&cred);
	const char *headers[] = {auth.buf, "Content-Type: application/json",
				 "Accept: application/json", NULL};
	struct remote_request rq = {.method = method,
				    .url = url.buf,
				    .headers = headers,
				    .body = text,
				    .body_len = text ? strlen(text) : 0};

	rc = remote_call(&rq, &rs, e);
	strbuf_release(&url);
	strbuf_release(&auth);
	free(text);
	if (!rc) {
		json_error_t jerr;
		const char *v;

		out->status = rs.status;
		snprintf(out->retry_after, sizeof(out->retry_after), "%s", rs.retry_after);
		out->body = json_loads(rs.body.buf, 0, &jerr);
		if (rs.status >= 400) {
			v = json_string_value(json_object_get(out->body, "code"));
			snprintf(out->code, sizeof(out->code), "%s", v ? v : "");
			v = json_string_value(json_object_get(out->body, "message"));
			if (v)
				snprintf(out->message, sizeof(out->message), "%s", v);
			else
				snprintf(out->message, sizeof(out->message), "HTTP %ld", rs.status);
		}
	}
	remote_response_release(&rs);
	return rc;
}

void woo_answer_release(struct woo_answer *a)
{
	json_decref(a->body);
	a->body = NULL;
}
