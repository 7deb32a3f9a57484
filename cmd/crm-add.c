/*
 * crm-add - create contacts and companies: one from name=value arguments,
 * or as many as arrive on stdin as CSV or TSV with a header, or as
 * vCards (-f vcard).  Other tools' columns are mapped with --map or a
 * ready-made --from map; --keep-unknown keeps the rest as custom fields.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

#define MAX_MAPS 32

struct args {
	struct crm_common common;
	struct crm_import_opts opts;
	const struct crm_entity *ent;
	char **assign;
	int nassign;
	const char *rejects;
	int atomic, dry_run;
	struct crm_fieldmap_opts map;
	const char *maps[MAX_MAPS];
	int vcard;		/* -f vcard: the input is vCards */
};

enum {
	OPT_ALLOW_DUPS = 0x100,
	OPT_ATOMIC,
	OPT_FROM,
	OPT_KEEP_UNKNOWN,
	OPT_MAP,
	OPT_RESTORE,
};

static const struct argp_option options[] = {
	{ "allow-duplicates", OPT_ALLOW_DUPS, NULL, 0,
	  "Add contacts whose phone or e-mail is already in the base", 0 },
	{ "atomic", OPT_ATOMIC, NULL, 0,
	  "Commit nothing if any row is rejected", 0 },
	{ "dry-run", 'n', NULL, 0, "Validate only; change nothing", 0 },
	{ "from", OPT_FROM, "TOOL", 0,
	  "Read a contact export of TOOL: google, outlook", 0 },
	{ "keep-unknown", OPT_KEEP_UNKNOWN, NULL, 0,
	  "Keep columns (vCard properties) that have no field, and a card's "
	  "second TEL, EMAIL, ADR..., as custom fields instead of refusing "
	  "them", 0 },
	{ "map", OPT_MAP, "COLUMN=FIELD,...", 0,
	  "Read column COLUMN as FIELD (a field, custom.NAME, full_name, or "
	  "- to leave it out)", 0 },
	{ "restore", OPT_RESTORE, NULL, 0,
	  "Restore a backup (admins): keep the ids and stamps of crm-export's "
	  "CSV (created_at, created_by, updated_at, updated_by, archived_at, "
	  "consent_at, consent_source) instead of refusing them", 0 },
	{ "rejects", 'r', "FILE", 0,
	  "Write rejected rows to FILE as CSV, with an error column (vCards: "
	  "the cards, with an X-CRM-ERROR line)", 0 },
	{ "upsert", 'u', NULL, 0,
	  "Update the record with the same id, phone, e-mail (contacts) or "
	  "name (companies) instead of rejecting the row", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

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
	case OPT_ATOMIC:
		a->atomic = 1;
		break;
	case OPT_FROM:
		a->map.from = arg;
		break;
	case OPT_KEEP_UNKNOWN:
		a->map.keep_unknown = 1;
		break;
	case OPT_MAP:
		if (a->map.nmaps == MAX_MAPS)
			argp_error(state, "more than %d --map options",
			    MAX_MAPS);
		a->maps[a->map.nmaps++] = arg;
		break;
	case 'n':
		a->dry_run = 1;
		break;
	case 'r':
		a->rejects = arg;
		break;
	case OPT_RESTORE:
		a->opts.restore = 1;
		break;
	case 'u':
		a->opts.upsert = 1;
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0 && strchr(arg, '=') == NULL) {
			if ((a->ent = crm_entity_lookup(arg)) == NULL)
				argp_error(state, "unknown entity \"%s\" "
				    "(contact, company)",
				    crm_term_quote(arg, q, sizeof(q)));
			break;
		}
		a->assign = &state->argv[state->next - 1];
		a->nassign = state->argc - state->next + 1;
		state->next = state->argc;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "[ENTITY] [FIELD=VALUE...]",
	"Create contacts (the default ENTITY) or companies.\v"
	"With FIELD=VALUE arguments, adds one record.  Without them, reads "
	"CSV or TSV with a header row from standard input (vCards with -f "
	"vcard) and adds every good row in one transaction; bad rows are "
	"reported with their line number and skipped.\n\n"
	"Contact fields: first_name last_name phone email company title city "
	"address source tags notes owner consent (and id and the stamps "
	"consent_at, consent_source, created_at, created_by, updated_at, "
	"updated_by, archived_at from an export).  Company fields: name phone "
	"email website city address tags notes owner.  crm sets the stamps: "
	"in a row that updates a record they must be what is stored (and are "
	"ignored), a new record gets the importing user and now, and a stamp "
	"given as an argument is a usage error; --restore (admins) writes "
	"them as the backup has them.\n\n"
	"Exit status: 0 all added (or no records on stdin), 1 some rows "
	"rejected or the record refused (a duplicate), 2 usage (a field or "
	"value on the command line written wrong, a stamp given as an "
	"argument), 4 permission denied (a manager adding for another or "
	"changing what the policy keeps from them, --restore by others than "
	"admins, a read-only base, a --rejects file not writable), 5 database "
	"error or standard output not written (the records stay committed).",
	crm_common_children, NULL, NULL,
};

/* Where the records come from: CSV (mapped or not) or vCards. */
struct input {
	struct crm_reader *csv;
	struct crm_fieldmap *map;
	struct crm_vcard_reader *vcard;
	struct crm_rejects *rj;	/* CSV rejects */
	FILE *vrj;		/* vCard rejects */
	struct crm_row row;
	const char *const *vals;
	const struct crm_custom *custom;
	size_t ncustom;
};

/*
 * The next record into in: 1, 0 at the end, -1 for a bad one (e says
 * why), -2 when reading must stop.
 */
static int
next_record(struct input *in, struct crm_err *e)
{
	struct crm_vcard card;
	int got;

	in->ncustom = 0;
	if (in->vcard != NULL) {
		got = crm_vcard_next(in->vcard, &card, e);
		in->row.line = card.line;
		in->vals = card.vals;
		in->custom = card.custom;
		in->ncustom = card.ncustom;
		return got;
	}
	if ((got = crm_reader_next(in->csv, &in->row, e)) != 1)
		return got;
	in->vals = (const char *const *)in->row.fields;
	if (in->map != NULL && crm_fieldmap_row(in->map, in->vals, &in->vals,
	    &in->custom, &in->ncustom, e) != CRM_OK) {
		e->line = in->row.line;
		return e->code == CRM_EINPUT ? -1 : -2;
	}
	return 1;
}

/* Report a rejected record, and keep it for the rejects file. */
static void
reject(struct input *in, const struct crm_err *e)
{
	struct crm_err we = { 0 };
	char msg[1200];
	int rc = CRM_OK;

	crm_err_text(e, msg, sizeof(msg));
	warnx("%s", msg);
	if (in->vrj != NULL && crm_vcard_reject(in->vcard, in->vrj, msg) !=
	    CRM_OK)
		errx(5, "%s: write error", "rejects");
	if (in->csv != NULL)
		rc = crm_rejects_write(in->rj, &in->row, msg, &we);
	if (rc != CRM_OK)
		errx(5, "%s", we.msg);
}

static void
summary(const struct args *a, const struct crm_import_stats *s, int kept)
{
	const char *how = a->dry_run ? "would be " : "";

	if (a->common.quiet)
		return;
	if (!kept && !a->dry_run) {
		long good = s->added + s->updated + s->unchanged;

		fprintf(stderr, "crm-add: %ld rejected; nothing committed "
		    "(--atomic), %ld good row%s left out\n", s->rejected, good,
		    good == 1 ? "" : "s");
		return;
	}
	fprintf(stderr, "crm-add: %ld %sadded", s->added, how);
	if (s->updated)
		fprintf(stderr, ", %ld %supdated", s->updated, how);
	if (s->unchanged)
		fprintf(stderr, ", %ld unchanged", s->unchanged);
	fprintf(stderr, ", %ld rejected", s->rejected);
	if (s->companies_created)
		fprintf(stderr, ", %ld %s %screated", s->companies_created,
		    s->companies_created == 1 ? "company" : "companies", how);
	fprintf(stderr, "\n");
}

/* Whether the columns need a map: --map, --from or --keep-unknown. */
static int
mapped(const struct args *a)
{
	return a->map.from != NULL || a->map.nmaps > 0 || a->map.keep_unknown;
}

/*
 * Open the input and say which fields its records hold (*names, a
 * malloc'd array when *owned).  *like names the ready-made map whose
 * export an unmapped header looks like, for a hint when it is refused.
 */
static int
open_input(struct args *a, struct input *in, const char *const **names,
    size_t *n, int *owned, const char **like, struct crm_err *e)
{
	const char **cols;
	size_t i, ncols;
	int rc;

	*owned = 0;
	*like = NULL;
	if (a->vcard) {
		if ((rc = crm_vcard_open(&in->vcard, stdin, a->ent,
		    a->map.keep_unknown, e)) != CRM_OK)
			return rc;
		*names = crm_vcard_fields(in->vcard);
		*n = crm_vcard_nfields(in->vcard);
		if (a->rejects != NULL && (in->vrj = fopen(a->rejects, "w")) ==
		    NULL)
			return crm_err_file(e, a->rejects, errno);
		return CRM_OK;
	}
	if ((rc = crm_reader_open(&in->csv, stdin, a->common.delimiter, e)) !=
	    CRM_OK)
		return rc;
	crm_err_clear(e);
	ncols = crm_reader_ncols(in->csv);
	if ((cols = calloc(ncols, sizeof(*cols))) == NULL)
		err(5, NULL);
	for (i = 0; i < ncols; i++)
		cols[i] = crm_reader_col(in->csv, i);
	*names = cols;
	*n = ncols;
	if (mapped(a)) {
		rc = crm_fieldmap_new(&in->map, a->ent, &a->map, cols, ncols, e);
		if (rc == CRM_OK) {
			*names = crm_fieldmap_fields(in->map);
			*n = crm_fieldmap_nfields(in->map);
		}
		free(cols);
		return rc;
	}
	*owned = 1;
	*like = crm_fieldmap_guess(cols, ncols);
	return CRM_OK;
}

static void
close_input(struct input *in)
{
	crm_vcard_close(in->vcard);
	crm_fieldmap_free(in->map);
	crm_reader_close(in->csv);
	crm_rejects_close(in->rj, NULL);
	if (in->vrj != NULL && fclose(in->vrj) != 0)
		warn("%s", "rejects");
}

/* Read records from stdin and import them; returns the exit status. */
static int
add_stream(struct crm_db *db, struct args *a, struct crm_spool *sp)
{
	struct input in = { 0 };
	struct crm_import *im = NULL;
	struct crm_import_stats st;
	struct crm_err e = { 0 };
	enum crm_import_result res;
	const char *const *names = NULL;
	const char *like;
	char source[PATH_MAX], msg[1200];
	size_t n = 0;
	int rc, got, keep, owned;

	/* The whole input first: the write lock waits for no producer. */
	if ((rc = crm_input_spool(&e)) != CRM_OK) {
		warnx("%s", e.msg);
		crm_spool_close(sp, NULL, 0, NULL);
		return rc;
	}
	if (crm_input_empty(stdin, &e)) {
		if (e.code != CRM_OK || !a->common.quiet)
			warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
		crm_spool_close(sp, NULL, 0, NULL);
		return e.code;
	}
	if ((rc = open_input(a, &in, &names, &n, &owned, &like, &e)) !=
	    CRM_OK) {
		if (rc == CRM_EINPUT && in.csv != NULL && e.line == 0)
			e.line = 1;	/* the header */
		warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
		close_input(&in);
		crm_spool_close(sp, NULL, 0, NULL);
		return rc;
	}
	crm_input_name(stdin, source, sizeof(source));
	a->opts.bulk = 1;
	a->opts.source = source;
	if ((rc = crm_db_begin(db, &e)) == CRM_OK &&
	    (rc = crm_import_begin(&im, db, a->ent, &a->opts, names, n, &e)) ==
	    CRM_EINPUT && !a->vcard)
		e.line = 1;	/* the header */
	if (owned)
		free((void *)names);
	if (rc != CRM_OK)
		goto fail;
	if (a->rejects != NULL && in.csv != NULL &&
	    (rc = crm_rejects_open(&in.rj, a->rejects, in.csv, &e)) != CRM_OK)
		goto fail;
	while ((got = next_record(&in, &e)) != 0) {
		if (got == -2) {
			rc = e.code ? e.code : CRM_EDB;
			goto fail;
		}
		if (got == -1) {
			crm_import_reject(im);
			reject(&in, &e);
			continue;
		}
		crm_import_custom(im, in.custom, in.ncustom);
		rc = crm_import_row(im, in.vals, &res, &e);
		if (rc == CRM_EINPUT) {
			e.line = in.row.line;
			reject(&in, &e);
			continue;
		}
		if (rc != CRM_OK ||
		    (rc = crm_spool_row(sp, crm_import_record(im), &e)) != CRM_OK)
			goto fail;
	}
	if ((rc = crm_import_finish(im, &st, &e)) != CRM_OK)
		goto fail;
	keep = !a->dry_run && !(a->atomic && st.rejected > 0);
	if (keep) {
		if ((rc = crm_db_commit(db, &e)) != CRM_OK)
			goto fail;
	} else
		crm_db_rollback(db);
	rc = crm_rejects_close(in.rj, &e);
	in.rj = NULL;
	crm_import_free(im);
	close_input(&in);
	summary(a, &st, keep);
	if (rc != CRM_OK ||
	    (rc = crm_spool_close(sp, keep || a->dry_run ? stdout : NULL, keep,
	    &e)) != CRM_OK) {
		warnx("%s", e.msg);
		return rc;
	}
	return st.rejected > 0 ? 1 : 0;
fail:
	crm_db_rollback(db);
	warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
	if (like != NULL && e.code == CRM_EINPUT && e.line == 1)
		warnx("these columns look like a contact export: --from %s "
		    "reads it", like);
	crm_import_free(im);
	close_input(&in);
	crm_spool_close(sp, NULL, 0, NULL);
	return rc;
}

/* Add one record from name=value arguments; returns the exit status. */
static int
add_one(struct crm_db *db, struct args *a, struct crm_spool *sp)
{
	struct crm_import *im = NULL;
	struct crm_fieldmap *map = NULL;
	struct crm_import_stats st;
	struct crm_err e = { 0 };
	enum crm_import_result res;
	const struct crm_custom *cf = NULL;
	const char *const *fields, *const *fvals;
	char **names;
	const char **vals;
	char msg[1200];
	size_t nf, ncf = 0;
	int i, rc;

	names = calloc((size_t)a->nassign, sizeof(*names));
	vals = calloc((size_t)a->nassign, sizeof(*vals));
	if (names == NULL || vals == NULL)
		err(5, NULL);
	for (i = 0; i < a->nassign; i++)
		if (crm_split_assignment(a->assign[i], &names[i], &vals[i],
		    &e) != CRM_OK) {
			warnx("%s", e.msg);
			rc = e.code;
			goto done;
		}
	fields = (const char *const *)names;
	fvals = vals;
	nf = (size_t)a->nassign;
	/* --keep-unknown and --map read arguments as they read a header. */
	if (mapped(a)) {
		if ((rc = crm_fieldmap_new(&map, a->ent, &a->map, fields, nf,
		    &e)) != CRM_OK || (rc = crm_fieldmap_row(map, vals, &fvals,
		    &cf, &ncf, &e)) != CRM_OK) {
			warnx("%s", e.msg);
			goto done;
		}
		fields = crm_fieldmap_fields(map);
		nf = crm_fieldmap_nfields(map);
	}
	/* Every field comes from the command line: bad values (a stamp
	 * among them) are usage errors. */
	a->opts.nargs = nf;
	if ((rc = crm_db_begin(db, &e)) != CRM_OK)
		goto fail;
	if ((rc = crm_import_begin(&im, db, a->ent, &a->opts, fields, nf,
	    &e)) != CRM_OK)
		goto fail;
	crm_import_custom(im, cf, ncf);
	if ((rc = crm_import_row(im, fvals, &res, &e)) != CRM_OK ||
	    (rc = crm_spool_row(sp, crm_import_record(im), &e)) != CRM_OK)
		goto fail;
	if ((rc = crm_import_finish(im, &st, &e)) != CRM_OK)
		goto fail;
	if (a->dry_run)
		crm_db_rollback(db);
	else if ((rc = crm_db_commit(db, &e)) != CRM_OK)
		goto fail;
	rc = crm_spool_close(sp, stdout, !a->dry_run, &e);
	sp = NULL;
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	else if (!a->common.quiet && res != CRM_ADDED)
		fprintf(stderr, "crm-add: %s %s\n", a->ent->name,
		    res == CRM_UPDATED ? "updated" : "unchanged");
	goto done;
fail:
	crm_db_rollback(db);
	warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
done:
	crm_spool_close(sp, NULL, 0, NULL);
	crm_import_free(im);
	crm_fieldmap_free(map);
	for (i = 0; i < a->nassign; i++)
		free(names[i]);
	free(names);
	free(vals);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	struct crm_spool *sp;
	enum crm_format out;
	int rc;

	a.ent = crm_entity_lookup("contact");
	a.map.maps = a.maps;
	/* -f vcard: the input is vCards (read by lib/vcardin.c). */
	a.common.formats = CRM_FMT_BIT(CRM_FMT_VCARD);
	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	out = a.common.format;
	if (out == CRM_FMT_VCARD) {
		/* What was added is printed as without -f. */
		a.vcard = 1;
		out = isatty(STDOUT_FILENO) ? CRM_FMT_TABLE : CRM_FMT_CSV;
	}
	if (a.nassign == 0 && isatty(STDIN_FILENO))
		errx(2, "give FIELD=VALUE arguments or %s on standard input "
		    "(crm-add --help)", a.vcard ? "vCards" : "CSV");
	if (a.nassign > 0 && a.rejects != NULL)
		errx(2, "--rejects is for CSV on standard input");
	if (a.opts.restore && (a.nassign > 0 || a.vcard || mapped(&a)))
		errx(2, "--restore reads a backup, crm-export's CSV, on standard "
		    "input: no FIELD=VALUE, -f vcard, --map, --from or "
		    "--keep-unknown");
	if (a.vcard && (a.nassign > 0 || a.map.from != NULL ||
	    a.map.nmaps > 0))
		errx(2, "-f vcard reads vCards on standard input; --map and "
		    "--from are for CSV");
	if (crm_fieldmap_check(a.ent, &a.map, &e) != CRM_OK)
		errx(2, "%s", e.msg);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	/* Records are printed once committed: a spool holds them until then. */
	if ((rc = crm_spool_open(&sp, out, crm_entity_cols(a.ent),
	    a.ent->nfields, a.common.quiet, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	rc = a.nassign > 0 ? add_one(db, &a, sp) : add_stream(db, &a, sp);
	crm_db_close(db);
	return rc;
}
