/* Root causes and wastage: an investigation's finding on a quality ticket, the wastage
 * event a confirmed claim writes (what was lost and what it cost), and the wastage report
 * over a period. */
#ifndef TICKETD_SERVICE_WASTAGE_H
#define TICKETD_SERVICE_WASTAGE_H

#include "service.h"
#include "../domain/tally.h"
#include "../store/wastage.h"

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

/* Inside the transaction that resolved t: a quality claim (b2b, b2c) resolved with a credit
 * note, refund, store credit or replacement writes its wastage event itself, with the
 * quantity and price of its order line (store/claim.h), unless its root cause is not_valid
 * or customer_handling, it has an event already (recorded with the root cause), or no order
 * line is known (then nothing is written). */
enum err_code svc_wastage_on_resolve(struct ctx *c, const struct ticket *t);

#define WASTAGE_LISTED 500 /* events a report lists; its totals count every one */

/* Everything in the view is in the ctx's arena. */
struct wastage_report {
	struct wastage *items; /* newest first, at most WASTAGE_LISTED */
	int nitems;
	double qty;
	int64_t cost_paise;
	/* events, qty and cost by farm ("(none)" without one; label: its name), product and
	 * month, each in key order */
	struct tally by_farm, by_product, by_month;
};

/* Events recorded in [from, to) (0: open) with their totals (staff). */
enum err_code svc_wastage(struct ctx *c, int64_t from, int64_t to, struct wastage_report *out);
/* The pure part of it: the report of events (newest first). */
void wastage_report_make(struct arena *a, struct wastage *events, int n,
			 struct wastage_report *out);

#endif
