/* Entry points of the fuzz targets, shared by libFuzzer and the corpus replay. */
#ifndef TICKETD_FUZZ_H
#define TICKETD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Feeds one input to the multipart parser; always returns 0 (crashes are the finding). */
int fuzz_multipart_one(const uint8_t *data, size_t size);

#endif
