/* SQL for farms (the vendors batches come from) and the quality flags staff raise on them
 * from a ticket. */
#ifndef TICKETD_STORE_FARM_H
#define TICKETD_STORE_FARM_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct farm {
	const char *farm_id, *name;
	const char *location, *contact; /* NULL: not known */
};

struct farm_flag {
	int64_t id;
	int64_t ticket_id;	   /* 0: none */
	const char *ticket_number; /* NULL: none */
	const char *reason;
	int64_t flagged_by;
	const char *flagged_by_name;
	int64_t flagged_at;
};

enum err_code store_farm_upsert(struct db *db, const struct farm *f, int64_t now, struct error *e);
bool store_farm_exists(struct db *db, const char *farm_id);
/* Strings in arena a.  ERR_NOT_FOUND, naming farm_id, when the farm is unknown. */
enum err_code store_farm_get(struct db *db, struct arena *a, const char *farm_id, struct farm *out,
			     struct error *e);
/* How many batches came from the farm. */
enum err_code store_farm_batch_count(struct db *db, const char *farm_id, int64_t *n,
				     struct error *e);

/* ticket 0: a flag raised without one. */
enum err_code store_farm_flag_add(struct db *db, const char *farm_id, int64_t ticket,
				  const char *reason, int64_t by, int64_t at, int64_t *id,
				  struct error *e);
/* The farm's flags, oldest first (an arena array, *n of them). */
enum err_code store_farm_flags_of(struct db *db, struct arena *a, const char *farm_id,
				  struct farm_flag **out, int *n, struct error *e);

/* farm.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_farm_sql;

#endif
