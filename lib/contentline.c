/*
 * contentline.c - the content lines vCard (RFC 6350, and 2426 for 3.0)
 * and iCalendar (RFC 5545) share: NAME;PARAM=value:value, text values
 * escaped, lines folded at 75 octets with CRLF and one space, never
 * inside a UTF-8 character (nor inside an escape, which some readers
 * unescape before they unfold).
 *
 * A million cards go through here in an export, so a value is copied
 * byte by byte into room reserved once per value, not appended piece by
 * piece.
 */
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

/* Octets on a line before it is folded, CRLF not counted. */
#define LINE_OCTETS 75

/* What a byte of a value is: copied, escaped, dropped, or a character's. */
enum {
	B_COPY,			/* printable ASCII, space, tab */
	B_ESCAPE,		/* \ ; , in text: a backslash before it */
	B_NEWLINE,		/* LF, or CR (CRLF counts once) */
	B_DROP,			/* other control characters: not allowed */
	B_MULTI,		/* the first byte of a UTF-8 character */
};

/* The control characters but tab, LF and CR. */
#define CONTROLS \
	[0x00 ... 0x08] = B_DROP, [0x0b ... 0x0c] = B_DROP, \
	[0x0e ... 0x1f] = B_DROP, [0x7f] = B_DROP

static const unsigned char text_class[256] = {
	CONTROLS, ['\n'] = B_NEWLINE, ['\r'] = B_NEWLINE,
	['\\'] = B_ESCAPE, [';'] = B_ESCAPE, [','] = B_ESCAPE,
	[0x80 ... 0xff] = B_MULTI,
};

/* A raw value (a URI, a date) and a parameter: nothing is escaped. */
static const unsigned char raw_class[256] = {
	CONTROLS, ['\n'] = B_DROP, ['\r'] = B_DROP,
	[0x80 ... 0xff] = B_MULTI,
};

/* Room for n more bytes in cl's buffer; 0 when out of memory. */
static int
reserve(struct crm_cl *cl, size_t n)
{
	struct crm_buf *b = cl->b;
	size_t cap;
	char *p;

	if (cl->rc != CRM_OK)
		return 0;
	if (b->len + n + 1 <= b->cap)
		return 1;
	for (cap = b->cap ? b->cap : 512; cap < b->len + n + 1; cap *= 2)
		;
	if ((p = realloc(b->p, cap)) == NULL) {
		cl->rc = CRM_EDB;
		return 0;
	}
	b->p = p;
	b->cap = cap;
	return 1;
}

/*
 * The length of the UTF-8 character at s, or 0 when the bytes there are
 * not one (the caller writes U+FFFD for the first byte).
 */
static size_t
char_len(const unsigned char *s)
{
	size_t n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4, i;

	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return crm_utf8_valid((const char *)s, n, NULL) ? n : 0;
}

/*
 * Append the value s (n bytes, then a NUL) classified by class, folding
 * lines as it goes.  A byte read becomes at most 3 octets (an invalid one becomes
 * U+FFFD), and a fold adds 3 for every 74 octets or more.
 */
static void
put_value(struct crm_cl *cl, const unsigned char *s, size_t n,
    const unsigned char *class)
{
	static const unsigned char newline[2] = { '\\', 'n' };
	static const unsigned char replacement[3] = { 0xef, 0xbf, 0xbd };
	const unsigned char *end = s + n;
	char *o, *start;
	size_t col = cl->col;

	if (!reserve(cl, 3 * n + 3 * (3 * n / (LINE_OCTETS - 1) + 2) + 8))
		return;
	o = start = cl->b->p + cl->b->len;
	while (s < end) {
		const unsigned char *unit = s;
		unsigned char esc[2];
		size_t k = 1, adv = 1, room = LINE_OCTETS - col;

		/*
		 * Most bytes are plain: copy them in a tight loop while the
		 * line has room.  s[n] is the NUL, never B_COPY, so the run
		 * stops at the end of the value by itself.
		 */
		if (class[*s] == B_COPY && room > 0) {
			const unsigned char *run = s;

			while (room > 0 && class[*s] == B_COPY) {
				*o++ = (char)*s++;
				room--;
			}
			col += (size_t)(s - run);
			continue;
		}
		switch (class[*s]) {
		case B_COPY:
			break;
		case B_ESCAPE:
			esc[0] = '\\';
			esc[1] = *s;
			unit = esc;
			k = 2;
			break;
		case B_NEWLINE:
			/* CRLF and a lone CR are one line break, as LF. */
			if (s[0] == '\r' && s + 1 < end && s[1] == '\n')
				adv = 2;
			unit = newline;
			k = 2;
			break;
		case B_DROP:
			s++;
			continue;
		default:
			if ((k = char_len(s)) != 0 && s + k <= end) {
				adv = k;
				break;
			}
			unit = replacement;
			k = 3;
			break;
		}
		s += adv;
		if (col + k > LINE_OCTETS) {
			*o++ = '\r';
			*o++ = '\n';
			*o++ = ' ';
			col = 1;
		}
		col += k;
		if (k == 1) {
			*o++ = (char)*unit;
			continue;
		}
		memcpy(o, unit, k);
		o += k;
	}
	cl->b->len += (size_t)(o - start);
	cl->b->p[cl->b->len] = '\0';
	cl->col = col;
}

void
crm_cl_begin(struct crm_cl *cl, struct crm_buf *b)
{
	cl->b = b;
	cl->col = 0;
	cl->rc = CRM_OK;
}

/* Is s (n bytes) printable ASCII, to be copied as it is? */
static int
plain_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

void
crm_cl_lit(struct crm_cl *cl, const char *s, size_t n)
{
	/* Plain text that fits on the line: one copy. */
	if (cl->col + n <= LINE_OCTETS && plain_ascii(s, n)) {
		if (reserve(cl, n)) {
			memcpy(cl->b->p + cl->b->len, s, n);
			cl->b->len += n;
			cl->b->p[cl->b->len] = '\0';
			cl->col += n;
		}
		return;
	}
	put_value(cl, (const unsigned char *)s, n, raw_class);
}

void
crm_cl_name(struct crm_cl *cl, const char *name)
{
	cl->col = 0;
	crm_cl_lit(cl, name, strlen(name));
}

void
crm_cl_raw(struct crm_cl *cl, const char *s)
{
	crm_cl_lit(cl, s, strlen(s));
}

void
crm_cl_text(struct crm_cl *cl, const char *s)
{
	put_value(cl, (const unsigned char *)s, strlen(s), text_class);
}

void
crm_cl_param(struct crm_cl *cl, const char *name, const char *value)
{
	struct crm_buf v = { 0 };
	const char *p;
	int quote = strpbrk(value, ",;:") != NULL;

	/* A parameter value cannot hold '"'; a name reads well with '. */
	for (p = value; *p != '\0'; p++)
		if (crm_buf_add(&v, *p == '"' ? "'" : p, 1) != CRM_OK) {
			cl->rc = CRM_EDB;
			crm_buf_free(&v);
			return;
		}
	crm_cl_raw(cl, ";");
	crm_cl_raw(cl, name);
	crm_cl_raw(cl, quote ? "=\"" : "=");
	if (v.p != NULL)
		crm_cl_raw(cl, v.p);
	if (quote)
		crm_cl_raw(cl, "\"");
	crm_buf_free(&v);
}

void
crm_cl_end(struct crm_cl *cl)
{
	if (reserve(cl, 2)) {
		cl->b->p[cl->b->len++] = '\r';
		cl->b->p[cl->b->len++] = '\n';
		cl->b->p[cl->b->len] = '\0';
	}
	cl->col = 0;
}

void
crm_cl_prop(struct crm_cl *cl, const char *name, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	crm_cl_name(cl, name);
	crm_cl_raw(cl, ":");
	crm_cl_text(cl, text);
	crm_cl_end(cl);
}

void
crm_cl_time(struct crm_cl *cl, const char *name, const char *iso)
{
	char basic[24];

	if (crm_cl_basic_time(iso, basic) != CRM_OK)
		return;
	crm_cl_name(cl, name);
	crm_cl_raw(cl, ":");
	crm_cl_raw(cl, basic);
	crm_cl_end(cl);
}

int
crm_cl_basic_time(const char *iso, char *out)
{
	/* The shape of a stored time; checked, not parsed: it is ours. */
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i, o = 0;

	if (iso == NULL)
		return CRM_EINPUT;
	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd') {
			if (iso[i] < '0' || iso[i] > '9')
				return CRM_EINPUT;
			out[o++] = iso[i];
		} else if (iso[i] != shape[i])
			return CRM_EINPUT;
		else if (shape[i] == 'T' || shape[i] == 'Z')
			out[o++] = shape[i];
	}
	if (iso[i] != '\0')
		return CRM_EINPUT;
	out[o] = '\0';
	return CRM_OK;
}
