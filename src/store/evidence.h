/* SQL for the evidence behind tickets: attachments, farms and batches, root causes and
 * flags, the communication log and wastage.  The reports (a batch's investigation, a farm's
 * figures, a customer's history, wastage totals) are read here straight into jansson
 * values: they are rows shaped for one reply, with no rule in between. */
#ifndef TICKETD_STORE_EVIDENCE_H
#define TICKETD_STORE_EVIDENCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct attachment {
	int64_t id;
	int64_t ticket_id;	  /* 0: an upload not attached yet */
	int64_t communication_id; /* 0: none */
	const char *sha256;
	const char *filename; /* the client's name, for display only */
	const char *content_type;
	int64_t size;
	const char *kind; /* photo, document */
	int64_t uploaded_by;
	const char *uploaded_by_name;
	int64_t uploaded_at;
	int64_t taken_at; /* 0: unknown */
};

enum err_code store_attachment_insert(struct db *db, const struct attachment *at, int64_t *id,
				      struct error *e);
enum err_code store_attachment_get(struct db *db, struct arena *a, int64_t id,
				   struct attachment *out, struct error *e);
/* Attaches upload `id` of user `by` to a ticket (and a communication, or 0).  ERR_INVALID,
 * naming field, when it is not an unattached upload of that user (or, when photo, not an
 * image). */
enum err_code store_attachment_claim(struct db *db, int64_t id, int64_t by, int64_t ticket,
				     int64_t communication, bool photo, const char *field,
				     struct error *e);
/* The ticket's attachments, oldest first (arena array). */
enum err_code store_attachments_of(struct db *db, struct arena *a, int64_t ticket,
				   struct attachment **out, int *n, struct error *e);
/* How many photos the ticket has. */
int64_t store_photo_count(struct db *db, int64_t ticket);
/* Whether any attachment row uses these bytes. */
bool store_sha_used(struct db *db, const char *sha);
/* The same question before deleting bytes: a query that fails counts as used (keep them). */
bool store_sha_maybe_used(struct db *db, const char *sha);

struct farm {
	const char *farm_id, *name, *location, *contact;
};

struct grade {
	const char *grade;
	double qty;
};

struct batch {
	const char *batch_number, *product, *farm_id, *unit;
	int64_t received_at;
	double received_qty, damaged_qty, rejected_qty;
	struct grade *grades;
	int ngrades;
};

enum err_code store_farm_upsert(struct db *db, const struct farm *f, int64_t now, struct error *e);
/* Upserts the batch and replaces its grading.  ERR_INVALID for an unknown farm. */
enum err_code store_batch_upsert(struct db *db, const struct batch *b, int64_t now,
				 struct error *e);
bool store_batch_exists(struct db *db, const char *batch_number);
bool store_farm_exists(struct db *db, const char *farm_id);
/* The batch as JSON (with its grading and farm name), or NULL when unknown. */
json_t *store_batch_json(struct db *db, const char *batch_number);
/* {"line_no": [{"batch_number", "qty", "product", "farm_id"}...]} for an order's lines. */
json_t *store_order_allocations_json(struct db *db, const char *so_id);

/* Root cause of a ticket (columns on tickets). */
enum err_code store_root_cause_set(struct db *db, int64_t ticket, const char *cause,
				   const char *note, struct error *e);
/* *cause and *note NULL when none. */
void store_root_cause_get(struct db *db, struct arena *a, int64_t ticket, const char **cause,
			  const char **note);

enum err_code store_farm_flag_add(struct db *db, const char *farm_id, int64_t ticket,
				  const char *reason, int64_t by, int64_t at, int64_t *id,
				  struct error *e);
/* set false removes the flag. */
enum err_code store_customer_flag_set(struct db *db, const char *customer_id, const char *flag,
				      bool set, const char *note, int64_t by, int64_t at,
				      struct error *e);

struct communication {
	int64_t id, ticket_id;
	const char *channel, *direction, *summary;
	int64_t occurred_at, logged_by, logged_at;
	const char *logged_by_name;
};

enum err_code store_communication_add(struct db *db, const struct communication *cm, int64_t *id,
				      struct error *e);
enum err_code store_communications_of(struct db *db, struct arena *a, int64_t ticket,
				      struct communication **out, int *n, struct error *e);

struct wastage {
	int64_t ticket_id;
	const char *batch_number, *farm_id, *product, *reason;
	double qty;
	int64_t unit_cost_paise, cost_paise, recorded_by, recorded_at;
};

/* One wastage event per ticket: a second confirmation replaces the first. */
enum err_code store_wastage_upsert(struct db *db, const struct wastage *w, int64_t *id,
				   struct error *e);
/* The price of the line that carried this batch to the ticket's order, in paise; 0 when
 * none is known. */
int64_t store_batch_line_price(struct db *db, const char *so_id, const char *batch_number);

/* Reports.  NULL means unknown (batch, farm) or a database failure (e says which). */
json_t *store_investigation_json(struct db *db, const char *batch_number, struct error *e);
json_t *store_farm_json(struct db *db, const char *farm_id, struct error *e);
/* Complaints are customer tickets outside the "general" group; a customer is a repeat
 * complainer with at least threshold complaints in the last window_days. */
json_t *store_customer_history_json(struct db *db, const char *customer_id, int64_t now,
				    int threshold, int window_days, struct error *e);
/* Events recorded in [from, to) (0: open), newest first (at most 500 listed) with totals by
 * farm, product and month over all of them. */
json_t *store_wastage_json(struct db *db, int64_t from, int64_t to, struct error *e);

#endif
