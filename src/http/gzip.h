/* Compressing a reply for a client that accepts gzip (RFC 9110 Accept-Encoding): the JSON of
 * a list or a catalog shrinks to a fifth, which a phone on a slow network feels.  Replies
 * under GZIP_MIN bytes go as they are: their headers outweigh what would be saved. */
#ifndef TICKETD_HTTP_GZIP_H
#define TICKETD_HTTP_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#define GZIP_MIN 1024

/* Whether an Accept-Encoding value (NULL: the header is absent) accepts gzip: "gzip" or "*"
 * listed without q=0, and gzip not refused by name. */
bool gzip_accepted(const char *accept_encoding);
/* The gzip form of data[0..len), malloc'd (the caller frees it), its length in *out_len;
 * NULL when it is not smaller or cannot be made (then send data as it is). */
char *gzip_compress(const char *data, size_t len, size_t *out_len);

#endif
