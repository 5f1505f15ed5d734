/* Patterns that find the people (issue 18): the rules (settings "patterns": N complaints on
 * one batch within H hours, M on one farm or one product within D days), the quality
 * incidents they open, and closing one.  The rules run inside the transaction that creates a
 * complaint or sets its batch (svc_patterns_check), on indexed counts. */
#ifndef TICKETD_SERVICE_INCIDENT_H
#define TICKETD_SERVICE_INCIDENT_H

#include <jansson.h>

#include "service.h"
#include "../store/incident.h"

struct pattern_rule {
	int count;	/* complaints that open an incident; 0: the rule is off */
	int64_t window; /* seconds */
};

struct pattern_settings {
	struct pattern_rule rule[IR__MAX];
};

/* The stored settings, or the defaults (3 on a batch in 48 hours, 5 on a farm in 7 days, 8
 * on a product in 7 days). */
enum err_code svc_pattern_settings(struct ctx *c, struct pattern_settings *out);
/* Managers and admins; any subset of the keys; *out is what is stored. */
enum err_code svc_pattern_settings_put(struct ctx *c, json_t *body, struct pattern_settings *out);
json_t *svc_pattern_settings_json(const struct pattern_settings *s);

/* Inside the caller's transaction, after ticket t (its id set) was created or had its batch
 * set: counts the complaints on its batch, the batch's farm and product, and opens an
 * incident for each rule that reaches its count (once per window) or links t to the
 * subject's open incident. */
enum err_code svc_patterns_check(struct ctx *c, const struct ticket *t);

struct incident_view {
	struct incident incident;
	struct incident_ticket *tickets;
	int ntickets;
	const char **batches, **customers; /* distinct, in the tickets' order */
	int nbatches, ncustomers;
};

/* Staff.  status NULL, "open" or "closed". */
enum err_code svc_incidents(struct ctx *c, const char *status, struct incident **out, int *n);
enum err_code svc_incident(struct ctx *c, int64_t id, struct incident_view *out);
/* Closes an open incident (managers and admins) with a note; comment, when not NULL, is
 * added to every linked ticket (visibility internal or public) in the same transaction. */
enum err_code svc_incident_close(struct ctx *c, int64_t id, const char *note, const char *comment,
				 const char *visibility, struct incident_view *out);
/* The incidents a ticket is linked to. */
enum err_code svc_incidents_of_ticket(struct ctx *c, int64_t ticket, struct incident **out, int *n);

#endif
