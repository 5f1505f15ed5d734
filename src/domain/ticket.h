/* The ticket: struct ticket, the table of its columns (the client-settable fields first),
 * and the pure rules on them: which fields each kind takes, which are required at creation,
 * their formats, numbering and status changes.  No SQL, HTTP or JSON here: client values
 * arrive as text in a struct ticket_input. */
#ifndef TICKETD_TICKET_H
#define TICKETD_TICKET_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "catalog.h"
#include "sla.h"

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

/* A ticket as the program holds it: read by the store, changed by the service, written as
 * JSON by the api.  Texts point into the request's arena (or into static tables); the
 * struct owns nothing.  Every stored member is a row of ticket_cols below. */
struct ticket {
	int64_t id;
	const char *number;
	enum kind kind;
	const char *category_group;
	int priority_rank;
	enum status status;
	const char *v[TF__MAX]; /* client fields as text (delivery_date as an ISO instant) */
	int64_t delivery_at;	/* delivery_date as UTC seconds, when v[TF_DELIVERY_DATE] */
	const char *ticket_creation_date;
	int within_policy_window; /* -1 when it does not apply */
	int days_late;
	const char *resolution_type;
	const char *resolution_notes;
	int64_t created_by;
	int64_t assigned_to; /* 0: nobody */
	/* Joined, not stored: the names of the creator (whole tickets only), the assignee and
	 * the team, filled by the store when it reads the ticket. */
	const char *created_by_name;
	const char *assigned_to_name;
	int64_t created_at, updated_at, resolved_at, closed_at; /* 0: not yet */
	/* When the customer first reported it, when before created_at (a WhatsApp message
	 * staff turned into the ticket later); 0: at creation.  The claim window counts from it. */
	int64_t reported_at;
	struct sla_clock sla;
	bool sla_warned;       /* the assignee was warned in this SLA period */
	int escalation_level;  /* escalations so far */
	int64_t next_check_at; /* when the sweep looks again; 0: never */
	int64_t first_response_at;
	const char *policy_exception; /* NULL, "approved" or "rejected" */
	const char *policy_exception_note;
	int64_t policy_exception_by, policy_exception_at;
	int64_t team_id; /* 0: no team */
	const char *team_name;
	/* What the resolution did (issue 5): amount in paise when has_amount. */
	bool has_amount;
	int64_t resolution_amount;
	const char *resolution_currency, *resolution_reference;
	const char *replacement_date, *replacement_items;
	const char *close_confirmation;
	bool on_roadmap;
	int64_t release_id; /* 0: none */
};

/* --- the column table ---------------------------------------------------------------
 * One row per stored column of `tickets`.  It drives the store's SELECTs, row reader,
 * INSERT and UPDATE (ticket_diff), the service's audit events and the api's JSON, so a new
 * column is a row here, a member of struct ticket and a migration.  The client fields come
 * first: column f < TF__MAX is enum tfield f, held in t->v[f], and its row also carries the
 * rules the client's value must follow (ftype, max, kinds, COL_EDITABLE). */
enum tcol {
	TC_ID = TF__MAX,
	TC_NUMBER,
	TC_KIND,
	TC_CATEGORY_GROUP,
	TC_PRIORITY_RANK,
	TC_CREATED_BY,
	/* Audited columns change in this order on the timeline: the client fields, then these
	 * four, then the status (ticket_cols[].event). */
	TC_ASSIGNED_TO,
	TC_RELEASE_ID,
	TC_ON_ROADMAP,
	TC_TEAM_ID,
	TC_STATUS,
	TC_WITHIN_POLICY_WINDOW,
	TC_DAYS_LATE,
	TC_TICKET_CREATION_DATE,
	TC_CREATED_AT,
	TC_REPORTED_AT,
	TC_UPDATED_AT,
	TC_RESOLVED_AT,
	TC_CLOSED_AT,
	TC_FIRST_RESPONSE_AT,
	TC_ESCALATION_LEVEL,
	TC_SLA_BUDGET,
	TC_SLA_USED,
	TC_SLA_RUNNING_SINCE,
	TC_SLA_DUE_AT,
	TC_SLA_RISK_AT,
	TC_SLA_RESULT,
	TC_SLA_WARNED,
	TC_NEXT_CHECK_AT,
	TC_RESOLUTION_TYPE,
	TC_RESOLUTION_NOTES,
	TC_RESOLUTION_AMOUNT,
	TC_RESOLUTION_CURRENCY,
	TC_RESOLUTION_REFERENCE,
	TC_REPLACEMENT_DATE,
	TC_REPLACEMENT_ITEMS,
	TC_CLOSE_CONFIRMATION,
	TC_POLICY_EXCEPTION,
	TC_POLICY_EXCEPTION_NOTE,
	TC_POLICY_EXCEPTION_BY,
	TC_POLICY_EXCEPTION_AT,
	TC__MAX
};

/* How a column is held in struct ticket (at off, and off2 for a second member) and
 * stored: as a text, an integer, or NULL. */
enum col_type {
	CT_TEXT,	 /* const char *; NULL is NULL */
	CT_INT,		 /* int, never NULL */
	CT_I64,		 /* int64_t, never NULL */
	CT_ID,		 /* int64_t reference to another row; 0 is NULL (JSON: number or null) */
	CT_TIME,	 /* int64_t UTC seconds; 0 is NULL (JSON: ISO 8601 or null) */
	CT_BOOL,	 /* bool, stored 0 or 1 */
	CT_KIND,	 /* enum kind, stored by its name */
	CT_STATUS,	 /* enum status, stored by its name */
	CT_WINDOW,	 /* int: 1 or 0, or -1 (NULL) where the claim window does not apply */
	CT_DAYS_LATE,	 /* int; NULL while within_policy_window is -1 */
	CT_MONEY,	 /* int64_t paise at off, present when the bool at off2 */
	CT_INSTANT_TEXT, /* const char * ISO 8601 at off, its UTC seconds (int64_t) at off2;
			    stored as the seconds */
	CT__MAX
};

enum {
	COL_LIST = 1u << 0,   /* read for list rows, and in their JSON (else whole tickets only) */
	COL_INSERT = 1u << 1, /* written by the INSERT that creates a ticket (else its default) */
	COL_UPDATE = 1u << 2, /* written by store_ticket_update when it changed */
	COL_JSON = 1u << 3,   /* in the ticket's JSON, under json or name */
	COL_EDITABLE = 1u << 4, /* a client field that may change after creation */
	COL_SWEEP = 1u << 5,	/* read by the escalation sweep, with the COL_LIST columns */
};

struct ticket_col {
	const char *name; /* the column, and the JSON key unless json is set */
	const char *json; /* the JSON key when it is not the column's name, or NULL */
	enum col_type type;
	unsigned short off, off2; /* offsetof(struct ticket, ...) */
	unsigned flags;		  /* COL_... */
	unsigned kinds;		  /* kinds that have it (KB bits): their JSON and client input */
	const char *event;	  /* the audit event written when it changes, or NULL */
	/* The client fields only: */
	enum ftype ftype;
	unsigned max; /* bytes */
};

extern const struct ticket_col ticket_cols[TC__MAX];

/* A column's value as stored.  For CT_INSTANT_TEXT s is the text and i the seconds; for
 * CT_KIND and CT_STATUS s is the name.  i holds the member's value also when null (e.g.
 * days_late). */
struct col_value {
	bool null;
	int64_t i;
	const char *s;
};

/* Whether columns of type t are stored as texts (else as integers). */
static inline bool col_type_text(enum col_type t)
{
	return t == CT_TEXT || t == CT_KIND || t == CT_STATUS;
}

/* Whether a column of type t tells NULL apart from the integer 0 (the rest read NULL as 0). */
static inline bool col_type_null_apart(enum col_type t)
{
	return t == CT_WINDOW || t == CT_MONEY || t == CT_INSTANT_TEXT;
}

static inline const void *ticket_col_at(const struct ticket *t, unsigned short off)
{
	return (const char *)t + off;
}

/* Column c of t as stored.  Inline: the row reader and the JSON writer call it for every
 * column of every ticket. */
static inline void ticket_col_get(const struct ticket *t, enum tcol c, struct col_value *v)
{
	v->null = false;
	v->i = 0;
	v->s = NULL;
	switch (ticket_cols[c].type) {
	case CT_TEXT:
		v->s = *(const char *const *)ticket_col_at(t, ticket_cols[c].off);
		v->null = !v->s;
		break;
	case CT_INT:
		v->i = *(const int *)ticket_col_at(t, ticket_cols[c].off);
		break;
	case CT_I64:
		v->i = *(const int64_t *)ticket_col_at(t, ticket_cols[c].off);
		break;
	case CT_ID:
	case CT_TIME:
		v->i = *(const int64_t *)ticket_col_at(t, ticket_cols[c].off);
		v->null = !v->i;
		break;
	case CT_BOOL:
		v->i = *(const bool *)ticket_col_at(t, ticket_cols[c].off);
		break;
	case CT_KIND:
		v->s = kind_name(*(const enum kind *)ticket_col_at(t, ticket_cols[c].off));
		break;
	case CT_STATUS:
		v->s = status_name(*(const enum status *)ticket_col_at(t, ticket_cols[c].off));
		break;
	case CT_WINDOW:
		v->i = *(const int *)ticket_col_at(t, ticket_cols[c].off);
		v->null = v->i < 0;
		break;
	case CT_DAYS_LATE:
		v->i = *(const int *)ticket_col_at(t, ticket_cols[c].off);
		v->null = t->within_policy_window < 0;
		break;
	case CT_MONEY:
		v->i = *(const int64_t *)ticket_col_at(t, ticket_cols[c].off);
		v->null = !*(const bool *)ticket_col_at(t, ticket_cols[c].off2);
		break;
	case CT_INSTANT_TEXT:
		v->s = *(const char *const *)ticket_col_at(t, ticket_cols[c].off);
		v->i = *(const int64_t *)ticket_col_at(t, ticket_cols[c].off2);
		v->null = !v->s;
		break;
	case CT__MAX:
		break;
	}
}

/* Sets column c of t from a stored value.  Texts are copied into a (a CT_INSTANT_TEXT is
 * formatted there from v->i); an unknown kind or status name reads as internal or new. */
void ticket_col_set(struct ticket *t, enum tcol c, const struct col_value *v, struct arena *a);
/* The value as the audit trail writes it (NULL for NULL): texts as they are, numbers in
 * decimal, booleans true or false, kinds and statuses by name; in a, or static. */
const char *ticket_col_text(const struct ticket *t, enum tcol c, struct arena *a);
/* The COL_UPDATE columns whose stored values differ between a and b, in table order, into
 * out (room for TC__MAX); returns how many. */
int ticket_diff(const struct ticket *a, const struct ticket *b, enum tcol *out);

int tfield_from_name(const char *name);

/* Client-supplied values.  set[f] says the field was present; v[f] is NULL for JSON null. */
struct ticket_input {
	const char *v[TF__MAX];
	bool set[TF__MAX];
	int64_t reported_at; /* not a client field: see struct ticket; 0 for none */
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

/* The orders a ticket list can be sorted in (store_ticket_list), and the value of t that a
 * list's keyset cursor carries for each. */
enum sort_key { SORT_CREATED, SORT_UPDATED, SORT_PRIORITY, SORT_SLA_DUE, SORT__MAX };
int64_t ticket_sort_value(const struct ticket *t, enum sort_key s);

#endif
