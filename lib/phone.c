/* phone.c - phone numbers to E.164. */
#include <string.h>

#include "crm.h"

/*
 * E.164 allows at most 15 digits after the '+'.  The shortest numbers in
 * service (Niue, Saint Helena, Tokelau: a 3-digit country code and 4-digit
 * subscriber numbers) have 7 digits in all, so that is the lower bound;
 * anything shorter is a typo or an internal extension.
 */
#define PHONE_MIN_DIGITS	7
#define PHONE_MAX_DIGITS	15

/*
 * National (trunk) prefixes, which are dialled inside a country but are
 * not part of the international number.  Countries absent from the table
 * are taken to use 0, as most numbering plans do.  An empty trunk means
 * the country has none: a leading 0 there is part of the number (Italy,
 * San Marino, the Vatican, Côte d'Ivoire) or a typo we should not hide.
 * Country codes are prefix-free, so the first entry that begins the
 * digits of an international number is its country code.
 */
static const struct {
	const char *cc;
	const char *trunk;
} trunks[] = {
	{ "1", "1" },		/* NANP: US, Canada, Caribbean */
	{ "7", "8" },		/* Russia, Kazakhstan */
	{ "20", "0" }, { "27", "0" }, { "30", "" }, { "31", "0" },
	{ "32", "0" }, { "33", "0" }, { "34", "" }, { "36", "06" },
	{ "39", "" }, { "40", "0" }, { "41", "0" }, { "43", "0" },
	{ "44", "0" }, { "45", "" }, { "46", "0" }, { "47", "" },
	{ "48", "" }, { "49", "0" }, { "51", "0" }, { "52", "" },
	{ "54", "0" }, { "55", "0" }, { "60", "0" }, { "61", "0" },
	{ "62", "0" }, { "63", "0" }, { "64", "0" }, { "65", "" },
	{ "66", "0" }, { "81", "0" }, { "82", "0" }, { "84", "0" },
	{ "86", "0" }, { "90", "0" }, { "91", "0" }, { "92", "0" },
	{ "212", "0" }, { "225", "" }, { "234", "0" }, { "254", "0" },
	{ "351", "" }, { "352", "" }, { "353", "0" }, { "354", "" },
	{ "356", "" }, { "357", "" }, { "358", "0" }, { "359", "0" },
	{ "371", "" }, { "372", "" }, { "376", "" }, { "377", "" },
	{ "378", "" }, { "379", "" }, { "380", "0" }, { "385", "0" },
	{ "386", "0" }, { "420", "" }, { "421", "0" }, { "852", "" },
	{ "853", "" }, { "886", "0" }, { "965", "" }, { "966", "0" },
	{ "971", "0" }, { "972", "0" }, { "974", "" },
};

/*
 * Separators people type or paste between digit groups; the UTF-8 ones
 * (no-break spaces, Unicode hyphens and dashes) come from web pages and
 * word processors.
 */
static const char *const separators[] = {
	" ", "\t", ".", "-", "/", "(", ")",
	"\xc2\xa0",		/* U+00A0 no-break space */
	"\xe2\x80\xaf",		/* U+202F narrow no-break space */
	"\xe2\x80\x90", "\xe2\x80\x91", "\xe2\x80\x92", "\xe2\x80\x93",
	"\xe2\x80\x94",		/* U+2010..U+2014 hyphens and dashes */
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of the separator at s, or 0. */
static size_t
separator_len(const char *s)
{
	size_t i, n;

	for (i = 0; i < sizeof(separators) / sizeof(separators[0]); i++) {
		n = strlen(separators[i]);
		if (strncmp(s, separators[i], n) == 0)
			return n;
	}
	return 0;
}

/* The table entry whose country code begins digits, or -1. */
static int
find_country(const char *digits)
{
	size_t i;

	for (i = 0; i < sizeof(trunks) / sizeof(trunks[0]); i++)
		if (strncmp(digits, trunks[i].cc, strlen(trunks[i].cc)) == 0)
			return (int)i;
	return -1;
}

/* The trunk prefix of country code cc: "0" when the table lacks it. */
static const char *
trunk_of(const char *cc)
{
	size_t i;

	for (i = 0; i < sizeof(trunks) / sizeof(trunks[0]); i++)
		if (strcmp(cc, trunks[i].cc) == 0)
			return trunks[i].trunk;
	return "0";
}

/* Remove the byte at digits[i]. */
static void
drop_digit(char *digits, size_t i)
{
	memmove(digits + i, digits + i + 1, strlen(digits + i + 1) + 1);
}

/*
 * Normalise in to "+<digits>".  Returns CRM_OK or CRM_EINPUT with the
 * reason in e; out is written only on success.
 */
int
crm_phone_normalize(const char *in, const char *default_cc, char *out,
    size_t outsz, struct crm_err *e)
{
	char shown[256], digits[64], number[72];
	const char *p, *trunk;
	size_t len, n, nd = 0, zero_at = (size_t)-1;
	int intl = 0, has_trunk;

	/* The message shows the number as typed, without surrounding space. */
	while (*in == ' ' || *in == '\t' || *in == '\n' || *in == '\r')
		in++;
	len = strlen(in);
	while (len > 0 && (in[len - 1] == ' ' || in[len - 1] == '\t' ||
	    in[len - 1] == '\n' || in[len - 1] == '\r'))
		len--;
	snprintf(shown, sizeof(shown), "%.*s", (int)len, in);

	if (len == 0)
		return crm_err_set(e, CRM_EINPUT, "phone \"\" is empty");
	p = in;
	if (*p == '+') {
		intl = 1;
		p++;
	}
	for (; p < in + len; p += n) {
		n = 1;
		if (is_digit(*p)) {
			if (nd == sizeof(digits) - 1)
				return crm_err_set(e, CRM_EINPUT,
				    "phone \"%s\" is too long", shown);
			digits[nd++] = *p;
			continue;
		}
		/* "+44 (0)20 …": remember where the written trunk 0 went. */
		if (strncmp(p, "(0)", 3) == 0 && zero_at == (size_t)-1) {
			zero_at = nd;
			digits[nd++] = '0';
			n = 3;
			continue;
		}
		if ((n = separator_len(p)) > 0)
			continue;
		if (*p == '+')
			return crm_err_set(e, CRM_EINPUT,
			    "phone \"%s\" has a '+' that is not at the start",
			    shown);
		if (is_letter(*p))
			return crm_err_set(e, CRM_EINPUT,
			    "phone \"%s\" has letters", shown);
		return crm_err_set(e, CRM_EINPUT,
		    "phone \"%s\" has an unexpected character", shown);
	}
	digits[nd] = '\0';
	if (nd == 0)
		return crm_err_set(e, CRM_EINPUT, "phone \"%s\" has no digits",
		    shown);

	if (!intl && digits[0] == '0' && digits[1] == '0') {
		intl = 1;
		drop_digit(digits, 0);
		drop_digit(digits, 0);
		if (zero_at != (size_t)-1)
			zero_at = zero_at >= 2 ? zero_at - 2 : (size_t)-1;
	}

	if (intl) {
		int ci;

		if (digits[0] == '0' || digits[0] == '\0')
			return crm_err_set(e, CRM_EINPUT,
			    "phone \"%s\" has no valid country code", shown);
		ci = find_country(digits);
		/*
		 * "+44 (0)20" and the common mistake "+44 020" both carry the
		 * trunk 0, which is never part of the number in a trunk-0
		 * country.  Where 0 is no trunk (Italy), it stays.
		 */
		if (ci >= 0 && strcmp(trunks[ci].trunk, "0") == 0 &&
		    digits[strlen(trunks[ci].cc)] == '0')
			drop_digit(digits, strlen(trunks[ci].cc));
		else if (zero_at != (size_t)-1 &&
		    (ci < 0 || strcmp(trunks[ci].trunk, "") != 0))
			drop_digit(digits, zero_at);
		snprintf(number, sizeof(number), "%s", digits);
	} else {
		if (default_cc != NULL && *default_cc == '+')
			default_cc++;
		if (default_cc == NULL || *default_cc == '\0')
			return crm_err_set(e, CRM_EINPUT, "phone \"%s\" has no "
			    "country code and phone.default_country is not set",
			    shown);
		n = strlen(default_cc);
		if (n > 3 || default_cc[0] == '0' ||
		    strspn(default_cc, "0123456789") != n)
			return crm_err_set(e, CRM_EINPUT,
			    "phone.default_country \"%s\" is not a country "
			    "calling code", default_cc);
		trunk = trunk_of(default_cc);
		has_trunk = *trunk != '\0' &&
		    strncmp(digits, trunk, strlen(trunk)) == 0;
		snprintf(number, sizeof(number), "%s%s", default_cc,
		    digits + (has_trunk ? strlen(trunk) : 0));
	}

	n = strlen(number);
	if (n < PHONE_MIN_DIGITS)
		return crm_err_set(e, CRM_EINPUT, "phone \"%s\" is too short",
		    shown);
	if (n > PHONE_MAX_DIGITS)
		return crm_err_set(e, CRM_EINPUT, "phone \"%s\" is too long",
		    shown);
	if (outsz < n + 2)
		return crm_err_set(e, CRM_EINPUT,
		    "phone \"%s\" does not fit the output buffer", shown);
	out[0] = '+';
	memcpy(out + 1, number, n + 1);
	return CRM_OK;
}
