/* Entry points of the fuzz targets, shared by libFuzzer (one executable per target, `make
 * fuzz`) and the corpus replay of every test run (tests/unit/fuzz_corpora.c).  Each takes one
 * input, returns 0, and traps (__builtin_trap) when an invariant of its parser breaks;
 * crashes and sanitizer reports are the other findings. */
#ifndef TICKETD_FUZZ_H
#define TICKETD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* multipart.c: a Content-Type header value, a newline, then the body. */
int fuzz_multipart_one(const uint8_t *data, size_t size);
/* router.c: a method byte, then a request target as sent (route matching, path checks). */
int fuzz_router_one(const uint8_t *data, size_t size);
/* query.c: a search box's text, turned into FTS5 and tsquery queries. */
int fuzz_query_one(const uint8_t *data, size_t size);
/* json.c: a request body through the JSON field intake, and text through jw and utf8. */
int fuzz_json_one(const uint8_t *data, size_t size);
/* csv.c: a CSV file, read record by record. */
int fuzz_csv_one(const uint8_t *data, size_t size);
/* template.c: a reply template, checked and rendered. */
int fuzz_template_one(const uint8_t *data, size_t size);
/* time.c: dates and instants; what parses must format and parse back to itself. */
int fuzz_time_one(const uint8_t *data, size_t size);
/* media.c: an image's bytes, for the EXIF time it was taken. */
int fuzz_media_one(const uint8_t *data, size_t size);
/* phone.c: a phone number as people write it, normalised to E.164 digits. */
int fuzz_phone_one(const uint8_t *data, size_t size);

#endif
