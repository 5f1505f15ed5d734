/* The communication log; see communication.h. */
#include "communication.h"

#include <string.h>

#include "../base/clock.h"
#include "../domain/catalog.h"
#include "../base/banned.h"

static bool blank(const char *s)
{
	return !s || !*s;
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
		rc = svc_event(c, ca->t.id, "communication", cm->channel, NULL, cm->direction,
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

static enum err_code communication_add(struct ctx *c, enum kind k, const char *id,
				       struct communication *cm, struct evidence *ev)
{
	struct comm_args ca = {k, id, cm, ev, {0}};

	if (!svc_staff(c))
		return svc_not_staff(c);
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
	return evidence_tx(c, ev, comm_tx, &ca);
}

enum err_code svc_communication_add(struct ctx *c, enum kind k, const char *id,
				    struct communication *cm, struct evidence *ev,
				    struct attachment **files, int *nfiles)
{
	enum err_code rc = communication_add(c, k, id, cm, ev);

	*nfiles = 0;
	if (rc)
		return rc;
	cm->logged_by_name = c->who ? c->who->name : NULL;
	return store_attachments_of(svc_db(c), c->a, cm->ticket_id, files, nfiles, c->e);
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
