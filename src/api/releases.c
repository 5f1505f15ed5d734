/* Releases, the roadmap, and the internal metrics. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/banned.h"

static json_t *release_json(const struct release *r)
{
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:s, s:b, s:I}", "release_id", (json_int_t)r->id, "version",
		      r->version, "release_date", r->release_date, "notes", r->notes, "published",
		      r->published_at != 0, "tickets", (json_int_t)r->tickets);

	json_set_instant(o, "published_at", r->published_at);
	json_set_instant(o, "created_at", r->created_at);
	return o;
}

void api_releases(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct release *list;
	int n;

	if (api_failed(r, api_query_only(r, keys)) || api_failed(r, svc_releases(&c, &list, &n)))
		return;
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, release_json(&list[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_release(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct release rel;
	int64_t id;

	if (!api_param_id(r, 0, "release", &id) || api_failed(r, svc_release_get(&c, id, &rel)))
		return;
	reply_json(r, 200, release_json(&rel));
}

static void save_release(struct request *r, int64_t id)
{
	static const char *const keys[] = {"version", "release_date", "notes", NULL};
	struct ctx c = api_ctx(r);
	struct release rel;
	json_t *body;
	const char *version, *date, *notes;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str(r, body, "version", &version)) ||
	    api_failed(r, json_str(r, body, "release_date", &date)) ||
	    api_failed(r, json_str(r, body, "notes", &notes)) ||
	    api_failed(r, svc_release_save(&c, id, version, date, notes, &rel)))
		return;
	reply_json(r, id ? 200 : 201, release_json(&rel));
}

void api_release_create(struct request *r)
{
	save_release(r, 0);
}

void api_release_update(struct request *r)
{
	int64_t id;

	if (api_param_id(r, 0, "release", &id))
		save_release(r, id);
}

void api_release_publish(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct release rel;
	int64_t id;
	int resolved;

	if (!api_param_id(r, 0, "release", &id) ||
	    api_failed(r, svc_release_publish(&c, id, &rel, &resolved)))
		return;
	json_t *o = release_json(&rel);

	json_object_set_new(o, "resolved_tickets", json_integer(resolved));
	reply_json(r, 200, o);
}

/* Body: {"release_id": id or null, "on_roadmap": bool}, either or both. */
void api_ticket_plan(struct request *r)
{
	static const char *const keys[] = {"release_id", "on_roadmap", NULL};
	struct ctx c = api_ctx(r);
	struct ticket t;
	json_t *body, *road;
	int64_t release = 0;
	bool present;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_int(r, body, "release_id", &release, &present)))
		return;
	road = json_object_get(body, "on_roadmap");
	if (road && !json_is_boolean(road)) {
		err_set(&r->err, ERR_BAD_REQUEST, "on_roadmap", "on_roadmap is true or false");
		reply_error(r);
		return;
	}
	if (!road && !json_object_get(body, "release_id")) {
		err_set(&r->err, ERR_INVALID, "release_id", "give release_id and/or on_roadmap");
		reply_error(r);
		return;
	}
	if (present) {
		struct release rel;

		enum err_code rc = svc_release_get(&c, release, &rel);

		if (rc == ERR_NOT_FOUND)
			err_set(&r->err, ERR_INVALID, "release_id", "no release %lld",
				(long long)release);
		if (api_failed(r, rc == ERR_NOT_FOUND ? ERR_INVALID : rc))
			return;
		if (rel.published_at) {
			err_set(&r->err, ERR_CONFLICT, "release_id", "release %s is published",
				rel.version);
			reply_error(r);
			return;
		}
	}
	if (api_failed(r, svc_ticket_plan(&c, api_param(r, 0),
					  json_object_get(body, "release_id") != NULL, release,
					  road != NULL, json_is_true(road), &t)))
		return;
	reply_ticket_only(r, 200, &t);
}

void api_internal_metrics(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct internal_metrics m;

	if (api_failed(r, api_query_only(r, keys)) || api_failed(r, svc_internal_metrics(&c, &m)))
		return;
	reply_json(r, 200,
		   json_pack("{s:{s:I, s:I, s:I, s:I}, s:I, s:I, s:f, s:I, s:I}", "open_bugs",
			     "critical", (json_int_t)m.open_bugs[3], "high",
			     (json_int_t)m.open_bugs[2], "medium", (json_int_t)m.open_bugs[1],
			     "low", (json_int_t)m.open_bugs[0], "feature_backlog",
			     (json_int_t)m.feature_backlog, "on_roadmap", (json_int_t)m.on_roadmap,
			     "avg_resolution_hours", m.avg_resolution_hours,
			     "resolved_last_90_days", (json_int_t)m.resolved_since,
			     "bugs_fixed_this_week", (json_int_t)m.bugs_fixed_this_week));
}
