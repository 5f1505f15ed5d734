/* The dashboard; see dashboard.h. */
#include "dashboard.h"

#include <string.h>

#include "../base/clock.h"
#include "../domain/policy.h"
#include "../base/banned.h"

static bool staff(const struct user *u)
{
	return u->role == ROLE_AGENT || u->role == ROLE_MANAGER || u->role == ROLE_ADMIN;
}

/* A YYYY-MM-DD day, or def when s is absent or blank. */
static enum err_code day_of(struct ctx *c, const char *field, const char *s, int64_t def,
			    int64_t *out)
{
	int y, m, d;

	if (!s || !*s) {
		*out = def;
		return ERR_OK;
	}
	if (!date_parse(s, &y, &m, &d))
		return err_set(c->e, ERR_INVALID, field, "%s must be a date (YYYY-MM-DD)", field);
	*out = days_from_civil(y, m, d);
	return ERR_OK;
}

static void day_text(int64_t day, char out[DATE_ISO_LEN])
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	date_format(y, m, d, out);
}

enum err_code svc_dashboard(struct ctx *c, const char *kind, const char *from, const char *to,
			    struct dashboard_view *out)
{
	struct dashboard_query q = {0};
	int64_t now = clock_now(), today = local_day(now), first, last;
	struct db *db = svc_db(c);
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	out->kind = -1;
	if (!c->who || !staff(c->who))
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "the dashboard is for agents, managers and admins");
	if (kind && *kind) {
		out->kind = kind_from_name(kind);
		if (out->kind < 0)
			return err_set(c->e, ERR_INVALID, "kind", "kind is b2b, b2c or internal");
	}
	rc = day_of(c, "to", to, today, &last);
	if (!rc)
		rc = day_of(c, "from", from, last - (DASH_DEFAULT_DAYS - 1), &first);
	if (rc)
		return rc;
	if (first > last)
		return err_set(c->e, ERR_INVALID, "from", "from must not be after to");
	if (last - first + 1 > DASH_MAX_DAYS)
		return err_set(c->e, ERR_INVALID, "from", "the period is at most %d days",
			       DASH_MAX_DAYS);

	for (int k = 0; k < KIND__MAX; k++) {
		enum scope s = policy_scope(c->who->role, k, ACT_READ);

		if (out->kind >= 0 && k != out->kind)
			continue;
		if (s == SCOPE_NONE) {
			if (out->kind >= 0)
				return err_set(c->e, ERR_FORBIDDEN, "kind",
					       "%s tickets are not open to the %s role",
					       kind_name(k), role_name(c->who->role));
			continue;
		}
		q.kinds[k] = true;
		q.own[k] = s == SCOPE_OWN;
	}
	q.user = c->who->id;
	q.from_day = first;
	q.ndays = (int)(last - first + 1);
	q.from = local_day_start(first);
	q.to = local_day_start(last + 1);
	q.now = now;
	q.today = local_day_start(today);
	/* Weeks start on Monday, as in the internal metrics. */
	q.week_start = local_day_start(today - (weekday_of(today) + 6) % 7);

	out->from_day = first;
	out->ndays = q.ndays;
	day_text(first, out->from);
	day_text(last, out->to);
	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	rc = store_dashboard(db, c->a, &q, &out->d, c->e);
	/* Satisfaction after close (issue 16): the surveys answered in the period. */
	if (!rc && out->kind != KIND_INTERNAL)
		rc = store_portal_satisfaction(db, c->a,
					       out->kind >= 0 ? kind_name(out->kind) : NULL, q.from,
					       q.to, &out->sat, c->e);
	return rc;
}
