/* Traceability use cases; see trace.h. */
#include "trace.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/csv.h"
#include "../base/timefmt.h"
#include "../domain/policy.h"
#include "../store/setting.h"
#include "../base/banned.h"

static bool blank(const char *s)
{
	return !s || !*s;
}

static bool staff(struct ctx *c)
{
	return !c->who || policy_can_work(c->who->role, KIND_B2B);
}

static enum err_code not_staff(struct ctx *c)
{
	return err_set(c->e, ERR_FORBIDDEN, NULL, "only support staff see this");
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

/* --- reports ---------------------------------------------------------------------------- */

static enum err_code report(struct ctx *c, json_t *o, json_t **out)
{
	*out = o;
	return o ? ERR_OK : c->e->code ? c->e->code : ERR_INTERNAL;
}

enum err_code svc_investigation(struct ctx *c, const char *batch_number, json_t **out)
{
	if (!staff(c))
		return not_staff(c);
	return report(c, store_investigation_json(svc_db(c), batch_number, c->e), out);
}

enum err_code svc_farm(struct ctx *c, const char *farm_id, json_t **out)
{
	if (!staff(c))
		return not_staff(c);
	return report(c, store_farm_json(svc_db(c), farm_id, c->e), out);
}

enum err_code svc_customer_history(struct ctx *c, const char *customer_id, json_t **out)
{
	struct complaint_settings cs;
	enum err_code rc;

	if (!staff(c))
		return not_staff(c);
	rc = svc_complaint_settings(c, &cs);
	if (rc)
		return rc;
	return report(c,
		      store_customer_history_json(svc_db(c), customer_id, clock_now(),
						  cs.repeat_threshold, cs.repeat_window_days, c->e),
		      out);
}

enum err_code svc_wastage(struct ctx *c, int64_t from, int64_t to, json_t **out)
{
	if (!staff(c))
		return not_staff(c);
	return report(c, store_wastage_json(svc_db(c), from, to, c->e), out);
}

/* --- root cause, flags ------------------------------------------------------------------ */

static enum err_code event(struct ctx *c, int64_t ticket, const char *type, const char *field,
			   const char *old_value, const char *new_value, const char *note)
{
	struct ticket_event ev = {.at = clock_now(),
				  .actor_id = c->who ? c->who->id : 0,
				  .type = type,
				  .field = field,
				  .old_value = old_value,
				  .new_value = new_value,
				  .note = note};

	return store_event_add(svc_db(c), &ev, ticket, c->e);
}

struct cause_args {
	enum kind kind;
	const char *id;
	const struct root_cause_in *in;
	struct ticket t;
};

static enum err_code cause_tx(struct ctx *c, void *arg)
{
	struct cause_args *ca = arg;
	struct ticket *t = &ca->t;
	struct db *db = svc_db(c);
	const char *old, *old_note;
	const struct root_cause_in *in = ca->in;
	enum err_code rc = svc_ticket_get(c, ca->kind, ca->id, t);

	if (rc)
		return rc;
	if (strcmp(t->category_group, "quality"))
		return err_set(c->e, ERR_CONFLICT, "root_cause",
			       "%s is not a quality complaint; only those record a root cause",
			       t->number);
	if (t->status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed", t->number);
	store_root_cause_get(db, c->a, t->id, &old, &old_note);
	rc = store_root_cause_set(db, t->id, in->root_cause, in->note, c->e);
	if (!rc)
		rc = event(c, t->id, "root_cause", "root_cause", old, in->root_cause, in->note);
	if (rc)
		return rc;
	if (!strcmp(in->root_cause, "not_valid"))
		return db_x(db, "DELETE FROM wastage_events WHERE ticket_id = $1", "i", t->id) ==
			       DB_DONE
			   ? store_ticket_touch(db, t->id, clock_now(), c->e)
			   : err_set(c->e, ERR_INTERNAL, NULL, "the database failed");

	/* A confirmed claim: what was lost, from the batch when it is known. */
	struct wastage w = {.ticket_id = t->id,
			    .qty = in->affected_qty,
			    .recorded_by = c->who ? c->who->id : t->created_by,
			    .recorded_at = clock_now()};
	const char *bn = t->v[TF_BATCH_NUMBER];
	json_t *batch = bn ? store_batch_json(db, bn) : NULL;

	if (batch) {
		w.batch_number = bn;
		w.farm_id =
		    arena_strdup(c->a, json_string_value(json_object_get(batch, "farm_id")));
		w.product =
		    arena_strdup(c->a, json_string_value(json_object_get(batch, "product")));
		json_decref(batch);
	} else {
		w.product = t->v[TF_ITEMS_AFFECTED] ? t->v[TF_ITEMS_AFFECTED] : "(not recorded)";
	}
	w.unit_cost_paise = in->has_unit_cost ? in->unit_cost_paise
					      : store_batch_line_price(db, t->v[TF_SO_ID], bn);
	w.cost_paise = llround(w.qty * (double)w.unit_cost_paise);
	w.reason = arena_printf(c->a, "%s: %s", in->root_cause, t->v[TF_CATEGORY]);
	int64_t wid;

	rc = store_wastage_upsert(db, &w, &wid, c->e);
	if (!rc)
		rc = event(c, t->id, "wastage", "wastage", NULL,
			   arena_printf(c->a, "%lld", (long long)wid),
			   arena_printf(c->a, "Wastage recorded: %g of %s, cost %.2f", w.qty,
					w.product, (double)w.cost_paise / 100.0));
	return rc ? rc : store_ticket_touch(db, t->id, clock_now(), c->e);
}

enum err_code svc_ticket_root_cause(struct ctx *c, enum kind k, const char *id,
				    const struct root_cause_in *in, struct ticket *out)
{
	struct cause_args ca = {k, id, in, {0}};
	bool known = false;
	enum err_code rc;

	if (!staff(c))
		return not_staff(c);
	for (int i = 0; catalog_root_causes[i].code && in->root_cause; i++)
		known |= !strcmp(catalog_root_causes[i].code, in->root_cause);
	if (!known)
		return err_set(c->e, ERR_INVALID, "root_cause", "root_cause is " ROOT_CAUSES);
	if (strcmp(in->root_cause, "not_valid") && !in->has_qty)
		return err_set(c->e, ERR_INVALID, "affected_qty",
			       "a confirmed claim says how much was lost in 'affected_qty'");
	if (in->has_qty && !(in->affected_qty > 0 && in->affected_qty < 1e9))
		return err_set(c->e, ERR_INVALID, "affected_qty", "affected_qty must be above 0");
	if (in->has_unit_cost && (in->unit_cost_paise < 0 || in->unit_cost_paise > 100000000000LL))
		return err_set(c->e, ERR_INVALID, "unit_cost", "unit_cost cannot be negative");
	rc = svc_tx(c, cause_tx, &ca);
	return rc ? rc : svc_ticket_get(c, k, id, out);
}

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
		  : event(c, t.id, "farm_flagged", "farm_id", NULL, fa->farm_id,
			  arena_printf(c->a, "Farm %s flagged: %s", fa->farm_id, fa->reason));
}

enum err_code svc_farm_flag(struct ctx *c, const char *farm_id, const char *ticket,
			    const char *reason, int64_t *flag_id)
{
	struct flag_args fa = {farm_id, ticket, reason, 0};
	enum err_code rc;

	if (!c->who || !staff(c))
		return not_staff(c);
	if (blank(ticket))
		return err_set(c->e, ERR_INVALID, "ticket", "'ticket' (id or number) is required");
	if (blank(reason))
		return err_set(c->e, ERR_INVALID, "reason", "'reason' is required");
	rc = svc_tx(c, flag_tx, &fa);
	*flag_id = fa.id;
	return rc;
}

struct cflag_args {
	const char *customer_id, *note;
	bool set;
};

static enum err_code cflag_tx(struct ctx *c, void *arg)
{
	struct cflag_args *fa = arg;
	struct customer cu;
	enum err_code rc = store_customer_get(svc_db(c), c->a, fa->customer_id, &cu, c->e);

	return rc ? rc
		  : store_customer_flag_set(svc_db(c), fa->customer_id, "high_standards", fa->set,
					    fa->note, c->who->id, clock_now(), c->e);
}

enum err_code svc_customer_flag(struct ctx *c, const char *customer_id, bool high_standards,
				const char *note)
{
	struct cflag_args fa = {customer_id, note, high_standards};

	if (!c->who || (c->who->role != ROLE_MANAGER && c->who->role != ROLE_ADMIN))
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "a manager decides who is a high-standards customer");
	return svc_tx(c, cflag_tx, &fa);
}

/* --- settings --------------------------------------------------------------------------- */

#define REPEAT_THRESHOLD_DEFAULT 3
#define REPEAT_WINDOW_DEFAULT	 90

static enum err_code complaints_from_json(struct ctx *c, json_t *o, struct complaint_settings *s)
{
	static const char *const keys[] = {"repeat_complainer_threshold",
					   "repeat_complainer_window_days", NULL};
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return err_set(c->e, ERR_BAD_REQUEST, NULL, "the settings must be an object");
	json_object_foreach(o, key, v)
	{
		bool known = false;

		for (int i = 0; keys[i]; i++)
			known |= !strcmp(keys[i], key);
		if (!known)
			return err_set(c->e, ERR_BAD_REQUEST, arena_strdup(c->a, key),
				       "unknown field '%s'", key);
		if (!json_is_integer(v))
			return err_set(c->e, ERR_BAD_REQUEST, arena_strdup(c->a, key),
				       "'%s' must be an integer", key);
		json_int_t x = json_integer_value(v);

		if (x < 1 || x > 3650)
			return err_set(c->e, ERR_INVALID, arena_strdup(c->a, key),
				       "'%s' is from 1 to 3650", key);
		if (!strcmp(key, keys[0]))
			s->repeat_threshold = (int)x;
		else
			s->repeat_window_days = (int)x;
	}
	return ERR_OK;
}

enum err_code svc_complaint_settings(struct ctx *c, struct complaint_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "complaints", &o);

	out->repeat_threshold = REPEAT_THRESHOLD_DEFAULT;
	out->repeat_window_days = REPEAT_WINDOW_DEFAULT;
	if (!rc && o)
		rc = complaints_from_json(c, o, out);
	json_decref(o);
	return rc;
}

struct settings_args {
	struct complaint_settings s;
};

static enum err_code settings_tx(struct ctx *c, void *arg)
{
	struct complaint_settings *s = arg;
	json_t *o = json_pack("{s:i, s:i}", "repeat_complainer_threshold", s->repeat_threshold,
			      "repeat_complainer_window_days", s->repeat_window_days);
	enum err_code rc = svc_setting_save(c, "complaints", o);

	json_decref(o);
	return rc;
}

enum err_code svc_complaint_settings_put(struct ctx *c, json_t *body,
					 struct complaint_settings *out)
{
	enum err_code rc;

	if (c->who && c->who->role != ROLE_ADMIN && c->who->role != ROLE_MANAGER)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "managers and admins change this setting");
	rc = svc_complaint_settings(c, out);
	if (!rc)
		rc = complaints_from_json(c, body, out);
	return rc ? rc : svc_tx(c, settings_tx, out);
}

/* --- communications ----------------------------------------------------------------------- */

struct comm_args {
	enum kind kind;
	const char *id;
	struct communication *cm;
	struct evidence *ev;
	struct ticket t;
};

static enum err_code comm_tx(struct ctx *c, void *arg)
{
	struct comm_args *ca = arg;
	struct db *db = svc_db(c);
	struct communication *cm = ca->cm;
	enum err_code rc = svc_ticket_get(c, ca->kind, ca->id, &ca->t);

	if (rc)
		return rc;
	if (ca->t.status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed", ca->t.number);
	cm->ticket_id = ca->t.id;
	cm->logged_by = c->who ? c->who->id : ca->t.created_by;
	cm->logged_at = clock_now();
	rc = store_communication_add(db, cm, &cm->id, c->e);
	if (!rc)
		rc = event(c, ca->t.id, "communication", cm->channel, NULL, cm->direction,
			   cm->summary);
	if (!rc)
		rc = evidence_attach_tx(c, ca->t.id, cm->id, cm->logged_by, ca->ev);
	if (rc)
		return rc;
	if (!strcmp(cm->direction, "outbound") && !ca->t.first_response_at && c->who) {
		struct ticket after = ca->t;
		int changed;

		after.first_response_at = clock_now();
		return store_ticket_update(db, &ca->t, &after, clock_now(), &changed, c->e);
	}
	return store_ticket_touch(db, ca->t.id, clock_now(), c->e);
}

enum err_code svc_communication_add(struct ctx *c, enum kind k, const char *id,
				    struct communication *cm, struct evidence *ev)
{
	struct comm_args ca = {k, id, cm, ev, {0}};
	enum err_code rc;

	if (!staff(c))
		return not_staff(c);
	if (!catalog_in(catalog_comm_channels, cm->channel))
		return err_set(c->e, ERR_INVALID, "channel",
			       "channel is phone, whatsapp, email, sms or in_person");
	if (!cm->direction ||
	    (strcmp(cm->direction, "inbound") && strcmp(cm->direction, "outbound")))
		return err_set(c->e, ERR_INVALID, "direction", "direction is inbound or outbound");
	if (blank(cm->summary) || strlen(cm->summary) > 20000)
		return err_set(c->e, ERR_INVALID, "summary",
			       "'summary' is required, at most 20000 bytes");
	if (!cm->occurred_at)
		cm->occurred_at = clock_now();
	if (cm->occurred_at > clock_now() + 300)
		return err_set(c->e, ERR_INVALID, "occurred_at",
			       "occurred_at is when it happened: not in the future");
	if (!ev)
		return svc_tx(c, comm_tx, &ca);
	rc = evidence_prepare(c, ev);
	if (!rc)
		rc = evidence_stage(c, ev);
	if (rc)
		return rc;
	rc = svc_tx(c, comm_tx, &ca);
	if (rc)
		evidence_unstage(c, ev);
	return rc;
}

enum err_code svc_communications(struct ctx *c, enum kind k, const char *id,
				 struct communication **out, int *n, struct attachment **files,
				 int *nfiles)
{
	struct ticket t;
	enum err_code rc = svc_ticket_get(c, k, id, &t);

	*n = *nfiles = 0;
	if (!rc)
		rc = store_communications_of(svc_db(c), c->a, t.id, out, n, c->e);
	if (!rc)
		rc = store_attachments_of(svc_db(c), c->a, t.id, files, nfiles, c->e);
	return rc;
}
