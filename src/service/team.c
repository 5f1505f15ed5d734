/* Teams, availability and automatic routing of new tickets (issue 5). */
#include <string.h>

#include "service.h"
#include "../base/clock.h"
#include "../domain/policy.h"
#include "../domain/routing.h"
#include "../store/team.h"
#include "../base/banned.h"

static bool manages(struct ctx *c)
{
	return !c->who || c->who->role == ROLE_MANAGER || c->who->role == ROLE_ADMIN;
}

enum err_code svc_teams(struct ctx *c, struct team **out, int *n)
{
	return store_teams(svc_db(c), c->a, out, n, c->e);
}

enum err_code svc_team_get(struct ctx *c, int64_t id, struct team *out)
{
	return store_team_get(svc_db(c), c->a, id, out, c->e);
}

struct team_args {
	int64_t id;
	const char *name;
	const int64_t *members;
	int nmembers;
	bool set_members;
};

static enum err_code check_members(struct ctx *c, const int64_t *m, int n)
{
	for (int i = 0; i < n; i++) {
		struct user u;

		if (store_user_get(svc_db(c), c->a, m[i], &u, c->e) || !u.active)
			return err_set(c->e, ERR_INVALID, "members", "no active user %lld",
				       (long long)m[i]);
		if (u.role == ROLE_REPORTER)
			return err_set(c->e, ERR_INVALID, "members",
				       "%s is a reporter and works no tickets", u.name);
		for (int j = 0; j < i; j++)
			if (m[j] == m[i])
				return err_set(c->e, ERR_INVALID, "members",
					       "user %lld is listed twice", (long long)m[i]);
	}
	return ERR_OK;
}

static enum err_code team_tx(struct ctx *c, void *arg)
{
	struct team_args *ta = arg;
	struct db *db = svc_db(c);
	struct team existing;
	enum err_code rc = ERR_OK;

	if (!ta->id)
		rc = store_team_insert(db, ta->name, clock_now(), &ta->id, c->e);
	else {
		rc = store_team_get(db, c->a, ta->id, &existing, c->e);
		if (!rc && ta->name)
			rc = store_team_rename(db, ta->id, ta->name, c->e);
	}
	if (!rc && ta->set_members)
		rc = check_members(c, ta->members, ta->nmembers);
	if (!rc && ta->set_members)
		rc = store_team_set_members(db, ta->id, ta->members, ta->nmembers, c->e);
	return rc;
}

enum err_code svc_team_save(struct ctx *c, int64_t id, const char *name, const int64_t *members,
			    int nmembers, bool set_members, struct team *out)
{
	struct team_args ta = {id, name, members, nmembers, set_members};
	enum err_code rc;

	if (!manages(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "managers and admins manage teams");
	if (!id && (!name || !*name))
		return err_set(c->e, ERR_INVALID, "name", "a team needs a name");
	if (name && (!*name || strlen(name) > 100))
		return err_set(c->e, ERR_INVALID, "name", "a team name is 1 to 100 bytes");
	rc = svc_tx(c, team_tx, &ta);
	return rc ? rc : store_team_get(svc_db(c), c->a, ta.id, out, c->e);
}

enum err_code svc_user_set_available(struct ctx *c, int64_t user, bool available, struct user *out)
{
	struct db *db = svc_db(c);
	enum err_code rc;

	if (c->who && c->who->id != user && !manages(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "you may set your own availability; managers set anyone's");
	rc = store_user_get(db, c->a, user, out, c->e);
	if (!rc)
		rc = store_user_set_available(db, user, available, c->e);
	if (!rc)
		out->available = available;
	return rc;
}

enum err_code svc_route(struct ctx *c, struct ticket *t, const char **how)
{
	struct workflow_settings w;
	struct team team;
	struct db *db = svc_db(c);
	enum err_code rc = svc_workflow_settings(c, &w);
	int pick = -1;

	*how = NULL;
	if (rc || !w.route_team[t->kind])
		return rc;
	t->team_id = w.route_team[t->kind];
	if (w.route_mode[t->kind] == ROUTE_MANUAL)
		return ERR_OK;
	rc = store_team_get(db, c->a, t->team_id, &team, c->e);
	if (rc == ERR_NOT_FOUND) { /* the team was removed: leave it for a person */
		t->team_id = 0;
		return ERR_OK;
	}
	if (rc)
		return rc;
	struct route_candidate *cand =
	    arena_alloc(c->a, sizeof(*cand) * (size_t)(team.nmembers ? team.nmembers : 1));

	for (int i = 0; i < team.nmembers; i++) {
		const struct team_member *m = &team.members[i];

		cand[i] = (struct route_candidate){
		    m->user_id, m->available && policy_can_work(m->role, t->kind), m->open};
	}
	if (w.route_mode[t->kind] == ROUTE_ROUND_ROBIN)
		pick = route_round_robin(cand, team.nmembers,
					 store_route_last(db, t->team_id, t->kind));
	else
		pick = route_least_open(cand, team.nmembers);
	if (pick < 0)
		return ERR_OK; /* everyone away: the team takes it */
	t->assigned_to = cand[pick].user_id;
	*how = arena_printf(c->a, "Routed to %s (%s, %s)", team.members[pick].name, team.name,
			    routing_mode_name(w.route_mode[t->kind]));
	return store_route_set_last(db, t->team_id, t->kind, t->assigned_to, c->e);
}
