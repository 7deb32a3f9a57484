/*
 * crm-edit - change, archive or erase records (contacts, companies) and
 * change or archive activities (meetings, calls, tasks, deals): one named
 * by its id in the arguments, or every record whose id arrives on stdin,
 * as plain ids (one a line) or as CSV/TSV with an id column whose other
 * columns are the new values.  Validation, duplicate checks and the audit
 * trail are libcrm's.
 */
#include <ctype.h>
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

struct args {
	struct crm_common common;
	struct crm_import_opts opts;
	const struct crm_entity *ent;
	const char *id;			/* the ID argument, or NULL: stdin */
	char **assign;			/* FIELD=VALUE split: the names */
	const char **values;
	int nassign;
	int partial, dry_run;
};

/* Where rows come from: the arguments, plain ids, or CSV. */
struct source {
	const char *id;			/* the ID argument */
	struct crm_reader *r;		/* CSV; NULL for ids */
	char *line;			/* plain ids: the line read */
	size_t linesz;
	long lineno, offset;		/* blank lines skipped before CSV */
	int *keep;			/* CSV column i goes in */
	size_t ncols;
	const char **vals;		/* the row as crm_import_row takes it */
};

enum {
	OPT_ALLOW_DUPS = 0x100,
	OPT_ARCHIVE,
	OPT_UNARCHIVE,
	OPT_ERASE,
	OPT_PARTIAL,
};

static const struct argp_option options[] = {
	{ "allow-duplicates", OPT_ALLOW_DUPS, NULL, 0,
	  "Accept a phone or e-mail another contact already has", 0 },
	{ "archive", OPT_ARCHIVE, NULL, 0,
	  "Archive the records: out of searches and lists, kept for reports",
	  0 },
	{ "dry-run", 'n', NULL, 0, "Validate only; change nothing", 0 },
	{ "erase", OPT_ERASE, NULL, 0,
	  "Erase the contacts' personal data for good, here and in the audit "
	  "trail, keeping an anonymised record", 0 },
	{ "partial", OPT_PARTIAL, NULL, 0,
	  "Commit the good rows even when some are rejected", 0 },
	{ "unarchive", OPT_UNARCHIVE, NULL, 0, "Bring archived records back",
	  0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static int
is_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Split each FIELD=VALUE argument in place (argv is ours to change). */
static int
split_assignments(struct args *a)
{
	int i;

	if ((a->values = calloc((size_t)a->nassign + 1,
	    sizeof(*a->values))) == NULL)
		err(5, NULL);
	for (i = 0; i < a->nassign; i++) {
		char *eq = strchr(a->assign[i], '=');

		if (eq == NULL || eq == a->assign[i])
			return a->assign[0] = a->assign[i], -1;
		*eq = '\0';
		crm_trim(a->assign[i]);
		a->values[i] = eq + 1;
	}
	return 0;
}

static const char nothing[] = "nothing to change: give FIELD=VALUE, "
    "--archive, --unarchive or --erase";

static int
nothing_to_change(const struct args *a)
{
	return !a->opts.erase && !a->opts.archive && a->nassign == 0;
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	char q[128];

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		break;
	case OPT_ALLOW_DUPS:
		a->opts.allow_duplicates = 1;
		break;
	case OPT_ARCHIVE:
	case OPT_UNARCHIVE:
		a->opts.archive = key == OPT_ARCHIVE ? 1 : -1;
		break;
	case OPT_ERASE:
		a->opts.erase = 1;
		break;
	case OPT_PARTIAL:
		a->partial = 1;
		break;
	case 'n':
		a->dry_run = 1;
		break;
	case ARGP_KEY_ARG:
		if (strchr(arg, '=') != NULL) {
			a->assign = &state->argv[state->next - 1];
			a->nassign = state->argc - state->next + 1;
			state->next = state->argc;
		} else if (a->id == NULL && is_id(arg))
			a->id = arg;
		else if (state->arg_num == 0 && crm_entity_lookup(arg) != NULL)
			a->ent = crm_entity_lookup(arg);
		else if (a->id != NULL)
			argp_error(state, "\"%s\" is not FIELD=VALUE",
			    crm_term_quote(arg, q, sizeof(q)));
		else
			argp_error(state, "\"%s\" is not an id or an entity "
			    "(%s)", crm_term_quote(arg, q, sizeof(q)),
			    crm_entity_names());
		break;
	case ARGP_KEY_END:
		if (split_assignments(a) != 0)
			argp_error(state, "\"%s\" is not FIELD=VALUE",
			    crm_term_quote(a->assign[0], q, sizeof(q)));
		if (a->opts.erase + (a->opts.archive != 0) > 1)
			argp_error(state, "--erase archives already; give one "
			    "of --archive, --unarchive, --erase");
		if (a->opts.erase && a->nassign > 0)
			argp_error(state, "--erase takes no FIELD=VALUE");
		if (a->id != NULL && nothing_to_change(a))
			argp_error(state, "%s", nothing);
		if (a->id == NULL && isatty(STDIN_FILENO))
			argp_error(state, "give an ID, or ids or CSV on "
			    "standard input");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "[ENTITY] [ID] [FIELD=VALUE...]",
	"Change contacts (the default ENTITY), companies, meetings, calls, "
	"tasks or deals.\v"
	"With an ID, changes that record.  Without one, changes every record "
	"whose id arrives on standard input: plain ids, one a line (as "
	"crm-find -q prints them), or CSV or TSV with a header and an id "
	"column, whose other columns are new values (FIELD=VALUE arguments "
	"override them).  Fields not named keep their values.  Every row is "
	"checked as crm-add checks it (an activity's fields as their type "
	"says: times as typed, statuses and stages from their lists, active "
	"users, existing contacts); when one is rejected nothing is "
	"changed, unless --partial.  The changed records are printed once "
	"committed.  --erase is for contacts only.  A contact's custom "
	"fields are custom.NAME (an empty value removes one).\n\n"
	"The stamps crm sets (created_at, created_by, updated_at, updated_by, "
	"archived_at, consent_at, consent_source, a task's done_at, a deal's "
	"closed_at) are not changed here: a column of one must hold what is "
	"stored, and is then ignored, so that an export goes back in; only "
	"an empty done_at, which reopens a task, is a change.\n\n"
	"Exit status: 0 success (or no records on stdin), 1 some rows "
	"rejected (a stamp in a row that differs from the stored one too), 2 "
	"usage (a FIELD=VALUE written wrong, a stamp argument that differs), "
	"3 the ID is not found (or another manager's, under "
	"policy.visibility own), 4 permission denied (the role or "
	"policy.labour forbids the change, a read-only base), 5 database "
	"error or standard output not written (the changes stay committed).",
	crm_common_children, NULL, NULL,
};

/*
 * Open the rows of a: the ID argument, or stdin.  Plain ids start with a
 * digit; anything else is CSV with a header.  Fills the column names
 * (*names, malloc'd, *ncols of them) crm_import_begin takes.
 */
static int
source_open(struct source *s, const struct args *a, const char ***names,
    size_t *ncols, struct crm_err *e)
{
	const struct crm_entity *ent = a->ent;
	size_t i, j, n = 0;
	int c, rc;

	if (a->id == NULL) {
		while ((c = getc(stdin)) != EOF && isspace(c))
			s->offset += c == '\n';
		if (c == EOF && ferror(stdin)) {	/* a refused --encoding */
			crm_decode_error(stdin, e);
			e->line = s->offset + 1;
			return e->code;
		}
		if (c == EOF)
			return crm_decode_error(stdin, e);
		ungetc(c, stdin);
		if (isdigit(c) && nothing_to_change(a))
			return crm_err_set(e, CRM_EUSAGE, "%s", nothing);
		if (!isdigit(c) && (rc = crm_reader_open(&s->r, stdin,
		    a->common.delimiter, e)) != CRM_OK) {
			e->line += s->offset;
			return rc;
		}
	}
	s->lineno = s->offset;
	s->ncols = s->r != NULL ? crm_reader_ncols(s->r) : 1;
	*names = calloc(s->ncols + (size_t)a->nassign, sizeof(**names));
	s->vals = calloc(s->ncols + (size_t)a->nassign, sizeof(*s->vals));
	s->keep = calloc(s->ncols, sizeof(*s->keep));
	if (*names == NULL || s->vals == NULL || s->keep == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	for (i = 0; i < s->ncols; i++) {
		const char *col = s->r != NULL ? crm_reader_col(s->r, i) : "id";
		int f = crm_entity_field(ent, col);

		/* FIELD=VALUE overrides the column of that field. */
		s->keep[i] = 1;
		for (j = 0; f >= 0 && j < (size_t)a->nassign; j++)
			if (crm_entity_field(ent, a->assign[j]) == f)
				s->keep[i] = 0;
		if (s->keep[i])
			(*names)[n++] = col;
	}
	for (j = 0; j < (size_t)a->nassign; j++) {
		(*names)[n] = a->assign[j];
		s->vals[n++] = a->values[j];
	}
	*ncols = n;
	return CRM_OK;
}

/*
 * The next row into s->vals: 1 read, 0 at the end, -1 a bad CSV record
 * (e says why), -2 a failure that ends reading.
 */
static int
source_next(struct source *s, struct crm_err *e)
{
	struct crm_row row;
	size_t i, n = 0;
	ssize_t len;
	int got;

	if (s->id != NULL) {
		s->vals[0] = s->id;
		s->id = NULL;
		return 1;
	}
	if (s->r == NULL) {
		for (;;) {
			if ((len = getline(&s->line, &s->linesz, stdin)) == -1) {
				if (!ferror(stdin))
					return 0;
				crm_decode_error(stdin, e);
				e->line = s->lineno + 1;
				return -2;
			}
			s->lineno++;
			/* UTF-16 ids read as bytes: "1", NUL, "2"... */
			if (memchr(s->line, '\0', (size_t)len) != NULL) {
				e->line = s->lineno;
				if (s->lineno == s->offset + 1 &&
				    crm_decode_sniff(s->line, (size_t)len, e) !=
				    CRM_OK)
					return -2;
				crm_err_set(e, CRM_EINPUT, "NUL byte in input");
				return -1;
			}
			if (*crm_trim(s->line) != '\0')
				break;
		}
		s->vals[0] = s->line;
		return 1;
	}
	if ((got = crm_reader_next(s->r, &row, e)) < 0)
		e->line += s->offset;
	if (got != 0)
		s->lineno = row.line + s->offset;
	if (got != 1)
		return got;
	for (i = 0; i < s->ncols; i++)
		if (s->keep[i])
			s->vals[n++] = row.fields[i];
	return 1;
}

static void
source_close(struct source *s)
{
	crm_reader_close(s->r);
	free(s->line);
	free(s->keep);
	free(s->vals);
}

static void
summary(const struct args *a, const struct crm_import_stats *s, int kept)
{
	const char *verb = a->opts.erase ? "erased" : a->nassign > 0 ||
	    a->opts.archive == 0 ? "updated" : a->opts.archive > 0 ?
	    "archived" : "unarchived";
	long good = s->updated + s->unchanged;

	/* One record refused: its error says it all. */
	if (a->common.quiet || (a->id != NULL && s->rejected > 0))
		return;
	if (!kept && !a->dry_run)
		fprintf(stderr, "crm-edit: %ld rejected; nothing changed, %ld "
		    "good row%s left out (--partial commits them)\n",
		    s->rejected, good, good == 1 ? "" : "s");
	else
		fprintf(stderr, "crm-edit: %ld %s%s, %ld unchanged, %ld "
		    "rejected\n", s->updated, a->dry_run ? "would be " : "",
		    verb, s->unchanged, s->rejected);
}

/*
 * A meeting of the ID argument marked held moves its manager's counter
 * of meetings held this month: one line on stderr says where it stands.
 */
static void
held_counter(struct crm_db *db, const struct args *a,
    const struct crm_import *im, const struct crm_import_stats *st)
{
	const char *const *rec = crm_import_record(im);
	int status = crm_entity_field(a->ent, "status");
	int manager = crm_entity_field(a->ent, "manager");
	struct crm_err e = { 0 };
	char line[256];
	int i, named = 0;

	if (a->common.quiet || a->id == NULL || st->updated != 1 ||
	    strcmp(a->ent->name, "meeting") != 0 || rec[status] == NULL ||
	    strcmp(rec[status], "held") != 0)
		return;
	for (i = 0; i < a->nassign; i++)
		named |= crm_entity_field(a->ent, a->assign[i]) == status;
	if (named && crm_counter_line(db, CRM_COUNTER_MEETINGS_HELD,
	    rec[manager], line, sizeof(line), &e) == CRM_OK)
		fprintf(stderr, "%s\n", line);
}

/* Edit every row of the source in one transaction; the exit status. */
static int
edit(struct crm_db *db, struct args *a, struct crm_spool *sp)
{
	struct source s = { .id = a->id };
	struct crm_import *im = NULL;
	struct crm_import_stats st = { 0 };
	struct crm_err e = { 0 };
	enum crm_import_result res;
	char source[PATH_MAX], msg[1200];
	const char **names = NULL;
	size_t ncols = 0;
	int rc, got, keep, notfound = 0;

	/* The whole input first: the write lock waits for no producer. */
	if (a->id == NULL && (rc = crm_input_spool(&e)) != CRM_OK)
		goto fail;
	/* Nothing on stdin: nothing to do, and no error. */
	if (a->id == NULL && crm_input_empty(stdin, &e)) {
		if (e.code != CRM_OK || !a->common.quiet)
			warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
		rc = e.code;
		goto done;
	}
	if ((rc = source_open(&s, a, &names, &ncols, &e)) != CRM_OK)
		goto fail;
	crm_input_name(stdin, source, sizeof(source));
	a->opts.bulk = a->id == NULL;
	a->opts.source = a->id == NULL ? source : NULL;
	a->opts.must_exist = 1;
	/* FIELD=VALUE arguments are the last columns: bad ones are usage. */
	a->opts.nargs = (size_t)a->nassign;
	if ((rc = crm_db_begin(db, &e)) != CRM_OK)
		goto fail;
	if ((rc = crm_import_begin(&im, db, a->ent, &a->opts, names, ncols,
	    &e)) != CRM_OK) {
		e.line = s.r != NULL ? 1 + s.offset : 0;
		goto fail;
	}
	while ((got = source_next(&s, &e)) != 0) {
		if (got == -2) {
			rc = e.code ? e.code : CRM_EDB;
			goto fail;
		}
		rc = got == -1 ? CRM_EINPUT : crm_import_row(im, s.vals, &res,
		    &e);
		if (got == -1)
			crm_import_reject(im);
		if (rc == CRM_EINPUT || rc == CRM_ENOTFOUND) {
			notfound |= rc == CRM_ENOTFOUND;
			e.line = a->id != NULL ? 0 : s.lineno;
			warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
			continue;
		}
		if (rc != CRM_OK ||
		    (rc = crm_spool_row(sp, crm_import_record(im), &e)) != CRM_OK)
			goto fail;
	}
	if ((rc = crm_import_finish(im, &st, &e)) != CRM_OK)
		goto fail;
	keep = !a->dry_run && (a->partial || st.rejected == 0);
	if (keep && (rc = crm_db_commit(db, &e)) != CRM_OK)
		goto fail;
	if (!keep)
		crm_db_rollback(db);
	summary(a, &st, keep);
	if (keep)
		held_counter(db, a, im, &st);
	rc = crm_spool_close(sp, keep || a->dry_run ? stdout : NULL, keep,
	    &e);
	sp = NULL;
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	else if (st.rejected > 0)
		rc = a->id != NULL && notfound ? CRM_ENOTFOUND : CRM_EINPUT;
	goto done;
fail:
	crm_db_rollback(db);
	warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
done:
	crm_spool_close(sp, NULL, 0, NULL);
	crm_import_free(im);
	source_close(&s);
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	struct crm_spool *sp;
	int rc;

	a.ent = crm_entity_lookup("contact");
	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	/* Records are printed once committed: a spool holds them until then. */
	if ((rc = crm_spool_open(&sp, a.common.format, crm_entity_cols(a.ent),
	    a.ent->nfields, a.common.quiet, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	rc = edit(db, &a, sp);
	crm_db_close(db);
	free(a.values);
	return rc;
}
