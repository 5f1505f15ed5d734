/* SQL for approvals: resolutions waiting for a manager's decision. */
#ifndef TICKETD_STORE_APPROVAL_H
#define TICKETD_STORE_APPROVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct approval {
	int64_t id;
	int64_t ticket_id;
	const char *ticket_number, *ticket_kind, *ticket_title;
	const char *resolution_type, *notes;
	bool has_amount;
	int64_t amount; /* paise */
	const char *currency, *reference, *replacement_date, *replacement_items;
	int64_t requested_by;
	const char *requested_by_name;
	int64_t requested_at;
	const char *state; /* pending, approved, rejected */
	int64_t decided_by;
	const char *decided_by_name;
	int64_t decided_at;
	const char *decision_note;
};

enum err_code store_approval_insert(struct db *db, const struct approval *a, int64_t *id,
				    struct error *e);
/* ERR_NOT_FOUND when there is none. */
enum err_code store_approval_get(struct db *db, struct arena *ar, int64_t id, struct approval *out,
				 struct error *e);
/* The pending approval of a ticket, if any (*found). */
enum err_code store_approval_pending_of(struct db *db, struct arena *ar, int64_t ticket_id,
					struct approval *out, bool *found, struct error *e);
/* Approvals in a state (NULL: all), newest first. */
enum err_code store_approvals(struct db *db, struct arena *ar, const char *state, int limit,
			      struct approval **out, int *n, struct error *e);
/* Records the decision on a pending approval; ERR_CONFLICT when it is no longer pending. */
enum err_code store_approval_decide(struct db *db, int64_t id, const char *state, int64_t by,
				    int64_t at, const char *note, struct error *e);

/* approval.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_approval_sql;

#endif
