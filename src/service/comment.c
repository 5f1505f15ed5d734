/* Comments (internal notes and public replies) and the ticket's timeline. */
#include <string.h>

#include "ticket.h"
#include "../base/clock.h"
#include "../base/banned.h"

/* Who sees internal notes: staff on customer tickets; developers and admins on internal
 * tickets (a reporter sees the public conversation on their own ticket). */
static bool sees_internal(struct ctx *c, enum kind k)
{
	if (!c->who)
		return true;
	if (k != KIND_INTERNAL)
		return true;
	return c->who->role == ROLE_DEVELOPER || c->who->role == ROLE_ADMIN;
}

struct comment_args {
	enum kind kind;
	const char *id, *text, *visibility;
	struct ticket t;
	int64_t comment_id, event_id;
};

static enum err_code comment_tx(struct ctx *c, void *arg)
{
	struct comment_args *ca = arg;
	struct db *db = svc_db(c);
	enum err_code rc = svc_ticket_load(c, ca->kind, ca->id, &ca->t);

	if (rc)
		return rc;
	if (!svc_ticket_may(c, ca->kind, ACT_COMMENT, ca->t.created_by))
		return svc_ticket_forbidden(c, "comment on", ca->kind);
	/* An internal note its own author could not read back is refused. */
	if (!strcmp(ca->visibility, "internal") && !sees_internal(c, ca->kind))
		return err_set(c->e, ERR_FORBIDDEN, "visibility",
			       "a %s cannot write internal notes on %s tickets; use public",
			       role_name(c->who->role), kind_name(ca->kind));
	rc = store_comment_add(db, ca->t.id, svc_actor_id(c), c->author, ca->text, ca->visibility,
			       clock_now(), &ca->comment_id, c->e);
	if (rc)
		return rc;
	struct ticket_event ev = {.at = clock_now(),
				  .actor_id = svc_actor_id(c),
				  .type = "comment",
				  .comment_id = ca->comment_id};

	rc = store_event_add(db, &ev, ca->t.id, c->e);
	/* A customer's reply on the portal is news to whoever works the ticket, also on one
	 * resolved ("when will the refund come?"): it would otherwise wait unseen. */
	if (!rc && c->author && ca->t.assigned_to)
		rc = svc_notify(
		    c, NT_CUSTOMER_WROTE, ca->t.assigned_to, ca->t.id,
		    arena_printf(c->a, "%s: %s replied", ca->t.number, c->author->name),
		    arena_printf(c->a, "%s (%s)\n%s wrote on the customer portal:\n\n%s\n",
				 ca->t.number, ca->t.v[TF_TITLE] ? ca->t.v[TF_TITLE] : "",
				 c->author->name, ca->text),
		    arena_printf(c->a, "customer_wrote:%lld", (long long)ca->comment_id));
	if (rc)
		return rc;
	/* A public reply by staff is the first response the SLA reports (not a customer's on
	 * the portal, written as its reserved user); any comment is activity, so updated_at
	 * moves. */
	if (!strcmp(ca->visibility, "public") && !ca->t.first_response_at && c->who && !c->author &&
	    sees_internal(c, ca->kind) && c->who->role != ROLE_REPORTER) {
		struct ticket after = ca->t;
		int changed;

		after.first_response_at = clock_now();
		return store_ticket_update(db, &ca->t, &after, clock_now(), &changed, c->e);
	}
	return store_ticket_touch(db, ca->t.id, clock_now(), c->e);
}

enum err_code svc_ticket_comment(struct ctx *c, enum kind k, const char *id, const char *text,
				 const char *visibility, struct ticket_event *out)
{
	struct comment_args ca = {.kind = k, .id = id, .visibility = visibility};
	enum err_code rc;

	ca.text = svc_trimmed(c->a, text);
	if (!ca.text || !*ca.text)
		return err_set(c->e, ERR_INVALID, "comment_text", "'comment_text' is required");
	if (strlen(ca.text) > 20000)
		return err_set(c->e, ERR_INVALID, "comment_text",
			       "'comment_text' is longer than 20000 bytes");
	if (!visibility) /* the default is the note, for those who may read notes */
		ca.visibility = sees_internal(c, k) ? "internal" : "public";
	else if (strcmp(visibility, "internal") && strcmp(visibility, "public"))
		return err_set(c->e, ERR_INVALID, "visibility",
			       "visibility must be internal or public");
	rc = svc_tx(c, comment_tx, &ca);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->comment_id = ca.comment_id;
	out->at = clock_now();
	out->actor_id = svc_actor_id(c);
	out->actor_name = c->author ? c->author->name : c->who ? c->who->name : NULL;
	out->author_contact_id = c->author ? c->author->contact_id : 0;
	out->type = "comment";
	out->comment_text = ca.text;
	out->visibility = ca.visibility;
	return ERR_OK;
}

enum err_code svc_ticket_timeline(struct ctx *c, enum kind k, const char *id, bool comments_only,
				  struct ticket_event **out, int *n)
{
	struct ticket t;
	enum err_code rc = svc_ticket_get(c, k, id, &t);

	if (rc)
		return rc;
	return store_timeline(svc_db(c), c->a, t.id, sees_internal(c, k), comments_only, out, n,
			      c->e);
}
