/* SQL for saved views (issue 18): a user's named list filters and sort, kept as the list's
 * query string, optionally shared with a team. */
#ifndef TICKETD_STORE_VIEW_H
#define TICKETD_STORE_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct saved_view {
	int64_t id;
	int64_t owner_id;
	const char *owner_name; /* read only */
	const char *name;
	const char *list;      /* all, b2b, b2c, internal */
	const char *query;     /* "status=new&sort=priority" */
	int64_t team_id;       /* 0: not shared */
	const char *team_name; /* read only; NULL when not shared */
	int64_t created_at, updated_at;
};

/* ERR_CONFLICT (field name) when the owner has a view of that name. */
enum err_code store_view_insert(struct db *db, const struct saved_view *v, int64_t *id,
				struct error *e);
enum err_code store_view_update(struct db *db, const struct saved_view *v, struct error *e);
enum err_code store_view_delete(struct db *db, int64_t id, struct error *e);
/* ERR_NOT_FOUND (field id) when there is none. */
enum err_code store_view_get(struct db *db, struct arena *a, int64_t id, struct saved_view *out,
			     struct error *e);
/* The user's own views and those shared with a team they are in, by name. */
enum err_code store_views_for(struct db *db, struct arena *a, int64_t user, struct saved_view **out,
			      int *n, struct error *e);

extern const struct db_sql_table store_view_sql;

#endif
