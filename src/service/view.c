/* Saved views; see view.h. */
#include "view.h"

#include <string.h>

#include "../base/clock.h"
#include "../base/banned.h"

/* The query keys a view may keep: the list's filters and order, not its paging. */
static const char *const view_keys[] = {"kind",
					"open",
					"status",
					"priority",
					"category",
					"customer_id",
					"assigned_to",
					"created_from",
					"created_to",
					"q",
					"sort",
					"order",
					"within_policy_window",
					"overdue",
					"team_id",
					"on_roadmap",
					"release_id",
					"created_by",
					NULL};
static const char *const view_lists[] = {"all", "b2b", "b2c", "internal", NULL};

/* Each key=value of the query must be one the list takes (values are the list's to check
 * when the view is opened, as when they are typed). */
static enum err_code check_query(struct ctx *c, const char *q)
{
	if (strlen(q) > 2000)
		return err_set(c->e, ERR_INVALID, "query", "query is at most 2000 bytes");
	for (const char *p = q; *p;) {
		size_t len = strcspn(p, "&"), key = strcspn(p, "=&");
		bool known = false;

		for (int i = 0; view_keys[i] && key; i++)
			known |= strlen(view_keys[i]) == key && !strncmp(view_keys[i], p, key);
		if (len && !known)
			return err_set(c->e, ERR_INVALID, "query",
				       "query holds '%.*s', which is not a filter or order of the "
				       "ticket list",
				       (int)(key > 40 ? 40 : key), p);
		p += len;
		if (*p == '&')
			p++;
	}
	return ERR_OK;
}

static bool manager(struct ctx *c)
{
	return c->who && (c->who->role == ROLE_MANAGER || c->who->role == ROLE_ADMIN);
}

enum err_code svc_views(struct ctx *c, struct saved_view **out, int *n)
{
	*n = 0;
	if (!c->who)
		return err_set(c->e, ERR_UNAUTHORIZED, NULL, "sign in first");
	return store_views_for(svc_db(c), c->a, c->who->id, out, n, c->e);
}

/* The view as the actor may see it: their own, or shared with one of their teams (else
 * 404); changing it needs its owner or an admin (else 403). */
static enum err_code load_own(struct ctx *c, int64_t id, struct saved_view *out)
{
	struct db *db = svc_db(c);
	enum err_code rc = store_view_get(db, c->a, id, out, c->e);

	if (rc)
		return rc;
	bool own = out->owner_id == c->who->id;

	if (!own && c->who->role != ROLE_ADMIN &&
	    !(out->team_id && store_team_has_member(db, out->team_id, c->who->id)))
		return err_set(c->e, ERR_NOT_FOUND, "id", "no view %lld", (long long)id);
	if (!own && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "only %s, who saved this view, or an admin may change it",
			       out->owner_name);
	return ERR_OK;
}

struct save_args {
	int64_t id;
	const struct view_input *in;
	struct saved_view v;
};

static enum err_code save_tx(struct ctx *c, void *arg)
{
	struct save_args *sa = arg;
	const struct view_input *in = sa->in;
	struct saved_view *v = &sa->v;
	struct db *db = svc_db(c);
	struct team team;
	enum err_code rc = ERR_OK;

	if (sa->id)
		rc = load_own(c, sa->id, v);
	else
		*v = (struct saved_view){.owner_id = c->who->id, .created_at = clock_now()};
	if (rc)
		return rc;
	if (in->name)
		v->name = svc_trimmed(c->a, in->name);
	if (in->list)
		v->list = in->list;
	if (in->query)
		v->query = *in->query == '?' ? in->query + 1 : in->query;
	if (in->set_team)
		v->team_id = in->team_id;
	v->updated_at = clock_now();
	if (!v->name || !*v->name || strlen(v->name) > 100)
		return err_set(c->e, ERR_INVALID, "name", "a view needs a name of up to 100 bytes");
	if (!catalog_in(view_lists, v->list))
		return err_set(c->e, ERR_INVALID, "list", "list is all, b2b, b2c or internal");
	if (!v->query)
		return err_set(c->e, ERR_INVALID, "query", "'query' is required");
	rc = check_query(c, v->query);
	if (rc)
		return rc;
	if (in->set_team && in->team_id && !manager(c))
		return err_set(c->e, ERR_FORBIDDEN, "team_id", "managers share views with a team");
	if (in->set_team && in->team_id) {
		rc = store_team_get(db, c->a, in->team_id, &team, c->e);
		if (rc == ERR_NOT_FOUND)
			return err_set(c->e, ERR_INVALID, "team_id", "no team %lld",
				       (long long)in->team_id);
		if (rc)
			return rc;
	}
	return sa->id ? store_view_update(db, v, c->e) : store_view_insert(db, v, &v->id, c->e);
}

enum err_code svc_view_save(struct ctx *c, int64_t id, const struct view_input *in,
			    struct saved_view *out)
{
	struct save_args sa = {id, in, {0}};
	enum err_code rc;

	if (!c->who)
		return err_set(c->e, ERR_UNAUTHORIZED, NULL, "sign in first");
	rc = svc_tx(c, save_tx, &sa);
	return rc ? rc : store_view_get(svc_db(c), c->a, sa.v.id, out, c->e);
}

static enum err_code delete_tx(struct ctx *c, void *arg)
{
	struct saved_view v;
	int64_t id = *(int64_t *)arg;
	enum err_code rc = load_own(c, id, &v);

	return rc ? rc : store_view_delete(svc_db(c), id, c->e);
}

enum err_code svc_view_delete(struct ctx *c, int64_t id)
{
	if (!c->who)
		return err_set(c->e, ERR_UNAUTHORIZED, NULL, "sign in first");
	return svc_tx(c, delete_tx, &id);
}
