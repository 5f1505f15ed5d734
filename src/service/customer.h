/* Customers as support sees them: the search for pickers, one customer with its ticket
 * history, complaint figures and flags ("high standards", set by a manager; "repeat
 * complainer", computed under the complaint settings). */
#ifndef TICKETD_SERVICE_CUSTOMER_H
#define TICKETD_SERVICE_CUSTOMER_H

#include <jansson.h>

#include "service.h"
#include "../store/complaint.h"
#include "../store/customer_flag.h"
#include "../domain/complaint.h"

#define CUSTOMER_HISTORY_LISTED 100 /* tickets a history lists; its counts count every one */

enum repeat_rule { REPEAT_PEERS, REPEAT_COUNT, REPEAT__MAX };

struct complaint_settings {
	/* peers (the default): at least repeat_threshold complaints in the window and a
	 * complaint rate per order at least repeat_factor times the median of the customer's
	 * peers (domain/complaint.h); count: repeat_threshold complaints in the window. */
	enum repeat_rule repeat_rule;
	int repeat_threshold;	/* complaints in the window */
	int repeat_window_days; /* the window */
	int repeat_factor;	/* times the peers' median rate */
};

const char *repeat_rule_name(enum repeat_rule r);

/* Everything in the view is in the ctx's arena. */
struct customer_history {
	struct complaint *tickets; /* newest first, at most CUSTOMER_HISTORY_LISTED */
	int ntickets;
	int64_t ticket_count, complaints_30d, complaints_90d, complaints_window;
	bool repeat_complainer;
	/* The peers rule's figures (repeat_rule peers): orders in the window, and the rates. */
	int64_t orders_in_window;
	struct complaint_outlier outlier;
	bool high_standards;
	struct customer_flag high_standards_flag; /* when high_standards */
	struct complaint_settings settings;	  /* that decided repeat_complainer */
};

struct customer_view {
	struct customer customer;
	bool has_history; /* false when the history could not be read */
	struct customer_history history;
};

/* Customers whose name, id, phone or email contains q, at most limit (<= 50) into out. */
enum err_code svc_customers(struct ctx *c, const char *q, int limit, struct customer *out, int *n);
/* The customer with its history; 404 when unknown. */
enum err_code svc_customer(struct ctx *c, const char *customer_id, struct customer_view *out);
/* The customer's tickets, figures and flags (staff). */
enum err_code svc_customer_history(struct ctx *c, const char *customer_id,
				   struct customer_history *out);
/* Sets or clears "high standards" on a customer (managers and admins). */
enum err_code svc_customer_flag(struct ctx *c, const char *customer_id, bool high_standards,
				const char *note);

enum err_code svc_complaint_settings(struct ctx *c, struct complaint_settings *out);
json_t *svc_complaint_settings_json(const struct complaint_settings *s);
enum err_code svc_complaint_settings_put(struct ctx *c, json_t *body,
					 struct complaint_settings *out);

#endif
