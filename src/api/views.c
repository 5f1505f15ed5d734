/* Saved views (issue 18): GET/POST /api/views, PUT/DELETE /api/views/{id}. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../service/view.h"
#include "../base/banned.h"

static void view_write(struct jw *w, const struct saved_view *v, int64_t me)
{
	jw_kint(w, "view_id", v->id);
	jw_kstr(w, "name", v->name);
	jw_kstr(w, "list", v->list);
	jw_kstr(w, "query", v->query);
	jw_kint_or_null(w, "team_id", v->team_id);
	jw_kstr(w, "team_name", v->team_name);
	jw_kint(w, "owner_id", v->owner_id);
	jw_kstr(w, "owner_name", v->owner_name);
	jw_kbool(w, "mine", v->owner_id == me);
	jw_kinstant(w, "created_at", v->created_at);
	jw_kinstant(w, "updated_at", v->updated_at);
}

static void reply_view(struct request *r, int status, const struct saved_view *v)
{
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	view_write(&w, v, api_user(r)->id);
	jw_end_object(&w);
	reply_text_json(r, status, &sb);
}

void api_views(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct saved_view *views = NULL;
	struct strbuf sb;
	struct jw w;
	int n;

	if (api_failed(r, svc_views(&c, &views, &n)))
		return;
	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (int i = 0; i < n; i++) {
		jw_object(&w);
		view_write(&w, &views[i], api_user(r)->id);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_end_object(&w);
	reply_text_json(r, 200, &sb);
}

static enum err_code view_body(struct request *r, struct view_input *in)
{
	static const char *const keys[] = {"name", "list", "query", "team_id", NULL};
	json_t *body, *team;

	memset(in, 0, sizeof(*in));
	if (json_body(r, &body) || json_only(r, body, keys) ||
	    json_str(r, body, "name", &in->name) || json_str(r, body, "list", &in->list) ||
	    json_str(r, body, "query", &in->query))
		return r->err.code;
	team = json_object_get(body, "team_id");
	if (team) {
		in->set_team = true;
		if (json_is_integer(team) && json_integer_value(team) > 0)
			in->team_id = json_integer_value(team);
		else if (!json_is_null(team))
			return err_set(&r->err, ERR_INVALID, "team_id",
				       "team_id is a team's id, or null (not shared)");
	}
	return ERR_OK;
}

void api_view_create(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct view_input in;
	struct saved_view v;

	if (api_failed(r, view_body(r, &in)) || api_failed(r, svc_view_save(&c, 0, &in, &v)))
		return;
	reply_view(r, 201, &v);
}

void api_view_update(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct view_input in;
	struct saved_view v;
	int64_t id;

	if (!api_param_id(r, 0, "view", &id) || api_failed(r, view_body(r, &in)) ||
	    api_failed(r, svc_view_save(&c, id, &in, &v)))
		return;
	reply_view(r, 200, &v);
}

void api_view_delete(struct request *r)
{
	struct ctx c = api_ctx(r);
	int64_t id;

	if (!api_param_id(r, 0, "view", &id) || api_failed(r, svc_view_delete(&c, id)))
		return;
	reply_json(r, 200, json_pack("{s:b}", "deleted", 1));
}
