/* Root causes and wastage; see wastage.h. */
#include "wastage.h"

#include <math.h>
#include <string.h>

#include "../base/clock.h"
#include "../store/batch.h"
#include "../store/claim.h"
#include "../store/root_cause.h"
#include "../base/banned.h"

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
		rc = svc_event(c, t->id, "root_cause", "root_cause", old, in->root_cause, in->note);
	if (rc)
		return rc;
	if (!strcmp(in->root_cause, "not_valid"))
		return store_wastage_delete(db, t->id, c->e)
			   ? c->e->code
			   : store_ticket_touch(db, t->id, clock_now(), c->e);

	/* A confirmed claim: what was lost, from the batch when it is known. */
	struct wastage w = {.ticket_id = t->id,
			    .qty = in->affected_qty,
			    .recorded_by = c->who ? c->who->id : t->created_by,
			    .recorded_at = clock_now()};
	const char *bn = t->v[TF_BATCH_NUMBER];
	struct batch batch;
	struct error ignored;

	if (bn && !store_batch_get(db, c->a, bn, &batch, &ignored)) {
		w.batch_number = bn;
		w.farm_id = batch.farm_id;
		w.product = batch.product;
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
		rc = svc_event(c, t->id, "wastage", "wastage", NULL,
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

	if (!svc_staff(c))
		return svc_not_staff(c);
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

/* The resolutions that give the customer money or goods for what was lost. */
static const char *const compensating[] = {"credit_note", "refund", "store_credit", "replacement",
					   NULL};

enum err_code svc_wastage_on_resolve(struct ctx *c, const struct ticket *t)
{
	struct db *db = svc_db(c);
	const char *cause, *note, *bn = t->v[TF_BATCH_NUMBER];
	struct claim_line line;
	struct batch batch;
	struct error ignored;
	bool found, known_batch;
	enum err_code rc;

	if (t->kind == KIND_INTERNAL || !t->category_group ||
	    strcmp(t->category_group, "quality") || !catalog_in(compensating, t->resolution_type))
		return ERR_OK;
	store_root_cause_get(db, c->a, t->id, &cause, &note);
	if (cause && (!strcmp(cause, "not_valid") || !strcmp(cause, "customer_handling")))
		return ERR_OK;
	if (store_claim_has_wastage(db, t->id))
		return ERR_OK;
	known_batch = bn && !store_batch_get(db, c->a, bn, &batch, &ignored);
	rc = store_claim_line(db, c->a, t->v[TF_SO_ID], known_batch ? bn : NULL,
			      t->v[TF_ITEMS_AFFECTED], &line, &found, c->e);
	if (rc || !found)
		return rc;
	struct wastage w = {.ticket_id = t->id,
			    .batch_number = known_batch ? bn : NULL,
			    .farm_id = known_batch ? batch.farm_id : NULL,
			    .product = known_batch ? batch.product : line.item,
			    .qty = line.qty,
			    .unit_cost_paise = line.price_paise,
			    .recorded_by = c->who ? c->who->id : t->created_by,
			    .recorded_at = clock_now()};
	int64_t wid;

	w.cost_paise = llround(w.qty * (double)w.unit_cost_paise);
	w.reason = arena_printf(c->a, "%s: %s (resolved with %s)", cause ? cause : "unconfirmed",
				t->v[TF_CATEGORY], t->resolution_type);
	rc = store_wastage_upsert(db, &w, &wid, c->e);
	if (!rc)
		rc = svc_event(c, t->id, "wastage", "wastage", NULL,
			       arena_printf(c->a, "%lld", (long long)wid),
			       arena_printf(c->a,
					    "Wastage recorded from the resolution: %g %s of %s "
					    "(order line %d), cost %.2f",
					    w.qty, line.unit, w.product, line.line_no,
					    (double)w.cost_paise / 100.0));
	return rc;
}

void wastage_report_make(struct arena *a, struct wastage *events, int n, struct wastage_report *out)
{
	char month[TALLY_MONTH_LEN];

	*out = (struct wastage_report){.items = events,
				       .nitems = n < WASTAGE_LISTED ? n : WASTAGE_LISTED};
	tally_init(&out->by_farm, a);
	tally_init(&out->by_product, a);
	tally_init(&out->by_month, a);
	for (int i = 0; i < n; i++) {
		const struct wastage *w = &events[i];

		tally_event(
		    tally_row(&out->by_farm, w->farm_id ? w->farm_id : "(none)", w->farm_name),
		    w->qty, w->cost_paise);
		tally_event(tally_row(&out->by_product, w->product, NULL), w->qty, w->cost_paise);
		tally_month(w->recorded_at, month);
		tally_event(tally_row(&out->by_month, month, NULL), w->qty, w->cost_paise);
		out->qty += w->qty;
		out->cost_paise += w->cost_paise;
	}
	tally_sort(&out->by_farm);
	tally_sort(&out->by_product);
	tally_sort(&out->by_month);
}

enum err_code svc_wastage(struct ctx *c, int64_t from, int64_t to, struct wastage_report *out)
{
	struct wastage *events;
	int n;
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	if (!svc_staff(c))
		return svc_not_staff(c);
	rc = store_wastage_between(svc_db(c), c->a, from, to, &events, &n, c->e);
	if (!rc)
		wastage_report_make(c->a, events, n, out);
	return rc;
}
