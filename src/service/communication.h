/* The communication log of a customer ticket: calls, WhatsApp messages, emails and visits
 * staff record, with their files; shown on the ticket's timeline. */
#ifndef TICKETD_SERVICE_COMMUNICATION_H
#define TICKETD_SERVICE_COMMUNICATION_H

#include "evidence.h"
#include "../store/communication.h"

/* Logs a communication on a customer ticket, with files (ev may be NULL).  An outbound one
 * by staff is the ticket's first response when there was none.  On success in->id,
 * ticket_id, logged_by and logged_at are set, and *files holds the ticket's attachments
 * (those of in among them). */
enum err_code svc_communication_add(struct ctx *c, enum kind k, const char *id,
				    struct communication *in, struct evidence *ev,
				    struct attachment **files, int *nfiles);
/* The ticket's communications, and its attachments (each names its communication). */
enum err_code svc_communications(struct ctx *c, enum kind k, const char *id,
				 struct communication **out, int *n, struct attachment **files,
				 int *nfiles);

#endif
