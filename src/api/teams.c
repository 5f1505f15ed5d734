/* Teams and availability: /api/teams, /api/users/{id}/availability. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/banned.h"

#define TEAM_MAX_MEMBERS 200

static json_t *team_json(const struct team *t)
{
	json_t *members = json_array();

	for (int i = 0; i < t->nmembers; i++) {
		const struct team_member *m = &t->members[i];

		json_array_append_new(members,
				      json_pack("{s:I, s:s, s:s, s:b, s:I}", "user_id",
						(json_int_t)m->user_id, "name", m->name, "role",
						role_name(m->role), "available", m->available,
						"open_tickets", (json_int_t)m->open));
	}
	return json_pack("{s:I, s:s, s:o}", "team_id", (json_int_t)t->id, "name", t->name,
			 "members", members);
}

void api_teams(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct team *teams;
	int n;

	if (api_failed(r, api_query_only(r, keys)) || api_failed(r, svc_teams(&c, &teams, &n)))
		return;
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, team_json(&teams[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_team(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct team t;
	int64_t id;

	if (!api_param_id(r, 0, "team", &id) || api_failed(r, svc_team_get(&c, id, &t)))
		return;
	reply_json(r, 200, team_json(&t));
}

/* Body: {"name": "...", "members": [user_id, ...]}; both optional on PUT. */
static void save_team(struct request *r, int64_t id)
{
	static const char *const keys[] = {"name", "members", NULL};
	struct ctx c = api_ctx(r);
	struct team t;
	json_t *body, *m;
	const char *name;
	int64_t members[TEAM_MAX_MEMBERS];
	int n = 0;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str(r, body, "name", &name)))
		return;
	m = json_object_get(body, "members");
	if (m && !json_is_array(m)) {
		err_set(&r->err, ERR_BAD_REQUEST, "members", "members is an array of user ids");
		reply_error(r);
		return;
	}
	if (m && json_array_size(m) > TEAM_MAX_MEMBERS) {
		err_set(&r->err, ERR_INVALID, "members", "a team has at most %d members",
			TEAM_MAX_MEMBERS);
		reply_error(r);
		return;
	}
	for (size_t i = 0; m && i < json_array_size(m); i++) {
		json_t *v = json_array_get(m, i);

		if (!json_is_integer(v)) {
			err_set(&r->err, ERR_BAD_REQUEST, "members",
				"members[%zu] is not a user id", i);
			reply_error(r);
			return;
		}
		members[n++] = json_integer_value(v);
	}
	if (api_failed(r, svc_team_save(&c, id, name, members, n, m != NULL, &t)))
		return;
	reply_json(r, id ? 200 : 201, team_json(&t));
}

void api_team_create(struct request *r)
{
	save_team(r, 0);
}

void api_team_update(struct request *r)
{
	int64_t id;

	if (api_param_id(r, 0, "team", &id))
		save_team(r, id);
}

void api_user_availability(struct request *r)
{
	static const char *const keys[] = {"available", NULL};
	struct ctx c = api_ctx(r);
	struct user u;
	json_t *body, *v;
	int64_t id;

	if (!api_param_id(r, 0, "team", &id) || api_failed(r, json_body(r, &body)) ||
	    api_failed(r, json_only(r, body, keys)))
		return;
	v = json_object_get(body, "available");
	if (!json_is_boolean(v)) {
		err_set(&r->err, v ? ERR_BAD_REQUEST : ERR_INVALID, "available",
			"'available' is true (on duty) or false (away)");
		reply_error(r);
		return;
	}
	if (api_failed(r, svc_user_set_available(&c, id, json_is_true(v), &u)))
		return;
	reply_json(r, 200, user_json(&u));
}
