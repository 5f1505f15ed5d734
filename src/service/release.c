/* Releases of the ERP and the internal metrics (module 7.3 §4, §5). */
#include <string.h>

#include "service.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../domain/policy.h"
#include "../base/banned.h"

#define RELEASE_MAX_TICKETS 1000

static bool plans(struct ctx *c)
{
	return !c->who || c->who->role == ROLE_DEVELOPER || c->who->role == ROLE_ADMIN;
}

struct save_args {
	struct release r;
};

static enum err_code save_tx(struct ctx *c, void *arg)
{
	struct save_args *sa = arg;
	struct release old;
	enum err_code rc;

	if (!sa->r.id)
		return store_release_insert(svc_db(c), &sa->r, &sa->r.id, c->e);
	rc = store_release_get(svc_db(c), c->a, sa->r.id, &old, c->e);
	if (rc)
		return rc;
	if (old.published_at)
		return err_set(c->e, ERR_CONFLICT, NULL, "release %s is published", old.version);
	if (!sa->r.version)
		sa->r.version = old.version;
	if (!sa->r.release_date)
		sa->r.release_date = old.release_date;
	if (!sa->r.notes)
		sa->r.notes = old.notes;
	return store_release_update(svc_db(c), &sa->r, c->e);
}

enum err_code svc_release_save(struct ctx *c, int64_t id, const char *version, const char *date,
			       const char *notes, struct release *out)
{
	struct save_args sa = {{.id = id,
				.version = version,
				.release_date = date,
				.notes = notes,
				.created_by = c->who ? c->who->id : 0,
				.created_at = clock_now()}};
	int y, m, d;
	enum err_code rc;

	if (!plans(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "developers and admins make releases");
	if (!id && (!version || !*version))
		return err_set(c->e, ERR_INVALID, "version", "a release needs its version");
	if (version && (!*version || strlen(version) > 40))
		return err_set(c->e, ERR_INVALID, "version", "a version is 1 to 40 bytes");
	if (!id && !date)
		return err_set(c->e, ERR_INVALID, "release_date", "a release needs its date");
	if (date && !date_parse(date, &y, &m, &d))
		return err_set(c->e, ERR_INVALID, "release_date",
			       "release_date is a date YYYY-MM-DD");
	if ((!id && !notes) || (notes && !*notes))
		return err_set(c->e, ERR_INVALID, "notes",
			       "release notes are what the ticket creators will read");
	rc = svc_tx(c, save_tx, &sa);
	return rc ? rc : store_release_get(svc_db(c), c->a, sa.r.id, out, c->e);
}

enum err_code svc_releases(struct ctx *c, struct release **out, int *n)
{
	return store_releases(svc_db(c), c->a, out, n, c->e);
}

enum err_code svc_release_get(struct ctx *c, int64_t id, struct release *out)
{
	return store_release_get(svc_db(c), c->a, id, out, c->e);
}

struct publish_args {
	int64_t id;
	struct release r;
	int resolved;
};

static enum err_code publish_tx(struct ctx *c, void *arg)
{
	struct publish_args *pa = arg;
	struct db *db = svc_db(c);
	int64_t *ids = arena_alloc(c->a, sizeof(*ids) * RELEASE_MAX_TICKETS);
	int n;
	enum err_code rc = store_release_get(db, c->a, pa->id, &pa->r, c->e);

	if (!rc)
		rc = store_release_publish(db, pa->id, clock_now(), c->e);
	if (!rc)
		rc = store_release_tickets(db, pa->id, ids, RELEASE_MAX_TICKETS, &n, c->e);
	for (int i = 0; !rc && i < n; i++) {
		struct ticket t;
		bool resolved;

		rc = svc_ticket_release_in_tx(c, ids[i], pa->r.version, pa->r.notes, &resolved);
		if (!rc)
			rc = store_ticket_get(db, c->a, ids[i], &t, c->e);
		if (rc)
			break;
		pa->resolved += resolved;
		if (!resolved || (c->who && t.created_by == c->who->id))
			continue;
		rc = svc_notify(
		    c, NT_RELEASED, t.created_by, t.id,
		    arena_printf(c->a, "Released in %s: %s", pa->r.version, t.number),
		    arena_printf(c->a, "%s (%s) is in release %s of %s.\n\n%s\n", t.number,
				 t.v[TF_TITLE], pa->r.version, pa->r.release_date, pa->r.notes),
		    arena_printf(c->a, "release:%lld:%lld", (long long)pa->id, (long long)t.id));
	}
	return rc;
}

enum err_code svc_release_publish(struct ctx *c, int64_t id, struct release *out, int *resolved)
{
	struct publish_args pa = {.id = id};
	enum err_code rc;

	if (!plans(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "developers and admins publish releases");
	rc = svc_tx(c, publish_tx, &pa);
	*resolved = pa.resolved;
	return rc ? rc : store_release_get(svc_db(c), c->a, id, out, c->e);
}

enum err_code svc_internal_metrics(struct ctx *c, struct internal_metrics *out)
{
	int64_t today = local_day(clock_now());
	/* Weeks start on Monday. */
	int64_t monday = today - (weekday_of(today) + 6) % 7;

	return store_internal_metrics(svc_db(c), local_day_start(monday), clock_now() - 90 * 86400,
				      out, c->e);
}
