/* email.c - e-mail address checks. */
#include <string.h>

#include "crm.h"

#define EMAIL_MAX	254	/* RFC 5321 path less its angle brackets */
#define LOCAL_MAX	64
#define LABEL_MAX	63

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * The unquoted local part: printable ASCII without the specials that
 * would need quoting, or UTF-8 (RFC 6531).  Quoted local parts are legal
 * but nobody types them into a CRM on purpose, so they are refused.
 */
static int
local_ok(const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	if (n < 1 || n > LOCAL_MAX || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x80)
			continue;
		if (c <= 0x20 || c == 0x7f || strchr("<>(),;:\"[]@\\", c))
			return 0;
		if (c == '.' && s[i + 1] == '.')
			return 0;
	}
	return 1;
}

/*
 * A host name of two or more labels of letters, digits and inner hyphens.
 * Non-ASCII bytes (already known to be valid UTF-8) are let through as
 * IDN letters: telling letters from symbols would need Unicode tables
 * for little gain.  Label lengths are counted in bytes.
 */
static int
domain_ok(const char *s, size_t n)
{
	size_t i, start = 0, labels = 0;
	int all_digits = 1;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (i == start || i - start > LABEL_MAX ||
			    s[start] == '-' || s[i - 1] == '-')
				return 0;
			labels++;
			if (i == n)
				break;
			start = i + 1;
			all_digits = 1;
			continue;
		}
		if ((unsigned char)s[i] < 0x80 && !is_alnum(s[i]) &&
		    s[i] != '-')
			return 0;
		if (s[i] < '0' || s[i] > '9')
			all_digits = 0;
	}
	/* All-digit top labels are IP addresses or typos, never a TLD. */
	return labels >= 2 && !all_digits;
}

/*
 * Check in and copy it to out (trimmed, domain lower-cased).  Returns
 * CRM_OK, or CRM_EINPUT with the message `email "<in>" is not a valid
 * address` (in trimmed); out is written only on success.
 */
int
crm_email_normalize(const char *in, char *out, size_t outsz,
    struct crm_err *e)
{
	const char *at;
	size_t len, i, local;

	while (is_space(*in))
		in++;
	len = strlen(in);
	while (len > 0 && is_space(in[len - 1]))
		len--;

	if (len == 0 || len > EMAIL_MAX || len + 1 > outsz ||
	    !crm_utf8_valid(in, len, NULL))
		goto bad;
	if ((at = memchr(in, '@', len)) == NULL)
		goto bad;
	local = (size_t)(at - in);
	if (!local_ok(in, local) || !domain_ok(at + 1, len - local - 1))
		goto bad;

	memcpy(out, in, len);
	out[len] = '\0';
	for (i = local + 1; i < len; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = out[i] - 'A' + 'a';
	return CRM_OK;
bad:
	return crm_err_set(e, CRM_EINPUT,
	    "email \"%.*s\" is not a valid address",
	    (int)(len > 512 ? 512 : len), in);
}
