# tests/cli/meet.sh - crm-meet: plan a meeting, log one that was held,
# record outcomes, list (mine, someone's, everyone's; today, this week,
# overdue), the minimum data set, acting for someone else, the audit trail,
# the counter on stderr, and bulk loads from CSV/TSV (bad rows, --atomic,
# BOM and CRLF, empty input, one audited batch).
#
# Times that depend on the clock are either far in the past or future, or
# computed from today's date; a meeting logged "now" is normalised to TIME.
# crm-test: clock
. "$TOP/tests/lib.sh"

norm() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' \
	    "$OUT" >"$OUT.n" && mv "$OUT.n" "$OUT"
}
q() { sqlite3 "$CRM_DB" "$1"; }
count() { q "SELECT count(*) FROM meetings"; }
H=id,at,duration,topic,contact,contact_id,status,result,location,manager,created_by

# This week, Monday to Sunday, in the local zone, as for crm-meet.
TODAY=$(date +%F)
DOW=$(date +%u)
MONDAY=$(date -d "$TODAY -$((DOW - 1)) days" +%F)
SUNDAY=$(date -d "$MONDAY +6 days" +%F)
PREVSUN=$(date -d "$MONDAY -1 day" +%F)
NEXTMON=$(date -d "$MONDAY +7 days" +%F)

crm-config set phone.default_country 34
crm-user add -q ana name="Ana Ruiz"
crm-user add -q old active=no
crm-add -q first_name=Ana last_name=García email=ana@acme.es >/dev/null
crm-add -q first_name=Luis last_name=Núñez email=luis@x.es >/dev/null
crm-add -q first_name=Luisa last_name=Pérez email=lp@x.es >/dev/null
crm-add -q first_name=Eva last_name=Sanz email=eva@x.es >/dev/null
crm-add -q first_name=Jo last_name=Li email=jo@x.es >/dev/null
crm-add -q first_name=Mo last_name=Ra email=mo@x.es >/dev/null

# --- Plan and log --------------------------------------------------------

t_run "plan a meeting for another user" 0 crm-meet garcia Demo \
    --at "2099-01-15 10:00" --duration 1h30 --location "Their office" \
    --for ana
t_out "prints it, planned" "$H
1,$(t_utc "2099-01-15 10:00"),90,Demo,Ana García,1,planned,,Their office,ana,$ME"
t_err "counts ana's planned meetings this month" \
    "meetings planned this month by ana: 0"
t_run "plan one today" 0 crm-meet 2 Kickoff --at "$TODAY 12:00" --for ana
t_out "stored in UTC" "$H
2,$(t_utc "${TODAY} 12:00"),,Kickoff,Luis Núñez,2,planned,,,ana,$ME"
t_err "the counter moved" "meetings planned this month by ana: 1"
t_run "log one that was held now" 0 crm-meet luis@x.es "Quarterly review" \
    "Wants a discount"
norm
t_out "held, now" "$H
3,TIME,,Quarterly review,Luis Núñez,2,held,Wants a discount,,$ME,$ME"
t_err "counts my held meetings" "meetings held this month: 1"
t_run "log one held in the past" 0 crm-meet 3 Lunch "Good talk" \
    --at "2020-03-02 13:00" --location "Bar, Madrid"
t_out "quoted as CSV" "$H
4,$(t_utc "2020-03-02 13:00"),,Lunch,Luisa Pérez,3,held,Good talk,\"Bar, Madrid\",$ME,$ME"
t_err "not this month: the count stays" "meetings held this month: 1"
t_run "-q prints the id only, no counter" 0 crm-meet -q 3 "Call prep" \
    --at "2099-02-01 09:30"
t_out "the id" "5"
t_err "silent" ""
for m in "1 Follow-up 2020-05-04" "2 Visit 2020-06-01" "3 Pricing 2020-07-01"
do
	set -- $m
	crm-meet -q "$1" "$2" --at "$3 10:00" >/dev/null
done
t_run "held at midnight today" 0 crm-meet -q 1 "Morning call" Done \
    --at "$TODAY 00:00"
t_out "id 9" "9"
t_run "a meeting of this week's Monday" 0 crm-meet -q 3 "Week start" \
    --at "$MONDAY 00:00" --for ana
t_out "id 10" "10"
crm-meet -q 3 "Week end" --at "$SUNDAY 23:59" --for ana >/dev/null
crm-meet -q 3 "Last week" --at "$PREVSUN 23:59" --for ana >/dev/null
crm-meet -q 3 "Next week" --at "$NEXTMON 00:00" --for ana >/dev/null
crm-meet -q 2 "Old plan" --at "2019-01-01 10:00" --for ana >/dev/null
t_ok "14 meetings" test "$(count)" = 14
t_run "json" 0 crm-meet -f json --done 6 "Signed trial"
t_out "one object" '{"id":6,"at":"'"$(t_utc "2020-05-04 10:00")"'","duration":null,"topic":"Follow-up","contact":"Ana García","contact_id":1,"status":"held","result":"Signed trial","location":null,"manager":"'"$ME"'","created_by":"'"$ME"'"}'
t_err "held this month: 3 and 9, not 6" "meetings held this month: 2"

# --- --for: manager and created_by ----------------------------------------

t_run "manager and who typed it" 0 q \
    "SELECT id, manager, created_by FROM meetings WHERE id IN (1, 3)"
t_out "both recorded" "1|ana|$ME
3|$ME|$ME"

# --- Outcomes --------------------------------------------------------------

t_run "--no-show" 0 crm-meet --no-show 7
t_out "prints it" "$H
7,$(t_utc "2020-06-01 10:00"),,Visit,Luis Núñez,2,no_show,,,$ME,$ME"
t_err "held count" "meetings held this month: 2"
t_run "--cancel with a note" 0 crm-meet --cancel 1 moved to January
t_out "the note is its result" "$H
1,$(t_utc "2099-01-15 10:00"),90,Demo,Ana García,1,cancelled,moved to January,Their office,ana,$ME"
t_err "ana's held count" "meetings held this month by ana: 0"
for id in 2 10 11 12 13; do crm-meet -q --cancel $id >/dev/null; done
t_run "--done twice" 1 crm-meet --done 6 again
t_err "refused" "crm-meet: meeting 6 is no longer planned (it is held); its outcome stays"
t_run "--cancel a no-show" 1 crm-meet --cancel 7
t_err "refused" "crm-meet: meeting 7 is no longer planned (it is a no-show); its outcome stays"
t_run "--done a meeting still to come" 1 crm-meet --done 5 "too soon"
t_err "refused" "crm-meet: meeting 5 at $(t_utc "2099-02-01 09:30") is still to come; it cannot be held yet"
t_run "--no-show of one still to come" 1 crm-meet --no-show 5
t_err "refused" "crm-meet: meeting 5 at $(t_utc "2099-02-01 09:30") is still to come; it cannot be a no-show yet"
t_run "--done with a blank result" 1 crm-meet --done 8 "  "
t_err "needs a result" "crm-meet: a held meeting needs a result"
t_run "--done without a result" 2 crm-meet --done 8
t_err "usage" "crm-meet: --done ID needs the RESULT (crm-meet --done ID RESULT)"
t_run "--done an unknown id" 3 crm-meet --done 99 x
t_err "not found" "crm-meet: no meeting 99"
t_run "--cancel a non-number" 2 crm-meet --cancel x
t_err "usage" 'crm-meet: meeting id "x" is not a positive number'
t_run "--done and --cancel" 2 crm-meet --done 8 x --cancel 8
t_run "--done with --for" 2 crm-meet --done 8 x --for ana
t_ok "outcomes refused changed nothing" test \
    "$(q "SELECT status FROM meetings WHERE id IN (5, 6, 7, 8) ORDER BY id" |
    tr '\n' ' ')" = "planned held no_show planned "

# --- Lists -----------------------------------------------------------------

# Planned, still open: 5 (2030), 8 (2020, overdue), 14 (ana's, overdue).
t_run "--mine: mine from today on" 0 crm-meet --mine
norm
t_out "today's, then later ones" "$H
9,TIME,,Morning call,Ana García,1,held,Done,,$ME,$ME
3,TIME,,Quarterly review,Luis Núñez,2,held,Wants a discount,,$ME,$ME
5,TIME,,Call prep,Luisa Pérez,3,planned,,,$ME,$ME"
t_run "--overdue" 0 crm-meet --overdue
t_out "planned, started before now" "$H
8,$(t_utc "2020-07-01 10:00"),,Pricing,Luisa Pérez,3,planned,,,$ME,$ME"
t_run "--all --overdue" 0 crm-meet -q --all --overdue
t_out "everyone's, oldest first" "14
8"
t_run "--for ana --overdue" 0 crm-meet -q --for ana --overdue
t_out "ana's" "14"
t_run "--today" 0 crm-meet -q --today
t_out "mine today" "9
3"
t_run "--week" 0 crm-meet -q --week
t_out "mine this week" "9
3"
t_run "--for ana --week" 0 crm-meet -q --for ana --week
t_out "Monday to Sunday, not the Sundays around" "10
2
11"
want=2
[ "$DOW" = 1 ] && want="10
2"
[ "$DOW" = 7 ] && want="2
11"
t_run "--for ana --today" 0 crm-meet -q --for ana --today
t_out "ana's today" "$want"
want="2
11
13
1"
[ "$DOW" = 1 ] && want="10
$want"
t_run "--for ana --upcoming: from today on" 0 crm-meet -q --for ana --upcoming
t_out "ana's, by time" "$want"
want="1 2 3 5 9 11 13 "
[ "$DOW" = 1 ] && want="1 2 3 5 9 10 11 13 "
t_run "--all" 0 crm-meet -q --all
t_ok "everyone's from today on" test "$(sort -n "$OUT" | tr '\n' ' ')" = \
    "$want"
t_run "--overdue --upcoming" 0 crm-meet -q --all --overdue --upcoming
t_out "none overdue from today on" ""
t_run "--overdue --today" 0 crm-meet -q --all --overdue --today
t_out "none overdue today" ""
t_run "table" 0 crm-meet -f table --overdue
t_out "aligned" "id  at                    duration  topic    contact      contact_id  status   result  location  manager  created_by
8   $(t_utc "2020-07-01 10:00")            Pricing  Luisa Pérez  3           planned                    $ME     $ME"
t_run "crm meet runs crm-meet" 0 crm meet -q --for ana --overdue
t_out "ana's" "14"

# --- The minimum data set, and other refusals: nothing written -------------

n=$(count)
t_run "plan without --at" 2 crm-meet garcia Demo
t_err "a date and time" 'crm-meet: a planned meeting needs a date and time: --at DATE (--at "tomorrow 10:00")'
t_run "--at a date without a time" 2 crm-meet garcia Demo --at 2099-03-01
t_err "needs a time" 'crm-meet: --at: date "2099-03-01" has no time of day; a meeting needs one ("2099-03-01 10:00")'
t_run "--at tomorrow" 2 crm-meet garcia Demo --at tomorrow
t_err "needs a time" 'crm-meet: --at: date "tomorrow" has no time of day; a meeting needs one ("tomorrow 10:00")'
t_run "--at +2d" 2 crm-meet garcia Demo --at +2d
t_err "needs a time" 'crm-meet: --at: date "+2d" has no time of day; a meeting needs one ("+2d 10:00")'
t_run "--at not a date" 2 crm-meet garcia Demo --at someday
t_err "bad date" 'crm-meet: --at: date "someday" is not understood'
t_run "a log with a bad --at" 2 crm-meet garcia Demo ok --at "2099-02-30 10:00"
t_err "bad date" 'crm-meet: --at: date "2099-02-30 10:00" is not a real date'
t_run "no topic" 2 crm-meet garcia
t_err "usage" "crm-meet: no TOPIC given (crm-meet CONTACT TOPIC [RESULT])"
t_run "an empty topic" 1 crm-meet garcia "  " --at "2099-03-01 10:00"
t_err "a topic" "crm-meet: a meeting needs a topic"
t_run "held with an empty result" 1 crm-meet garcia Demo ""
t_err "a result" "crm-meet: a held meeting needs a result"
t_run "held in the future" 1 crm-meet garcia Demo ok --at "2099-03-01 10:00"
t_err "refused" "crm-meet: a meeting at $(t_utc "2099-03-01 10:00") is still to come; it cannot be held yet"
crm-edit -q --erase 4 >/dev/null
t_run "an erased contact" 1 crm-meet 4 Demo --at "2099-03-01 10:00"
t_err "no contact data, and the command that adds it" \
    "crm-meet: contact 4 (erased #4) has no phone or e-mail; add one: crm-edit contact 4 phone=..."
q "UPDATE contacts SET email = '' WHERE id = 5"
t_run "a contact with no phone and a blank e-mail" 1 crm-meet 5 Demo --at "2099-03-01 10:00"
t_err "names crm-edit" \
    "crm-meet: contact 5 (Jo Li) has no phone or e-mail; add one: crm-edit contact 5 phone=..."
q "UPDATE contacts SET last_name = '' WHERE id = 6"
t_run "a contact with no last name" 1 crm-meet 6 Demo --at "2099-03-01 10:00"
t_err "names crm-edit" \
    "crm-meet: contact 6 has no last name; add it: crm-edit contact 6 last_name=..."
q "UPDATE contacts SET first_name = ' ' WHERE id = 6"
t_run "and no first name" 1 crm-meet 6 Demo --at "2099-03-01 10:00"
t_err "names crm-edit" \
    "crm-meet: contact 6 has no first name; add it: crm-edit contact 6 first_name=..."
t_run "--for an unknown user" 1 crm-meet garcia Demo --at "2099-03-01 10:00" \
    --for bob
t_err "names crm-user add" 'crm-meet: no user "bob" (add it with: crm-user add bob)'
t_run "--for an inactive user" 1 crm-meet garcia Demo \
    --at "2099-03-01 10:00" --for old
t_err "says so" 'crm-meet: user "old" is not active (crm-user set old active=yes)'
t_run "a meeting in the base with other details" 1 crm-meet 3 "Call prep" \
    --at "2099-02-01 09:30" --duration 30
t_err "refused" 'crm-meet: contact 3 (Luisa Pérez) already has meeting 5 "Call prep" at '"$(t_utc "2099-02-01 09:30")"', with other details'
t_run "unknown contact" 3 crm-meet nobody Demo --at "2099-03-01 10:00"
t_out "prints nothing" ""
t_err "says so" 'crm-meet: no contact matches "nobody"'
t_run "ambiguous contact" 3 crm-meet lu Demo --at "2099-03-01 10:00"
t_out "lists the candidates" "id  first_name  last_name  phone  email      company
2   Luis        Núñez             luis@x.es
3   Luisa       Pérez             lp@x.es"
t_err "and adds nothing" 'crm-meet: "lu" matches more than one contact; give an id'
t_run "a bad duration" 2 crm-meet garcia Demo --at "2099-03-01 10:00" \
    --duration 0
t_err "usage" 'crm-meet: --duration: duration "0" is not 1 to 1440 minutes (90, 90m, 1h, 1h30)'
t_run "too many words" 2 crm-meet garcia Demo went well
t_err "quote them" 'crm-meet: too many arguments; quote the topic and the result (crm-meet CONTACT "TOPIC" ["RESULT"])'
t_run "list options with an add" 2 crm-meet garcia Demo --all
t_run "--at when listing" 2 crm-meet --today --at "10:00"
t_run "--today and --week" 2 crm-meet --today --week
t_err "usage" "crm-meet: --today, --week and --upcoming do not go together"
t_run "--mine and --all" 2 crm-meet --mine --all
t_run "--atomic with an add" 2 crm-meet --atomic garcia Demo \
    --at "2099-03-01 10:00"
t_ok "nothing was written" test "$(count)" = "$n"

t_run "the same meeting again" 0 crm-meet 3 "Call prep" --at "2099-02-01 09:30"
t_out "prints it" "$H
5,$(t_utc "2099-02-01 09:30"),,Call prep,Luisa Pérez,3,planned,,,$ME,$ME"
t_err "and says so" "crm-meet: meeting 5 was recorded before; nothing changed"
t_ok "not added twice" test "$(count)" = "$n"
t_run "another topic at that time is another meeting" 0 crm-meet -q 3 \
    "Second call" --at "2099-02-01 09:30"
t_out "a new id" "$((n + 1))"
t_run "the crm-edit command it names works" 0 crm-edit -q contact 5 \
    phone=600111222
t_run "then the meeting is planned" 0 crm-meet -q 5 Demo \
    --at "2099-03-01 10:00"
t_out "its id" "$((n + 2))"

# --- Audit trail -----------------------------------------------------------

t_run "the audit trail" 0 q "SELECT actor, action, entity, entity_id, field,
    coalesce(old, '-'), new, coalesce(batch_id, '-') FROM audit
    WHERE entity = 'meeting' AND entity_id IN (1, 6) ORDER BY id"
t_out "a row per field; outcomes as updates" "$ME|insert|meeting|1|contact_id|-|1|-
$ME|insert|meeting|1|topic|-|Demo|-
$ME|insert|meeting|1|at|-|$(t_utc "2099-01-15 10:00")|-
$ME|insert|meeting|1|duration|-|90|-
$ME|insert|meeting|1|location|-|Their office|-
$ME|insert|meeting|1|status|-|planned|-
$ME|insert|meeting|1|manager|-|ana|-
$ME|insert|meeting|6|contact_id|-|1|-
$ME|insert|meeting|6|topic|-|Follow-up|-
$ME|insert|meeting|6|at|-|$(t_utc "2020-05-04 10:00")|-
$ME|insert|meeting|6|status|-|planned|-
$ME|insert|meeting|6|manager|-|$ME|-
$ME|update|meeting|6|status|planned|held|-
$ME|update|meeting|6|result|-|Signed trial|-
$ME|update|meeting|1|status|planned|cancelled|-
$ME|update|meeting|1|result|-|moved to January|-"

# --- Bulk from standard input ----------------------------------------------

n=$(count)
printf '\357\273\277contact,topic,at,status,result,duration,location,manager\r
ana@acme.es,Kickoff,2099-04-01 10:00,,,60,HQ,ana\r
lu,Demo,2099-04-02 11:00,,,,,\r
luis@x.es,Review,2099-04-03,,,,,\r
lp@x.es,Lunch,2020-01-01 13:00,,Good,1h,"Bar, Madrid",\r
nobody,x,2099-04-01 10:00,,,,,\r
3,,2099-04-01 10:00,,,,,\r
3,Talk,2020-02-01 10:00,held,,,,\r
3,"Two
lines",2020-02-02 10:00,c,client ill,,,\r
4,Talk,2020-02-03 10:00,,,,,\r
3,Talk,2020-02-04 10:00,weird,,,,\r
3,Talk,2020-02-05 10:00,planned,a result,,,\r
3,Talk,2020-02-06 10:00,,,1 day,,\r
3,Talk,2020-02-07 10:00,,,,, bob \r
' >"$T/in.csv"
IN="$T/in.csv"
t_run "CSV with a BOM, CRLF, good and bad rows" 1 crm-meet -q
t_out "the ids of the good rows" "$((n + 1))
$((n + 2))
$((n + 3))"
t_err "each bad row with its physical line" 'crm-meet: line 3: "lu" matches more than one contact; give an id
crm-meet: line 4: at: date "2099-04-03" has no time of day; a meeting needs one ("2099-04-03 10:00")
crm-meet: line 6: no contact matches "nobody"
crm-meet: line 7: a meeting needs a topic
crm-meet: line 8: a held meeting needs a result
crm-meet: line 11: contact 4 (erased #4) has no phone or e-mail; add one: crm-edit contact 4 phone=...
crm-meet: line 12: status "weird" is not a meeting status (planned, held, cancelled, no_show)
crm-meet: line 13: a planned meeting has no result yet (a result makes it held)
crm-meet: line 14: duration "1 day" is not 1 to 1440 minutes (90, 90m, 1h, 1h30)
crm-meet: line 15: no user "bob" (add it with: crm-user add bob)'
t_run "the good rows are in the table" 0 q "SELECT id, contact_id,
    replace(topic, char(10), '/'), at, status, coalesce(result, '-'),
    coalesce(duration, '-'), coalesce(location, '-'), manager, created_by,
    batch_id IS NOT NULL FROM meetings WHERE id > $n ORDER BY id"
t_out "planned, held by a result, cancelled" "$((n + 1))|1|Kickoff|$(t_utc "2099-04-01 10:00")|planned|-|60|HQ|ana|$ME|1
$((n + 2))|3|Lunch|$(t_utc "2020-01-01 13:00")|held|Good|60|Bar, Madrid|$ME|$ME|1
$((n + 3))|3|Two/lines|$(t_utc "2020-02-02 10:00")|cancelled|client ill|-|-|$ME|$ME|1"
t_run "one audited batch, no row per field" 0 q "SELECT action, field,
    coalesce(entity_id, '-'), new FROM audit WHERE entity = 'meeting'
    AND (batch_id IS NOT NULL OR entity_id > $n) ORDER BY id"
t_out "source and counts" "import|source|-|$T/in.csv
import|rows|-|3 added, 0 updated, 0 unchanged, 10 rejected"
t_run "the batch" 0 q "SELECT entity, rows, added, rejected FROM batches
    WHERE entity = 'meeting'"
t_out "its counts" "meeting|13|3|10"

IN="$T/in.csv"
t_run "the same input again" 1 crm-meet -f csv
t_ok "adds nothing twice" test "$(tail -n 1 "$ERR")" = \
    "crm-meet: 0 added, 3 unchanged, 10 rejected"
t_ok "no duplicates" test "$(count)" = $((n + 3))

printf 'contact_id\ttopic\tat\tresult\n1\tVisit\t2020-08-01 10:00\tFine\n2\tVisit\t2020-08-01 10:00\tFine\n' >"$T/in.tsv"
IN="$T/in.tsv"
t_run "TSV for one manager" 0 crm-meet --for ana
t_out "the meetings" "$H
$((n + 4)),$(t_utc "2020-08-01 10:00"),,Visit,Ana García,1,held,Fine,,ana,$ME
$((n + 5)),$(t_utc "2020-08-01 10:00"),,Visit,Luis Núñez,2,held,Fine,,ana,$ME"
t_err "summary and ana's counter" "crm-meet: 2 added, 0 rejected
meetings held this month by ana: 0"

printf 'contact,topic,at\n1,Good,2099-05-01 10:00\n2,,2099-05-01 10:00\n' >"$T/atomic.csv"
n=$(count)
IN="$T/atomic.csv"
t_run "--atomic with a bad row" 1 crm-meet --atomic
t_out "prints nothing" ""
t_err "commits nothing" "crm-meet: line 3: a meeting needs a topic
crm-meet: 1 rejected; nothing committed (--atomic), 1 good row left out"
t_ok "nothing added" test "$(count)" = "$n"
IN="$T/atomic.csv"
t_run "--rejects" 1 crm-meet -q --rejects "$T/rej.csv"
t_run "keeps the bad rows with their error" 0 cat "$T/rej.csv"
t_out "to fix and feed again" "contact,topic,at,error
2,,2099-05-01 10:00,line 3: a meeting needs a topic"

t_run "a list read back in" 0 sh -c 'crm-meet -f csv --all --overdue |
    crm-meet'
t_err "is already there" "crm-meet: 0 added, 2 unchanged, 0 rejected"

: >"$T/empty"
IN="$T/empty"
t_run "empty input" 0 crm-meet
t_out "prints nothing" ""
t_err "and says so" "crm-meet: no records on standard input; nothing changed"
printf 'contact,topic\n1,x\n' >"$T/noat.csv"
IN="$T/noat.csv"
t_run "a header without at" 1 crm-meet
t_err "line 1" "crm-meet: line 1: no at column: a meeting needs a date and time"
printf 'contact,topic,at,colour\n' >"$T/colour.csv"
IN="$T/colour.csv"
t_run "an unknown column" 1 crm-meet
t_err "line 1" 'crm-meet: line 1: unknown column "colour" (contact, topic, at, status, result, duration, location, manager)'

t_done
