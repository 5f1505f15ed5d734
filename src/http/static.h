/* Static files for the web UI: the built single-page app in one directory (web/dist).
 * Hashed assets under /assets/ are cached for a year, index.html is revalidated each time,
 * and any other path that is not a file is answered with index.html so deep links work
 * (portal.html, the customer portal's own entry, under /portal).
 * Request paths are checked against a strict pattern before any file name is built. */
#ifndef TICKETD_STATIC_H
#define TICKETD_STATIC_H

#include <stdbool.h>

#include "server.h"

/* Whether dir holds a built app (a regular file dir/index.html). */
bool static_available(const char *dir);

/* Answers a GET or HEAD request r from dir: a file, index.html for unknown paths, 404 for a
 * missing asset, 400 for a path with a ".." segment.  Always replies (sets r->status). */
void static_serve(struct request *r, const char *dir);

#endif
