# tests/cli/output.sh - output that cannot be written (a full disk:
# /dev/full; standard output closed: >&-) is said on standard error in one
# line and exits 5; when the command wrote to the base first, the line
# says the changes are committed, and they are.  Read-only commands fail
# the same way rather than exit 0 having printed nothing.
. "$TOP/tests/lib.sh"

FULL="standard output: No space left on device"
CLOSED="standard output: Bad file descriptor"
COMMITTED="; the changes are committed"

q() { sqlite3 "$CRM_DB" "$1"; }

# Run CMD, stdin from $SRC (else /dev/null), with stdout to /dev/full
# (how=full) or closed (how=closed); stderr in $ERR, the exit status in
# $rc.
run_to() {	# HOW CMD...
	local how=$1
	shift
	if [ "$how" = full ]; then
		"$@" <"${SRC:-/dev/null}" >/dev/full 2>"$ERR"
	else
		"$@" <"${SRC:-/dev/null}" >&- 2>"$ERR"
	fi
	rc=$?
	SRC=
}

# A command that writes: exit 5, the line last on stderr, and the row
# that COUNT counts is in the base.
writes() {	# NAME HOW COUNT WANT CMD...
	local name=$1 how=$2 count=$3 want=$4
	shift 4
	run_to "$how" "$@"
	t_eq "$name ($how): exit 5" "$rc" 5
	t_eq "$name ($how): says so" "$(tail -1 "$ERR")" \
	    "$1: $([ "$how" = full ] && echo "$FULL" || echo "$CLOSED")$COMMITTED"
	t_eq "$name ($how): committed" "$(q "$count")" "$want"
}

# A command that only reads: exit 5 and the line.
reads() {	# NAME HOW CMD...
	local name=$1 how=$2
	shift 2
	run_to "$how" "$@"
	t_eq "$name ($how): exit 5" "$rc" 5
	t_eq "$name ($how): says so" "$(tail -1 "$ERR")" \
	    "$1: $([ "$how" = full ] && echo "$FULL" || echo "$CLOSED")"
}

crm-add -q first_name=Ana last_name=Ruiz email=ana@x.es >/dev/null

hows="closed"
if [ -w /dev/full ]; then
	hows="full closed"
else
	t_report "writing to /dev/full # SKIP no /dev/full here" 1
fi
n=0
for how in $hows; do
	n=$((n + 1))
	writes "crm-add" "$how" "SELECT count(*) FROM contacts" $((n * 2)) \
	    crm-add first_name=B$n last_name=C email=b$n@x.es
	printf 'first_name,last_name,email\nD%s,E,d%s@x.es\n' "$n" "$n" \
	    >"$T/rows.csv"
	SRC=$T/rows.csv
	writes "crm-add, CSV" "$how" "SELECT count(*) FROM contacts" \
	    $((n * 2 + 1)) crm-add
	writes "crm-edit" "$how" \
	    "SELECT count(*) FROM contacts WHERE city = 'C$n'" 1 \
	    crm-edit 1 city=C$n
	writes "crm-meet" "$how" "SELECT count(*) FROM meetings" $n \
	    crm-meet 1 "Topic $n" --at "2099-01-0$n 10:00"
	writes "crm-call" "$how" "SELECT count(*) FROM calls" $n \
	    crm-call 1 done
	writes "crm-task" "$how" "SELECT count(*) FROM tasks" $n \
	    crm-task 1 "Task $n"
	writes "crm-deal" "$how" "SELECT count(*) FROM deals" $n \
	    crm-deal 1 "Deal $n" amount=10
	writes "crm-plan" "$how" "SELECT count(*) FROM plans" $n \
	    crm-plan "$ME" calls=$n --month 2099-0$n

	reads "crm-find" "$how" crm-find
	reads "crm-find -f vcard" "$how" crm-find -f vcard
	reads "crm-show" "$how" crm-show 1
	reads "crm-show -q" "$how" crm-show -q 1
	reads "crm-show -f json" "$how" crm-show -f json 1
	reads "crm-log" "$how" crm-log
	reads "crm-status" "$how" crm-status -f table
	reads "crm-status --oneline" "$how" crm-status --oneline
	reads "crm-report" "$how" crm-report
	reads "crm-report -f html" "$how" crm-report -f html
	reads "crm-export" "$how" crm-export
	reads "crm-export -f ics" "$how" crm-export -f ics meetings
	reads "crm-check" "$how" crm-check
	reads "crm-config list" "$how" crm-config list
	reads "crm-config get" "$how" crm-config get deal.currency
	reads "crm-user list" "$how" crm-user list
	reads "crm-deal --pipeline" "$how" crm-deal --pipeline
	reads "crm-meet list" "$how" crm-meet --mine
	reads "crm-plan --list" "$how" crm-plan --list --month 2099-01
done

# With standard output closed, a file the command opens must not take its
# place and receive the output.
printf 'first_name,last_name,email\nF,G,bad@\n' >"$T/bad.csv"
crm-add --rejects "$T/rejects.csv" <"$T/bad.csv" >&- 2>"$ERR"
t_eq "closed stdout: the rejects file holds only the rejects" \
    "$(head -1 "$T/rejects.csv")" "first_name,last_name,email,error"

t_done
