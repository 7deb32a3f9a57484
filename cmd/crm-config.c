/*
 * crm-config - get, set and list the suite's settings.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct args {
	struct crm_common common;
	struct crm_verb v;
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	if (key == ARGP_KEY_INIT) {
		state->child_inputs[0] = &a->common;
		return 0;
	}
	return crm_verb_parse(key, arg, state, &a->v, "list");
}

static const struct argp argp = {
	NULL, parse_opt, "list\nget KEY\nset KEY VALUE\nunset KEY",
	"Show and change the settings of the base.\v"
	"Settings: phone.default_country, the country calling code given "
	"to phone numbers written without one (34 for Spain).  Every change "
	"is audited.\n\n"
	"Exit status: 0 success, 2 usage (an unknown setting, or a value not "
	"valid for it), 4 permission denied (not an admin), 5 database error "
	"or standard output not written.",
	crm_common_children, NULL, NULL,
};

static int
nargs(const struct args *a, int want)
{
	if (a->v.nrest != want)
		errx(2, "%s takes %d argument%s (crm-config --help)", a->v.verb,
		    want, want == 1 ? "" : "s");
	return 0;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	struct crm_writer *w;
	char *value = NULL;
	int rc;
	char q[128];

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if (strcmp(a.v.verb, "list") == 0)
		nargs(&a, 0);
	else if (strcmp(a.v.verb, "get") == 0 || strcmp(a.v.verb, "unset") == 0)
		nargs(&a, 1);
	else if (strcmp(a.v.verb, "set") == 0)
		nargs(&a, 2);
	else
		errx(2, "unknown command \"%s\" (list, get, set, unset)",
		    crm_term_quote(a.v.verb, q, sizeof(q)));
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	if (strcmp(a.v.verb, "list") == 0) {
		if ((w = crm_writer_new(stdout, a.common.format,
		    crm_setting_cols, crm_setting_ncols)) == NULL)
			err(5, NULL);
		crm_writer_header(w);
		rc = crm_setting_list(db, w, &e);
		rc = crm_writer_close(w, 0, rc, &e);
	} else if (strcmp(a.v.verb, "get") == 0) {
		/* An unset setting prints nothing and still succeeds. */
		if ((rc = crm_setting_get(db, a.v.rest[0], &value, &e)) ==
		    CRM_OK && value != NULL)
			printf("%s\n", value);
		free(value);
		if (rc == CRM_OK && fflush(stdout) != 0)
			rc = crm_err_output(&e, errno, 0);
	} else if ((rc = crm_db_begin(db, &e)) == CRM_OK) {
		if (strcmp(a.v.verb, "set") == 0)
			rc = crm_setting_set(db, a.v.rest[0], a.v.rest[1], &e);
		else
			rc = crm_setting_unset(db, a.v.rest[0], &e);
		if (rc == CRM_OK)
			rc = crm_db_commit(db, &e);
		else
			crm_db_rollback(db);
	}
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	return rc;
}
