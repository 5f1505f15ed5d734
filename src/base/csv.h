/* A CSV reader (RFC 4180): fields separated by commas, quoted with double quotes (a quote
 * inside doubled), records ended by CRLF or LF.  It parses untrusted files: every record
 * is bounded and a malformed file gives an error with its line, never a crash. */
#ifndef TICKETD_CSV_H
#define TICKETD_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define CSV_MAX_FIELDS 64

struct csv {
	const char *p, *end;
	int line; /* line of the record just read, from 1 */
	char error[128];
};

void csv_init(struct csv *c, const char *text, size_t len);
/* Reads the next record into fields (arena strings), at most CSV_MAX_FIELDS.
 * Returns the field count, 0 at the end of the text, or -1 with c->error set. */
int csv_next(struct csv *c, struct arena *a, const char *fields[CSV_MAX_FIELDS]);

#endif
