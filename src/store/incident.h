/* SQL for quality incidents: what the pattern rules count (complaints on a batch, on a farm's
 * batches, on a product's batches, in a window of creation times), the incidents they open,
 * and the tickets linked to them.  A complaint is a customer ticket (b2b, b2c) of the quality
 * group with a batch number. */
#ifndef TICKETD_STORE_INCIDENT_H
#define TICKETD_STORE_INCIDENT_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

enum incident_rule { IR_BATCH, IR_FARM, IR_PRODUCT, IR__MAX };

const char *incident_rule_name(enum incident_rule r);
/* -1 when s names no rule. */
int incident_rule_from_name(const char *s);

struct incident {
	int64_t id;
	enum incident_rule rule;
	const char *subject; /* the batch number, farm id or product */
	const char *farm_id; /* NULL: none (a product's incident) */
	const char *reason;
	const char *status; /* open, closed */
	int64_t window_start, window_end, opened_at;
	int64_t closed_at, closed_by; /* 0: open */
	const char *close_note;	      /* NULL: none */
	int64_t ntickets;	      /* read by lists */
};

/* A ticket linked to an incident, as its page lists it. */
struct incident_ticket {
	int64_t ticket_id;
	const char *number, *kind, *title, *status, *category;
	const char *customer_id, *customer_name, *batch_number; /* NULL: none */
	int64_t created_at;
};

/* Complaints on the rule's subject created at or after since (the one being created
 * included, inside its transaction). */
enum err_code store_incident_count(struct db *db, enum incident_rule r, const char *subject,
				   int64_t since, int64_t *n, struct error *e);
/* Their ids, oldest first, at most max. */
enum err_code store_incident_complaints(struct db *db, enum incident_rule r, const char *subject,
					int64_t since, int64_t *ids, int max, int *n,
					struct error *e);
/* The subject's incident with the latest window; *found false when it never had one. */
enum err_code store_incident_latest(struct db *db, struct arena *a, enum incident_rule r,
				    const char *subject, struct incident *out, bool *found,
				    struct error *e);
enum err_code store_incident_insert(struct db *db, const struct incident *in, int64_t *id,
				    struct error *e);
/* Links a ticket (once: a second link changes nothing); *added says whether it was new. */
enum err_code store_incident_link(struct db *db, int64_t incident, int64_t ticket, int64_t at,
				  bool *added, struct error *e);
/* ERR_NOT_FOUND (field "id") when there is none. */
enum err_code store_incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out,
				 struct error *e);
/* Newest first; status NULL for every one.  At most max, with ntickets. */
enum err_code store_incidents(struct db *db, struct arena *a, const char *status, int max,
			      struct incident **out, int *n, struct error *e);
enum err_code store_incident_tickets(struct db *db, struct arena *a, int64_t id,
				     struct incident_ticket **out, int *n, struct error *e);
/* The incidents a ticket is linked to, newest first. */
enum err_code store_incidents_of_ticket(struct db *db, struct arena *a, int64_t ticket,
					struct incident **out, int *n, struct error *e);
enum err_code store_incident_close(struct db *db, int64_t id, int64_t by, int64_t at,
				   const char *note, struct error *e);

extern const struct db_sql_table store_incident_sql;

#endif
