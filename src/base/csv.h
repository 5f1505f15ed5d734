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

/* --- writing (RFC 4180) ----------------------------------------------------------------
 * Records end with CRLF; a field holding a comma, quote, CR or LF is quoted, its quotes
 * doubled.  A text field from users that a spreadsheet would read as a formula (it starts
 * with =, +, -, @, a tab or a CR) is written with a leading apostrophe, which spreadsheets
 * show as text (docs/decisions.md, "CSV export").  Numbers and instants ticketd writes
 * itself are never changed. */
struct strbuf;

/* Appends one field (NULL: empty), preceded by a comma unless first.  guard: a text from
 * users (the formula guard applies). */
void csv_put(struct strbuf *sb, const char *s, bool first, bool guard);
/* Ends the record. */
void csv_end(struct strbuf *sb);

#endif
