/* What a file is and what can be made of it, from its bytes alone: the content type by
 * libmagic, the time an image was taken from its EXIF data (libexif), and a small JPEG
 * thumbnail (GraphicsMagick).  Depends on base only; thread-safe. */
#ifndef TICKETD_MEDIA_H
#define TICKETD_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The MIME type libmagic finds in the bytes ("image/jpeg"), as a static string when it is
 * one of the types ticketd accepts, else NULL; *found names what it was (for messages),
 * copied into found[0..foundlen). */
const char *media_sniff(const void *data, size_t len, char *found, size_t foundlen);
/* Whether files of this (accepted) type are photos. */
bool media_is_image(const char *mime);
/* When the photo was taken (EXIF DateTimeOriginal, read in the business time zone), as UTC
 * seconds; 0 when the file carries no such time. */
int64_t media_taken_at(const void *data, size_t len);
/* A JPEG that fits in max_px x max_px, in malloc'd *out (the caller frees it).  false when
 * the image cannot be decoded (e.g. HEIC, which the library does not read). */
bool media_thumbnail(const void *data, size_t len, const char *mime, unsigned max_px, void **out,
		     size_t *outlen);

#endif
