/* Health, the catalog, and the test clock. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../domain/ticket.h"
#include "../base/banned.h"

/* The API description, as built into the binary: clients and the web UI's generator read the
 * same text the tests check against live answers. */
void api_openapi(struct request *r)
{
	char *copy = malloc(api_openapi_yaml_len + 1);

	if (!copy) {
		err_set(&r->err, ERR_INTERNAL, NULL, "out of memory");
		reply_error(r);
		return;
	}
	memcpy(copy, api_openapi_yaml, api_openapi_yaml_len + 1);
	free(r->resp_body);
	r->resp_body = copy;
	r->resp_len = api_openapi_yaml_len;
	r->status = 200;
	r->content_type = "application/yaml; charset=utf-8"; /* RFC 9512 */
	req_add_header(r, "Cache-Control", "no-cache");
}

void api_healthz(struct request *r)
{
	struct app *app = r->app;
	int version = svc_schema_version(app->store);

	if (version < 0) {
		err_set(&r->err, ERR_UNAVAILABLE, NULL, "the database is unavailable");
		reply_error(r);
		return;
	}
	reply_json(r, 200, json_pack("{s:s, s:i}", "status", "ok", "schema_version", version));
}

static json_t *kind_catalog(enum kind k)
{
	json_t *groups = json_array(), *priorities = json_array(), *statuses = json_array();
	json_t *transitions = json_object(), *resolutions = json_array(), *fields = json_array();

	for (int g = 0; g < catalog_groups_len; g++) {
		const struct category_group *cg = &catalog_groups[g];
		json_t *cats;

		if (cg->kind != k)
			continue;
		cats = json_array();
		for (int i = 0; i < catalog_categories_len; i++) {
			const struct category *c = &catalog_categories[i];

			if (c->kind == k && !strcmp(c->group, cg->code))
				json_array_append_new(
				    cats,
				    json_pack("{s:s, s:s, s:b, s:b}", "code", c->code, "label",
					      c->label, "photo_required", c->photo_required,
					      "steps_required", c->steps_required));
		}
		json_array_append_new(groups, json_pack("{s:s, s:s, s:o}", "code", cg->code,
							"label", cg->label, "categories", cats));
	}
	for (int p = PRIORITY__MAX - 1; p >= 0; p--)
		json_array_append_new(priorities,
				      json_pack("{s:s, s:s, s:i}", "code", priority_name(k, p),
						"label", priority_label(k, p), "rank", p));
	for (int s = 0; s < STATUS__MAX; s++) {
		enum status to[STATUS__MAX];
		json_t *list;

		if (!status_in_kind(k, (enum status)s))
			continue;
		list = json_array();
		json_array_append_new(statuses,
				      json_pack("{s:s, s:s}", "code", status_name((enum status)s),
						"label", status_label((enum status)s)));
		int n = transitions_from(k, (enum status)s, to);

		for (int i = 0; i < n; i++)
			json_array_append_new(list, json_string(status_name(to[i])));
		json_object_set_new(transitions, status_name((enum status)s), list);
	}
	for (const char *const *res = resolution_types(k); *res; res++)
		json_array_append_new(resolutions, json_pack("{s:s, s:s}", "code", *res, "label",
							     resolution_label(*res)));
	for (int f = 0; f < TF__MAX; f++)
		if (ticket_cols[f].kinds & KB(k))
			json_array_append_new(fields, json_string(ticket_cols[f].name));
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "code", kind_name(k), "label",
			 kind_label(k), "category_groups", groups, "priorities", priorities,
			 "statuses", statuses, "transitions", transitions, "resolution_types",
			 resolutions, "fields", fields);
}

static json_t *string_list(const char *const *list)
{
	json_t *a = json_array();

	for (int i = 0; list[i]; i++)
		json_array_append_new(a, json_string(list[i]));
	return a;
}

void api_catalog(struct request *r)
{
	json_t *kinds = json_object(), *roles = json_array();

	for (int k = 0; k < KIND__MAX; k++)
		json_object_set_new(kinds, kind_name((enum kind)k), kind_catalog((enum kind)k));
	for (int i = 0; i < ROLE__MAX; i++)
		json_array_append_new(roles, json_string(role_name((enum role)i)));
	json_t *out = json_pack("{s:o, s:o, s:[ss], s:[s]}", "kinds", kinds, "roles", roles,
				"comment_visibility", "internal", "public", "currencies", "INR");
	json_t *modes = json_array(), *types = json_array();

	json_object_set_new(out, "communication_channels", string_list(catalog_comm_channels));
	json_object_set_new(out, "reply_channels", string_list(catalog_reply_channels));
	json_object_set_new(out, "close_confirmations", string_list(catalog_close_confirmations));
	for (int m = 0; m < ROUTE__MAX; m++)
		json_array_append_new(modes, json_string(routing_mode_name((enum routing_mode)m)));
	json_object_set_new(out, "routing_modes", modes);
	for (int t = 0; t < NT__MAX; t++)
		json_array_append_new(types, json_string(notify_type_name((enum notify_type)t)));
	json_object_set_new(out, "notification_types", types);
	json_t *causes = json_array();

	for (int i = 0; catalog_root_causes[i].code; i++)
		json_array_append_new(causes,
				      json_pack("{s:s, s:s}", "code", catalog_root_causes[i].code,
						"label", catalog_root_causes[i].label));
	json_object_set_new(out, "root_causes", causes);
	reply_json(r, 200, out);
}

void api_test_clock(struct request *r)
{
	static const char *const keys[] = {"now", NULL};
	struct app *app = r->app;
	json_t *body;
	const char *now;
	int64_t t;
	char iso[TIME_ISO_LEN];

	if (!app->test_clock) {
		err_set(&r->err, ERR_NOT_FOUND, NULL, "no such endpoint: %s %s", r->method,
			r->path);
		reply_error(r);
		return;
	}
	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "now", &now)))
		return;
	if (!instant_parse(now, &t)) {
		err_set(&r->err, ERR_INVALID, "now",
			"'now' must be an ISO 8601 instant with a zone");
		reply_error(r);
		return;
	}
	clock_set(t);
	instant_format(clock_now(), iso);
	reply_json(r, 200, json_pack("{s:s}", "now", iso));
}
