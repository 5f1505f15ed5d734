/* JSON request and reply helpers; see json.h. */
#include "json.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/timefmt.h"
#include "../base/utf8.h"
#include "mediatype.h"
#include "../base/banned.h"

static void decref(void *p)
{
	json_decref(p);
}

enum err_code json_body(struct request *r, json_t **out)
{
	const char *ct = req_header(r, "Content-Type");
	json_error_t jerr;

	*out = NULL;
	if (!mediatype_is(ct, "application/json"))
		return err_set(&r->err, ERR_UNSUPPORTED, NULL,
			       "send the body as JSON with Content-Type: application/json");
	if (r->body_len == 0)
		return err_set(&r->err, ERR_BAD_REQUEST, NULL, "the request body is empty");
	json_t *v = json_loadb(r->body_data, r->body_len, JSON_REJECT_DUPLICATES, &jerr);

	if (!v)
		return err_set(&r->err, ERR_BAD_REQUEST, NULL, "bad JSON at line %d column %d: %s",
			       jerr.line, jerr.column, jerr.text);
	arena_defer(&r->arena, decref, v);
	if (!json_is_object(v))
		return err_set(&r->err, ERR_BAD_REQUEST, NULL, "the body must be a JSON object");
	*out = v;
	return ERR_OK;
}

enum err_code json_only(struct request *r, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		bool ok = false;

		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok)
			return err_set(&r->err, ERR_BAD_REQUEST, arena_strdup(&r->arena, key),
				       "unknown field '%s'", key);
	}
	return ERR_OK;
}

enum err_code json_str(struct request *r, json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_string(v))
		return err_set(&r->err, ERR_BAD_REQUEST, key, "'%s' must be a string", key);
	*out = json_string_value(v);
	if (strlen(*out) != json_string_length(v))
		return err_set(&r->err, ERR_BAD_REQUEST, key, "'%s' contains a NUL character", key);
	return ERR_OK;
}

enum err_code json_str_req(struct request *r, json_t *obj, const char *key, const char **out)
{
	if (json_str(r, obj, key, out))
		return r->err.code;
	const char *p = *out;

	while (p && *p && isspace((unsigned char)*p))
		p++;
	if (!p || !*p)
		return err_set(&r->err, ERR_INVALID, key, "'%s' is required", key);
	return ERR_OK;
}

enum err_code json_int(struct request *r, json_t *obj, const char *key, int64_t *out, bool *present)
{
	json_t *v = json_object_get(obj, key);

	*present = false;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_integer(v))
		return err_set(&r->err, ERR_BAD_REQUEST, key, "'%s' must be an integer", key);
	*out = json_integer_value(v);
	*present = true;
	return ERR_OK;
}

enum err_code json_number(struct request *r, json_t *obj, const char *key, double *out,
			  bool *present)
{
	json_t *v = json_object_get(obj, key);

	*present = false;
	*out = 0;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return err_set(&r->err, ERR_BAD_REQUEST, key, "'%s' must be a number", key);
	*out = json_number_value(v);
	*present = true;
	return ERR_OK;
}

void reply_json(struct request *r, int status, json_t *body)
{
	free(r->resp_body);
	r->resp_body = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!r->resp_body)
		abort();
	r->status = status;
	r->content_type = "application/json";
	req_add_header(r, "Cache-Control", "no-store");
}

void reply_text_json(struct request *r, int status, struct strbuf *sb)
{
	free(r->resp_body);
	r->resp_body = strbuf_detach(sb, NULL);
	r->status = status;
	r->content_type = "application/json";
	req_add_header(r, "Cache-Control", "no-store");
}

void reply_error(struct request *r)
{
	json_t *err = json_object();
	enum err_code code = r->err.code ? r->err.code : ERR_INTERNAL;

	json_object_set_new(err, "code", json_string(err_name(code)));
	json_object_set_new(err, "message",
			    json_text(r->err.message[0] ? r->err.message : err_name(code)));
	json_set_str(err, "field", r->err.field);
	json_t *list = json_array();

	/* Every failing field, the first being the one above; one entry when only it failed. */
	for (int i = 0; i < r->err.nfields; i++)
		json_array_append_new(list, json_pack("{s:s,s:s}", "field", r->err.fields[i].field,
						      "message", r->err.fields[i].message));
	if (!r->err.nfields && r->err.field)
		json_array_append_new(
		    list, json_pack("{s:s,s:s}", "field", r->err.field, "message",
				    json_string_value(json_object_get(err, "message"))));
	json_object_set_new(err, "errors", list);
	if (code == ERR_RATE_LIMITED && r->err.retry_after > 0) {
		req_add_header(r, "Retry-After", arena_printf(&r->arena, "%d", r->err.retry_after));
		json_object_set_new(err, "retry_after", json_integer(r->err.retry_after));
	}
	reply_json(r, err_http_status(code), json_pack("{s:o}", "error", err));
}

json_t *json_text(const char *s)
{
	struct arena a;
	json_t *v;

	if (!s)
		return json_null();
	v = json_string(s);
	if (v)
		return v;
	arena_init(&a);
	v = json_string(utf8_scrub(&a, s));
	arena_free(&a);
	return v;
}

void json_set_str(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, json_text(value));
}

void json_set_instant(json_t *obj, const char *key, int64_t t)
{
	char iso[TIME_ISO_LEN];

	if (!t) {
		json_object_set_new(obj, key, json_null());
		return;
	}
	instant_format(t, iso);
	json_object_set_new(obj, key, json_string(iso));
}
