/*
 * output.c - writers for people (an aligned table) and for pipes (CSV,
 * TSV, JSON lines), and the frame the interchange formats (vCard,
 * iCalendar, mail lines) write their records through.
 *
 * Exports run to millions of rows, so the pipe formats go through one
 * 64 KiB buffer of our own, copied in runs found with lookup tables, and
 * reach stdio only as whole blocks: no printf, no putc per byte.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

#define OUTBUF	(64 * 1024)

struct crm_writer {
	FILE *fp;
	enum crm_format fmt;
	const struct crm_col *cols;
	size_t ncols;
	int err;		/* a write failed */
	int errnum;		/* why the first one did, or 0 */
	char *buf;
	size_t len;

	/* A table: every cell so far, NUL-terminated, row after row. */
	struct crm_buf cells;
	size_t nrows;
	size_t *widths;

	int excel;		/* CSV for spreadsheets (crm_writer_excel) */
	crm_row_keep_fn *keep;	/* rows it refuses are not written */
	void *keep_arg;
	const struct crm_record_ops *rec;	/* an interchange format */
	void *rec_ctx;
	char errmsg[256];	/* why a record format failed, or "" */
	int status;		/* and its status, CRM_EDB unless set */
	long written;		/* rows kept and written */
	int begun;		/* crm_writer_header was called */
	void *owned;		/* freed with it (crm_writer_adopt) */
};

/* The --format words, in the order of enum crm_format. */
static const char *const format_names[] = {
	"table", "csv", "tsv", "json", "vcard", "ics", "mutt", "emails",
	"html", "email",
};
#define NFORMATS (sizeof(format_names) / sizeof(format_names[0]))

/* Bytes TSV escapes; NUL ends the scan. */
static const unsigned char tsv_special[256] = {
	[0] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\\'] = 1,
};

/* Bytes JSON escapes: the control characters, '"' and '\\'. */
#define JSON_ESCAPED \
	[0x00 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1

/* JSON before its UTF-8 is known good: stop at non-ASCII too. */
static const unsigned char json_special[256] = {
	JSON_ESCAPED, [0x80 ... 0xff] = 1,
};

/* JSON once the rest of the string is known to be valid UTF-8. */
static const unsigned char json_escaped[256] = {
	JSON_ESCAPED,
};

/* Note a failed write of w, and the first reason. */
static void
failed(struct crm_writer *w)
{
	if (!w->err)
		w->errnum = errno;
	w->err = 1;
}

static void
flush(struct crm_writer *w)
{
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->fp) != w->len)
		failed(w);
	w->len = 0;
}

static void
out(struct crm_writer *w, const void *s, size_t n)
{
	if (w->len + n > OUTBUF) {
		flush(w);
		/* Too big to buffer: write it straight through. */
		if (n > OUTBUF) {
			if (fwrite(s, 1, n, w->fp) != n)
				failed(w);
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static inline void
outc(struct crm_writer *w, char c)
{
	if (w->len == OUTBUF)
		flush(w);
	w->buf[w->len++] = c;
}

/*
 * Copy the bytes at p into the buffer up to the first one that table
 * marks, and return a pointer to that byte.  Scanning and copying in one
 * pass is what keeps exports fast.
 */
static const unsigned char *
out_run(struct crm_writer *w, const unsigned char *p,
    const unsigned char *table)
{
	for (;;) {
		char *dst = w->buf + w->len, *end = w->buf + OUTBUF;

		while (dst < end && !table[*p])
			*dst++ = *p++;
		w->len = dst - w->buf;
		if (dst < end)
			return p;
		flush(w);
	}
}

/* s in quotes, after prefix ("" or a spreadsheet's "'"). */
static void
out_csv_quoted(struct crm_writer *w, const char *prefix, const char *s)
{
	const char *q;

	outc(w, '"');
	out(w, prefix, strlen(prefix));
	/* Copy up to and including each quote, then double it. */
	while ((q = strchr(s, '"')) != NULL) {
		out(w, s, q - s + 1);
		outc(w, '"');
		s = q + 1;
	}
	out(w, s, strlen(s));
	outc(w, '"');
}

static void
out_csv(struct crm_writer *w, const char *s)
{
	/* strcspn is vectorised in glibc: most fields need no quotes. */
	size_t n = strcspn(s, ",\"\r\n");

	if (s[n] == '\0' && (n == 0 || (s[0] != ' ' && s[n - 1] != ' ')))
		out(w, s, n);
	else
		out_csv_quoted(w, "", s);
}

/*
 * Would a spreadsheet take the cell s for a formula?  Cells starting with
 * = + - @ (or a tab or CR, which some strip first) would run; a plain
 * negative number ("-12.50") is read as the number it is and stays.
 */
static int
formula_like(const char *s)
{
	const char *p = s + 1;

	if (s[0] == '\0' || strchr("=+-@\t\r", s[0]) == NULL)
		return 0;
	if (s[0] != '-' || !(*p >= '0' && *p <= '9'))
		return 1;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.' && p[1] >= '0' && p[1] <= '9')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	return *p != '\0';
}

/*
 * A CSV cell for a spreadsheet: a formula-like cell gets a leading
 * apostrophe, which spreadsheets take as "this is text" (the OWASP
 * advice against CSV injection), inside the quotes when it needs them.
 */
static void
out_csv_excel(struct crm_writer *w, const char *s)
{
	size_t n = strcspn(s, ",\"\r\n");

	if (!formula_like(s))
		out_csv(w, s);
	else if (s[n] == '\0' && s[n - 1] != ' ') {
		outc(w, '\'');
		out(w, s, n);
	} else
		out_csv_quoted(w, "'", s);
}

static void
excel_row(struct crm_writer *w, const char *const *vals)
{
	size_t i;

	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			outc(w, ',');
		if (vals[i] != NULL)
			out_csv_excel(w, vals[i]);
	}
	out(w, "\r\n", 2);
}

static void
out_tsv(struct crm_writer *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (;;) {
		p = out_run(w, p, tsv_special);
		switch (*p) {
		case '\0':
			return;
		case '\t':
			out(w, "\\t", 2);
			break;
		case '\n':
			out(w, "\\n", 2);
			break;
		case '\r':
			out(w, "\\r", 2);
			break;
		default:
			out(w, "\\\\", 2);
			break;
		}
		p++;
	}
}

/* Write the JSON escape for the ASCII byte c. */
static void
out_json_escape(struct crm_writer *w, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char esc[6] = { '\\', 'u', '0', '0' };

	switch (c) {
	case '"':
	case '\\':
		esc[1] = c;
		break;
	case '\n':
		esc[1] = 'n';
		break;
	case '\r':
		esc[1] = 'r';
		break;
	case '\t':
		esc[1] = 't';
		break;
	case '\b':
		esc[1] = 'b';
		break;
	case '\f':
		esc[1] = 'f';
		break;
	default:
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 0xf];
		out(w, esc, 6);
		return;
	}
	out(w, esc, 2);
}

/*
 * Write s as a JSON string.  Text from outside may hold invalid UTF-8;
 * each bad byte becomes U+FFFD so the line stays valid JSON.
 */
static void
out_json_string(struct crm_writer *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *table = json_special;
	size_t off;

	outc(w, '"');
	for (;;) {
		p = out_run(w, p, table);
		if (*p == '\0')
			break;
		if (*p < 0x80) {
			out_json_escape(w, *p++);
			continue;
		}
		/* The first non-ASCII byte: check the rest of s at once. */
		if (crm_utf8_valid((const char *)p, strlen((const char *)p),
		    &off)) {
			table = json_escaped;
			continue;
		}
		/* Copy the good part, escaped; replace the bad byte. */
		for (; off > 0; off--, p++) {
			if (json_escaped[*p])
				out_json_escape(w, *p);
			else
				outc(w, *p);
		}
		out(w, "\\ufffd", 6);
		p++;
	}
	outc(w, '"');
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Is s a number by the JSON grammar, safe to write unquoted? */
static int
is_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (is_digit(*s))
		while (is_digit(*s))
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!is_digit(*++s))
			return 0;
		while (is_digit(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!is_digit(*s))
			return 0;
		while (is_digit(*s))
			s++;
	}
	return *s == '\0';
}

static void
json_row(struct crm_writer *w, const char *const *vals)
{
	size_t i;

	outc(w, '{');
	for (i = 0; i < w->ncols; i++) {
		const char *v = vals[i];

		if (i > 0)
			outc(w, ',');
		out_json_string(w, w->cols[i].name);
		outc(w, ':');
		if (v == NULL || (w->cols[i].numeric && v[0] == '\0'))
			out(w, "null", 4);
		else if (w->cols[i].numeric && is_json_number(v))
			out(w, v, strlen(v));
		else
			out_json_string(w, v);
	}
	out(w, "}\n", 2);
}

/*
 * Keep a cell for the table as a terminal may show it: line breaks and
 * tabs as spaces, control characters escaped (terminal.c).
 */
static int
table_add(struct crm_writer *w, size_t col, const char *v)
{
	size_t start = w->cells.len, width;

	if (crm_term_escape(&w->cells, v, strlen(v), CRM_TERM_CELL) !=
	    CRM_OK || crm_buf_add(&w->cells, "", 1) != CRM_OK)
		return CRM_EDB;
	width = crm_utf8_width(w->cells.p + start);
	if (width > w->widths[col])
		w->widths[col] = width;
	return CRM_OK;
}

/* Write one table line; padding goes out only before a later cell. */
static void
table_line(struct crm_writer *w, const char *const *cells)
{
	size_t i, pending = 0;

	for (i = 0; i < w->ncols; i++) {
		size_t width = crm_utf8_width(cells[i]);

		if (cells[i][0] != '\0') {
			for (; pending > 0; pending--)
				outc(w, ' ');
			out(w, cells[i], strlen(cells[i]));
		}
		pending += w->widths[i] - width + 2;
	}
	outc(w, '\n');
}

static void
table_print(struct crm_writer *w)
{
	const char **line;
	const char *p;
	size_t i, r;

	if ((line = calloc(w->ncols ? w->ncols : 1, sizeof(*line))) == NULL) {
		w->err = 1;
		return;
	}
	for (i = 0; i < w->ncols; i++)
		line[i] = w->cols[i].name;
	table_line(w, line);
	p = w->cells.p;
	for (r = 0; r < w->nrows; r++) {
		for (i = 0; i < w->ncols; i++) {
			line[i] = p;
			p += strlen(p) + 1;
		}
		table_line(w, line);
	}
	free(line);
}

/* Map a --format word to *f: CRM_OK, or CRM_EUSAGE for an unknown word. */
int
crm_format_parse(const char *word, enum crm_format *f)
{
	return crm_format_lookup(word, CRM_FMTS_PLAIN, f);
}

int
crm_format_lookup(const char *word, unsigned accept, enum crm_format *f)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (strcmp(word, format_names[i]) == 0 &&
		    (accept & CRM_FMT_BIT(i))) {
			*f = (enum crm_format)i;
			return CRM_OK;
		}
	return CRM_EUSAGE;
}

const char *
crm_format_name(enum crm_format f)
{
	return (size_t)f < NFORMATS ? format_names[f] : "?";
}

const char *
crm_format_list(unsigned set, char *buf, size_t bufsz)
{
	size_t i, n = 0;

	if (bufsz == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < NFORMATS; i++) {
		if (!(set & CRM_FMT_BIT(i)) || n >= bufsz)
			continue;
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", n ? ", " : "",
		    format_names[i]);
	}
	return buf;
}

/* A writer of ncols columns to fp, or NULL without memory. */
struct crm_writer *
crm_writer_new(FILE *fp, enum crm_format f, const struct crm_col *cols,
    size_t ncols)
{
	struct crm_writer *w;
	size_t i;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->fp = fp;
	/* The interchange formats' records come from crm_writer_records. */
	w->fmt = CRM_FMTS_PLAIN & CRM_FMT_BIT(f) ? f : CRM_FMT_CSV;
	w->cols = cols;
	w->ncols = ncols;
	if ((w->buf = malloc(OUTBUF)) == NULL)
		goto fail;
	if (f == CRM_FMT_TABLE) {
		if ((w->widths = calloc(ncols ? ncols : 1,
		    sizeof(*w->widths))) == NULL)
			goto fail;
		for (i = 0; i < ncols; i++)
			w->widths[i] = crm_utf8_width(cols[i].name);
	}
	return w;
fail:
	free(w->buf);
	free(w);
	return NULL;
}

/*
 * Write the header line of CSV and TSV, or the start of a record format;
 * once: a second call writes nothing.
 */
int
crm_writer_header(struct crm_writer *w)
{
	size_t i;

	if (w->begun)
		return w->err ? CRM_EDB : CRM_OK;
	w->begun = 1;
	if (w->rec != NULL)
		return w->rec->begin == NULL ? CRM_OK :
		    w->rec->begin(w->rec_ctx, w);
	if (w->fmt != CRM_FMT_CSV && w->fmt != CRM_FMT_TSV)
		return CRM_OK;
	/* The BOM is how a spreadsheet knows the file is UTF-8. */
	if (w->excel)
		out(w, "\xef\xbb\xbf", 3);
	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			outc(w, w->fmt == CRM_FMT_CSV ? ',' : '\t');
		if (w->fmt == CRM_FMT_CSV)
			out_csv(w, w->cols[i].name);
		else
			out_tsv(w, w->cols[i].name);
	}
	if (w->excel)
		outc(w, '\r');
	outc(w, '\n');
	return w->err ? CRM_EDB : CRM_OK;
}

/* Write (or, for a table, keep) one row; CRM_EDB once a write failed. */
int
crm_writer_row(struct crm_writer *w, const char *const *vals)
{
	size_t i, start;

	if (w->keep != NULL && !w->keep(w->keep_arg, vals))
		return w->err ? CRM_EDB : CRM_OK;
	w->written++;
	if (w->rec != NULL) {
		if (w->rec->row(w->rec_ctx, w, vals) != CRM_OK)
			w->err = 1;
		return w->err ? CRM_EDB : CRM_OK;
	}
	switch (w->fmt) {
	case CRM_FMT_CSV:
		if (w->excel) {
			excel_row(w, vals);
			break;
		}
		for (i = 0; i < w->ncols; i++) {
			if (i > 0)
				outc(w, ',');
			if (vals[i] != NULL)
				out_csv(w, vals[i]);
		}
		outc(w, '\n');
		break;
	case CRM_FMT_TSV:
		for (i = 0; i < w->ncols; i++) {
			if (i > 0)
				outc(w, '\t');
			if (vals[i] != NULL)
				out_tsv(w, vals[i]);
		}
		outc(w, '\n');
		break;
	case CRM_FMT_JSON:
		json_row(w, vals);
		break;
	case CRM_FMT_TABLE:
	default:	/* the others are crm_writer_records' */
		start = w->cells.len;
		for (i = 0; i < w->ncols; i++) {
			if (table_add(w, i, vals[i] ? vals[i] : "") != CRM_OK) {
				/* Drop the half-kept row: keep rows aligned. */
				w->cells.len = start;
				return CRM_EDB;
			}
		}
		w->nrows++;
		break;
	}
	return w->err ? CRM_EDB : CRM_OK;
}

/* Print a kept table, flush, free w; CRM_EDB if any write failed. */
int
crm_writer_end(struct crm_writer *w)
{
	int rc, errnum;

	if (w == NULL)
		return CRM_OK;
	if (w->rec != NULL) {
		/* A format never begun (an export refused) ends as empty. */
		if (w->rec->end != NULL && !w->err && w->begun &&
		    w->rec->end(w->rec_ctx, w) != CRM_OK)
			w->err = 1;
		if (w->rec->free != NULL)
			w->rec->free(w->rec_ctx);
	} else if (w->fmt == CRM_FMT_TABLE)
		table_print(w);
	flush(w);
	if (fflush(w->fp) != 0 || ferror(w->fp))
		failed(w);
	rc = w->err ? CRM_EDB : CRM_OK;
	errnum = w->errnum;
	crm_buf_free(&w->cells);
	free(w->widths);
	free(w->buf);
	free(w->owned);
	free(w);
	if (rc != CRM_OK)
		errno = errnum;
	return rc;
}

int
crm_writer_close(struct crm_writer *w, int committed, int rc,
    struct crm_err *e)
{
	/* A row that failed to go out is this failure too: say it whole. */
	if (crm_writer_end(w) != CRM_OK && (rc == CRM_OK || rc == CRM_EDB))
		rc = crm_err_output(e, errno, committed);
	return rc;
}

struct crm_writer *
crm_writer_open(FILE *fp, const struct crm_common *c,
    const struct crm_col *cols, size_t ncols)
{
	static const struct crm_col idcol[1] = { { "id", 1 } };
	struct crm_writer *w;

	/* -q: a bare list of ids, one a line, for the next command. */
	if (c->quiet) {
		if ((w = crm_writer_new(fp, CRM_FMT_TSV, idcol, 1)) != NULL)
			w->begun = 1;	/* with no header */
		return w;
	}
	if ((w = crm_writer_new(fp, c->format, cols, ncols)) == NULL)
		return NULL;
	if (crm_writer_header(w) != CRM_OK) {
		crm_writer_end(w);
		return NULL;
	}
	return w;
}

struct crm_writer *
crm_writer_records(FILE *fp, enum crm_format f, const struct crm_col *cols,
    size_t ncols, const struct crm_record_ops *ops, void *ctx)
{
	struct crm_writer *w;

	if ((w = crm_writer_new(fp, CRM_FMT_CSV, cols, ncols)) == NULL)
		return NULL;
	w->fmt = f;
	w->rec = ops;
	w->rec_ctx = ctx;
	return w;
}

void
crm_writer_put(struct crm_writer *w, const char *s, size_t n)
{
	out(w, s, n);
}

void
crm_writer_filter(struct crm_writer *w, crm_row_keep_fn *keep, void *arg)
{
	w->keep = keep;
	w->keep_arg = arg;
}

void
crm_writer_excel(struct crm_writer *w)
{
	w->excel = w->fmt == CRM_FMT_CSV;
}

int
crm_writer_fail(struct crm_writer *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->errmsg, sizeof(w->errmsg), fmt, ap);
	va_end(ap);
	w->err = 1;
	return CRM_EDB;
}

int
crm_writer_fail_file(struct crm_writer *w, const char *path, int errnum)
{
	struct crm_err e;

	w->status = crm_err_file(&e, path, errnum);
	/* A long path is cut; the reason is kept. */
	if (strlen(e.msg) >= sizeof(w->errmsg))
		snprintf(w->errmsg, sizeof(w->errmsg), "...%s", e.msg +
		    strlen(e.msg) - sizeof(w->errmsg) + 4);
	else
		memcpy(w->errmsg, e.msg, strlen(e.msg) + 1);
	w->err = 1;
	return w->status;
}

int
crm_writer_status(const struct crm_writer *w)
{
	return w->status != CRM_OK ? w->status : CRM_EDB;
}

void
crm_writer_adopt(struct crm_writer *w, void *p)
{
	free(w->owned);
	w->owned = p;
}

const struct crm_col *
crm_writer_cols(const struct crm_writer *w, size_t *ncols)
{
	*ncols = w->ncols;
	return w->cols;
}

enum crm_format
crm_writer_format(const struct crm_writer *w)
{
	return w->fmt;
}

long
crm_writer_written(const struct crm_writer *w)
{
	return w->written;
}

const char *
crm_writer_error(const struct crm_writer *w)
{
	return w->errmsg[0] != '\0' ? w->errmsg : "write error";
}
