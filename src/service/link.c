/* Links, merges and splits; see link.h. */
#include "link.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"
#include "../base/clock.h"
#include "../store/approval.h"
#include "../store/attachment.h"
#include "../store/claim.h"
#include "../base/banned.h"

/* The API's link types, and how each is stored (from is this ticket unless swapped). */
static const struct {
	const char *name, *stored, *other_side;
	bool swap;
} link_types[] = {
    {"related", "related", "related", false},
    {"parent_of", "parent", "child_of", false},
    {"child_of", "parent", "parent_of", true},
    {"duplicate_of", "duplicate", "has_duplicate", false},
};

/* Ticket ref (an id or a number in any letter case), of any kind the actor may read;
 * ERR_INVALID naming field when there is none. */
static enum err_code load_any(struct ctx *c, const char *ref, const char *field, struct ticket *out)
{
	struct db *db = svc_db(c);
	struct error ignored;
	char *end;
	enum err_code rc;

	if (!ref || !*ref)
		return err_set(c->e, ERR_INVALID, field, "'%s' is the other ticket's number",
			       field);
	errno = 0;
	long long n = strtoll(ref, &end, 10);

	if (*end == '\0' && n > 0) {
		rc = store_ticket_get(db, c->a, n, out, &ignored);
	} else {
		char *upper = arena_strdup(c->a, ref);

		for (char *p = upper; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		rc = store_ticket_by_number(db, c->a, upper, out, &ignored);
	}
	if (rc == ERR_NOT_FOUND ||
	    (!rc && !svc_ticket_may(c, out->kind, ACT_READ, out->created_by)))
		return err_set(c->e, ERR_INVALID, field, "no ticket '%s'", ref);
	return rc ? err_set(c->e, rc, NULL, "the ticket could not be read") : ERR_OK;
}

/* Whether the actor works tickets of kind k (staff for B2B and B2C; developers and admins
 * for internal ones): links, merges and splits are theirs. */
static enum err_code works(struct ctx *c, enum kind k)
{
	if (!c->who || policy_can_work(c->who->role, k))
		return ERR_OK;
	return err_set(c->e, ERR_FORBIDDEN, NULL, "a %s does not link, merge or split %s tickets",
		       role_name(c->who->role), kind_name(k));
}

/* Staff who may change both. */
static enum err_code may_change_both(struct ctx *c, const struct ticket *a, const struct ticket *b)
{
	if (!svc_ticket_may(c, a->kind, ACT_UPDATE, a->created_by))
		return svc_ticket_forbidden(c, "update", a->kind);
	if (!svc_ticket_may(c, b->kind, ACT_UPDATE, b->created_by))
		return svc_ticket_forbidden(c, "update", b->kind);
	return ERR_OK;
}

struct link_args {
	enum kind kind;
	const char *id, *type, *other;
};

static enum err_code link_tx(struct ctx *c, void *arg)
{
	struct link_args *la = arg;
	struct ticket self, other;
	int type = -1;
	bool added;
	enum err_code rc;

	for (size_t i = 0; i < sizeof(link_types) / sizeof(link_types[0]); i++)
		if (la->type && !strcmp(link_types[i].name, la->type))
			type = (int)i;
	if (type < 0)
		return err_set(c->e, ERR_INVALID, "type",
			       "type is related, parent_of, child_of or duplicate_of");
	rc = svc_ticket_load(c, la->kind, la->id, &self);
	if (!rc)
		rc = load_any(c, la->other, "ticket", &other);
	if (!rc)
		rc = may_change_both(c, &self, &other);
	if (rc)
		return rc;
	if (self.id == other.id)
		return err_set(c->e, ERR_INVALID, "ticket", "a ticket cannot be linked to itself");
	if (store_link_exists(svc_db(c), self.id, other.id))
		return err_set(c->e, ERR_CONFLICT, "ticket", "%s and %s are linked already",
			       self.number, other.number);
	bool swap = link_types[type].swap;

	rc = store_link_add(svc_db(c), swap ? other.id : self.id, swap ? self.id : other.id,
			    link_types[type].stored, svc_actor_id(c), clock_now(), &added, c->e);
	if (!rc)
		rc = svc_ticket_event(
		    c, self.id, "linked", "link", NULL,
		    arena_printf(c->a, "%s %s", link_types[type].name, other.number), NULL);
	if (!rc)
		rc = svc_ticket_event(
		    c, other.id, "linked", "link", NULL,
		    arena_printf(c->a, "%s %s", link_types[type].other_side, self.number), NULL);
	return rc;
}

enum err_code svc_ticket_link(struct ctx *c, enum kind k, const char *id, const char *type,
			      const char *other)
{
	struct link_args la = {k, id, type, other};
	enum err_code rc = works(c, k);

	return rc ? rc : svc_tx(c, link_tx, &la);
}

enum err_code svc_ticket_links(struct ctx *c, enum kind k, const char *id, struct ticket_link **out,
			       int *n)
{
	struct ticket t;
	enum err_code rc;

	*n = 0;
	rc = works(c, k);
	if (!rc)
		rc = svc_ticket_get(c, k, id, &t);
	return rc ? rc : store_links_of(svc_db(c), c->a, t.id, out, n, c->e);
}

/* --- merge ------------------------------------------------------------------------- */

/* Closes the duplicate from any open status: merging is the decision that it needs no work
 * of its own (docs/decisions.md, "Merge, split and links"). */
static enum err_code close_duplicate(struct ctx *c, struct change *ch, void *arg)
{
	struct ticket *t = &ch->after;
	int64_t now = clock_now();

	if (t->status != ST_RESOLVED)
		sla_stop(&ch->sla.cal, &t->sla, now);
	t->status = ST_CLOSED;
	t->closed_at = now;
	t->next_check_at = 0;
	ch->event_type = "closed";
	ch->note = arena_printf(c->a, "Merged into %s", (const char *)arg);
	return ERR_OK;
}

struct merge_args {
	enum kind kind;
	const char *id, *into;
	int64_t kept_id;
};

static enum err_code merge_tx(struct ctx *c, void *arg)
{
	struct merge_args *ma = arg;
	struct db *db = svc_db(c);
	struct ticket dup, kept;
	int64_t ids[2000];
	int ncomments = 0, ncomm, natt, moved;
	bool added;
	enum err_code rc = svc_ticket_load(c, ma->kind, ma->id, &dup);

	if (!rc)
		rc = load_any(c, ma->into, "into", &kept);
	if (!rc)
		rc = may_change_both(c, &dup, &kept);
	if (rc)
		return rc;
	if (dup.id == kept.id)
		return err_set(c->e, ERR_INVALID, "into", "a ticket cannot be merged into itself");
	if (dup.kind != kept.kind)
		return err_set(c->e, ERR_INVALID, "into", "%s is a %s ticket, %s a %s one",
			       kept.number, kind_name(kept.kind), dup.number, kind_name(dup.kind));
	if (dup.status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed already", dup.number);
	if (kept.status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "into", "%s is closed", kept.number);
	struct approval pending;
	bool waiting;

	rc = store_approval_pending_of(db, c->a, dup.id, &pending, &waiting, c->e);
	if (rc)
		return rc;
	if (waiting)
		return err_set(
		    c->e, ERR_CONFLICT, "status",
		    "%s has a resolution waiting for a manager (approval %lld): decide it "
		    "first",
		    dup.number, (long long)pending.id);
	ma->kept_id = kept.id;
	rc = store_link_comments(db, dup.id, ids, 2000, &ncomments, c->e);
	if (!rc)
		rc = store_link_move_all(db, dup.id, kept.id, &moved, &ncomm, &natt, c->e);
	/* The moved comments appear on the kept ticket's timeline (and stay on the
	 * duplicate's, whose events are never changed). */
	for (int i = 0; !rc && i < ncomments; i++) {
		struct ticket_event ev = {.at = clock_now(),
					  .actor_id = svc_actor_id(c),
					  .type = "comment",
					  .comment_id = ids[i],
					  .note = arena_printf(c->a, "Moved from %s", dup.number)};

		rc = store_event_add(db, &ev, kept.id, c->e);
	}
	if (!rc)
		rc = store_link_add(db, dup.id, kept.id, "duplicate", svc_actor_id(c), clock_now(),
				    &added, c->e);
	const char *what = arena_printf(c->a, "%d comments, %d communications, %d attachments",
					ncomments, ncomm, natt);

	if (!rc)
		rc = svc_ticket_event(
		    c, dup.id, "merged", "merged_into", NULL, kept.number,
		    arena_printf(c->a, "Merged into %s: %s moved", kept.number, what));
	if (!rc)
		rc = svc_ticket_event(
		    c, kept.id, "merged", "merged_from", NULL, dup.number,
		    arena_printf(c->a, "%s merged into this ticket: %s moved", dup.number, what));
	if (!rc)
		rc = store_ticket_touch(db, kept.id, clock_now(), c->e);
	if (rc)
		return rc;
	struct change ch = {.kind = dup.kind,
			    .id = arena_printf(c->a, "%lld", (long long)dup.id),
			    .mutate = close_duplicate,
			    .arg = (void *)kept.number};

	return svc_change_tx(c, &ch);
}

enum err_code svc_ticket_merge(struct ctx *c, enum kind k, const char *id, const char *into,
			       struct ticket *kept)
{
	struct merge_args ma = {k, id, into, 0};
	enum err_code rc = works(c, k);

	if (!rc)
		rc = svc_tx(c, merge_tx, &ma);
	return rc ? rc : store_ticket_get(svc_db(c), c->a, ma.kept_id, kept, c->e);
}

/* --- split ------------------------------------------------------------------------- */

struct split_args {
	enum kind kind;
	const char *id;
	struct split_part *parts;
	int nparts;
	int64_t orig_id;
};

/* A copy of the original for one order line: the same customer, order, batch, priority and
 * SLA clock (the complaint was made when the original was), new and without an outcome. */
static struct ticket part_ticket(struct ctx *c, const struct ticket *o, const char *item,
				 int line_no)
{
	struct ticket t = *o;

	t.id = 0;
	t.number = NULL;
	t.status = ST_NEW;
	t.resolved_at = t.closed_at = 0;
	t.resolution_type = t.resolution_notes = NULL;
	t.has_amount = false;
	t.resolution_amount = 0;
	t.resolution_currency = t.resolution_reference = NULL;
	t.replacement_date = t.replacement_items = NULL;
	t.close_confirmation = NULL;
	t.first_response_at = 0;
	t.v[TF_ITEMS_AFFECTED] = item;
	t.v[TF_TITLE] = NULL; /* the default title, from the category and customer */
	t.v[TF_DESCRIPTION] = arena_printf(c->a, "Split from %s (order line %d: %s).\n\n%s",
					   o->number, line_no, item, o->v[TF_DESCRIPTION]);
	t.created_by = svc_actor_id(c) ? svc_actor_id(c) : o->created_by;
	t.next_check_at = svc_sla_next_check(&t);
	return t;
}

static enum err_code split_tx(struct ctx *c, void *arg)
{
	struct split_args *sa = arg;
	struct db *db = svc_db(c);
	struct ticket orig;
	struct claim_line *lines;
	int nlines;
	bool added;
	enum err_code rc = svc_ticket_load(c, sa->kind, sa->id, &orig);

	if (!rc)
		rc = may_change_both(c, &orig, &orig);
	if (rc)
		return rc;
	sa->orig_id = orig.id;
	if (orig.status == ST_RESOLVED || orig.status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is %s: reopen it to split it",
			       orig.number, status_name(orig.status));
	if (!orig.v[TF_SO_ID])
		return err_set(c->e, ERR_INVALID, "parts",
			       "%s names no sales order: only a complaint about order lines splits",
			       orig.number);
	rc = store_claim_lines(db, c->a, orig.v[TF_SO_ID], &lines, &nlines, c->e);
	if (rc)
		return rc;
	bool quality = orig.category_group && !strcmp(orig.category_group, "quality");

	for (int i = 0; i < sa->nparts; i++) {
		struct split_part *p = &sa->parts[i];
		const char *field = arena_printf(c->a, "parts[%d].line_no", i);

		p->item = NULL;
		for (int l = 0; l < nlines; l++)
			if (lines[l].line_no == p->line_no)
				p->item = lines[l].item;
		if (!p->item)
			return err_set(c->e, ERR_INVALID, field, "sales order %s has no line %d",
				       orig.v[TF_SO_ID], p->line_no);
		for (int j = 0; j < i; j++)
			if (sa->parts[j].line_no == p->line_no)
				return err_set(c->e, ERR_INVALID, field, "line %d is given twice",
					       p->line_no);
		if (quality && !p->nattachments)
			return err_set(
			    c->e, ERR_INVALID, arena_printf(c->a, "parts[%d].attachment_ids", i),
			    "a quality complaint about line %d needs its photo", p->line_no);
	}
	for (int i = 0; !rc && i < sa->nparts; i++) {
		struct split_part *p = &sa->parts[i];
		struct ticket t = part_ticket(c, &orig, p->item, p->line_no);

		rc = svc_ticket_insert_tx(c, &t, &p->ticket_id);
		if (rc)
			break;
		p->number = arena_strdup(c->a, t.number);
		for (int j = 0; !rc && j < p->nattachments; j++)
			rc = store_link_move_attachment(db, p->attachment_ids[j], orig.id,
							p->ticket_id, c->e);
		if (rc) /* name the part */
			c->e->field = arena_printf(c->a, "parts[%d].attachment_ids", i);
		if (!rc)
			rc = store_link_add(db, orig.id, p->ticket_id, "parent", svc_actor_id(c),
					    clock_now(), &added, c->e);
		const char *note =
		    arena_printf(c->a, "Order line %d (%s), with %d file%s", p->line_no, p->item,
				 p->nattachments, p->nattachments == 1 ? "" : "s");

		if (!rc)
			rc = svc_ticket_event(c, orig.id, "split", "split_into", NULL, p->number,
					      note);
		if (!rc)
			rc = svc_ticket_event(c, p->ticket_id, "split", "split_from", NULL,
					      orig.number, note);
	}
	if (!rc && quality && store_attachment_photo_count(db, orig.id) == 0)
		return err_set(c->e, ERR_INVALID, "parts",
			       "%s would keep no photo: leave it at least one", orig.number);
	return rc ? rc : store_ticket_touch(db, orig.id, clock_now(), c->e);
}

enum err_code svc_ticket_split(struct ctx *c, enum kind k, const char *id, struct split_part *parts,
			       int nparts, struct ticket *out)
{
	struct split_args sa = {k, id, parts, nparts, 0};
	enum err_code rc = works(c, k);

	if (rc)
		return rc;
	if (nparts < 1 || nparts > 50)
		return err_set(c->e, ERR_INVALID, "parts", "give from 1 to 50 parts");
	rc = svc_tx(c, split_tx, &sa);
	return rc ? rc : store_ticket_get(svc_db(c), c->a, sa.orig_id, out, c->e);
}
