# tests/cli/report.sh - crm-report: every figure of every section, for
# several periods across a month and a week boundary, under TZ=UTC and
# TZ=Europe/Madrid, equals an independent SQL count over the same rows;
# --by day and week; plans; --rows lists exactly the rows counted; empty
# periods give zeros; HTML and e-mail are well formed; usage errors.
. "$TOP/tests/lib.sh"

q() { sqlite3 "$CRM_DB" "$1"; }

crm-user add ana >/dev/null
crm-user add luis >/dev/null
crm-user add idle >/dev/null
crm-user add old active=no >/dev/null

S="'2026-01-01T00:00:00Z', 'x', '2026-01-01T00:00:00Z', 'x'"
contact() {	# OWNER CREATED_AT [ARCHIVED_AT [ERASED]]
	local arch=NULL erased=NULL ph="'+34600000001'"
	[ -n "${3:-}" ] && arch="'$3'"
	[ -n "${4:-}" ] && erased="'$3'" ph=NULL
	q "INSERT INTO contacts(first_name, last_name, phone, owner,
	    created_at, created_by, updated_at, updated_by, archived_at,
	    erased_at) VALUES ('F', 'L', $ph, '$1', '$2', 'x', '$2', 'x',
	    $arch, $erased)"
}
call() {	# MANAGER AT STATUS [ARCHIVED_AT]
	local m=NULL arch=NULL
	[ -n "$1" ] && m="'$1'"
	[ -n "${4:-}" ] && arch="'$4'"
	q "INSERT INTO calls(at, direction, number, manager, status,
	    created_at, created_by, updated_at, updated_by, archived_at)
	    VALUES ('$2', 'out', '+34600000000', $m, '$3', $S, $arch)"
}
meet() {	# MANAGER AT STATUS CONTACT [ARCHIVED_AT]
	local arch=NULL
	[ -n "${5:-}" ] && arch="'$5'"
	q "INSERT INTO meetings(contact_id, topic, at, status, result,
	    manager, created_at, created_by, updated_at, updated_by,
	    archived_at) VALUES ($4, 'T', '$2', '$3',
	    CASE '$3' WHEN 'held' THEN 'ok' END, '$1', $S, $arch)"
}
task() {	# ASSIGNEE DUE [DONE_AT]
	local done=NULL
	[ -n "${3:-}" ] && done="'$3'"
	q "INSERT INTO tasks(title, assignee, due, done_at, created_at,
	    created_by, updated_at, updated_by) VALUES ('T', '$1', '$2',
	    $done, $S)"
}
deal() {	# MANAGER STAGE AMOUNT CURRENCY CREATED_AT [CLOSED_AT [ARCHIVED]]
	local closed=NULL arch=NULL
	[ -n "${6:-}" ] && closed="'$6'"
	[ -n "${7:-}" ] && arch="'$7'"
	q "INSERT INTO deals(title, contact_id, manager, amount, currency,
	    stage, closed_at, created_at, created_by, updated_at, updated_by,
	    archived_at) VALUES ('D', 1, '$1', $3, '$4', '$2', $closed, '$5',
	    'x', '$5', 'x', $arch)"
}

# Around the end of October 2026 (Madrid is UTC+1 from October 25):
# 2026-10-31T23:30Z is October in UTC, November in Madrid; 2026-11-01T23:30Z
# is Sunday of week 44 in UTC, Monday of week 45 in Madrid.
contact ana 2026-10-31T23:30:00Z
contact ana 2026-11-01T00:00:00Z
contact luis 2026-10-15T10:00:00Z 2026-10-20T00:00:00Z
contact luis 2026-10-26T00:30:00Z 2026-11-20T00:00:00Z erased
contact ana 2026-11-01T23:30:00Z
call ana 2026-10-31T23:30:00Z completed
call ana 2026-11-01T23:30:00Z no_answer
call ana 2026-10-05T10:00:00Z completed 2026-10-06T00:00:00Z
call ana 2026-10-10T10:00:00Z callback
call luis 2026-11-10T10:00:00Z busy
call luis 2026-11-02T00:00:00Z completed
call "" 2026-11-03T10:00:00Z completed
call "" 2026-10-31T23:00:00Z wrong_number
meet ana 2026-10-31T23:30:00Z held 1
meet luis 2026-10-27T10:00:00Z held 4
meet luis 2026-10-28T10:00:00Z no_show 4
meet luis 2026-11-01T23:30:00Z held 4
meet ana 2026-11-05T10:00:00Z planned 1
meet ana 2036-12-05T10:00:00Z planned 2
meet ana 2026-11-06T10:00:00Z cancelled 1 2026-11-07T00:00:00Z
task ana 2026-11-03T10:00:00Z 2026-11-02T10:00:00Z
task ana 2026-11-04T10:00:00Z 2026-11-05T10:00:00Z
task ana 2026-11-06T10:00:00Z
task luis 2026-10-31T23:30:00Z
task luis 2036-12-20T10:00:00Z
task luis 2026-11-01T10:00:00Z 2026-10-31T23:30:00Z
deal ana won 100050 EUR 2026-10-01T00:00:00Z 2026-10-31T23:30:00Z
deal ana won 20000 USD 2026-10-02T00:00:00Z 2026-11-03T10:00:00Z
deal ana lost 5000 EUR 2026-11-01T00:30:00Z 2026-11-04T10:00:00Z
deal luis won 30000 EUR 2026-10-20T00:00:00Z 2026-11-01T23:30:00Z
deal luis proposal 70000 EUR 2026-11-05T10:00:00Z
deal ana lead 1000 EUR 2026-11-06T10:00:00Z "" 2026-11-07T00:00:00Z
deal ana negotiation 5050 EUR 2026-10-31T23:30:00Z
deal ana lead 990 USD 2026-11-01T00:00:00Z

crm-plan ana calls=10 --month 2026-11 >/dev/null
crm-plan team meetings_held=5 --month 2026-11 >/dev/null
crm-plan luis deals_won=2 --week 2026-W45 >/dev/null
crm-plan idle calls=3 --month 2026-11 >/dev/null
crm-plan ana deals_won=0 --month 2026-11 >/dev/null
crm-plan ana revenue_won=2000 --month 2026-10 >/dev/null

# Local midnight of day $1 in zone $Z, as a stored timestamp.
stamp() {
	date -u -d "@$(TZ=$Z date -d "$1 00:00" +%s)" +%Y-%m-%dT%H:%M:%SZ
}
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# The figure $1 of manager $2 over [$3, $4), counted here independently.
expect() {
	local m=$1 who f=$3 t=$4 w
	case $2 in
	team) who=1 ;;
	"(nobody)") who=NULL ;;
	*) who="'$2'" ;;
	esac
	own() { [ "$who" = NULL ] && echo "$1 IS NULL" ||
	    { [ "$who" = 1 ] && echo 1 || echo "$1 = $who"; }; }
	case $m in
	contacts_added) w="FROM contacts WHERE $(own owner)
	    AND created_at >= '$f' AND created_at < '$t'" ;;
	calls) w="FROM calls WHERE $(own manager) AND at >= '$f'
	    AND at < '$t'" ;;
	calls_*) w="FROM calls WHERE $(own manager) AND at >= '$f'
	    AND at < '$t' AND status = '${m#calls_}'" ;;
	meetings) w="FROM meetings WHERE $(own manager) AND at >= '$f'
	    AND at < '$t'" ;;
	meetings_past_planned) w="FROM meetings WHERE $(own manager)
	    AND status = 'planned' AND at < '$NOW' AND archived_at IS NULL" ;;
	meetings_*) w="FROM meetings WHERE $(own manager) AND at >= '$f'
	    AND at < '$t' AND status = '${m#meetings_}'" ;;
	tasks_done) w="FROM tasks WHERE $(own assignee) AND done_at >= '$f'
	    AND done_at < '$t'" ;;
	tasks_overdue) w="FROM tasks WHERE $(own assignee) AND due >= '$f'
	    AND due < '$t' AND due < '$NOW'
	    AND (done_at IS NULL OR done_at > due)" ;;
	tasks_open_overdue) w="FROM tasks WHERE $(own assignee)
	    AND done_at IS NULL AND due < '$NOW' AND archived_at IS NULL" ;;
	deals_opened) w="FROM deals WHERE $(own manager)
	    AND created_at >= '$f' AND created_at < '$t'" ;;
	deals_won | deals_lost) w="FROM deals WHERE $(own manager)
	    AND stage = '${m#deals_}' AND closed_at >= '$f'
	    AND closed_at < '$t'" ;;
	revenue_won) q "SELECT printf('%.2f', coalesce(sum(amount), 0) / 100.0)
	    FROM deals WHERE $(own manager) AND stage = 'won'
	    AND currency = 'EUR' AND closed_at >= '$f' AND closed_at < '$t'"
		return ;;
	open_deals) w="FROM deals WHERE $(own manager) AND archived_at IS NULL
	    AND stage NOT IN ('won', 'lost')" ;;
	open_amount) q "SELECT printf('%.2f', coalesce(sum(amount), 0) / 100.0)
	    FROM deals WHERE $(own manager) AND archived_at IS NULL
	    AND stage NOT IN ('won', 'lost') AND currency = 'EUR'"
		return ;;
	open_*) w="FROM deals WHERE $(own manager) AND archived_at IS NULL
	    AND stage = '${m#open_}'" ;;
	contacts_no_contact_data) w="FROM contacts WHERE $(own owner)
	    AND archived_at IS NULL AND phone IS NULL AND email IS NULL" ;;
	*) echo "?$m"; return ;;
	esac
	q "SELECT count(*) $w"
}

# Compare every line of the CSV report in $OUT with expect over [$1, $2).
compare() {
	local sec per mgr met val tgt pct want n=0 bad=
	while IFS=, read -r sec per mgr met val tgt pct; do
		[ "$sec" = section ] && continue
		[ "$sec" = plan ] && continue
		want=$(expect "$met" "$mgr" "$1" "$2")
		n=$((n + 1))
		[ "$val" = "$want" ] ||
		    bad="$bad $sec/$per/$mgr/$met=$val(want $want)"
	done <"$OUT"
	[ "$n" -gt 40 ] || bad="$bad only $n figures"
	t_report "$3" "$([ -z "$bad" ] && echo 1 || echo 0)" "$bad"
}

for Z in UTC Europe/Madrid; do
	export TZ=$Z
	for spec in 2026-10:2026-10-01:2026-11-01 \
	    2026-11:2026-11-01:2026-12-01 2026-W44:2026-10-26:2026-11-02 \
	    2026-W45:2026-11-02:2026-11-09 \
	    2026-10-31..2026-11-01:2026-10-31:2026-11-02 \
	    2026-11-01:2026-11-01:2026-11-02; do
		P=${spec%%:*} rest=${spec#*:}
		F=$(stamp "${rest%%:*}") U=$(stamp "${rest#*:}")
		t_run "$Z $P: exit 0" 0 crm-report -f csv --period "$P" \
		    --section activity,pipeline,quality
		compare "$F" "$U" "$Z $P: every figure equals its SQL count"
	done
done

# Known figures, by hand, so that the comparison above is not vacuous.
export TZ=UTC
crm-report -f csv --period 2026-10 --section activity >"$T/utc"
TZ=Europe/Madrid crm-report -f csv --period 2026-10 --section activity \
    >"$T/mad"
t_ok "UTC October: ana 3 calls (one archived)" \
    grep -qx 'activity,2026-10,ana,calls,3,,' "$T/utc"
t_ok "Madrid October: ana 2 calls (23:30Z on the 31st is November)" \
    grep -qx 'activity,2026-10,ana,calls,2,,' "$T/mad"
t_ok "UTC October: luis holds 1 meeting with an erased contact" \
    grep -qx 'activity,2026-10,luis,meetings_held,1,,' "$T/utc"
t_ok "UTC October: calls of no one" \
    grep -qx 'activity,2026-10,(nobody),calls_wrong_number,1,,' "$T/utc"
t_ok "UTC October: team calls include no one's" \
    grep -qx 'activity,2026-10,team,calls,4,,' "$T/utc"
t_ok "UTC October: revenue in EUR only" \
    grep -qx 'activity,2026-10,ana,revenue_won,1000.50,,' "$T/utc"
t_ok "UTC October: an archived contact counts" \
    grep -qx 'activity,2026-10,luis,contacts_added,2,,' "$T/utc"
t_ok "inactive user without figures is not listed" \
    sh -c "! grep -q ',old,' '$T/utc'"
t_ok "active user without figures is listed with zeros" \
    grep -qx 'activity,2026-10,idle,calls,0,,' "$T/utc"

# --by day and --by week: rows of time, cut to the period, the team's or
# one manager's.
for Z in UTC Europe/Madrid; do
	export TZ=$Z
	t_run "$Z --by week: exit 0" 0 crm-report -f csv --by week \
	    --section activity --period 2026-10-28..2026-11-03
	bad= n=0
	while IFS=, read -r sec per mgr met val tgt pct; do
		[ "$sec" = activity ] || continue
		case $per in
		2026-W44) F=$(stamp 2026-10-28) U=$(stamp 2026-11-02) ;;
		2026-W45) F=$(stamp 2026-11-02) U=$(stamp 2026-11-04) ;;
		*) bad="$bad period $per" ;;
		esac
		n=$((n + 1))
		want=$(expect "$met" "$mgr" "$F" "$U")
		[ "$val" = "$want" ] || bad="$bad $per/$met=$val(want $want)"
	done <"$OUT"
	[ "$n" -gt 20 ] || bad="$bad only $n"
	t_report "$Z --by week: each week's figures, cut to the period" \
	    "$([ -z "$bad" ] && echo 1 || echo 0)" "$bad"
	t_run "$Z --by day --manager ana: exit 0" 0 crm-report -f csv \
	    --by day --manager ana --section activity --period 2026-W44
	bad= n=0 days=
	while IFS=, read -r sec per mgr met val tgt pct; do
		[ "$sec" = activity ] || continue
		[ "$mgr" = ana ] || bad="$bad manager $mgr"
		case " $days " in *" $per "*) ;; *) days="$days $per" ;; esac
		F=$(stamp "$per")
		U=$(stamp "$(date -d "$per + 1 day" +%Y-%m-%d)")
		n=$((n + 1))
		want=$(expect "$met" ana "$F" "$U")
		[ "$val" = "$want" ] || bad="$bad $per/$met=$val(want $want)"
	done <"$OUT"
	[ "$days" = " 2026-10-26 2026-10-27 2026-10-28 2026-10-29 2026-10-30\
 2026-10-31 2026-11-01" ] || bad="$bad days:$days"
	t_report "$Z --by day: seven days, each equal to its SQL count" \
	    "$([ -z "$bad" ] && echo 1 || echo 0)" "$bad"
done
export TZ=UTC Z=UTC

# Plans: done over each plan's own period; no division by zero.
t_run "plans of November" 0 crm-report -f csv --section plan \
    --period 2026-11
N1=$(stamp 2026-11-01) N2=$(stamp 2026-12-01)
W1=$(stamp 2026-11-02) W2=$(stamp 2026-11-09)
t_has "ana calls plan: done and percent" \
    "plan,2026-11,ana,calls,$(expect calls ana "$N1" "$N2"),10,$(( $(expect \
    calls ana "$N1" "$N2") * 100 / 10 ))"
t_has "team meetings plan" \
    "plan,2026-11,team,meetings_held,$(expect meetings_held team "$N1" \
    "$N2"),5,"
t_has "week plan meets the month" \
    "plan,2026-W45,luis,deals_won,$(expect deals_won luis "$W1" "$W2"),2,"
t_has "plan without activity: clear zero" "plan,2026-11,idle,calls,0,3,0"
t_has "target 0: no percent" "plan,2026-11,ana,deals_won,"
grep -q "plan,2026-11,ana,deals_won,.*,0,$" "$OUT"
t_report "target 0: empty percent" "$([ $? = 0 ] && echo 1 || echo 0)"
t_ok "October's plan is not November's" sh -c "! grep -q 2026-10 '$OUT'"

# --rows: exactly the records behind a figure.
rows_check() {	# MANAGER METRIC PERIOD TABLE WHERE
	local got want
	got=$(crm-report -q --period "$3" --rows "$1" "$2" | tr '\n' ' ')
	want=$(q "SELECT id FROM $4 WHERE $5 ORDER BY id" | tr '\n' ' ')
	[ -n "$want" ] && [ "$got" = "$want" ]
	t_report "--rows $1 $2 $3" "$([ $? = 0 ] && echo 1 || echo 0)" \
	    "got: $got" "want: $want"
}
O1=2026-10-01T00:00:00Z O2=2026-11-01T00:00:00Z
rows_check ana calls 2026-10 calls "manager = 'ana' AND at >= '$O1'
    AND at < '$O2'"
rows_check ana calls_completed 2026-10 calls "manager = 'ana'
    AND status = 'completed' AND at >= '$O1' AND at < '$O2'"
rows_check team calls 2026-10 calls "at >= '$O1' AND at < '$O2'"
rows_check "(nobody)" calls 2026-10 calls "manager IS NULL
    AND at >= '$O1' AND at < '$O2'"
rows_check luis meetings_held 2026-10 meetings "manager = 'luis'
    AND status = 'held' AND at >= '$O1' AND at < '$O2'"
rows_check luis contacts_added 2026-10 contacts "owner = 'luis'
    AND created_at >= '$O1' AND created_at < '$O2'"
rows_check ana tasks_overdue 2026-11 tasks "assignee = 'ana'
    AND due >= '$N1' AND due < '$N2' AND (done_at IS NULL OR done_at > due)"
rows_check ana open_deals 2026-11 deals "manager = 'ana'
    AND archived_at IS NULL AND stage NOT IN ('won', 'lost')"
rows_check ana revenue_won 2026-10 deals "manager = 'ana' AND stage = 'won'
    AND currency = 'EUR' AND closed_at >= '$O1' AND closed_at < '$O2'"
rows_check ana meetings_past_planned 2026-10 meetings "manager = 'ana'
    AND status = 'planned' AND at < '$NOW'"
t_run "--rows prints every field" 0 crm-report -f csv --period 2026-10 \
    --rows ana calls_completed
t_ok "--rows: a header and two calls (one archived)" \
    test "$(wc -l <"$OUT")" = 3
t_run "--rows: unknown metric is usage" 2 crm-report --rows ana bogus
t_run "--rows: unknown manager" 3 crm-report --rows nobody calls
t_run "--rows: one argument is usage" 2 crm-report --rows ana

# An empty period: zeros, no plans, no crash.
t_run "empty period" 0 crm-report -f csv --period 2020-01 \
    --section activity,plan
t_ok "empty period: every figure 0" sh -c "! grep -v '^section' '$OUT' |
    grep -vq ',0,,\$\\|,0\\.00,,\$'"
t_ok "empty period: no plan rows" sh -c "! grep -q '^plan' '$OUT'"
t_run "empty period as a table" 0 crm-report -f table --period 2020-01
t_has "empty period table: no plans" "(no plans)"
t_run "an empty base" 0 env CRM_DB="$T/empty.db" crm-report -f table
t_run "json" 0 crm-report -f json --period 2026-10
t_ok "json: one object a line" sh -c "! grep -vq '^{\"section\":' '$OUT'"
t_has "json: numbers unquoted" '"metric":"calls","value":3,'

# HTML: one page, no scripts, inline SVG, XML well formed.
t_run "html" 0 crm-report -f html --period 2026-10
t_ok "html: doctype" grep -q '^<!DOCTYPE html>' "$OUT"
t_ok "html: inline svg bars" grep -q '<svg xmlns' "$OUT"
t_ok "html: no script, no external file" sh -c \
    "! grep -Eiq '<script|src=|href=|<link|url\\(' '$OUT'"
t_ok "html: UTF-8" grep -q '<meta charset="utf-8"/>' "$OUT"
if command -v xmllint >/dev/null 2>&1; then
	t_ok "html: well formed" xmllint --noout "$OUT"
fi
cp "$OUT" "$T/page.html"

# E-mail: headers, both parts, short lines, the same page.
t_run "email" 0 crm-report -f email --to boss@example.com --period 2026-10
for h in "From: $ME" "To: boss@example.com" "Subject: crm report 2026-10" \
    "Date: " "MIME-Version: 1.0" "Content-Type: multipart/alternative;" \
    "Content-Type: text/plain; charset=utf-8" \
    "Content-Type: text/html; charset=utf-8" \
    "Content-Transfer-Encoding: quoted-printable"; do
	t_has "email has $h" "$h"
done
t_ok "email: no line over 78" sh -c "! awk 'length > 78' '$OUT' | grep -q ."
B=$(sed -n 's/^ boundary="\(.*\)"$/\1/p' "$OUT")
t_ok "email: two parts and the end" test "$(grep -c -- "^--$B" "$OUT")" = 3
perl -MMIME::QuotedPrint -0777 -ne 'my @p = split /^--\Q'"$B"'\E.*\n/m;
    $p[2] =~ s/\A.*?\n\n//s; $p[2] =~ s/\n\z//; print decode_qp($p[2])' \
    "$OUT" >"$T/part.html"
t_ok "email: the HTML part is the page" cmp "$T/part.html" "$T/page.html"
SUBJ="Informe diario de octubre — señales de calidad y actividad del equipo"
t_run "email: a subject in UTF-8 is encoded" 0 crm-report -f email \
    --to boss@example.com --subject "$SUBJ" --period 2026-10
t_has "email: RFC 2047 subject" "Subject: =?UTF-8?B?"
t_ok "email: encoded subject lines under 78" \
    sh -c "! awk 'length > 78' '$OUT' | grep -q ."
perl -MEncode -0777 -ne 'binmode STDOUT, ":utf8";
    /^Subject: (.*(?:\n .*)*)/m and print Encode::decode("MIME-Header",
    $1 =~ s/\n//gr), "\n"' "$OUT" >"$T/subj"
t_ok "email: the subject decodes back" \
    grep -qxF "$SUBJ" "$T/subj"
t_run "email needs --to" 2 crm-report -f email
t_run "email: a bad address" 2 crm-report -f email --to 'x@' --period month
t_run "email: no header injection" 2 crm-report -f email \
    --to boss@example.com --subject "$(printf 'a\nBcc: x@y.z')"
t_run "--to without -f email" 2 crm-report --to boss@example.com

# Usage errors: one line, exit 2.
t_run "bad period" 2 crm-report --period 2026-13
t_ok "bad period: one line" test "$(wc -l <"$ERR")" = 1
t_has_err() { grep -q -- "$2" "$ERR"; t_report "$1" \
    "$([ $? = 0 ] && echo 1 || echo 0)" "$(cat "$ERR")"; }
t_has_err "bad period: says so" 'period "2026-13" is not understood'
t_run "bad --by" 2 crm-report --by year
t_run "bad --section" 2 crm-report --section activity,gossip
t_run "bad format" 2 crm-report -f xml
t_err "lists what crm-report writes" "crm-report: unknown format \"xml\" (table, csv, tsv, json, html, email)
Try \`crm-report --help' or \`crm-report --usage' for more information."
t_run "--help names them" 0 crm-report --help
t_has "with the shared option" "Output format: table, csv, tsv, json, html, email"
t_run "unknown manager" 3 crm-report --manager nobody
t_run "other binaries still reject html" 2 crm-plan --list -f html
t_run "and email" 2 crm-export -f email
t_done
