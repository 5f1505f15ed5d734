/* The fuzz target for the image metadata reader: the EXIF time a photo was taken, read
 * from any bytes a client uploads (libexif under our use of it). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "media/media.h"

int fuzz_media_one(const uint8_t *data, size_t size)
{
	/* Its own allocation, so that a read past the end is caught. */
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	int64_t t = media_taken_at(copy, size);

	if (t < 0)
		__builtin_trap();
	free(copy);
	return 0;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_media_one(data, size);
}
#endif
