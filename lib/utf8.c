/*
 * utf8.c - UTF-8 validation and terminal display width.
 *
 * A small decoder of our own rather than mbrtowc(3) and wcwidth(3): those
 * follow the process locale, and a CRM must behave the same under "C".
 */
#include <stdint.h>
#include <string.h>

#include "crm.h"

struct range {
	uint32_t lo, hi;
};

/* Combining marks and invisible format characters: no column of their own. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F },
	{ 0x1AB0, 0x1AFF },
	{ 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F },
	{ 0x20D0, 0x20FF },
	{ 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F },
};

/* East Asian wide and fullwidth blocks, and the common emoji blocks. */
static const struct range wide[] = {
	{ 0x1100, 0x115F },
	{ 0x2E80, 0xA4CF },
	{ 0xAC00, 0xD7A3 },
	{ 0xF900, 0xFAFF },
	{ 0xFE30, 0xFE4F },
	{ 0xFF00, 0xFF60 },
	{ 0xFFE0, 0xFFE6 },
	{ 0x1F300, 0x1F64F },
	{ 0x1F900, 0x1F9FF },
	{ 0x20000, 0x3FFFD },
};

size_t
crm_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* C0 and C1 only start overlong forms; F5..FF go past U+10FFFF. */
	if (c < 0xC2 || c > 0xF4)
		return 0;
	if (c < 0xE0) {
		len = 2;
		c &= 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		c &= 0x0F;
	} else {
		len = 4;
		c &= 0x07;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Is s[0..n) valid UTF-8?  1 or 0, with the first bad byte in *bad_offset. */
int
crm_utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		/* Most input is ASCII: skip it eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, u + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		while (i < n && u[i] < 0x80)
			i++;
		if (i == n)
			break;
		if ((len = crm_utf8_decode(u + i, n - i, &cp)) == 0) {
			if (bad_offset != NULL)
				*bad_offset = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

static int
in_ranges(uint32_t c, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Columns s takes on a terminal; invalid bytes count one each. */
size_t
crm_utf8_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, w = 0, len;
	uint32_t c;

	while (i < n) {
		if (u[i] < 0x80) {
			w++;
			i++;
			continue;
		}
		if ((len = crm_utf8_decode(u + i, n - i, &c)) == 0) {
			w++;
			i++;
			continue;
		}
		i += len;
		if (in_ranges(c, zero_width,
		    sizeof(zero_width) / sizeof(zero_width[0])))
			continue;
		if (in_ranges(c, wide, sizeof(wide) / sizeof(wide[0])))
			w += 2;
		else
			w++;
	}
	return w;
}

size_t
crm_utf8_fit(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	/* Back to the first byte of the character that would be cut. */
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}
