/* The help desk's links (issue 18): links between tickets (related, parent/child,
 * duplicate), merging a duplicate into the ticket kept, and splitting a complaint about
 * several order lines into one ticket per line.  Each writes audit events on both tickets'
 * timelines in one transaction; the totals (ticket_counts) follow through the one path that
 * changes a ticket.  Staff who may change both tickets. */
#ifndef TICKETD_SERVICE_LINK_H
#define TICKETD_SERVICE_LINK_H

#include "service.h"
#include "../store/link.h"

/* type: related, parent_of, child_of, duplicate_of (this ticket is the duplicate); other: the
 * other ticket's number or id, any kind the actor may read. */
enum err_code svc_ticket_link(struct ctx *c, enum kind k, const char *id, const char *type,
			      const char *other);
enum err_code svc_ticket_links(struct ctx *c, enum kind k, const char *id, struct ticket_link **out,
			       int *n);
/* Merges duplicate `id` into `into` (same kind): its comments, communications and
 * attachments move to the kept ticket, it is linked as a duplicate and closed from any open
 * status (docs/decisions.md).  *kept is the kept ticket afterwards. */
enum err_code svc_ticket_merge(struct ctx *c, enum kind k, const char *id, const char *into,
			       struct ticket *kept);

struct split_part {
	int line_no;		 /* a line of the ticket's sales order */
	int64_t *attachment_ids; /* the evidence that goes with it (the ticket's own files) */
	int nattachments;
	int64_t ticket_id;	   /* out: the new ticket */
	const char *number, *item; /* out */
};

/* Splits ticket `id` (with a sales order): each part becomes a new ticket (a child of this
 * one) about that order line, with the part's files moved to it; the original keeps the
 * rest.  A quality complaint's parts each need a photo, and the original keeps one. */
enum err_code svc_ticket_split(struct ctx *c, enum kind k, const char *id, struct split_part *parts,
			       int nparts, struct ticket *out);

#endif
