/*
 * csvin.c - the streaming CSV/TSV reader, on libcsv.
 *
 * Input is read one physical line at a time with getline(3) and fed to
 * libcsv, so the reader always knows the line a record starts on, even
 * when a quoted field spans lines.  libcsv hands each field to on_field(),
 * which copies it into one record buffer reused from record to record:
 * memory stays flat however long the input, and only one record is held.
 */
#include <csv.h>
#include <ctype.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>
#include <strings.h>

#include "crm-internal.h"

/* libcsv's state between records; its header does not name it. */
#define PARSER_BETWEEN_RECORDS	0

/* libcsv grows its field buffer by this much; its default is 128 bytes. */
#define PARSER_BLOCK		(16 * 1024)

struct crm_reader {
	FILE *fp;
	struct csv_parser csv;
	int delim;
	int eof;		/* getline has reported the end of input */
	int failed;		/* or an error: every later read fails too */
	int oom;		/* a callback ran out of memory */
	int hinted;		/* the --encoding hint has been given */

	char *line;		/* the current physical line */
	size_t linecap;
	size_t linelen;
	size_t linepos;		/* bytes of line already fed to libcsv */
	long lineno;

	/* The record being read: its fields, each NUL-terminated, in data. */
	char *data;
	size_t datalen, datacap;
	size_t *offs, *flens;
	size_t nf, nfcap;	/* fields read; the first nkept are in data */
	size_t nkept;
	int done;		/* libcsv has ended the record */
	int nul;		/* the record's text held a NUL byte */
	long recline;

	/* The row handed out, always ncols wide. */
	char **fields;
	size_t *lens;
	char empty[1];

	char **cols;
	char *coldata;
	size_t ncols;
	struct crm_nameset *names;	/* the header's, for duplicates */
};

/* RFC 4180 keeps spaces: tell libcsv that no character is one. */
static int
no_space(unsigned char c)
{
	return 0;
}

/* Undo the TSV escapes \t \n \r \\ in s[0..n); return the new size. */
static size_t
tsv_unescape(char *s, size_t n)
{
	char *p, *out, *end = s + n;

	if ((p = memchr(s, '\\', n)) == NULL)
		return n;
	out = p;
	while (p < end) {
		if (*p == '\\' && p + 1 < end) {
			char c = p[1];

			if (c == 't' || c == 'n' || c == 'r' || c == '\\') {
				*out++ = c == 't' ? '\t' : c == 'n' ? '\n' :
				    c == 'r' ? '\r' : '\\';
				p += 2;
				continue;
			}
		}
		*out++ = *p++;
	}
	*out = '\0';
	return out - s;
}

static void
on_field(void *s, size_t n, void *arg)
{
	struct crm_reader *r = arg;
	char *dst;

	if (r->oom)
		return;
	/*
	 * A record wider than any header may be is bad whatever it holds:
	 * count its other fields without keeping them, so memory stays flat.
	 */
	if (r->nf > CRM_MAX_COLUMNS) {
		r->nf++;
		return;
	}
	if (r->nf == r->nfcap) {
		size_t cap = r->nfcap ? r->nfcap * 2 : 16;
		size_t *o, *l;

		if ((o = realloc(r->offs, cap * sizeof(*o))) == NULL) {
			r->oom = 1;
			return;
		}
		r->offs = o;
		if ((l = realloc(r->flens, cap * sizeof(*l))) == NULL) {
			r->oom = 1;
			return;
		}
		r->flens = l;
		r->nfcap = cap;
	}
	if (r->datalen + n + 1 > r->datacap) {
		size_t cap = r->datacap ? r->datacap : 4096;
		char *d;

		while (cap < r->datalen + n + 1)
			cap *= 2;
		if ((d = realloc(r->data, cap)) == NULL) {
			r->oom = 1;
			return;
		}
		r->data = d;
		r->datacap = cap;
	}
	dst = r->data + r->datalen;
	memcpy(dst, s, n);
	dst[n] = '\0';
	if (r->delim == '\t')
		n = tsv_unescape(dst, n);
	r->offs[r->nf] = r->datalen;
	r->flens[r->nf] = n;
	r->nf++;
	r->nkept = r->nf;
	r->datalen += n + 1;
}

static void
on_record(int c, void *arg)
{
	struct crm_reader *r = arg;

	r->done = 1;
}

/*
 * Put libcsv back between records, dropping the record in progress.
 * csv_fini() does that, except for an unterminated quote under
 * CSV_STRICT_FINI, which it refuses without resetting anything.
 */
static void
parser_reset(struct crm_reader *r)
{
	int opts = csv_get_opts(&r->csv);

	csv_set_opts(&r->csv, opts & ~CSV_STRICT_FINI);
	csv_fini(&r->csv, NULL, NULL, NULL);
	csv_set_opts(&r->csv, opts);
}

/* A line of nothing but spaces is no record (tabs too, unless TSV). */
static int
is_blank(const char *s, size_t n, int delim)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\r' || s[i] == '\n' ||
		    (s[i] == '\t' && delim != '\t'))
			continue;
		return 0;
	}
	return 1;
}

/* Read the next physical line.  Returns 1, 0 at end of input, -1 on error. */
static int
next_line(struct crm_reader *r)
{
	ssize_t n;

	if (r->failed)
		return -1;
	if (r->eof)
		return 0;
	if ((n = getline(&r->line, &r->linecap, r->fp)) == -1) {
		if (ferror(r->fp)) {
			r->failed = 1;
			return -1;
		}
		r->eof = 1;
		r->linelen = r->linepos = 0;
		return 0;
	}
	r->lineno++;
	r->linelen = n;
	r->linepos = 0;
	if (r->lineno == 1 && n >= 3 && memcmp(r->line, "\xEF\xBB\xBF", 3) == 0)
		r->linepos = 3;
	return 1;
}

/*
 * Read one record's fields into r->data.  Returns 1 for a record, 0 at
 * end of input, -1 for a record libcsv rejected (e says why) and -2 for
 * an I/O or memory failure.
 */
static int
read_record(struct crm_reader *r, struct crm_err *e)
{
	const char *chunk, *cr;
	size_t len, used;
	int rc;

	r->nf = r->nkept = 0;
	r->datalen = 0;
	r->done = 0;
	r->nul = 0;
	for (;;) {
		if (r->linepos == r->linelen) {
			if ((rc = next_line(r)) == -1) {
				crm_decode_error(r->fp, e);
				if (e != NULL)
					e->line = r->lineno + 1;
				return -2;
			}
			if (rc == 0) {
				if (r->csv.pstate == PARSER_BETWEEN_RECORDS)
					return 0;
				if (csv_fini(&r->csv, on_field, on_record,
				    r) != 0) {
					parser_reset(r);
					crm_err_set(e, CRM_EINPUT,
					    "unterminated quote");
					return -1;
				}
				break;
			}
			if (r->csv.pstate == PARSER_BETWEEN_RECORDS &&
			    is_blank(r->line + r->linepos,
			    r->linelen - r->linepos, r->delim)) {
				r->linepos = r->linelen;
				continue;
			}
		}
		if (r->csv.pstate == PARSER_BETWEEN_RECORDS)
			r->recline = r->lineno;
		chunk = r->line + r->linepos;
		len = r->linelen - r->linepos;
		/*
		 * A bare CR ends a record in the middle of the line: feed up
		 * to it alone, so that at most one record ends per call.  A CR
		 * is bare unless a LF follows it (lines end at LF, so only the
		 * last one can).
		 */
		if ((cr = memchr(chunk, '\r', len)) != NULL &&
		    (size_t)(cr - chunk) + 1 < len && cr[1] != '\n')
			len = cr - chunk + 1;
		/* Whole lines are scanned faster than field after field. */
		if (memchr(chunk, '\0', len) != NULL)
			r->nul = 1;
		used = csv_parse(&r->csv, chunk, len, on_field, on_record, r);
		if (r->oom)
			break;
		if (used < len) {
			if (csv_error(&r->csv) != CSV_EPARSE) {
				r->oom = 1;
				break;
			}
			/* Resume at the next physical line. */
			parser_reset(r);
			r->linepos = r->linelen;
			crm_err_set(e, CRM_EINPUT, "stray quote");
			return -1;
		}
		r->linepos += len;
		/* Old Mac files end their lines with a bare CR: count them. */
		if (chunk[len - 1] == '\r' && r->linepos < r->linelen)
			r->lineno++;
		if (r->done)
			break;
	}
	if (r->oom) {
		crm_err_set(e, CRM_EDB, "out of memory");
		return -2;
	}
	return 1;
}

/* Count , ; and tab outside quotes in the header line; the most wins. */
static int
detect_delim(const char *s, size_t n)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (s[i] == ',')
			comma++;
		else if (s[i] == ';')
			semi++;
		else if (s[i] == '\t')
			tab++;
	}
	if (semi > comma && semi > tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

/* The field of the current record that holds byte off of r->data. */
static size_t
field_at(const struct crm_reader *r, size_t off)
{
	size_t i;

	for (i = 0; i + 1 < r->nkept && r->offs[i + 1] <= off; i++)
		;
	return i;
}

/*
 * Invalid UTF-8 in what (a field, a header column).  Read through a
 * decoder, the input held bytes its encoding does not define; else the
 * input is likely in another encoding, which the first such message
 * says how to name.
 */
static int
not_utf8(struct crm_reader *r, const char *what, struct crm_err *e)
{
	const char *enc = crm_decode_encoding(r->fp);

	if (enc != NULL)
		return crm_err_set(e, CRM_EINPUT, "%s holds bytes that are not "
		    "valid %s", what, enc);
	if (r->hinted)
		return crm_err_set(e, CRM_EINPUT, "invalid UTF-8 in %s", what);
	r->hinted = 1;
	return crm_err_set(e, CRM_EINPUT, "invalid UTF-8 in %s (if the input "
	    "is in another encoding, name it: --encoding windows-1252, "
	    "latin1, cp1251...)", what);
}

/*
 * Check the header record and keep its trimmed names.  Each check is
 * linear in the columns: a header of 100,000 is refused at once.
 */
static int
take_header(struct crm_reader *r, struct crm_err *e)
{
	const char *dup;
	size_t i, bad;

	if (r->nf > CRM_MAX_COLUMNS)
		return crm_err_set(e, CRM_EINPUT, "the header has %zu columns; "
		    "at most %d are read", r->nf, CRM_MAX_COLUMNS);
	if (r->nul)
		return crm_err_set(e, CRM_EINPUT, "NUL byte in header");
	if (!crm_utf8_valid(r->data, r->datalen, &bad)) {
		char what[64];

		snprintf(what, sizeof(what), "header column %zu",
		    field_at(r, bad) + 1);
		return not_utf8(r, what, e);
	}
	r->ncols = r->nf;
	if (crm_nameset_new(&r->names) != CRM_OK ||
	    (r->coldata = malloc(r->datalen)) == NULL ||
	    (r->cols = calloc(r->ncols, sizeof(*r->cols))) == NULL ||
	    (r->fields = calloc(r->ncols, sizeof(*r->fields))) == NULL ||
	    (r->lens = calloc(r->ncols, sizeof(*r->lens))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	memcpy(r->coldata, r->data, r->datalen);
	for (i = 0; i < r->ncols; i++) {
		r->cols[i] = crm_trim(r->coldata + r->offs[i]);
		if (r->cols[i][0] == '\0')
			return crm_err_set(e, CRM_EINPUT,
			    "empty name for column %zu in header", i + 1);
		if (crm_nameset_add(r->names, r->cols[i], &dup) != CRM_OK)
			return crm_err_set(e, CRM_EDB, "out of memory");
		if (dup != NULL)
			return crm_err_set(e, CRM_EINPUT,
			    "duplicate column name \"%s\" in header",
			    r->cols[i]);
	}
	/* Only the header's names are checked: the rest of the way, none. */
	crm_nameset_free(r->names);
	r->names = NULL;
	return CRM_OK;
}

/*
 * Open a reader on fp: find the header line, settle the delimiter and
 * check the names.  On success *rp is the caller's to crm_reader_close().
 */
int
crm_reader_open(struct crm_reader **rp, FILE *fp, int delim,
    struct crm_err *e)
{
	struct crm_reader *r;
	int rc;

	*rp = NULL;
	if (e != NULL)
		e->line = 0;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	r->fp = fp;
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0) {
		free(r);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	csv_set_space_func(&r->csv, no_space);
	csv_set_blk_size(&r->csv, PARSER_BLOCK);

	/* Find the header line to detect the delimiter on. */
	while ((rc = next_line(r)) == 1 &&
	    is_blank(r->line + r->linepos, r->linelen - r->linepos, delim))
		;
	if (rc == -1) {
		rc = crm_decode_error(fp, e);
		if (e != NULL)
			e->line = 1;
		goto fail;
	}
	if (rc == 0) {
		rc = crm_err_set(e, CRM_EINPUT, "no header row");
		goto fail;
	}
	if (crm_decode_encoding(fp) == NULL && (rc = crm_decode_sniff(r->line,
	    r->linelen, e)) != CRM_OK) {
		if (e != NULL)
			e->line = r->lineno;
		goto fail;
	}
	if (delim == 0)
		delim = detect_delim(r->line + r->linepos,
		    r->linelen - r->linepos);
	r->delim = delim;
	csv_set_delim(&r->csv, delim);
	/*
	 * TSV escapes instead of quoting (what our writer does), so a quote
	 * there is an ordinary character: 0xFF never occurs in UTF-8.
	 */
	if (delim == '\t')
		csv_set_quote(&r->csv, 0xFF);

	rc = read_record(r, e);
	if (e != NULL)
		e->line = r->recline;
	if (rc == -2) {
		rc = e != NULL && e->code != CRM_OK ? e->code : CRM_EDB;
		goto fail;
	}
	if (rc == -1) {
		rc = CRM_EINPUT;
		goto fail;
	}
	if (rc == 0) {
		rc = crm_err_set(e, CRM_EINPUT, "no header row");
		goto fail;
	}
	if ((rc = take_header(r, e)) != CRM_OK)
		goto fail;
	*rp = r;
	return CRM_OK;
fail:
	crm_reader_close(r);
	return rc;
}

/* Number of header columns. */
size_t
crm_reader_ncols(const struct crm_reader *r)
{
	return r->ncols;
}

/* Trimmed name of column i, owned by r; NULL past the last. */
const char *
crm_reader_col(const struct crm_reader *r, size_t i)
{
	return i < r->ncols ? r->cols[i] : NULL;
}

/* The delimiter in use, given or detected. */
int
crm_reader_delim(const struct crm_reader *r)
{
	return r->delim;
}

/*
 * Read the next record into *row (memory owned by r, valid until the
 * next call).  1 for a good record, 0 at the end, -1 for a bad record
 * (e and row->line say where; reading may go on), -2 when reading must
 * stop.
 */
int
crm_reader_next(struct crm_reader *r, struct crm_row *row,
    struct crm_err *e)
{
	size_t i, n, bad;
	int rc;

	row->fields = r->fields;
	row->lens = r->lens;
	row->nfields = 0;
	row->line = r->lineno;
	if ((rc = read_record(r, e)) == 0 || rc == -2)
		return rc;

	/* Fit what was read to the header, bad record or not. */
	n = r->nf < r->ncols ? r->nf : r->ncols;
	for (i = 0; i < n; i++) {
		r->fields[i] = r->data + r->offs[i];
		r->lens[i] = r->flens[i];
	}
	for (; i < r->ncols; i++) {
		r->fields[i] = r->empty;
		r->lens[i] = 0;
	}
	row->nfields = r->ncols;
	row->line = r->recline;
	if (e != NULL)
		e->line = r->recline;

	if (rc == -1)
		return -1;
	if (r->nf != r->ncols) {
		crm_err_set(e, CRM_EINPUT, "%zu field%s, header has %zu",
		    r->nf, r->nf == 1 ? "" : "s", r->ncols);
		return -1;
	}
	if (r->nul) {
		crm_err_set(e, CRM_EINPUT, "NUL byte in input");
		return -1;
	}
	/* One pass over the whole record; the NULs between fields are ASCII. */
	if (!crm_utf8_valid(r->data, r->datalen, &bad)) {
		char what[300];

		snprintf(what, sizeof(what), "field \"%s\"",
		    r->cols[field_at(r, bad)]);
		not_utf8(r, what, e);
		return -1;
	}
	return 1;
}

/* Free r and all it owns; the FILE stays open. */
void
crm_reader_close(struct crm_reader *r)
{
	if (r == NULL)
		return;
	csv_free(&r->csv);
	free(r->line);
	free(r->data);
	free(r->offs);
	free(r->flens);
	free(r->fields);
	free(r->lens);
	free(r->cols);
	free(r->coldata);
	crm_nameset_free(r->names);
	free(r);
}

/* White space an empty input may hold before it is read as a record. */
#define EMPTY_SCAN	4096

int
crm_input_empty(FILE *fp, struct crm_err *e)
{
	char seen[EMPTY_SCAN];
	size_t n = 0;
	int c;

	while (n < sizeof(seen) && (c = getc(fp)) != EOF && isspace(c))
		seen[n++] = (char)c;
	if (n < sizeof(seen) && c == EOF) {
		if (!ferror(fp))
			crm_err_set(e, CRM_OK, "no records on standard input; "
			    "nothing changed");
		else if (crm_decode_error(fp, e) != CRM_OK && e != NULL)
			e->line = 1;	/* its first line could not be read */
		return 1;
	}
	/*
	 * Something else: put it all back.  The C library (glibc) keeps
	 * more than one character of push-back; EMPTY_SCAN bounds it.
	 */
	if (n < sizeof(seen))
		ungetc(c, fp);
	while (n > 0)
		ungetc((unsigned char)seen[--n], fp);
	return 0;
}

void
crm_input_name(FILE *fp, char *buf, size_t bufsz)
{
	char link[64];
	struct stat sb;
	ssize_t n;

	snprintf(buf, bufsz, "stdin");
	/* Input read through --encoding: name the file under it. */
	fp = crm_decode_source(fp);
	if (fstat(fileno(fp), &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    crm_input_is_spool(fileno(fp)))
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fileno(fp));
	if ((n = readlink(link, buf, bufsz - 1)) > 0)
		buf[n] = '\0';
	else
		snprintf(buf, bufsz, "stdin");
}
