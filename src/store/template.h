/* SQL for response templates. */
#ifndef TICKETD_STORE_TEMPLATE_H
#define TICKETD_STORE_TEMPLATE_H

#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct template_row {
	int64_t id;
	const char *name;
	const char *kind;	/* NULL: any kind */
	const char *categories; /* comma-separated category codes, or NULL: any */
	const char *channel;
	const char *subject; /* email only */
	const char *body;
	int64_t created_by, created_at, updated_at;
};

/* ERR_CONFLICT (field name) when the name is taken. */
enum err_code store_template_insert(struct db *db, const struct template_row *t, int64_t *id,
				    struct error *e);
enum err_code store_template_update(struct db *db, const struct template_row *t, struct error *e);
enum err_code store_template_delete(struct db *db, int64_t id, struct error *e);
enum err_code store_template_get(struct db *db, struct arena *a, int64_t id,
				 struct template_row *out, struct error *e);
/* All templates, or those of one kind (and those for any kind), by name. */
enum err_code store_templates(struct db *db, struct arena *a, const char *kind,
			      struct template_row **out, int *n, struct error *e);

/* template.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_template_sql;

#endif
