/* Ticket field table and rules; see ticket.h. */
#include "ticket.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../base/timefmt.h"
#include "../base/banned.h"

const struct tfield_def tfield_defs[TF__MAX] = {
    [TF_TITLE] = {"title", FT_TEXT, 200, KINDS_ALL, true, true},
    [TF_DESCRIPTION] = {"description", FT_TEXT, 20000, KINDS_ALL, true, false},
    [TF_CATEGORY] = {"category", FT_ENUM, 64, KINDS_ALL, true, true},
    [TF_PRIORITY] = {"priority", FT_ENUM, 16, KINDS_ALL, true, true},
    [TF_CUSTOMER_ID] = {"customer_id", FT_ID, 64, KINDS_CUSTOMER, false, true},
    [TF_SO_ID] = {"so_id", FT_ID, 64, KINDS_CUSTOMER, true, true},
    [TF_INVOICE_ID] = {"invoice_id", FT_ID, 64, KB(KIND_B2B), true, true},
    [TF_WOO_ORDER_NUMBER] = {"woo_order_number", FT_ID, 64, KB(KIND_B2C), true, true},
    [TF_CUSTOMER_NAME] = {"customer_name", FT_TEXT, 200, KB(KIND_B2C), true, true},
    [TF_CUSTOMER_EMAIL] = {"customer_email", FT_EMAIL, 254, KB(KIND_B2C), true, false},
    [TF_CUSTOMER_PHONE] = {"customer_phone", FT_PHONE, 32, KB(KIND_B2C), true, false},
    [TF_DELIVERY_DATE] = {"delivery_date", FT_INSTANT, 40, KINDS_CUSTOMER, true, false},
    [TF_BATCH_NUMBER] = {"batch_number", FT_ID, 64, KINDS_CUSTOMER, true, true},
    [TF_ITEMS_AFFECTED] = {"items_affected", FT_TEXT, 2000, KINDS_CUSTOMER, true, false},
    [TF_REQUESTED_RESOLUTION] = {"requested_resolution", FT_ENUM, 32, KINDS_CUSTOMER, true, false},
    [TF_PREFERRED_RESOLUTION_DATE] = {"preferred_resolution_date", FT_DATE, 10, KINDS_CUSTOMER,
				      true, false},
    [TF_STEPS_TO_REPRODUCE] = {"steps_to_reproduce", FT_TEXT, 20000, KB(KIND_INTERNAL), true,
			       false},
    [TF_EXPECTED_BEHAVIOR] = {"expected_behavior", FT_TEXT, 20000, KB(KIND_INTERNAL), true, false},
    [TF_ACTUAL_BEHAVIOR] = {"actual_behavior", FT_TEXT, 20000, KB(KIND_INTERNAL), true, false},
    [TF_AFFECTED_MODULE] = {"affected_module", FT_TEXT, 100, KB(KIND_INTERNAL), true, true},
};

int tfield_from_name(const char *name)
{
	for (int f = 0; f < TF__MAX; f++)
		if (strcmp(tfield_defs[f].name, name) == 0)
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
	const char *name = tfield_defs[f].name;

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
	const struct tfield_def *d = &tfield_defs[f];
	int y, m, dd;
	int64_t t;

	if (strlen(v) > d->max)
		return err_add(e, ERR_INVALID, d->name, "'%s' is longer than %u bytes", d->name,
			       d->max);
	if (has_control_chars(v, d->type == FT_TEXT))
		return err_add(e, ERR_INVALID, d->name, "'%s' contains control characters",
			       d->name);
	switch (d->type) {
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
		const struct tfield_def *d = &tfield_defs[f];

		if (!in->set[f])
			continue;
		/* A field the kind does not have is a malformed request: it alone is reported. */
		if (!(d->kinds & KB(k)))
			return err_set(e, ERR_BAD_REQUEST, d->name, "%s tickets have no field '%s'",
				       kind_name(k), d->name);
	}
	for (int f = 0; f < TF__MAX; f++) {
		const struct tfield_def *d = &tfield_defs[f];

		if (!in->set[f])
			continue;
		if (!creating && !d->editable)
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
	err_add(e, ERR_INVALID, tfield_defs[f].name, "'%s' is required%s", tfield_defs[f].name,
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
