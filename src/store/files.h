/* Content-addressed file storage: the bytes of every uploaded file live once, under the data
 * directory as files/ab/cdef... (the SHA-256 in hex, split after two characters), and
 * thumbnails beside them as thumbs/ab/cdef....jpg.  Paths are made from the hash only, never
 * from anything a client sent. */
#ifndef TICKETD_STORE_FILES_H
#define TICKETD_STORE_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/err.h"

#define SHA256_HEX_LEN 64

/* Whether s is 64 lowercase hex digits (the only names files_path accepts). */
bool files_name_ok(const char *sha_hex);
/* DATA/files/ab/cdef..., or DATA/thumbs/ab/cdef....jpg when thumb; NULL for a bad name. */
const char *files_path(struct arena *a, const char *data_dir, const char *sha_hex, bool thumb);
/* Writes the bytes under their hash unless they are there already (*created says whether
 * this call made the file).  Written to a temporary name and renamed, so a reader never
 * sees half a file.  ERR_INTERNAL when the disk refuses. */
enum err_code files_put(struct arena *a, const char *data_dir, const char *sha_hex,
			const void *data, size_t len, bool thumb, bool *created, struct error *e);
/* Removes the file of this hash (and its thumbnail), if any. */
void files_remove(struct arena *a, const char *data_dir, const char *sha_hex);

#endif
