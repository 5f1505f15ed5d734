/* SQL for teams, their members, and the state of automatic routing. */
#ifndef TICKETD_STORE_TEAM_H
#define TICKETD_STORE_TEAM_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../domain/catalog.h"
#include "db.h"

struct team_member {
	int64_t user_id;
	const char *name;
	enum role role;
	bool available;
	int64_t open; /* open tickets assigned to them, of every kind */
};

struct team {
	int64_t id;
	const char *name;
	struct team_member *members;
	int nmembers;
};

/* ERR_CONFLICT (field name) when the name is taken. */
enum err_code store_team_insert(struct db *db, const char *name, int64_t now, int64_t *id,
				struct error *e);
enum err_code store_team_rename(struct db *db, int64_t id, const char *name, struct error *e);
/* Replaces the members. */
enum err_code store_team_set_members(struct db *db, int64_t id, const int64_t *users, int n,
				     struct error *e);
/* With members (active users only), in user id order; ERR_NOT_FOUND when none. */
enum err_code store_team_get(struct db *db, struct arena *a, int64_t id, struct team *out,
			     struct error *e);
enum err_code store_teams(struct db *db, struct arena *a, struct team **out, int *n,
			  struct error *e);
bool store_team_has_member(struct db *db, int64_t team, int64_t user);

/* Round-robin position: the user routed last for (team, kind); 0 when none yet. */
int64_t store_route_last(struct db *db, int64_t team, enum kind k);
enum err_code store_route_set_last(struct db *db, int64_t team, enum kind k, int64_t user,
				   struct error *e);

/* team.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_team_sql;

#endif
