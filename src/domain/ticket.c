/* The ticket's column table and rules; see ticket.h. */
#include "ticket.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../base/timefmt.h"
#include "../base/banned.h"

#define OFF(m) ((unsigned short)offsetof(struct ticket, m))
/* A client field f: its column is t->v[f]; list marks those list rows carry. */
#define FIELD(f, nm, ft, mx, k, edit, list)                                                        \
	[f] = {.name = nm,                                                                         \
	       .type = (ft) == FT_INSTANT ? CT_INSTANT_TEXT : CT_TEXT,                             \
	       .off = OFF(v[f]),                                                                   \
	       .off2 = (ft) == FT_INSTANT ? OFF(delivery_at) : 0,                                  \
	       .flags = COL_INSERT | COL_UPDATE | COL_JSON | ((edit) ? COL_EDITABLE : 0) |         \
			((list) ? COL_LIST : 0),                                                   \
	       .kinds = k,                                                                         \
	       .event = "changed",                                                                 \
	       .ftype = ft,                                                                        \
	       .max = mx}
/* A column the system keeps, that the kinds k have. */
#define SYS(c, nm, ty, member, fl, k, ...)                                                         \
	[c] = {.name = nm, .type = ty, .off = OFF(member), .flags = fl, .kinds = k, __VA_ARGS__}

/* The flags by their initials, so that a row reads on a line or two. */
enum { I = COL_INSERT, U = COL_UPDATE, L = COL_LIST, J = COL_JSON, S = COL_SWEEP };

const struct ticket_col ticket_cols[TC__MAX] = {
    FIELD(TF_TITLE, "title", FT_TEXT, 200, KINDS_ALL, true, true),
    FIELD(TF_DESCRIPTION, "description", FT_TEXT, 20000, KINDS_ALL, true, false),
    FIELD(TF_CATEGORY, "category", FT_ENUM, 64, KINDS_ALL, true, true),
    FIELD(TF_PRIORITY, "priority", FT_ENUM, 16, KINDS_ALL, true, true),
    FIELD(TF_CUSTOMER_ID, "customer_id", FT_ID, 64, KINDS_CUSTOMER, false, true),
    FIELD(TF_SO_ID, "so_id", FT_ID, 64, KINDS_CUSTOMER, true, true),
    FIELD(TF_INVOICE_ID, "invoice_id", FT_ID, 64, KB(KIND_B2B), true, true),
    FIELD(TF_WOO_ORDER_NUMBER, "woo_order_number", FT_ID, 64, KB(KIND_B2C), true, true),
    FIELD(TF_CUSTOMER_NAME, "customer_name", FT_TEXT, 200, KB(KIND_B2C), true, true),
    FIELD(TF_CUSTOMER_EMAIL, "customer_email", FT_EMAIL, 254, KB(KIND_B2C), true, false),
    FIELD(TF_CUSTOMER_PHONE, "customer_phone", FT_PHONE, 32, KB(KIND_B2C), true, false),
    FIELD(TF_DELIVERY_DATE, "delivery_date", FT_INSTANT, 40, KINDS_CUSTOMER, true, false),
    FIELD(TF_BATCH_NUMBER, "batch_number", FT_ID, 64, KINDS_CUSTOMER, true, true),
    FIELD(TF_ITEMS_AFFECTED, "items_affected", FT_TEXT, 2000, KINDS_CUSTOMER, true, false),
    FIELD(TF_REQUESTED_RESOLUTION, "requested_resolution", FT_ENUM, 32, KINDS_CUSTOMER, true,
	  false),
    FIELD(TF_PREFERRED_RESOLUTION_DATE, "preferred_resolution_date", FT_DATE, 10, KINDS_CUSTOMER,
	  true, false),
    FIELD(TF_STEPS_TO_REPRODUCE, "steps_to_reproduce", FT_TEXT, 20000, KB(KIND_INTERNAL), true,
	  false),
    FIELD(TF_EXPECTED_BEHAVIOR, "expected_behavior", FT_TEXT, 20000, KB(KIND_INTERNAL), true,
	  false),
    FIELD(TF_ACTUAL_BEHAVIOR, "actual_behavior", FT_TEXT, 20000, KB(KIND_INTERNAL), true, false),
    FIELD(TF_AFFECTED_MODULE, "affected_module", FT_TEXT, 100, KB(KIND_INTERNAL), true, true),

    SYS(TC_ID, "ticket_id", CT_I64, id, L | J, KINDS_ALL),
    SYS(TC_NUMBER, "number", CT_TEXT, number, I | L | J, KINDS_ALL),
    SYS(TC_KIND, "kind", CT_KIND, kind, I | L | J, KINDS_ALL),
    SYS(TC_CATEGORY_GROUP, "category_group", CT_TEXT, category_group, I | U | J, KINDS_ALL),
    SYS(TC_PRIORITY_RANK, "priority_rank", CT_INT, priority_rank, I | U | L | J, KINDS_ALL),
    SYS(TC_CREATED_BY, "created_by", CT_I64, created_by, I | L | J, KINDS_ALL),
    SYS(TC_ASSIGNED_TO, "assigned_to", CT_ID, assigned_to, I | U | L | J, KINDS_ALL,
	.event = "assigned"),
    SYS(TC_RELEASE_ID, "release_id", CT_ID, release_id, U | L | J, KB(KIND_INTERNAL),
	.event = "changed"),
    SYS(TC_ON_ROADMAP, "on_roadmap", CT_BOOL, on_roadmap, U | L | J, KB(KIND_INTERNAL),
	.event = "changed"),
    SYS(TC_TEAM_ID, "team_id", CT_ID, team_id, I | U | L | J, KINDS_ALL, .event = "team"),
    SYS(TC_STATUS, "status", CT_STATUS, status, I | U | L | J, KINDS_ALL, .event = "status"),
    SYS(TC_WITHIN_POLICY_WINDOW, "within_policy_window", CT_WINDOW, within_policy_window,
	I | U | L | J, KB(KIND_B2C)),
    SYS(TC_DAYS_LATE, "days_late", CT_DAYS_LATE, days_late, I | U | L | J, KB(KIND_B2C)),
    SYS(TC_TICKET_CREATION_DATE, "ticket_creation_date", CT_TEXT, ticket_creation_date, I | J,
	KINDS_ALL),
    SYS(TC_CREATED_AT, "created_at", CT_TIME, created_at, I | L | J, KINDS_ALL),
    SYS(TC_REPORTED_AT, "reported_at", CT_TIME, reported_at, I | J, KB(KIND_B2C)),
    SYS(TC_UPDATED_AT, "updated_at", CT_TIME, updated_at, I | L | J, KINDS_ALL),
    SYS(TC_RESOLVED_AT, "resolved_at", CT_TIME, resolved_at, U | J, KINDS_ALL),
    SYS(TC_CLOSED_AT, "closed_at", CT_TIME, closed_at, U | J, KINDS_ALL),
    SYS(TC_FIRST_RESPONSE_AT, "first_response_at", CT_TIME, first_response_at, U | J, KINDS_ALL),
    SYS(TC_ESCALATION_LEVEL, "escalation_level", CT_INT, escalation_level, U | L | J, KINDS_ALL),
    SYS(TC_SLA_BUDGET, "sla_budget", CT_I64, sla.budget, I | U | L, KINDS_ALL),
    SYS(TC_SLA_USED, "sla_used", CT_I64, sla.used, I | U | L, KINDS_ALL),
    SYS(TC_SLA_RUNNING_SINCE, "sla_running_since", CT_TIME, sla.running_since, I | U | L,
	KINDS_ALL),
    SYS(TC_SLA_DUE_AT, "sla_due_at", CT_TIME, sla.due_at, I | U | L | J, KINDS_ALL),
    SYS(TC_SLA_RISK_AT, "sla_risk_at", CT_TIME, sla.risk_at, I | U | L, KINDS_ALL),
    SYS(TC_SLA_RESULT, "sla_result", CT_INT, sla.result, U | L, KINDS_ALL),
    SYS(TC_SLA_WARNED, "sla_warned", CT_BOOL, sla_warned, U | S, KINDS_ALL),
    SYS(TC_NEXT_CHECK_AT, "next_check_at", CT_TIME, next_check_at, I | U | S, KINDS_ALL),
    SYS(TC_RESOLUTION_TYPE, "resolution_type", CT_TEXT, resolution_type, U | J, KINDS_ALL),
    SYS(TC_RESOLUTION_NOTES, "resolution_notes", CT_TEXT, resolution_notes, U | J, KINDS_ALL),
    SYS(TC_RESOLUTION_AMOUNT, "resolution_amount_paise", CT_MONEY, resolution_amount, U | J,
	KINDS_ALL, .json = "resolution_amount", .off2 = OFF(has_amount)),
    SYS(TC_RESOLUTION_CURRENCY, "resolution_currency", CT_TEXT, resolution_currency, U | J,
	KINDS_ALL),
    SYS(TC_RESOLUTION_REFERENCE, "resolution_reference", CT_TEXT, resolution_reference, U | J,
	KINDS_ALL),
    SYS(TC_REPLACEMENT_DATE, "replacement_date", CT_TEXT, replacement_date, U | J, KINDS_ALL),
    SYS(TC_REPLACEMENT_ITEMS, "replacement_items", CT_TEXT, replacement_items, U | J, KINDS_ALL),
    SYS(TC_CLOSE_CONFIRMATION, "close_confirmation", CT_TEXT, close_confirmation, U | J, KINDS_ALL),
    SYS(TC_POLICY_EXCEPTION, "policy_exception", CT_TEXT, policy_exception, U | J, KB(KIND_B2C)),
    SYS(TC_POLICY_EXCEPTION_NOTE, "policy_exception_note", CT_TEXT, policy_exception_note, U | J,
	KB(KIND_B2C)),
    SYS(TC_POLICY_EXCEPTION_BY, "policy_exception_by", CT_ID, policy_exception_by, U | J,
	KB(KIND_B2C)),
    SYS(TC_POLICY_EXCEPTION_AT, "policy_exception_at", CT_TIME, policy_exception_at, U | J,
	KB(KIND_B2C)),
};

#define AT(t, c, type)	((type *)((char *)(t) + ticket_cols[c].off))
#define AT2(t, c, type) ((type *)((char *)(t) + ticket_cols[c].off2))

void ticket_col_set(struct ticket *t, enum tcol c, const struct col_value *v, struct arena *a)
{
	int k, s;
	char *iso;

	switch (ticket_cols[c].type) {
	case CT_TEXT:
		*AT(t, c, const char *) = v->null ? NULL : arena_strdup(a, v->s);
		break;
	case CT_INT:
	case CT_DAYS_LATE:
		*AT(t, c, int) = v->null ? 0 : (int)v->i;
		break;
	case CT_I64:
	case CT_ID:
	case CT_TIME:
		*AT(t, c, int64_t) = v->null ? 0 : v->i;
		break;
	case CT_BOOL:
		*AT(t, c, bool) = !v->null && v->i != 0;
		break;
	case CT_KIND:
		k = v->null ? -1 : kind_from_name(v->s);
		*AT(t, c, enum kind) = k < 0 ? KIND_INTERNAL : (enum kind)k;
		break;
	case CT_STATUS:
		s = v->null ? -1 : status_from_name(v->s);
		*AT(t, c, enum status) = s < 0 ? ST_NEW : (enum status)s;
		break;
	case CT_WINDOW:
		*AT(t, c, int) = v->null ? -1 : (int)v->i;
		break;
	case CT_MONEY:
		*AT2(t, c, bool) = !v->null;
		*AT(t, c, int64_t) = v->null ? 0 : v->i;
		break;
	case CT_INSTANT_TEXT:
		if (v->null) {
			*AT(t, c, const char *) = NULL;
			*AT2(t, c, int64_t) = 0;
			break;
		}
		iso = arena_alloc(a, TIME_ISO_LEN);
		instant_format(v->i, iso);
		*AT(t, c, const char *) = iso;
		*AT2(t, c, int64_t) = v->i;
		break;
	case CT__MAX:
		break;
	}
}

const char *ticket_col_text(const struct ticket *t, enum tcol c, struct arena *a)
{
	struct col_value v;

	ticket_col_get(t, c, &v);
	if (v.null)
		return NULL;
	if (v.s)
		return v.s;
	if (ticket_cols[c].type == CT_BOOL)
		return v.i ? "true" : "false";
	return arena_printf(a, "%lld", (long long)v.i);
}

static bool value_differs(const struct col_value *x, const struct col_value *y, bool text)
{
	if (x->null || y->null)
		return x->null != y->null;
	return text ? strcmp(x->s, y->s) != 0 : x->i != y->i;
}

int ticket_diff(const struct ticket *a, const struct ticket *b, enum tcol *out)
{
	int n = 0;

	for (int c = 0; c < TC__MAX; c++) {
		struct col_value x, y;

		if (!(ticket_cols[c].flags & COL_UPDATE))
			continue;
		ticket_col_get(a, (enum tcol)c, &x);
		ticket_col_get(b, (enum tcol)c, &y);
		if (value_differs(&x, &y, col_type_text(ticket_cols[c].type)))
			out[n++] = (enum tcol)c;
	}
	return n;
}

int tfield_from_name(const char *name)
{
	for (int f = 0; f < TF__MAX; f++)
		if (strcmp(ticket_cols[f].name, name) == 0)
			return f;
	return -1;
}

static bool has_control_chars(const char *s, bool allow_newlines)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 && !(allow_newlines && (*p == '\n' || *p == '\r' || *p == '\t')))
			return true;
	return false;
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at != s && strchr(at + 1, '.') && !strchr(at + 1, '@') && !strchr(s, ' ') &&
	       at[1] != '.' && s[strlen(s) - 1] != '.';
}

static bool phone_ok(const char *s)
{
	int digits = 0;

	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr("+-() ", *p))
			return false;
	}
	return digits >= 6 && digits <= 15;
}

/* Each check below reports every failing field of the input (err_add), and returns ERR_OK
 * only when it found none. */
static bool check_enum(enum kind k, enum tfield f, const char *v, struct error *e)
{
	const char *name = ticket_cols[f].name;

	switch (f) {
	case TF_CATEGORY:
		if (!category_find(k, v))
			return err_add(e, ERR_INVALID, name, "unknown %s category '%s'",
				       kind_name(k), v);
		return false;
	case TF_PRIORITY:
		if (priority_from_name(k, v) < 0)
			return err_add(e, ERR_INVALID, name,
				       "priority must be one of %s, %s, %s, %s",
				       priority_name(k, 0), priority_name(k, 1),
				       priority_name(k, 2), priority_name(k, 3));
		return false;
	case TF_REQUESTED_RESOLUTION:
		if (!resolution_type_valid(k, v))
			return err_add(e, ERR_INVALID, name,
				       "unknown resolution '%s' for %s tickets (see /api/catalog)",
				       v, kind_name(k));
		return false;
	default:
		return false;
	}
}

/* Whether v, the value of field d, breaks a rule of its type (reported in e). */
static bool check_value(enum kind k, enum tfield f, const char *v, struct error *e)
{
	const struct ticket_col *d = &ticket_cols[f];
	int y, m, dd;
	int64_t t;

	if (strlen(v) > d->max)
		return err_add(e, ERR_INVALID, d->name, "'%s' is longer than %u bytes", d->name,
			       d->max);
	if (has_control_chars(v, d->ftype == FT_TEXT))
		return err_add(e, ERR_INVALID, d->name, "'%s' contains control characters",
			       d->name);
	switch (d->ftype) {
	case FT_ENUM:
		return check_enum(k, f, v, e);
	case FT_DATE:
		if (!date_parse(v, &y, &m, &dd))
			return err_add(e, ERR_INVALID, d->name, "'%s' must be a date YYYY-MM-DD",
				       d->name);
		return false;
	case FT_INSTANT:
		if (!instant_parse(v, &t) && !date_start_parse(v, &t))
			return err_add(e, ERR_INVALID, d->name,
				       "'%s' must be an ISO 8601 instant with a zone "
				       "(2026-11-24T07:30:00+05:30) or a date, from "
				       "1970-01-01T00:00:01Z to 9999-12-31T23:59:59Z",
				       d->name);
		return false;
	case FT_EMAIL:
		if (*v && !email_ok(v))
			return err_add(e, ERR_INVALID, d->name, "'%s' is not an email address", v);
		return false;
	case FT_PHONE:
		if (*v && !phone_ok(v))
			return err_add(e, ERR_INVALID, d->name,
				       "'%s' is not a phone number (6 to 15 digits)", v);
		return false;
	case FT_TEXT:
	case FT_ID:
		return false;
	}
	return false;
}

enum err_code ticket_check_fields(enum kind k, const struct ticket_input *in, bool creating,
				  struct error *e)
{
	bool failed = false;

	for (int f = 0; f < TF__MAX; f++) {
		const struct ticket_col *d = &ticket_cols[f];

		if (!in->set[f])
			continue;
		/* A field the kind does not have is a malformed request: it alone is reported. */
		if (!(d->kinds & KB(k)))
			return err_set(e, ERR_BAD_REQUEST, d->name, "%s tickets have no field '%s'",
				       kind_name(k), d->name);
	}
	for (int f = 0; f < TF__MAX; f++) {
		const struct ticket_col *d = &ticket_cols[f];

		if (!in->set[f])
			continue;
		if (!creating && !(d->flags & COL_EDITABLE))
			failed |=
			    err_add(e, ERR_INVALID, d->name,
				    "'%s' cannot be changed after creation", d->name) != ERR_OK;
		else if (in->v[f])
			failed |= check_value(k, (enum tfield)f, in->v[f], e);
	}
	return failed ? e->code : ERR_OK;
}

static bool present(const struct ticket_input *in, enum tfield f)
{
	const char *v = in->v[f];

	if (!in->set[f] || !v)
		return false;
	while (*v && isspace((unsigned char)*v))
		v++;
	return *v != '\0';
}

/* Reports f as missing unless it is present; true when missing. */
static bool need(const struct ticket_input *in, struct error *e, enum tfield f, const char *why)
{
	if (present(in, f))
		return false;
	err_add(e, ERR_INVALID, ticket_cols[f].name, "'%s' is required%s", ticket_cols[f].name,
		why);
	return true;
}

enum err_code ticket_check_required(enum kind k, const struct ticket_input *in, struct error *e)
{
	static const enum tfield common[] = {TF_CATEGORY, TF_PRIORITY, TF_DESCRIPTION};
	bool failed = false;

	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		failed |= need(in, e, common[i], "");

	const struct category *c = category_find(k, in->v[TF_CATEGORY]);

	switch (k) {
	case KIND_B2B:
		failed |= need(in, e, TF_CUSTOMER_ID, " (the hotel or restaurant)");
		if (!present(in, TF_SO_ID) && !present(in, TF_INVOICE_ID))
			failed = err_add(e, ERR_INVALID, "so_id",
					 "a B2B ticket needs its sales order (so_id) or invoice "
					 "(invoice_id)");
		if (c && strcmp(c->group, "general") != 0)
			failed |= need(in, e, TF_REQUESTED_RESOLUTION, " for this category");
		break;
	case KIND_B2C:
		failed |= need(in, e, TF_CUSTOMER_NAME, "");
		if (!present(in, TF_CUSTOMER_EMAIL) && !present(in, TF_CUSTOMER_PHONE))
			failed = err_add(e, ERR_INVALID, "customer_phone",
					 "a B2C ticket needs the customer's phone or email");
		if (!present(in, TF_SO_ID))
			failed |=
			    need(in, e, TF_WOO_ORDER_NUMBER, " (the WooCommerce order number)");
		failed |= need(in, e, TF_DELIVERY_DATE, " (when the order was delivered)");
		break;
	case KIND_INTERNAL:
		failed |= need(in, e, TF_TITLE, "");
		if (c && c->steps_required) {
			failed |= need(in, e, TF_STEPS_TO_REPRODUCE, " for a bug");
			failed |= need(in, e, TF_EXPECTED_BEHAVIOR, " for a bug");
			failed |= need(in, e, TF_ACTUAL_BEHAVIOR, " for a bug");
		}
		break;
	case KIND__MAX:
		break;
	}
	return failed ? e->code : ERR_OK;
}

void ticket_number_format(enum kind k, int64_t n, char *out, unsigned outlen)
{
	snprintf(out, outlen, "%s-%06lld", kind_prefix(k), (long long)n);
}

enum err_code ticket_check_transition(enum kind k, enum status from, enum status to,
				      struct error *e)
{
	enum status allowed[STATUS__MAX];
	char list[160] = "";
	size_t used = 0;

	if (transition_allowed(k, from, to))
		return ERR_OK;
	int n = transitions_from(k, from, allowed);

	for (int i = 0; i < n; i++) {
		int w = snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "",
				 status_name(allowed[i]));
		if (w < 0 || (size_t)w >= sizeof(list) - used)
			break;
		used += (size_t)w;
	}
	return err_set(e, ERR_CONFLICT, "status",
		       "a %s ticket cannot move from %s to %s; allowed: %s", kind_name(k),
		       status_name(from), status_name(to), n ? list : "none");
}

void claim_window(int64_t delivery_local_day, int64_t created_local_day, bool *within,
		  int *days_late)
{
	*within = created_local_day <= delivery_local_day;
	*days_late = *within ? 0 : (int)(created_local_day - delivery_local_day);
}

int64_t ticket_sort_value(const struct ticket *t, enum sort_key s)
{
	switch (s) {
	case SORT_UPDATED:
		return t->updated_at;
	case SORT_PRIORITY:
		return t->priority_rank;
	case SORT_SLA_DUE:
		return t->sla.due_at;
	default:
		return t->created_at;
	}
}
