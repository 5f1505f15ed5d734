/* Saved views (issue 18): a user saves a ticket list's filters and sort under a name; a
 * manager (or admin) may share a view with a team, whose members then see it too.  Only its
 * owner (or an admin) changes or deletes a view. */
#ifndef TICKETD_SERVICE_VIEW_H
#define TICKETD_SERVICE_VIEW_H

#include "service.h"
#include "../store/view.h"

struct view_input {
	const char *name, *list, *query; /* NULL: unchanged (all three needed to create) */
	bool set_team;
	int64_t team_id; /* 0: not shared */
};

/* The actor's own views and those shared with their teams, by name. */
enum err_code svc_views(struct ctx *c, struct saved_view **out, int *n);
/* Creates (id 0) or changes a view; *out as stored. */
enum err_code svc_view_save(struct ctx *c, int64_t id, const struct view_input *in,
			    struct saved_view *out);
enum err_code svc_view_delete(struct ctx *c, int64_t id);

#endif
