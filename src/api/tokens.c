/* API tokens (issue 18): listed, made and revoked by their owner, and by admins for
 * everyone.  The secret is in the answer to POST /api/tokens only; it is stored hashed. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/clock.h"
#include "../base/banned.h"

#define DEFAULT_EXPIRY_DAYS 90

static json_t *token_json(const struct api_token *t)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s}", "token_id", (json_int_t)t->id, "user_id",
			      (json_int_t)t->user_id, "user_email", t->user_email, "name", t->name,
			      "scope", t->scope);
	json_t *kinds = json_array();

	for (const char *p = t->kinds; *p;) {
		size_t n = strcspn(p, ",");

		json_array_append_new(kinds, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	json_object_set_new(o, "kinds", kinds);
	json_set_instant(o, "created_at", t->created_at);
	json_set_instant(o, "expires_at", t->expires_at);
	json_set_instant(o, "revoked_at", t->revoked_at);
	json_object_set_new(
	    o, "active",
	    json_boolean(!t->revoked_at && (!t->expires_at || t->expires_at > clock_now())));
	return o;
}

void api_tokens(struct request *r)
{
	static const char *const keys[] = {"all", NULL};
	struct ctx c = api_ctx(r);
	const char *all = req_query(r, "all");
	struct api_token *rows;
	int n;

	if (api_failed(r, api_query_only(r, keys)))
		return;
	if (all && strcmp(all, "true") && strcmp(all, "false")) {
		err_set(&r->err, ERR_BAD_REQUEST, "all", "all is true or false");
		reply_error(r);
		return;
	}
	if (api_failed(r, svc_tokens(&c, all && !strcmp(all, "true"), &rows, &n)))
		return;
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, token_json(&rows[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* {"name", "scope": "read"|"write", "kinds": ["b2b", ...], "expires_in_days": N or null
 * (never), "email" (admins: someone else's)}. */
void api_token_create(struct request *r)
{
	static const char *const keys[] = {"name",  "scope", "kinds", "expires_in_days",
					   "email", NULL};
	struct ctx c = api_ctx(r);
	json_t *body, *kinds;
	const char *name, *scope, *email, *token;
	int64_t days = DEFAULT_EXPIRY_DAYS;
	bool present;
	unsigned mask = 0;
	struct api_token t;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "name", &name)) ||
	    api_failed(r, json_str(r, body, "scope", &scope)) ||
	    api_failed(r, json_str(r, body, "email", &email)))
		return;
	json_t *exp = json_object_get(body, "expires_in_days");

	if (exp && json_is_null(exp))
		days = 0; /* never */
	else if (api_failed(r, json_int(r, body, "expires_in_days", &days, &present)))
		return;
	if (exp && !json_is_null(exp) && (days < 1 || days > 3650)) {
		err_set(
		    &r->err, ERR_INVALID, "expires_in_days",
		    "expires_in_days is a whole number of days from 1 to 3650, or null (never)");
		reply_error(r);
		return;
	}
	kinds = json_object_get(body, "kinds");
	if (kinds && !json_is_null(kinds)) {
		size_t i;
		json_t *v;

		if (!json_is_array(kinds) || !json_array_size(kinds)) {
			err_set(&r->err, ERR_INVALID, "kinds",
				"kinds is a list of b2b, b2c and internal (absent: every kind)");
			reply_error(r);
			return;
		}
		json_array_foreach(kinds, i, v)
		{
			int k = kind_from_name(json_string_value(v));

			if (k < 0) {
				err_set(&r->err, ERR_INVALID, "kinds",
					"kinds[%zu] is not b2b, b2c or internal", i);
				reply_error(r);
				return;
			}
			mask |= 1u << k;
		}
	}
	if (api_failed(r, svc_token_create(&c, email, name, scope ? scope : "write", mask,
					   days ? clock_now() + days * 86400 : 0, &token, &t)))
		return;
	json_t *o = token_json(&t);

	json_object_set_new(o, "token", json_string(token));
	reply_json(r, 201, o);
}

void api_token_revoke(struct request *r)
{
	struct ctx c = api_ctx(r);
	const char *id = api_param(r, 0);
	char *end;
	long long v = strtoll(id, &end, 10);
	struct api_token t;

	if (!*id || *end || v <= 0) {
		err_set(&r->err, ERR_NOT_FOUND, NULL, "no API token %s", id);
		reply_error(r);
		return;
	}
	if (api_failed(r, svc_token_revoke(&c, v, &t)))
		return;
	reply_json(r, 200, token_json(&t));
}
