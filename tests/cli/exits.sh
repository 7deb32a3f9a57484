# tests/cli/exits.sh - one exit status per kind of problem, whichever
# program meets it (crm(7), EXIT STATUS): a value typed wrong on the
# command line is usage (2) everywhere, a record the base's rules refuse
# is 1, an empty standard input is nothing to do (0) for every reader of
# records, a number too large says so, and a refused plan prints nothing.
. "$TOP/tests/lib.sh"

crm-config set phone.default_country 34 >/dev/null
crm-add -q first_name=Ana last_name=Ruiz email=ana@x.es >/dev/null
crm-deal -q 1 Deal amount=10 >/dev/null 2>&1

# --- A value typed wrong on the command line: 2, and nothing written.
usage() {	# NAME MESSAGE CMD...: exit 2, stderr's first line MESSAGE
	local name=$1 msg=$2
	shift 2
	t_run "$name: exit 2" 2 "$@"
	t_eq "$name: says why" "$(head -1 "$ERR")" "$msg"
}
before=$(sqlite3 "$CRM_DB" "SELECT count(*) FROM audit")
usage "crm-add, an e-mail" 'crm-add: email "x@" is not a valid address' \
    crm-add first_name=X last_name=Y email=x@
usage "crm-add, a field that is none" \
    'crm-add: unknown field "colour" for a contact' \
    crm-add first_name=X last_name=Y email=x@y.es colour=red
usage "crm-add, a word not in the list" \
    'crm-add: consent "maybe" is not one of the list (yes, no, unknown)' \
    crm-add first_name=X last_name=Y email=x@y.es consent=maybe
usage "crm-edit, an e-mail" 'crm-edit: email "x@" is not a valid address' \
    crm-edit 1 email=x@
usage "crm-edit, an amount" \
    'crm-edit: amount "lots" is not a number like 1234.50' \
    crm-edit deal 1 amount=lots
usage "crm-edit, a stage" \
    'crm-edit: no stage "signed" (crm-config get deal.stages)' \
    crm-edit deal 1 stage=signed
usage "crm-meet, a date" 'crm-meet: --at: date "soonish" is not understood' \
    crm-meet 1 Topic --at soonish
usage "crm-call, a status" \
    'crm-call: no call status "nope" (crm-config get call.statuses)' \
    crm-call 1 nope
usage "crm-task, a date" 'crm-task: --due: date "someday" is not understood' \
    crm-task 1 Title --due someday
usage "crm-deal, an amount" \
    'crm-deal: amount "lots" is not a number like 1234.50' \
    crm-deal 1 Title amount=lots
usage "crm-deal, a stage" \
    'crm-deal: no stage "closing" (crm-config get deal.stages)' \
    crm-deal 1 closing
usage "crm-plan, a target" \
    'crm-plan: calls: target "ten" is not a whole number' \
    crm-plan "$ME" calls=ten
usage "crm-plan, a metric" \
    'crm-plan: unknown metric "visits" (contacts_added, calls, calls_completed, meetings_held, deals_won, revenue_won)' \
    crm-plan "$ME" visits=3
usage "crm-config, a value" \
    'crm-config: "0" is not a number of days from 1 to 3650' \
    crm-config set check.untouched_days 0
usage "crm-user, a role" \
    'crm-user: role "king" is not one of admin, supervisor, manager, operator' \
    crm-user set "$ME" role=king
usage "crm-report, a period" \
    'crm-report: --period: period "someday" is not understood (today, week, month, quarter, 2026-11, 2026-W47, 2026-Q4, 2026-11-27, FROM..TO)' \
    crm-report --period someday
t_eq "nothing of them was written" \
    "$(sqlite3 "$CRM_DB" "SELECT count(*) FROM audit")" "$before"

# --- A whole number too large is too large, not "not a whole number".
BIG=99999999999999999999
usage "crm-find -n $BIG" \
    "crm-find: --limit \"$BIG\" is too large (at most 9223372036854775807)" \
    crm-find -n $BIG
usage "crm-log -n $BIG" \
    "crm-log: limit \"$BIG\" is too large (at most 9223372036854775807)" \
    crm-log -n $BIG
usage "crm-task --done $BIG" \
    "crm-task: task id \"$BIG\" is too large (at most 9223372036854775807)" \
    crm-task --done $BIG
usage "crm-meet --done $BIG" \
    "crm-meet: meeting id \"$BIG\" is too large (at most 9223372036854775807)" \
    crm-meet --done $BIG held
usage "crm-plan --delete $BIG" \
    "crm-plan: plan id \"$BIG\" is too large (at most 9223372036854775807)" \
    crm-plan --delete $BIG
usage "crm-plan, a count target" \
    "crm-plan: calls: target \"$BIG\" is too large (at most 999999999999)" \
    crm-plan "$ME" calls=$BIG
usage "crm-plan, an amount target" \
    'crm-plan: revenue_won: target amount "10000000000" is too large (at most 9999999999.99)' \
    crm-plan "$ME" revenue_won=10000000000
usage "crm-deal, an amount" \
    'crm-deal: amount "10000000000" is too large (at most 9999999999.99)' \
    crm-deal 1 Title amount=10000000000
usage "crm-find -n 0" 'crm-find: --limit "0" is not a positive number' \
    crm-find -n 0

# --- A refused plan prints nothing: no header of a table never filled.
t_run "a refused plan" 2 crm-plan -f csv "$ME" calls=ten
t_out "prints nothing" ""
t_run "a plan for no user" 1 crm-plan -f csv nobody calls=3
t_out "prints nothing either" ""

# --- Well-formed, but refused by the base's rules: 1.
t_run "a duplicate" 1 crm-add first_name=A last_name=B email=ana@x.es
t_run "an owner who is no user" 1 crm-add first_name=A last_name=B \
    email=b@x.es owner=nobody
t_run "a plan of no user" 1 crm-plan nobody calls=3
t_run "a deal lost without a reason" 1 crm-edit deal 1 stage=lost

# --- Rows of standard input stay rows: a bad value rejects its row (1).
printf 'first_name,last_name,email\nX,Y,x@\nGood,Row,good@x.es\n' >"$T/rows.csv"
IN=$T/rows.csv
t_run "a bad value in a row rejects the row" 1 crm-add -q
t_err "with its line" 'crm-add: line 2: email "x@" is not a valid address'
printf 'manager,metric,target\n%s,calls,ten\n%s,calls,5\n' "$ME" "$ME" \
    >"$T/plans.csv"
IN=$T/plans.csv
t_run "a bad target in a row rejects the row" 1 crm-plan -q

# --- A term of a search that holds no word the index splits: not found.
t_run "a term with a dash between words" 3 crm-find "a—b"
t_run "a term with an override" 3 crm-show $'Nobody\xe2\x80\xaeX'

# --- An empty standard input: nothing to do, said alike by every reader.
printf '' >"$T/empty"
printf '\n  \n\t\n' >"$T/blank"
for f in empty blank; do
	for cmd in "crm-add" "crm-add -f vcard" "crm-edit" "crm-meet" \
	    "crm-plan" "crm-user add" "crm-call --import csv" \
	    "crm-call --import asterisk"; do
		IN=$T/$f
		# shellcheck disable=SC2086	# the words of cmd
		t_run "$cmd, $f input: exit 0" 0 $cmd
		t_out "$cmd, $f input: prints nothing" ""
		t_err "$cmd, $f input: says so" \
		    "${cmd%% *}: no records on standard input; nothing changed"
	done
done
IN=$T/empty
t_run "with -q, in silence" 0 crm-add -q
t_err "nothing said" ""
# Blank lines before the header still count in line numbers.
printf '\n\nfirst_name,last_name,email\nX,Y,x@\n' >"$T/late.csv"
IN=$T/late.csv
t_run "blank lines first" 1 crm-add -q
t_err "line 4" 'crm-add: line 4: email "x@" is not a valid address'

# --- A file the user may not write, whichever option names it: 4.  As
# root every file is writable: tests/cli/split.sh proves it as a user.
if [ "$(id -u)" != 0 ]; then
	mkdir "$T/shut"
	chmod 555 "$T/shut"
	IN=$T/rows.csv
	t_run "--rejects into a shut folder" 4 crm-add --rejects \
	    "$T/shut/r.csv"
	t_run "--split into a shut folder" 4 crm-export -f vcard --split \
	    "$T/shut"
	printf 'contact,topic,at\n1,T,someday\n' >"$T/meet.csv"
	IN=$T/meet.csv
	t_run "crm-meet --rejects into a shut folder" 4 crm-meet --rejects \
	    "$T/shut/r.csv"
else
	t_report "--rejects and --split into a shut folder # SKIP root may write anywhere (tests/cli/split.sh)" 1
fi

t_done
