/* The Zoho Books client; see zoho.h. */
#include "zoho.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "../base/log.h"
#include "../base/strbuf.h"
#include "../base/banned.h"

/* A few cached access tokens, one per (accounts server, client, refresh token). */
#define TOKENS_MAX 4

struct token {
	char key[512];
	char access[256];
	int64_t expires_at;
};

static pthread_mutex_t tokens_lock = PTHREAD_MUTEX_INITIALIZER;
static struct token tokens[TOKENS_MAX];

char *remote_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = s ? strlen(s) : 0;
	char *out = malloc(n * 3 + 1), *o = out;

	if (!out)
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
			*o++ = (char)ch;
		} else {
			*o++ = '%';
			*o++ = hex[ch >> 4];
			*o++ = hex[ch & 15];
		}
	}
	*o = '\0';
	return out;
}

static void token_key(const struct zoho_config *z, char *key, size_t n)
{
	snprintf(key, n, "%s|%s|%s", z->accounts_url, z->client_id, z->refresh_token);
}

/* The cached token for z, if it is still good at now, into out. */
static bool token_cached(const struct zoho_config *z, int64_t now, char *out, size_t n)
{
	char key[512];
	bool found = false;

	token_key(z, key, sizeof(key));
	pthread_mutex_lock(&tokens_lock);
	for (int i = 0; i < TOKENS_MAX && !found; i++)
		if (tokens[i].access[0] && !strcmp(tokens[i].key, key) &&
		    tokens[i].expires_at > now) {
			snprintf(out, n, "%s", tokens[i].access);
			found = true;
		}
	pthread_mutex_unlock(&tokens_lock);
	return found;
}

static void token_forget(const struct zoho_config *z)
{
	char key[512];

	token_key(z, key, sizeof(key));
	pthread_mutex_lock(&tokens_lock);
	for (int i = 0; i < TOKENS_MAX; i++)
		if (!strcmp(tokens[i].key, key))
			tokens[i].access[0] = '\0';
	pthread_mutex_unlock(&tokens_lock);
}

static void token_keep(const struct zoho_config *z, const char *access, int64_t expires_at)
{
	char key[512];
	int slot = 0;

	token_key(z, key, sizeof(key));
	pthread_mutex_lock(&tokens_lock);
	for (int i = 0; i < TOKENS_MAX; i++) {
		if (!strcmp(tokens[i].key, key)) {
			slot = i;
			break;
		}
		if (tokens[i].expires_at < tokens[slot].expires_at)
			slot = i; /* else the one that expires first */
	}
	snprintf(tokens[slot].key, sizeof(tokens[slot].key), "%s", key);
	snprintf(tokens[slot].access, sizeof(tokens[slot].access), "%s", access);
	tokens[slot].expires_at = expires_at;
	pthread_mutex_unlock(&tokens_lock);
}

/* Exchanges the refresh token at the accounts server: POST /oauth/v2/token with
 * grant_type=refresh_token, which answers {"access_token","expires_in",...} or
 * {"error":"invalid_code"} (with HTTP 200 or 400). */
static enum err_code token_mint(const struct zoho_config *z, int64_t now, char *out, size_t n,
				struct error *e)
{
	char *rt = remote_escape(z->refresh_token), *id = remote_escape(z->client_id),
	     *secret = remote_escape(z->client_secret);
	struct strbuf url;
	struct remote_response rs;
	enum err_code rc;

	strbuf_init(&url, 0);
	strbuf_putf(&url,
		    "%s/oauth/v2/token?refresh_token=%s&client_id=%s&client_secret=%s"
		    "&grant_type=refresh_token",
		    z->accounts_url, rt, id, secret);
	free(rt);
	free(id);
	free(secret);
	struct remote_request rq = {.method = "POST", .url = url.buf, .body = "", .body_len = 0};

	rc = remote_call(&rq, &rs, e);
	strbuf_release(&url);
	if (rc) {
		remote_response_release(&rs);
		return rc;
	}
	json_error_t jerr;
	json_t *o = json_loads(rs.body.buf, 0, &jerr);
	const char *access = json_string_value(json_object_get(o, "access_token"));
	json_int_t expires = json_integer_value(json_object_get(o, "expires_in"));

	if (access && *access && strlen(access) < n) {
		snprintf(out, n, "%s", access);
		/* A minute early, so a token is not used as it expires. */
		token_keep(z, access, now + (expires > 120 ? expires : 3600) - 60);
		rc = ERR_OK;
	} else {
		const char *why = json_string_value(json_object_get(o, "error"));

		if (!why)
			why = json_string_value(json_object_get(o, "message"));
		log_warn("zoho: token refresh refused: HTTP %ld %s", rs.status, why ? why : "");
		rc =
		    err_set(e, ERR_UNAVAILABLE, NULL,
			    "Zoho's accounts server gave no access token (HTTP %ld%s%s): check the "
			    "client id, client secret, refresh token and data centre",
			    rs.status, why ? ": " : "", why ? why : "");
	}
	json_decref(o);
	remote_response_release(&rs);
	return rc;
}

static enum err_code call_once(const struct zoho_config *z, const char *token, const char *method,
			       const char *path, const char *query, const char *body,
			       struct zoho_answer *out, struct error *e)
{
	char *org = remote_escape(z->organization_id);
	struct strbuf url, auth;
	struct remote_response rs;
	enum err_code rc;

	strbuf_init(&url, 0);
	strbuf_init(&auth, 0);
	strbuf_putf(&url, "%s%s?organization_id=%s%s%s", z->api_url, path, org, query ? "&" : "",
		    query ? query : "");
	free(org);
	strbuf_putf(&auth, "Authorization: Zoho-oauthtoken %s", token);
	const char *headers[] = {auth.buf, "Content-Type: application/json",
				 "Accept: application/json", NULL};
	struct remote_request rq = {.method = method,
				    .url = url.buf,
				    .headers = headers,
				    .body = body,
				    .body_len = body ? strlen(body) : 0};

	memset(out, 0, sizeof(*out));
	rc = remote_call(&rq, &rs, e);
	strbuf_release(&url);
	strbuf_release(&auth);
	if (!rc) {
		json_error_t jerr;
		const char *m;

		out->status = rs.status;
		snprintf(out->retry_after, sizeof(out->retry_after), "%s", rs.retry_after);
		out->body = json_loads(rs.body.buf, 0, &jerr);
		out->code = (int)json_integer_value(json_object_get(out->body, "code"));
		m = json_string_value(json_object_get(out->body, "message"));
		if (m)
			snprintf(out->message, sizeof(out->message), "%s", m);
		else if (rs.status >= 400)
			snprintf(out->message, sizeof(out->message), "HTTP %ld", rs.status);
	}
	remote_response_release(&rs);
	return rc;
}

enum err_code zoho_call(const struct zoho_config *z, int64_t now, const char *method,
			const char *path, const char *query, json_t *body, struct zoho_answer *out,
			struct error *e)
{
	char token[256];
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	enum err_code rc = ERR_OK;

	memset(out, 0, sizeof(*out));
	if (!token_cached(z, now, token, sizeof(token)))
		rc = token_mint(z, now, token, sizeof(token), e);
	if (!rc)
		rc = call_once(z, token, method, path, query, text, out, e);
	/* An expired or revoked access token: mint another once and try again. */
	if (!rc && out->status == 401) {
		log_info("zoho: access token refused (%s); refreshing it", out->message);
		token_forget(z);
		zoho_answer_release(out);
		rc = token_mint(z, now, token, sizeof(token), e);
		if (!rc)
			rc = call_once(z, token, method, path, query, text, out, e);
	}
	free(text);
	return rc;
}

void zoho_answer_release(struct zoho_answer *a)
{
	json_decref(a->body);
	a->body = NULL;
}
