# tests/cli/status.sh - crm-status: the dashboard as rows (each figure
# checked against its own SQL count), as a table with bars, agenda,
# overdue and gaps; --team, --user, --oneline.
# crm-test: clock
. "$TOP/tests/lib.sh"

q() { sqlite3 "$CRM_DB" "$1"; }
H=manager,metric,period,target,done,percent,expected,delta
TODAY=$(date +%Y-%m-%d)
M=$(date +%Y-%m)
M0=$M-01
MONTH="at >= '$(t_utc "$M0 00:00")' AND at < '$(t_utc "$(date -d "$M0 +1 month" +%Y-%m-%d) 00:00")'"

t_run "a new base: no rows" 0 crm-status
t_out "the header" "$H"
t_run "as a table: the dashboard" 0 crm-status -f table
t_out "empty sections" "$ME: plans
  none for this week, month or quarter (crm-plan sets them)

today $TODAY
  nothing planned

overdue
  nothing

gaps in your contacts
  none"

crm-user add ana >/dev/null
crm-add -q first_name=Ana last_name=García email=ana@acme.es >/dev/null
crm-add -q first_name=Pedro last_name=Gómez phone=+34600333444 >/dev/null
crm-add -q first_name=Eva last_name=Sanz phone=+34600333555 owner=ana \
    >/dev/null
crm-call -q 1 done >/dev/null 2>&1
crm-call -q 2 done >/dev/null 2>&1
crm-call -q 2 done --for ana >/dev/null 2>&1
crm-plan -q calls=4 meetings_held=10 >/dev/null
crm-plan -q ana calls=2 >/dev/null
crm-plan -q team calls=10 >/dev/null

mine=$(q "SELECT count(*) FROM calls WHERE manager = '$ME' AND $MONTH")
anas=$(q "SELECT count(*) FROM calls WHERE manager = 'ana' AND $MONTH")
team=$(q "SELECT count(*) FROM calls WHERE $MONTH")
held=$(q "SELECT count(*) FROM meetings WHERE manager = '$ME'
    AND status = 'held' AND $MONTH")

t_run "my plans as rows" 0 crm-status
t_ok "two rows" test "$(wc -l <"$OUT")" = 3
t_has "calls: done is the SQL count" "$ME,calls,$M,4,$mine,$((mine * 100 / 4)),"
t_has "meetings held" "$ME,meetings_held,$M,10,$held,$((held * 100 / 10)),"
# expected is the target times the part of the month gone; delta the rest.
t_ok "delta is done minus expected, expected within the target" awk -F, '
    NR > 1 { if ($8 != $5 - $7 || $7 < 0 || $7 > $4) exit 1 }' "$OUT"

t_run "--user ana" 0 crm-status --user ana
t_out "ana's row" "$H
$(crm-status --team | grep "^ana,")"
t_has "her calls" "ana,calls,$M,2,$anas,$((anas * 100 / 2)),"
t_run "--team: everyone's, the team first" 0 crm-status --team
t_ok "the team's row first" test "$(sed -n 2p "$OUT" | cut -d, -f1-5)" = \
    "team,calls,$M,10,$team"
t_ok "four rows" test "$(wc -l <"$OUT")" = 5
t_run "--team as a table" 0 crm-status --team -f table
t_has "one line per manager" "ana           calls $anas/2 ($((anas * 100 / 2))%)"
t_has "the team" "team          calls $team/10 ($((team * 100 / 10))%)"

t_run "json" 0 crm-status -f json
t_has "numbers unquoted" "{\"manager\":\"$ME\",\"metric\":\"calls\",\"period\":\"$M\",\"target\":4,\"done\":$mine,"

t_run "--oneline" 0 crm-status --oneline
t_out "letters, done/target" "C $mine/4 M $held/10"
t_run "--oneline without plans" 0 crm-status --oneline --user ana
t_out "ana has one" "C $anas/2"
crm-user add luis >/dev/null
t_run "--oneline of someone with no plan" 0 crm-status --oneline --user luis
t_out "the month's counts" "M 0 D 0 C 0"

# Agenda, overdue and gaps.
crm-meet -q 1 Demo --at "$TODAY 23:59" >/dev/null 2>&1
crm-task -q 2 "send offer" --due "$TODAY 23:59" >/dev/null 2>&1
crm-task -q 2 "old thing" --due 2020-01-01 >/dev/null 2>&1
q "INSERT INTO meetings(contact_id, topic, at, status, manager, created_at,
    created_by, updated_at, updated_by) VALUES (1, 'Past', '2020-01-01T10:00:00Z',
    'planned', '$ME', 't', 'x', 't', 'x')"
t_run "the dashboard" 0 crm-status -f table
t_has "a bar for calls" "$(printf '%s' "$mine/4  ")"
t_ok "bars of 20 cells" grep -qE '^  calls .* [█░]{20} ' "$OUT"
t_has "today's meeting" "  23:59  meeting   Demo, Ana García (planned)"
t_has "today's task" "  23:59  task      send offer"
# At 23:59 and after, today's 23:59 is overdue too.
if [ "$(date +%H%M)" -ge 2359 ]; then
	t_has "the overdue meetings" "  2 planned meetings without a result (crm-meet --overdue)"
	t_has "the overdue tasks" "  2 open tasks past due (crm-task --overdue)"
else
	t_has "the overdue meeting" "  1 planned meeting without a result (crm-meet --overdue)"
	t_has "the overdue task" "  1 open task past due (crm-task --overdue)"
fi
nophone=$(q "SELECT count(*) FROM contacts WHERE owner = '$ME' AND phone IS NULL")
noemail=$(q "SELECT count(*) FROM contacts WHERE owner = '$ME' AND email IS NULL")
t_has "contacts without a phone" "  $nophone without a phone"
t_has "contacts without an e-mail" "  $noemail without an e-mail"
t_run "a callback is one" 0 crm-call -q 2 callback --due "$TODAY 23:58"
t_run "on the agenda" 0 crm-status -f table
t_has "as a callback" "  23:58  callback  call back Pedro Gómez"

t_run "an unknown user" 3 crm-status --user nobody
t_err "says so" "crm-status: no user \"nobody\""
t_run "--team with --user" 2 crm-status --team --user ana
t_run "an argument" 2 crm-status ana
t_run "-q: the rows" 0 crm-status -q
t_ok "whole rows" grep -q "^$ME,calls," "$OUT"
t_done
