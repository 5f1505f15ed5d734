/* The ticket's client-settable fields as one table, and the pure rules on them: which fields
 * each kind takes, which are required at creation, their formats, numbering and status
 * changes.  No SQL, HTTP or JSON here: values arrive as text in a struct ticket_input. */
#ifndef TICKETD_TICKET_H
#define TICKETD_TICKET_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/err.h"
#include "catalog.h"

enum tfield {
	TF_TITLE,
	TF_DESCRIPTION,
	TF_CATEGORY,
	TF_PRIORITY,
	TF_CUSTOMER_ID,
	TF_SO_ID,
	TF_INVOICE_ID,
	TF_WOO_ORDER_NUMBER,
	TF_CUSTOMER_NAME,
	TF_CUSTOMER_EMAIL,
	TF_CUSTOMER_PHONE,
	TF_DELIVERY_DATE,
	TF_BATCH_NUMBER,
	TF_ITEMS_AFFECTED,
	TF_REQUESTED_RESOLUTION,
	TF_PREFERRED_RESOLUTION_DATE,
	TF_STEPS_TO_REPRODUCE,
	TF_EXPECTED_BEHAVIOR,
	TF_ACTUAL_BEHAVIOR,
	TF_AFFECTED_MODULE,
	TF__MAX
};

enum ftype {
	FT_TEXT,    /* free text up to max bytes */
	FT_ID,	    /* an ERP record id or reference: no control characters, up to max */
	FT_ENUM,    /* checked against the catalog by the field's own rule */
	FT_DATE,    /* YYYY-MM-DD */
	FT_INSTANT, /* ISO 8601 with zone, stored as UTC seconds */
	FT_EMAIL,
	FT_PHONE,
};

#define KB(k)	       (1u << (k))
#define KINDS_CUSTOMER (KB(KIND_B2B) | KB(KIND_B2C))
#define KINDS_ALL      (KB(KIND_B2B) | KB(KIND_B2C) | KB(KIND_INTERNAL))

struct tfield_def {
	const char *name; /* the JSON and column name */
	enum ftype type;
	unsigned max;	/* bytes */
	unsigned kinds; /* kinds that take the field (KB bits) */
	bool editable;	/* may be changed by update after creation */
	bool in_list;	/* carried by list rows (the rest only by the whole ticket) */
};

extern const struct tfield_def tfield_defs[TF__MAX];

int tfield_from_name(const char *name);

/* Client-supplied values.  set[f] says the field was present; v[f] is NULL for JSON null. */
struct ticket_input {
	const char *v[TF__MAX];
	bool set[TF__MAX];
};

/* Checks each present field's format and kind; on failure reports every failing field in e
 * (err_add: the first is e's field) and returns e's code.  A field the kind does not have is
 * ERR_BAD_REQUEST, reported alone.  Does not check required fields. */
enum err_code ticket_check_fields(enum kind k, const struct ticket_input *in, bool creating,
				  struct error *e);
/* Checks the fields the specification requires for kind k at creation (after defaults);
 * every missing one is added to e (err_add), so it may follow ticket_check_fields. */
enum err_code ticket_check_required(enum kind k, const struct ticket_input *in, struct error *e);

/* "B2B-000123" into out (at least 24 bytes). */
void ticket_number_format(enum kind k, int64_t n, char *out, unsigned outlen);

/* Checks a status change; on refusal e says which statuses are allowed from `from`. */
enum err_code ticket_check_transition(enum kind k, enum status from, enum status to,
				      struct error *e);

/* The B2C claim window (DESIGN.md "Time rules"): a claim raised at `created` for a delivery at
 * `delivered` is within policy when raised before the end of the delivery's local calendar
 * day; days_late is the local creation date minus the local delivery date, else 0.
 * Local days are given as days since the epoch, so this stays pure. */
void claim_window(int64_t delivery_local_day, int64_t created_local_day, bool *within,
		  int *days_late);

#endif
