/* Sign-in, sign-out, the current user and the user list. */
#include <string.h>

#include "api.h"
#include "../domain/policy.h"
#include "../base/banned.h"

json_t *user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "user_id", (json_int_t)u->id, "email",
			 u->email, "name", u->name, "role", role_name(u->role), "active", u->active,
			 "available", u->available);
}

static void set_cookie(struct request *r, const char *value, int max_age)
{
	struct app *app = r->app;

	req_add_header(
	    r, "Set-Cookie",
	    arena_printf(&r->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
			 SESSION_COOKIE, value, max_age, app->secure_cookies ? "; Secure" : ""));
}

void api_login(struct request *r)
{
	static const char *const keys[] = {"email", "password", NULL};
	struct ctx c = api_ctx(r);
	json_t *body;
	const char *email, *password, *token;
	struct user u;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "email", &email)) ||
	    api_failed(r, json_str_req(r, body, "password", &password)) ||
	    api_failed(r, svc_auth_login(&c, email, password, r->client_ip, &token, &u)))
		return;
	int64_t idle, absolute;

	/* The cookie lives as long as the session could: its absolute limit. */
	svc_session_limits(&c, &idle, &absolute);
	set_cookie(r, token, (int)absolute);
	reply_json(r, 200, json_pack("{s:o}", "user", user_json(&u)));
}

void api_logout(struct request *r)
{
	struct ctx c = api_ctx(r);
	const char *cookie = req_cookie(r, SESSION_COOKIE);

	if (cookie && *cookie && api_failed(r, svc_auth_logout(&c, cookie)))
		return;
	set_cookie(r, "", 0);
	reply_json(r, 200, json_pack("{s:b}", "signed_out", 1));
}

/* The user, and the kinds they may read with how far ("all", or "own": those they created),
 * so the web UI shows what the server allows without probing each list. */
void api_me(struct request *r)
{
	const struct user *u = api_user(r);
	json_t *me = user_json(u), *kinds = json_object();

	for (int k = 0; k < KIND__MAX; k++) {
		enum scope s = policy_scope(u->role, (enum kind)k, ACT_READ);

		if (s != SCOPE_NONE)
			json_object_set_new(kinds, kind_name((enum kind)k),
					    json_string(s == SCOPE_ALL ? "all" : "own"));
	}
	json_object_set_new(me, "kinds", kinds);
	/* The kinds whose tickets this user works (may be assigned, moves and resolves). */
	json_t *works = json_array();

	for (int k = 0; k < KIND__MAX; k++)
		if (policy_can_work(u->role, (enum kind)k))
			json_array_append_new(works, json_string(kind_name((enum kind)k)));
	json_object_set_new(me, "works", works);
	reply_json(r, 200, me);
}

struct user_list {
	json_t *items;
	bool all;
};

static int add_user(void *arg, const struct user *u)
{
	struct user_list *ul = arg;

	if (ul->all)
		json_array_append_new(ul->items, user_json(u));
	else if (u->active)
		json_array_append_new(ul->items,
				      json_pack("{s:I, s:s, s:s}", "user_id", (json_int_t)u->id,
						"name", u->name, "role", role_name(u->role)));
	return 0;
}

void api_users(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	const struct user *me = api_user(r);
	/* Everyone may see names and roles (to assign, to read a timeline); only
	 * managers and admins see emails and inactive accounts. */
	struct user_list ul = {json_array(), me->role == ROLE_ADMIN || me->role == ROLE_MANAGER};

	if (api_failed(r, api_query_only(r, keys)) || api_failed(r, svc_users(&c, add_user, &ul))) {
		json_decref(ul.items);
		return;
	}
	reply_json(r, 200, json_pack("{s:o}", "items", ul.items));
}

void api_users_create(struct request *r)
{
	static const char *const keys[] = {"email", "name", "role", "password", NULL};
	struct ctx c = api_ctx(r);
	json_t *body;
	const char *email, *name, *role, *password;
	int64_t id;
	struct user u;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "email", &email)) ||
	    api_failed(r, json_str_req(r, body, "name", &name)) ||
	    api_failed(r, json_str_req(r, body, "role", &role)) ||
	    api_failed(r, json_str_req(r, body, "password", &password)) ||
	    api_failed(r, svc_user_add(&c, email, name, role, password, &id)) ||
	    api_failed(r, svc_user_get(&c, id, &u)))
		return;
	reply_json(r, 201, user_json(&u));
}
