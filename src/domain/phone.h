/* Phone numbers as WhatsApp names them: E.164 digits without the '+' (919812345678).
 * Pure, so the matching of a WhatsApp sender to a customer is table-tested. */
#ifndef TICKETD_PHONE_H
#define TICKETD_PHONE_H

#include <stdbool.h>
#include <stddef.h>

#define PHONE_E164_MAX 16 /* 15 digits and the NUL */

/* Normalises a number as people write it ("+91 98123-45678", "098123 45678", "9812345678",
 * "0091 ...") into E.164 digits in out (at least PHONE_E164_MAX bytes).  Without a '+' or
 * 00 in front, ten digits (or eleven with India's trunk 0) are an Indian number: 91 is put
 * in front (docs/decisions.md).  False for anything that is not 8 to 15 digits once
 * normalised, or has other characters than digits, spaces, dashes, dots and brackets. */
bool phone_e164(const char *in, char *out);

#endif
