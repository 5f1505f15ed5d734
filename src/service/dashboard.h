/* The dashboard use case: what staff see first (GET /api/dashboard), in one read. */
#ifndef TICKETD_SERVICE_DASHBOARD_H
#define TICKETD_SERVICE_DASHBOARD_H

#include "../base/timefmt.h"
#include "../store/dashboard.h"
#include "../store/portal.h"
#include "service.h"

#define DASH_DEFAULT_DAYS 30

struct dashboard_view {
	int kind;				   /* -1: every kind the actor may read */
	char from[DATE_ISO_LEN], to[DATE_ISO_LEN]; /* the period, both days included */
	int64_t from_day;
	int ndays;
	struct dashboard d;
	struct satisfaction sat; /* surveys answered in the period (none for internal) */
};

/* Staff only (agents, managers, admins): ERR_FORBIDDEN otherwise, and for a kind they may
 * not read.  kind: "b2b", "b2c", "internal" or NULL/"" for all; from and to: YYYY-MM-DD in
 * the business time zone, both included, at most DASH_MAX_DAYS apart (ERR_INVALID naming
 * the field otherwise); to defaults to today, from to DASH_DEFAULT_DAYS days before to.
 * A kind the actor reads only as its creator (internal, for agents and managers) counts
 * only the tickets the actor created. */
enum err_code svc_dashboard(struct ctx *c, const char *kind, const char *from, const char *to,
			    struct dashboard_view *out) __attribute__((warn_unused_result));

#endif
