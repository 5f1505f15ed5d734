/* Traceability use cases: farms and batches (import, JSON and CSV), the batch investigation,
 * root causes on quality tickets with the wastage they cost, farm flags and figures, the
 * customer's history and flags, the communication log, and the settings they use. */
#ifndef TICKETD_SERVICE_TRACE_H
#define TICKETD_SERVICE_TRACE_H

#include <jansson.h>

#include "evidence.h"

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

/* Reports for staff. */
enum err_code svc_investigation(struct ctx *c, const char *batch_number, json_t **out);
enum err_code svc_farm(struct ctx *c, const char *farm_id, json_t **out);
enum err_code svc_customer_history(struct ctx *c, const char *customer_id, json_t **out);
enum err_code svc_wastage(struct ctx *c, int64_t from, int64_t to, json_t **out);

#define ROOT_CAUSES "farm, packing, delivery, customer_handling or not_valid"

struct root_cause_in {
	const char *root_cause, *note;
	bool has_qty;
	double affected_qty;
	bool has_unit_cost;
	int64_t unit_cost_paise;
};

/* Records the root cause of a quality ticket; a confirmed cause (not not_valid) writes the
 * ticket's wastage event, not_valid removes it.  Audited. */
enum err_code svc_ticket_root_cause(struct ctx *c, enum kind k, const char *id,
				    const struct root_cause_in *in, struct ticket *out);
/* Flags a farm for a ticket; audited on the ticket.  *flag_id is the new flag. */
enum err_code svc_farm_flag(struct ctx *c, const char *farm_id, const char *ticket,
			    const char *reason, int64_t *flag_id);
/* Sets or clears "high standards" on a customer (managers and admins). */
enum err_code svc_customer_flag(struct ctx *c, const char *customer_id, bool high_standards,
				const char *note);

struct complaint_settings {
	int repeat_threshold;	/* complaints in the window that make a repeat complainer */
	int repeat_window_days; /* the window */
};

enum err_code svc_complaint_settings(struct ctx *c, struct complaint_settings *out);
enum err_code svc_complaint_settings_put(struct ctx *c, json_t *body,
					 struct complaint_settings *out);

/* Logs a communication on a customer ticket, with files; shown on the timeline.  An
 * outbound one by staff is the ticket's first response when there was none. */
enum err_code svc_communication_add(struct ctx *c, enum kind k, const char *id,
				    struct communication *in, struct evidence *ev);
enum err_code svc_communications(struct ctx *c, enum kind k, const char *id,
				 struct communication **out, int *n, struct attachment **files,
				 int *nfiles);

#endif
