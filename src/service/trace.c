/* Farms and batches: imports, the batch investigation and a farm's figures; see trace.h. */
#include "trace.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/csv.h"
#include "../base/timefmt.h"
#include "../store/wastage.h"
#include "../base/banned.h"

static bool blank(const char *s)
{
	return !s || !*s;
}

/* --- import --------------------------------------------------------------------------- */

static enum err_code row_error(struct ctx *c, int i)
{
	const char *field = c->e->field ? c->e->field : "";
	const char *msg;
	size_t n;

	c->e->field = arena_printf(c->a, "[%d]%s%s", i, *field ? "." : "", field);
	msg = arena_printf(c->a, "row %d: %s", i + 1, c->e->message);
	n = strlen(msg) < sizeof(c->e->message) ? strlen(msg) : sizeof(c->e->message) - 1;
	memcpy(c->e->message, msg, n);
	c->e->message[n] = '\0';
	if (c->e->code != ERR_INTERNAL)
		c->e->code = ERR_INVALID;
	return c->e->code;
}

static enum err_code check_farm(struct ctx *c, const struct farm *f)
{
	if (blank(f->farm_id))
		return err_set(c->e, ERR_INVALID, "farm_id", "farm_id is required");
	if (blank(f->name))
		return err_set(c->e, ERR_INVALID, "name", "name is required");
	return ERR_OK;
}

static enum err_code check_batch(struct ctx *c, const struct batch *b)
{
	if (blank(b->batch_number))
		return err_set(c->e, ERR_INVALID, "batch_number", "batch_number is required");
	if (blank(b->product))
		return err_set(c->e, ERR_INVALID, "product", "product is required");
	if (blank(b->farm_id))
		return err_set(c->e, ERR_INVALID, "farm_id", "farm_id is required");
	if (!b->received_at)
		return err_set(c->e, ERR_INVALID, "received_at",
			       "received_at is required: a date or an ISO 8601 instant");
	if (!(b->received_qty >= 0) || !(b->damaged_qty >= 0) || !(b->rejected_qty >= 0))
		return err_set(c->e, ERR_INVALID, "received_qty",
			       "quantities are numbers, not negative");
	if (b->damaged_qty + b->rejected_qty > b->received_qty)
		return err_set(c->e, ERR_INVALID, "damaged_qty",
			       "damaged and rejected cannot be more than was received");
	for (int i = 0; i < b->ngrades; i++)
		if (blank(b->grades[i].grade) || !(b->grades[i].qty >= 0))
			return err_set(c->e, ERR_INVALID, "grading",
				       "grading maps a grade to a quantity, not negative");
	return ERR_OK;
}

struct import {
	bool batches;
	void *rows;
	int n;
};

static enum err_code import_tx(struct ctx *c, void *arg)
{
	struct import *im = arg;
	struct db *db = svc_db(c);
	int64_t now = clock_now();

	for (int i = 0; i < im->n; i++) {
		enum err_code rc;

		if (im->batches) {
			const struct batch *b = (struct batch *)im->rows + i;

			rc = check_batch(c, b);
			if (!rc)
				rc = store_batch_upsert(db, b, now, c->e);
		} else {
			const struct farm *f = (struct farm *)im->rows + i;

			rc = check_farm(c, f);
			if (!rc)
				rc = store_farm_upsert(db, f, now, c->e);
		}
		if (rc)
			return row_error(c, i);
	}
	return ERR_OK;
}

static enum err_code import(struct ctx *c, bool batches, void *rows, int n)
{
	struct import im = {batches, rows, n};

	if (c->who && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins import records");
	return svc_tx(c, import_tx, &im);
}

enum err_code svc_import_farms(struct ctx *c, struct farm *rows, int n)
{
	return import(c, false, rows, n);
}

enum err_code svc_import_batches(struct ctx *c, struct batch *rows, int n)
{
	return import(c, true, rows, n);
}

bool trace_parse_pairs(struct arena *a, const char *s, const char ***names, double **qty, int *n)
{
	int cap = 1;

	*n = 0;
	for (const char *p = s; *p; p++)
		cap += *p == ';';
	*names = arena_zalloc(a, sizeof(**names) * (size_t)cap);
	*qty = arena_zalloc(a, sizeof(**qty) * (size_t)cap);
	while (*s) {
		const char *end = strchr(s, ';'), *colon;
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char *item = arena_strndup(a, s, len), *num_end;

		colon = strrchr(item, ':');
		if (!colon || colon == item)
			return false;
		item[colon - item] = '\0';
		errno = 0;
		(*qty)[*n] = strtod(colon + 1, &num_end);
		if (errno || num_end == colon + 1 || *num_end || !isfinite((*qty)[*n]))
			return false;
		(*names)[(*n)++] = item;
		s += len + (end ? 1 : 0);
	}
	return true;
}

static int64_t instant_or_date(const char *v)
{
	int64_t t;

	if (v && (instant_parse(v, &t) || date_start_parse(v, &t)))
		return t;
	return 0;
}

static enum err_code csv_number(struct ctx *c, int line, const char *name, const char *v,
				double *out)
{
	char *end;

	*out = 0;
	if (!v || !*v)
		return ERR_OK;
	errno = 0;
	*out = strtod(v, &end);
	if (errno || *end || !isfinite(*out))
		return err_set(c->e, ERR_INVALID, name, "line %d: %s '%s' is not a number", line,
			       name, v);
	return ERR_OK;
}

enum err_code svc_import_csv_trace(struct ctx *c, const char *what, const char *text, size_t len,
				   int *count)
{
	static const char *const farm_cols[] = {"farm_id", "name", "location", "contact", NULL};
	static const char *const batch_cols[] = {
	    "batch_number", "product",	    "farm_id", "received_at", "received_qty",
	    "damaged_qty",  "rejected_qty", "unit",    "grading",     NULL};
	bool batches = !strcmp(what, "batches");
	const char *const *cols = batches ? batch_cols : farm_cols;
	int idx[10], n, rows = 0, cap = 64;
	const char *f[CSV_MAX_FIELDS];
	struct csv csv;
	size_t size = batches ? sizeof(struct batch) : sizeof(struct farm);
	void *out;

	*count = 0;
	if (!batches && strcmp(what, "farms"))
		return err_set(c->e, ERR_INVALID, NULL,
			       "import customers, orders, invoices, farms or batches, not '%s'",
			       what);
	csv_init(&csv, text, len);
	n = csv_next(&csv, c->a, f);
	if (n <= 0)
		return err_set(c->e, ERR_INVALID, NULL, "%s",
			       n < 0 ? csv.error : "the file is empty: a header row is needed");
	for (int i = 0; cols[i]; i++)
		idx[i] = -1;
	for (int j = 0; j < n; j++) {
		int found = -1;

		for (int i = 0; cols[i]; i++)
			if (!strcmp(cols[i], f[j]))
				found = i;
		if (found < 0)
			return err_set(c->e, ERR_INVALID, arena_strdup(c->a, f[j]),
				       "unknown column '%s' in the header", f[j]);
		idx[found] = j;
	}
	out = arena_zalloc(c->a, size * (size_t)cap);
	while ((n = csv_next(&csv, c->a, f)) > 0) {
		const char *v[10];
		int line = csv.line;

		for (int i = 0; cols[i]; i++)
			v[i] = idx[i] >= 0 && idx[i] < n && *f[idx[i]] ? f[idx[i]] : NULL;
		if (rows == cap) {
			void *bigger = arena_zalloc(c->a, size * (size_t)cap * 2);

			memcpy(bigger, out, size * (size_t)cap);
			out = bigger;
			cap *= 2;
		}
		if (!batches) {
			struct farm *fm = (struct farm *)out + rows++;

			*fm = (struct farm){v[0], v[1], v[2], v[3]};
			continue;
		}
		struct batch *b = (struct batch *)out + rows++;

		b->batch_number = v[0];
		b->product = v[1];
		b->farm_id = v[2];
		b->received_at = instant_or_date(v[3]);
		if (v[3] && !b->received_at)
			return err_set(c->e, ERR_INVALID, "received_at",
				       "line %d: received_at '%s' is not a date or instant", line,
				       v[3]);
		if (csv_number(c, line, "received_qty", v[4], &b->received_qty) ||
		    csv_number(c, line, "damaged_qty", v[5], &b->damaged_qty) ||
		    csv_number(c, line, "rejected_qty", v[6], &b->rejected_qty))
			return c->e->code;
		b->unit = v[7];
		if (v[8]) {
			const char **names;
			double *q;

			if (!trace_parse_pairs(c->a, v[8], &names, &q, &b->ngrades))
				return err_set(c->e, ERR_INVALID, "grading",
					       "line %d: grading is like A:120;B:30", line);
			b->grades =
			    arena_zalloc(c->a, sizeof(*b->grades) * (size_t)(b->ngrades + 1));
			for (int i = 0; i < b->ngrades; i++)
				b->grades[i] = (struct grade){names[i], q[i]};
		}
	}
	if (n < 0)
		return err_set(c->e, ERR_INVALID, NULL, "%s", csv.error);
	enum err_code rc =
	    batches ? svc_import_batches(c, out, rows) : svc_import_farms(c, out, rows);

	if (!rc)
		*count = rows;
	return rc;
}

enum err_code trace_check_batch(struct ctx *c, enum kind k, const char *batch_number)
{
	if (k != KIND_B2B || blank(batch_number) || store_batch_exists(svc_db(c), batch_number))
		return ERR_OK;
	return err_set(c->e, ERR_INVALID, "batch_number",
		       "unknown batch '%s': a B2B ticket names a batch the ERP knows",
		       batch_number);
}

/* --- reads ------------------------------------------------------------------------------ */

enum err_code svc_batch(struct ctx *c, const char *batch_number, struct batch *out)
{
	if (!svc_staff(c))
		return svc_not_staff(c);
	return store_batch_get(svc_db(c), c->a, batch_number, out, c->e);
}

/* Whose ticket it is, as the investigation counts them: by customer id, else by name. */
static const char *complainant_key(const char *customer_id, const char *customer_name)
{
	return customer_id ? customer_id : customer_name ? customer_name : "(unknown)";
}

static struct complainant *complainant_find(struct investigation *inv, const char *key)
{
	for (int i = 0; i < inv->ncomplainants; i++) {
		struct complainant *p = &inv->complainants[i];

		if (!strcmp(complainant_key(p->customer_id, p->customer_name), key))
			return p;
	}
	return NULL;
}

void investigation_group(struct arena *a, struct complaint *tickets, int ntickets,
			 const struct batch_delivery *deliveries, int ndeliveries,
			 struct investigation *out)
{
	out->tickets = tickets;
	out->ntickets = ntickets;
	out->complainants = arena_zalloc(a, sizeof(*out->complainants) * (size_t)(ntickets + 1));
	out->ncomplainants = 0;
	for (int i = 0; i < ntickets; i++) {
		struct complainant *p = complainant_find(
		    out, complainant_key(tickets[i].customer_id, tickets[i].customer_name));

		if (!p) {
			p = &out->complainants[out->ncomplainants++];
			*p = (struct complainant){tickets[i].customer_id, tickets[i].customer_name,
						  0};
		}
		p->complaints++;
	}
	out->customers = arena_zalloc(a, sizeof(*out->customers) * (size_t)(ndeliveries + 1));
	out->ncustomers = 0;
	out->delivered_qty = 0;
	for (int i = 0; i < ndeliveries; i++) {
		const struct batch_delivery *d = &deliveries[i];
		struct investigation_customer *cu =
		    out->ncustomers ? &out->customers[out->ncustomers - 1] : NULL;

		if (!cu || strcmp(cu->customer_id, d->customer_id)) {
			const struct complainant *p = complainant_find(out, d->customer_id);

			cu = &out->customers[out->ncustomers++];
			*cu = (struct investigation_customer){
			    .customer_id = d->customer_id,
			    .name = d->customer_name,
			    .type = d->customer_type,
			    .deliveries = d,
			    .complaints = p ? p->complaints : 0,
			};
		}
		cu->ndeliveries++;
		cu->qty += d->qty;
		out->delivered_qty += d->qty;
	}
}

enum err_code svc_investigation(struct ctx *c, const char *batch_number, struct investigation *out)
{
	struct db *db = svc_db(c);
	struct complaint *tickets;
	struct batch_delivery *deliveries;
	int ntickets, ndeliveries;
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	if (!svc_staff(c))
		return svc_not_staff(c);
	rc = store_batch_get(db, c->a, batch_number, &out->batch, c->e);
	if (rc)
		return rc;
	out->has_farm = !store_farm_get(db, c->a, out->batch.farm_id, &out->farm, c->e);
	if (!out->has_farm)
		err_clear(c->e);
	rc = store_complaints_of_batch(db, c->a, batch_number, &tickets, &ntickets, c->e);
	if (!rc)
		rc =
		    store_batch_deliveries(db, c->a, batch_number, &deliveries, &ndeliveries, c->e);
	if (!rc)
		investigation_group(c->a, tickets, ntickets, deliveries, ndeliveries, out);
	return rc;
}

enum err_code svc_farm(struct ctx *c, const char *farm_id, struct farm_figures *out)
{
	struct db *db = svc_db(c);
	int64_t *complaints;
	struct wastage *events;
	int ncomplaints, nevents;
	char month[TALLY_MONTH_LEN];
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	if (!svc_staff(c))
		return svc_not_staff(c);
	tally_init(&out->by_month, c->a);
	rc = store_farm_get(db, c->a, farm_id, &out->farm, c->e);
	if (!rc)
		rc = store_farm_batch_count(db, farm_id, &out->batches, c->e);
	if (!rc)
		rc = store_complaint_times_of_farm(db, c->a, farm_id, &complaints, &ncomplaints,
						   c->e);
	if (!rc)
		rc = store_farm_flags_of(db, c->a, farm_id, &out->flags, &out->nflags, c->e);
	if (!rc)
		rc = store_wastage_of_farm(db, c->a, farm_id, &events, &nevents, c->e);
	if (rc)
		return rc;
	for (int i = 0; i < ncomplaints; i++) {
		tally_month(complaints[i], month);
		tally_row(&out->by_month, month, NULL)->complaints++;
		out->totals.complaints++;
	}
	for (int i = 0; i < out->nflags; i++) {
		tally_month(out->flags[i].flagged_at, month);
		tally_row(&out->by_month, month, NULL)->flags++;
		out->totals.flags++;
	}
	for (int i = 0; i < nevents; i++) {
		tally_month(events[i].recorded_at, month);
		tally_event(tally_row(&out->by_month, month, NULL), events[i].qty,
			    events[i].cost_paise);
		tally_event(&out->totals, events[i].qty, events[i].cost_paise);
	}
	tally_sort(&out->by_month);
	return ERR_OK;
}

/* --- flags ------------------------------------------------------------------------------ */

struct flag_args {
	const char *farm_id, *ticket, *reason;
	int64_t id;
};

static enum err_code flag_tx(struct ctx *c, void *arg)
{
	struct flag_args *fa = arg;
	struct ticket t;
	struct db *db = svc_db(c);
	enum err_code rc;

	if (!store_farm_exists(db, fa->farm_id))
		return err_set(c->e, ERR_NOT_FOUND, "farm_id", "no farm '%s'", fa->farm_id);
	rc = svc_ticket_get(c, KIND_B2B, fa->ticket, &t);
	if (rc == ERR_NOT_FOUND)
		rc = svc_ticket_get(c, KIND_B2C, fa->ticket, &t);
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_INVALID, "ticket", "no B2B or B2C ticket '%s'",
			       fa->ticket);
	if (rc)
		return rc;
	rc = store_farm_flag_add(db, fa->farm_id, t.id, fa->reason, c->who ? c->who->id : 0,
				 clock_now(), &fa->id, c->e);
	return rc ? rc
		  : svc_event(c, t.id, "farm_flagged", "farm_id", NULL, fa->farm_id,
			      arena_printf(c->a, "Farm %s flagged: %s", fa->farm_id, fa->reason));
}

enum err_code svc_farm_flag(struct ctx *c, const char *farm_id, const char *ticket,
			    const char *reason, int64_t *flag_id)
{
	struct flag_args fa = {farm_id, ticket, reason, 0};
	enum err_code rc;

	if (!c->who || !svc_staff(c))
		return svc_not_staff(c);
	if (blank(ticket))
		return err_set(c->e, ERR_INVALID, "ticket", "'ticket' (id or number) is required");
	if (blank(reason))
		return err_set(c->e, ERR_INVALID, "reason", "'reason' is required");
	rc = svc_tx(c, flag_tx, &fa);
	*flag_id = fa.id;
	return rc;
}
