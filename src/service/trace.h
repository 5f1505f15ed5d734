/* Traceability: farms and batches (import, JSON and CSV), a batch with its grading, the
 * batch investigation (where it came from, who received it, what was said about it), a
 * farm's figures and the flags raised on it.  The reads return views: structs the api
 * writes as they are, with no query left to run. */
#ifndef TICKETD_SERVICE_TRACE_H
#define TICKETD_SERVICE_TRACE_H

#include "service.h"
#include "../domain/tally.h"
#include "../store/batch.h"
#include "../store/complaint.h"
#include "../store/farm.h"

/* All or nothing, like the other imports (admins or the system). */
enum err_code svc_import_farms(struct ctx *c, struct farm *rows, int n);
enum err_code svc_import_batches(struct ctx *c, struct batch *rows, int n);
/* CSV import of farms or batches (grading as "A:120;B:30"); see svc_import_csv. */
enum err_code svc_import_csv_trace(struct ctx *c, const char *what, const char *text, size_t len,
				   int *count);
/* "B1:10;B2:5" into allocations (arena); false when malformed. */
bool trace_parse_pairs(struct arena *a, const char *s, const char ***names, double **qty, int *n);

/* A B2B ticket's batch_number must be a known batch (422 naming it). */
enum err_code trace_check_batch(struct ctx *c, enum kind k, const char *batch_number);

/* The batch with its grading and farm name (staff); 404 naming batch_number. */
enum err_code svc_batch(struct ctx *c, const char *batch_number, struct batch *out);

/* A customer that received the batch, with the order lines that carried it. */
struct investigation_customer {
	const char *customer_id, *name, *type;
	double qty; /* of the batch, over its deliveries */
	const struct batch_delivery *deliveries;
	int ndeliveries;
	int64_t complaints; /* tickets about the batch by this customer */
};

/* Tickets about the batch, counted per customer (by id, else name, else "(unknown)"). */
struct complainant {
	const char *customer_id, *customer_name; /* of the first such ticket; NULL: none */
	int64_t complaints;
};

/* Everything in the view is in the ctx's arena. */
struct investigation {
	struct batch batch;
	bool has_farm;
	struct farm farm;
	struct investigation_customer *customers; /* by customer id */
	int ncustomers;
	double delivered_qty;
	struct complaint *tickets; /* oldest first */
	int ntickets;
	struct complainant *complainants; /* in the order of their first ticket */
	int ncomplainants;
};

/* The batch's story (staff); 404 naming batch_number. */
enum err_code svc_investigation(struct ctx *c, const char *batch_number, struct investigation *out);
/* The pure part of it: groups the tickets by customer and the deliveries (ordered by
 * customer id) by customer, counting each customer's tickets.  Fills every field of out
 * but batch and farm; arrays in arena a. */
void investigation_group(struct arena *a, struct complaint *tickets, int ntickets,
			 const struct batch_delivery *deliveries, int ndeliveries,
			 struct investigation *out);

struct farm_figures {
	struct farm farm;
	/* complaints, flags, qty (affected) and cost over all time; by month (in order) */
	struct tally_row totals;
	int64_t batches;
	struct tally by_month;
	struct farm_flag *flags; /* oldest first */
	int nflags;
};

/* A farm's figures (staff); 404 naming farm_id. */
enum err_code svc_farm(struct ctx *c, const char *farm_id, struct farm_figures *out);
/* Flags a farm for a ticket; audited on the ticket.  *flag_id is the new flag. */
enum err_code svc_farm_flag(struct ctx *c, const char *farm_id, const char *ticket,
			    const char *reason, int64_t *flag_id);

#endif
