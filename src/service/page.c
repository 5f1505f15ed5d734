/* A ticket's page; see page.h. */
#include "page.h"

#include <string.h>

#include "ticket.h"
#include "../base/banned.h"

/* Everything but the ticket and its extras, which the caller read. */
static void page_fill(struct ctx *c, struct ticket_page *p, const struct ticket_extras *x)
{
	struct error ignored = {0};
	struct ctx quiet = *c;

	quiet.e = &ignored; /* what cannot be read is left out of the page, not an error */
	p->has_allowed = c->who != NULL;
	if (c->who)
		policy_allowed(c->who->role, c->who->id, p->t.kind, p->t.created_by,
			       p->t.status == ST_CLOSED, &p->allowed);
	p->has_order = p->t.kind == KIND_B2B && p->t.v[TF_SO_ID] &&
		       !svc_order_context(&quiet, p->t.v[TF_SO_ID], &p->order);
	p->customer_facing = p->t.kind != KIND_INTERNAL;
	if (!p->customer_facing)
		return;
	p->has_approval =
	    x->pending_approval &&
	    !store_approval_get(svc_db(c), c->a, x->pending_approval, &p->approval, &ignored);
	p->evidence = (struct ticket_evidence){
	    .root_cause = x->root_cause,
	    .root_cause_note = x->root_cause_note,
	    .has_batch = x->has_batch,
	    .batch = x->batch,
	    .photo_count = x->photo_count,
	};
}

enum err_code svc_page_read(struct ctx *c, enum kind k, const char *id, struct ticket_page *out)
{
	struct ticket_extras x;
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	rc = svc_ticket_load_page(c, k, id, &out->t, &x);
	if (rc)
		return rc;
	page_fill(c, out, &x);
	return ERR_OK;
}

enum err_code svc_page_by_id(struct ctx *c, int64_t id, struct ticket_page *out)
{
	struct ticket_extras x;
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	rc = store_ticket_page(svc_db(c), c->a, id, NULL, &out->t, &x, c->e);
	if (rc)
		return rc;
	page_fill(c, out, &x);
	return ERR_OK;
}

void svc_page_of_new(struct ctx *c, const struct ticket *t, struct ticket_page *out)
{
	static const struct ticket_extras none;

	memset(out, 0, sizeof(*out));
	out->t = *t;
	page_fill(c, out, &none);
}

void svc_page_of(struct ctx *c, const struct ticket *t, struct ticket_page *out)
{
	struct ticket_extras x;
	struct error ignored = {0};
	struct db *db = svc_db(c);

	memset(out, 0, sizeof(*out));
	out->t = *t;
	if (!db || store_ticket_extras(db, c->a, t->id, &x, &ignored))
		memset(&x, 0, sizeof(x));
	page_fill(c, out, &x);
}
