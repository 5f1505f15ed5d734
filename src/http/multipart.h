/* multipart/form-data (RFC 7578) parsed from a whole request body already in memory.  The
 * parts point into the body (no copies of the data); names, file names and content types
 * are NUL-terminated copies in the arena.  Untrusted input: the parser never reads outside
 * [body, body + len), and every failure is a value (tests/unit/http/multipart.c and the
 * fuzz target tests/fuzz/multipart.c hold it to that). */
#ifndef TICKETD_MULTIPART_H
#define TICKETD_MULTIPART_H

#include <stddef.h>

#include "../base/arena.h"
#include "../base/err.h"

#define MULTIPART_MAX_PARTS 64

struct multipart_part {
	const char *name;	  /* the form field name ("ticket", "photos", ...) */
	const char *filename;	  /* as the client sent it, or NULL; never a path to use */
	const char *content_type; /* the part's Content-Type, or NULL */
	const char *data;	  /* into the body */
	size_t len;
};

/* The boundary of a Content-Type header value "multipart/form-data; boundary=...", as an
 * arena string; NULL when the type is not multipart/form-data or has no valid boundary. */
const char *multipart_boundary(struct arena *a, const char *content_type);

/* Splits body into at most MULTIPART_MAX_PARTS parts (arena array in *parts, count in *n).
 * ERR_BAD_REQUEST, with a message, for anything malformed. */
enum err_code multipart_parse(struct arena *a, const char *boundary, const char *body, size_t len,
			      struct multipart_part **parts, int *n, struct error *e);

#endif
