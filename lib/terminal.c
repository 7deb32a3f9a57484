/*
 * terminal.c - text for people on a terminal.  A terminal obeys some
 * characters rather than showing them: ESC starts a command that can
 * retitle the window, clear the screen or answer back; BEL rings; the
 * bidirectional overrides turn the rest of a line around.  Values from
 * the base go to a terminal only through here, with every such character
 * written as a visible escape:
 *
 *	a C0 control or DEL		\xHH	(ESC is \x1b, BEL \x07)
 *	a byte that is not UTF-8	\xHH	(its value)
 *	a C1 control (U+0080-U+009F),
 *	a bidirectional embedding, override or isolate
 *	(U+202A-U+202E, U+2066-U+2069)	\uHHHH	(U+202E is \u202e)
 *
 * Tabs and line breaks are a space in a cell of one line, or \t, \r and
 * \n in a quoted value.  Every escape is printable ASCII, one column a
 * byte, so a table's columns stay aligned.  Formats for programs (CSV,
 * TSV, JSON, vCard, iCalendar) never come here: they carry the data as
 * it is.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crm.h"

/* Does a terminal act on c rather than show it? */
static int
is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/*
 * The length of the longest prefix of the n bytes at s that a terminal
 * shows as it is.
 */
static size_t
shown_as_is(const unsigned char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t c;

	while (i < n) {
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			i++;
			continue;
		}
		if (s[i] < 0x80 ||
		    (len = crm_utf8_decode(s + i, n - i, &c)) == 0 ||
		    is_control(c))
			break;
		i += len;
	}
	return i;
}

int
crm_term_safe(const char *s)
{
	size_t n = strlen(s);

	return shown_as_is((const unsigned char *)s, n) == n;
}

/*
 * The piece of the n > 0 bytes at s that comes next on a terminal: a run
 * of *shown bytes as they are, or, when *shown is 0, the escape in esc.
 * Returns how many bytes of s the piece stands for.
 */
static size_t
next_piece(const unsigned char *s, size_t n, enum crm_term_how how,
    size_t *shown, char esc[8])
{
	size_t len;
	uint32_t c;

	if ((*shown = shown_as_is(s, n)) > 0)
		return *shown;
	if (s[0] < 0x80 || (len = crm_utf8_decode(s, n, &c)) == 0) {
		/* ASCII, or a byte that is not UTF-8: its value. */
		c = s[0];
		len = 1;
	}
	if (c == '\t' || c == '\n' || c == '\r')
		snprintf(esc, 8, "%s", how == CRM_TERM_CELL ? " " :
		    c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r");
	else if (len == 1)
		snprintf(esc, 8, "\\x%02x", (unsigned)c);
	else
		snprintf(esc, 8, "\\u%04x", (unsigned)c);
	return len;
}

int
crm_term_escape(struct crm_buf *b, const char *s, size_t n,
    enum crm_term_how how)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len, shown;
	char esc[8];
	int rc = CRM_OK;

	for (i = 0; i < n; i += len) {
		len = next_piece(u + i, n - i, how, &shown, esc);
		rc |= shown > 0 ? crm_buf_add(b, s + i, shown) :
		    crm_buf_adds(b, esc);
	}
	return rc == CRM_OK ? CRM_OK : CRM_EDB;
}

/* Write the n bytes at s to fp as crm_term_escape writes them. */
static void
put_escaped(FILE *fp, const char *s, size_t n, enum crm_term_how how)
{
	struct crm_buf b = { 0 };
	size_t run = shown_as_is((const unsigned char *)s, n);

	/* Most values need nothing: no copy for them. */
	if (run == n) {
		fwrite(s, 1, n, fp);
		return;
	}
	if (crm_term_escape(&b, s, n, how) == CRM_OK)
		fwrite(b.p, 1, b.len, fp);
	else
		/* Without memory: what is safe, and a mark for the rest. */
		fprintf(fp, "%.*s...", (int)run, s);
	crm_buf_free(&b);
}

void
crm_term_put(FILE *fp, const char *s)
{
	if (s != NULL)
		put_escaped(fp, s, strlen(s), CRM_TERM_CELL);
}

void
crm_term_put_lines(FILE *fp, const char *s, int indent)
{
	const char *nl;
	size_t n;

	if (s == NULL)
		return;
	for (;;) {
		n = (nl = strpbrk(s, "\r\n")) != NULL ? (size_t)(nl - s) :
		    strlen(s);
		put_escaped(fp, s, n, CRM_TERM_CELL);
		if (nl == NULL)
			break;
		/* CRLF, LF and a lone CR each end one line. */
		s = nl + (nl[0] == '\r' && nl[1] == '\n' ? 2 : 1);
		fprintf(fp, "\n%*s", indent, "");
	}
}

const char *
crm_term_quote(const char *s, char *buf, size_t bufsz)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len, shown, o = 0, n = strlen(s), room;
	char esc[8];

	if (bufsz < 4) {
		if (bufsz > 0)
			buf[0] = '\0';
		return buf;
	}
	for (i = 0; i < n; i += len) {
		len = next_piece(u + i, n - i, CRM_TERM_QUOTE, &shown, esc);
		/* Keep room for "..." unless this piece ends s. */
		room = bufsz - 1 - o - (i + len < n ? 3 : 0);
		if (shown == 0 && strlen(esc) <= room) {
			memcpy(buf + o, esc, strlen(esc));
			o += strlen(esc);
			continue;
		}
		if (shown > 0 && shown <= room) {
			memcpy(buf + o, s + i, shown);
			o += shown;
			continue;
		}
		/* Too long: cut where a character starts, and say so. */
		if (shown > 0) {
			room = bufsz - 4 - o;
			while (room > 0 && (u[i + room] & 0xc0) == 0x80)
				room--;
			memcpy(buf + o, s + i, room);
			o += room;
		}
		memcpy(buf + o, "...", 3);
		o += 3;
		break;
	}
	buf[o] = '\0';
	return buf;
}
