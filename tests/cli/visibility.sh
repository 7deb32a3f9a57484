# tests/cli/visibility.sh - policy.visibility own has no back door: a
# manager who may see only their own clients gets "not found" (exit 3)
# from every binary that takes a client, whichever way it is named (id,
# phone written in several ways, e-mail, name, --link, CSV columns,
# completion), with nothing of the client printed and the base (every
# table, the audit trail included) unchanged; the same commands on their
# own client still work.  A duplicate of such a client is named by its
# phone or e-mail only.  A call from the PBX to such a client, taken on
# the manager's extension, stays linked and counted for the manager and
# is shown without the client's name, number or id; so are the
# manager's events with a client reassigned since.  Under policy
# visibility all nothing of this changes.  As in roles.sh, the test
# changes its own user's role with sqlite3 to act as admin or manager.
# crm-test: clock
. "$TOP/tests/lib.sh"

q() { sqlite3 "$CRM_DB" "$1"; }
as() { q "UPDATE users SET role = '$1' WHERE login = '$ME'"; }
# Every table of the base, the audit trail and the batches included.
snap() { sqlite3 "$CRM_DB" .dump | md5sum; }
# The same without the audit trail and the batches: a bulk load records
# its batch (and its rejected rows) even when it adds nothing.
snap_data() {
	q "SELECT 'SELECT * FROM \"' || name || '\";' FROM sqlite_master
	    WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
	    AND name NOT IN ('audit', 'batches') ORDER BY name" |
	    sqlite3 "$CRM_DB" | md5sum
}
# What names the hidden clients: names, phones, e-mail, company, owner.
HIDDEN='Hid|\bDen\b|6010|hidden@|Secreta|luis|Cosa|600006011|Cliente|600000004'
# clean NAME TERM: nothing of the hidden client on stdout or stderr but
# the TERM the user typed (and the number it is, echoed back).
clean() {
	if sed -e "s/$(printf '%s' "$2" | sed 's/[][\.*^$/]/\\&/g')//g" \
	    -e 's/+34600006010//g' "$OUT" "$ERR" | grep -qiE "$HIDDEN"; then
		t_report "$1" 0 "names the hidden client:" "$(cat "$OUT" "$ERR")"
	else
		t_report "$1" 1
	fi
}
# refused NAME TERM WANT-STDERR CMD...: exit 3, that one line, nothing on
# stdout, nothing of the client, every table as it was.
refused() {
	local name=$1 term=$2 want=$3 before
	shift 3
	before=$(snap)
	t_run "$name" 3 "$@"
	t_err "$name: not found" "$want"
	t_out "$name: nothing on stdout" ""
	clean "$name: nothing of the client" "$term"
	t_eq "$name: the base is unchanged" "$(snap)" "$before"
}

# --- the base, set up by its admin ------------------------------------------

crm-config set phone.default_country 34 >/dev/null
crm-user set "$ME" extension=101 >/dev/null
crm-user add luis name="Luis Otero" extension=102 >/dev/null
crm-add -q companies name="Mine Co" >/dev/null			# 1
crm-add -q companies name="Secreta SL" owner=luis >/dev/null	# 2
crm-add -q first_name=Mía last_name=Ruiz phone=600000001 \
    email=mia@mine.es company="Mine Co" >/dev/null		# 1, mine
crm-add -q first_name=Hid last_name=Den phone=600006010 \
    email=hidden@example.es company="Secreta SL" owner=luis >/dev/null # 2
crm-add -q first_name=Lu last_name=Cosa phone=600006011 \
    company="Mine Co" owner=luis >/dev/null			# 3, at my company
crm-add -q first_name=Ex last_name=Cliente phone=600000004 \
    >/dev/null							# 4, mine for now
crm-meet -q 2 "Their visit" --at "2099-01-01 10:00" --for luis >/dev/null
crm-task -q 2 "Their task" --for luis >/dev/null
crm-deal -q 2 "Their deal" --for luis >/dev/null
crm-call -q 2 done --for luis >/dev/null
crm-call -q 1 done --at "2020-01-02 10:00" >/dev/null		# call 2, mine
crm-meet -q 1 "My visit" --at "2099-01-02 10:00" >/dev/null	# meeting 2
THEIRS_MEETING=1 THEIRS_TASK=1 THEIRS_DEAL=1 THEIRS_CALL=1 MY_CALL=2
MY_MEETING=2
crm-plan -q calls=100 >/dev/null
# My events with client 4 (a call, a meeting today), before it is
# reassigned to luis: mine still, with a client I no longer see.
crm-call -q 4 done --at "2020-01-03 10:00" >/dev/null		# call 3
crm-meet -q 4 "Agenda visit" --at "today 00:00" >/dev/null	# 3
crm-task -q 4 "Ex task" --due 2099-03-01 >/dev/null		# task 2
crm-deal -q 4 Ex deal >/dev/null				# deal 2
crm-edit -q contact 4 owner=luis >/dev/null
EX_CALL=3 EX_MEETING=3 EX_TASK=2 EX_DEAL=2
# My client at another manager's company.
crm-add -q first_name=Pia last_name=Tor phone=600000005 \
    company="Secreta SL" >/dev/null				# 5, mine

# A call from the hidden client's number, answered on my extension, now.
NOW=$(date '+%Y-%m-%d %H:%M:%S')
printf '"","600006010","101","from-trunk","""Hid Den"" <600006010>",'`
    `'"SIP/trunk-1","SIP/101-2","Dial","SIP/101,30","%s","%s","%s",0,0,'`
    `'"ANSWERED","DOCUMENTATION","pbx.1",""\n' "$NOW" "$NOW" "$NOW" \
    >"$T/master.csv"

crm-config set policy.visibility own >/dev/null
as manager

# --- what is counted this month and shown today: first, while it is ------------

# A call from the PBX to it, answered on my extension: linked, mine, counted.
t_run "my counter before" 0 crm-status
calls0=$(grep "^$ME,calls," "$OUT" | cut -d, -f5)
as admin
IN=$T/master.csv t_run "the PBX records are imported" 0 crm-call --import asterisk
PBX=$(q "SELECT id FROM calls WHERE source_id = 'pbx.1'")
t_eq "linked to the client, mine" "$(q "SELECT contact_id, manager, number
    FROM calls WHERE id = $PBX")" "2|$ME|+34600006010"
as manager
t_run "my counter after" 0 crm-status
t_eq "counted for me" "$(grep "^$ME,calls," "$OUT" | cut -d, -f5)" \
    $((calls0 + 1))
t_run "and after a write" 0 crm-call 1 done
t_err "the counter line counts it" "calls this month: $((calls0 + 2))/100"
# Today's meeting of mine with the client reassigned since.
t_run "my dashboard's agenda" 0 crm-status -f table
t_has "the meeting, whose client is not named" "Agenda visit, another manager's client (planned)"
clean "nothing of it on the dashboard" x

# --- every binary, every way to name another manager's client ---------------

# The hidden client by id, by phone written six ways, by e-mail, by name.
PHONES="600006010|600 006 010|+34 600 006 010|0034600006010|+34-600-006-010|+34 (600) 006.010"
TERMS="2|$PHONES|hidden@example.es|Hidden@Example.ES|Den|Hid Den|hid"
IFS='|'
for t in $TERMS; do
	unset IFS
	case "|$PHONES|" in
	*"|$t|"*) call_err="crm-call: number +34600006010 belongs to another manager's client" ;;
	*) call_err="crm-call: no contact matches \"$t\"" ;;
	esac
	refused "crm-call \"$t\" done" "$t" "$call_err" crm-call "$t" done
	refused "crm-call \"$t\" callback (no task either)" "$t" "$call_err" \
	    crm-call "$t" callback
	refused "crm-meet \"$t\" plans nothing" "$t" \
	    "crm-meet: no contact matches \"$t\"" \
	    crm-meet "$t" Visit --at "2099-01-05 10:00"
	refused "crm-meet \"$t\" logs nothing" "$t" \
	    "crm-meet: no contact matches \"$t\"" crm-meet "$t" Visit Signed
	refused "crm-task \"$t\"" "$t" "crm-task: no contact matches \"$t\"" \
	    crm-task "$t" Call them back
	refused "crm-deal \"$t\"" "$t" "crm-deal: no contact matches \"$t\"" \
	    crm-deal "$t" Big order amount=100
	refused "crm-show \"$t\"" "$t" "crm-show: no contact matches \"$t\"" \
	    crm-show "$t"
	refused "crm-show -q \"$t\"" "$t" "crm-show: no contact matches \"$t\"" \
	    crm-show -q "$t"
	refused "crm-call --link $MY_CALL \"$t\"" "$t" \
	    "crm-call: no contact matches \"$t\"" crm-call --link "$MY_CALL" "$t"
	IFS='|'
done
unset IFS

# Records by id: the client, its company, another's events.
refused "crm-edit contact 2" 2 "crm-edit: contact 2 not found" \
    crm-edit contact 2 city=Vigo
refused "crm-edit --archive contact 2" 2 "crm-edit: contact 2 not found" \
    crm-edit --archive contact 2
refused "crm-edit company 2" 2 "crm-edit: company 2 not found" \
    crm-edit company 2 city=Vigo
refused "crm-show company 2" 2 "crm-show: no company matches \"2\"" \
    crm-show company 2
refused "crm-deal --company 2" 2 "crm-deal: no company matches \"2\"" \
    crm-deal --company 2 Big order
refused "crm-deal --company by name" Secreta \
    "crm-deal: no company matches \"Secreta\"" \
    crm-deal --company Secreta Big order
refused "crm-edit meeting $THEIRS_MEETING" x \
    "crm-edit: meeting $THEIRS_MEETING not found" \
    crm-edit meeting "$THEIRS_MEETING" topic=Mine
refused "crm-meet --cancel $THEIRS_MEETING" x \
    "crm-meet: no meeting $THEIRS_MEETING" \
    crm-meet --cancel "$THEIRS_MEETING"
refused "crm-task --done $THEIRS_TASK" x "crm-task: no task $THEIRS_TASK" \
    crm-task --done "$THEIRS_TASK"
refused "crm-deal $THEIRS_DEAL won" x "crm-deal: no deal $THEIRS_DEAL" \
    crm-deal "$THEIRS_DEAL" --won
refused "crm-call --link $THEIRS_CALL 1" x \
    "crm-call: no call $THEIRS_CALL" crm-call --link "$THEIRS_CALL" 1
refused "crm-log contact 2" 2 "crm-log: no contact 2" crm-log contact 2
refused "crm-log -q contact 2" 2 "crm-log: no contact 2" crm-log -q contact 2
refused "crm-log company 2" 2 "crm-log: no company 2" crm-log company 2
refused "crm-log meeting $THEIRS_MEETING" x \
    "crm-log: no meeting $THEIRS_MEETING" crm-log meeting "$THEIRS_MEETING"
refused "crm-log of an id that never was: the same" 99 \
    "crm-log: no contact 99" crm-log contact 99

# Naming it in a reference of one's own event: no such contact.
before=$(snap)
t_run "crm-edit links my call to it" 1 crm-edit call "$MY_CALL" contact_id=2
t_err "as to no contact" "crm-edit: contact_id 2: no contact has that id"
t_eq "the base is unchanged" "$(snap)" "$before"
t_run "or my meeting" 1 crm-edit meeting "$MY_MEETING" contact_id=2
t_err "the same" "crm-edit: contact_id 2: no contact has that id"
t_eq "the base is unchanged" "$(snap)" "$before"

# Bulk input: the line says "not found" and names nothing.
bulk() {	# NAME TERM WANT-STDOUT WANT-STDERR CMD...: rows in $IN, rejected
	local name=$1 term=$2 wout=$3 werr=$4 before aid
	shift 4
	before=$(snap_data)
	aid=$(q "SELECT coalesce(max(id), 0) FROM audit")
	t_run "$name" 1 "$@"
	t_err "$name: the line says not found" "$werr"
	t_out "$name: no record on stdout" "$wout"
	clean "$name: nothing of the client" "$term"
	t_eq "$name: no data changed" "$(snap_data)" "$before"
	t_ok "$name: nothing of it in the audit trail either" sh -c \
	    "! sqlite3 '$CRM_DB' \"SELECT * FROM audit WHERE id > $aid\" |
	    grep -qiE '$HIDDEN'"
}
MH=id,at,duration,topic,contact,contact_id,status,result,location,manager,created_by
printf 'contact,topic,at\nDen,Visit,2099-01-05 10:00\n' >"$T/m1.csv"
IN=$T/m1.csv bulk "crm-meet CSV, contact by name" Den "$MH" \
    'crm-meet: line 2: no contact matches "Den"
crm-meet: 0 added, 1 rejected' crm-meet
printf 'contact,topic,at\nhidden@example.es,Visit,2099-01-05 10:00\n' \
    >"$T/m2.csv"
IN=$T/m2.csv bulk "crm-meet CSV, contact by e-mail" hidden@example.es "$MH" \
    'crm-meet: line 2: no contact matches "hidden@example.es"
crm-meet: 0 added, 1 rejected' crm-meet
printf 'contact_id,topic,at\n2,Visit,2099-01-05 10:00\n' >"$T/m3.csv"
IN=$T/m3.csv bulk "crm-meet CSV, contact_id" 2 "$MH" \
    'crm-meet: line 2: no contact 2
crm-meet: 0 added, 1 rejected' crm-meet
printf 'id,city\n2,Vigo\n' >"$T/e1.csv"
IN=$T/e1.csv bulk "crm-edit CSV" 2 "" 'crm-edit: line 2: contact 2 not found
crm-edit: 1 rejected; nothing changed, 0 good rows left out (--partial commits them)' \
    crm-edit contact
printf '2\n' >"$T/e2.txt"
IN=$T/e2.txt bulk "crm-edit, ids on stdin" 2 "" 'crm-edit: line 1: contact 2 not found
crm-edit: 1 rejected; nothing changed, 0 good rows left out (--partial commits them)' \
    crm-edit --archive contact
printf 'id,contact_id\n%s,2\n' "$MY_CALL" >"$T/e3.csv"
IN=$T/e3.csv bulk "crm-edit CSV, a reference" 2 "" 'crm-edit: line 2: contact_id 2: no contact has that id
crm-edit: 1 rejected; nothing changed, 0 good rows left out (--partial commits them)' \
    crm-edit call

# Completion (every shell asks crm-find) offers none of their words.
for p in h d s c; do
	t_run "completing contacts from \"$p\"" 0 crm-find --complete contacts \
	    --complete-prefix "$p"
	t_out "completing contacts from \"$p\": none of theirs" ""
done
t_run "completing companies" 0 crm-find --complete companies \
    --complete-prefix ""
t_out "mine only" "Mine Co"

# --- the same on one's own client still works --------------------------------

MINE="1|600000001|600 000 001|+34 600 000 001|0034600000001|mia@mine.es|MIA@MINE.ES|Ruiz|Mía Ruiz"
IFS='|'
for t in $MINE; do
	unset IFS
	t_run "crm-call \"$t\" done" 0 crm-call -q "$t" done
	t_eq "crm-call \"$t\": to contact 1" "$(q "SELECT contact_id FROM calls
	    WHERE id = $(cat "$OUT")")" 1
	t_run "crm-meet \"$t\"" 0 crm-meet -q "$t" "Visit $t" --at "2099-02-01 10:00"
	t_run "crm-task \"$t\"" 0 crm-task -q "$t" Call back
	t_run "crm-deal \"$t\"" 0 crm-deal -q "$t" Big order
	t_run "crm-show -q \"$t\"" 0 crm-show -q "$t"
	t_out "crm-show -q \"$t\": 1" 1
	IFS='|'
done
unset IFS
t_run "crm-edit contact 1" 0 crm-edit -q contact 1 city=Lugo
t_run "crm-log contact 1" 0 crm-log -q contact 1
t_out "its id" 1
t_run "crm-show company 1: my company" 0 crm-show company 1
t_has "my client at it" "Mía Ruiz"
t_has "its contacts: the ones I see" "Contacts (1)"
clean "no other manager's client on my company's card" x
t_run "my client at another manager's company" 0 crm-show 5
t_has "the company by name" "  company:   Secreta SL"
t_ok "not by id" sh -c "! grep -q '(company 2)' '$OUT'"
t_run "--link of an unlinked call of mine" 0 crm-call -q 600 999 888 busy
NUMCALL=$(cat "$OUT")
t_run "to my client" 0 crm-call -q --link "$NUMCALL" 1
t_out "linked" "$NUMCALL"

# --- duplicates: by phone or e-mail, never by id or name ---------------------

dup() {	# NAME WANT-STDERR CMD...: rejected (exit 1), nothing changed
	local name=$1 want=$2 before
	shift 2
	before=$(snap)
	t_run "$name" 1 "$@"
	t_err "$name: says whose, not which" "$want"
	t_out "$name: nothing on stdout" ""
	t_eq "$name: the base is unchanged" "$(snap)" "$before"
}
dup "crm-add with its phone" \
    "crm-add: phone +34600006010 already belongs to another manager's client" \
    crm-add first_name=Ana last_name=Gil phone="600 006 010"
dup "crm-add with its e-mail" \
    "crm-add: email Hidden@example.es already belongs to another manager's client" \
    crm-add first_name=Ana last_name=Gil email=Hidden@Example.es
dup "crm-add --upsert: not updated either" \
    "crm-add: phone +34600006010 already belongs to another manager's client" \
    crm-add --upsert first_name=Ana last_name=Gil phone=+34600006010
printf 'first_name,last_name,phone\nAna,Gil,600006010\n' >"$T/a1.csv"
before=$(snap_data)
IN=$T/a1.csv t_run "crm-add CSV" 1 crm-add
t_err "the line says whose" "crm-add: line 2: phone +34600006010 already belongs to another manager's client
crm-add: 0 added, 1 rejected"
t_eq "no data changed" "$(snap_data)" "$before"
dup "crm-add with its id" "crm-add: contact 2 belongs to another manager" \
    crm-add id=2 first_name=Ana last_name=Gil
dup "crm-add --upsert with its id" \
    "crm-add: contact 2 belongs to another manager" \
    crm-add --upsert id=2 first_name=Ana last_name=Gil
dup "crm-add a company by its name" \
    "crm-add: name secreta sl already belongs to another manager's client" \
    crm-add companies name="secreta sl"
dup "crm-edit my client to its phone" \
    "crm-edit: phone +34600006010 already belongs to another manager's client" \
    crm-edit contact 1 phone=600006010
dup "my own client's duplicate is named as before" \
    "crm-add: duplicate of contact 1 (same phone +34600000001); --upsert updates it, --allow-duplicates adds it anyway" \
    crm-add first_name=Ana last_name=Gil phone=600000001

# --- the PBX call, as the manager sees it ----------------------------------------

STAMP=$(q "SELECT at FROM calls WHERE id = $PBX")
t_run "my calls list it" 0 crm-call -f csv
t_has "without number, contact or id" "$PBX,$STAMP,in,,,,$ME,101,completed,0,,$ME"
clean "nothing of the client in my list" x
t_run "crm-call -q: its id" 0 crm-call -q
t_ok "listed" grep -qx "$PBX" "$OUT"
t_run "its card" 0 crm-show call "$PBX"
t_has "a title without the number" "Call in from another manager's client (call $PBX)"
t_has "says whose, not who" "  contact:   another manager's client"
clean "nothing of the client on the card" x
t_run "as a record" 0 crm-show -f csv call "$PBX"
t_eq "number and contact_id blank" "$(tail -n 1 "$OUT" | cut -d, -f1-6)" \
    "$PBX,$STAMP,in,,,$ME"
t_run "crm-find calls" 0 crm-find -f csv calls
t_has "blank there too" "$PBX,$STAMP,in,,,$ME,101,completed,0,"
clean "nothing of the client in the search" x
t_run "crm-export calls" 0 crm-export -f csv calls
t_has "and in the export" "$PBX,$STAMP,in,,,$ME,101,completed,0,"
clean "nothing of the client in the export" x
t_run "a filter on its id finds nothing" 3 crm-find -q calls contact_id=2
t_out "no id" ""
t_run "nor one on its number" 3 crm-find -q calls number=600006010
t_out "no id either" ""
t_run "nor a term" 3 crm-find -q calls 6010
t_run "crm-log of my call" 0 crm-log call "$PBX"
clean "names nothing of the client" x
before=$(snap)
t_run "relinking it is not mine to do" 4 crm-call --link "$PBX" 1
t_err "says why" "crm-call: call $PBX is linked to another manager's client; its owner or an operator relinks it"
t_run "nor with crm-edit" 4 crm-edit call "$PBX" contact_id=1
t_err "says why" "crm-edit: call $PBX: its contact_id names another manager's client; not yours to change"
t_run "nor its number" 4 crm-edit call "$PBX" number=600999888
t_err "says why" "crm-edit: call $PBX: its number names another manager's client; not yours to change"
t_eq "the base is unchanged" "$(snap)" "$before"
t_run "my note on it is mine to write" 0 crm-edit -f csv call "$PBX" note=Quote
t_has "shown blank" "$PBX,$STAMP,in,,,$ME,101,completed,0,Quote,"
crm-find -f csv calls id="$PBX" >"$T/mycalls.csv"
IN=$T/mycalls.csv t_run "an export of it piped back" 0 crm-edit -q calls
t_eq "keeps the link and the number" "$(q "SELECT contact_id, number, note
    FROM calls WHERE id = $PBX")" "2|+34600006010|Quote"

# --- my events with a client reassigned since ------------------------------------

t_run "my meetings list mine with it" 0 crm-meet -f csv --all --overdue
t_has "without its name or id" "$EX_MEETING,"
t_eq "blank" "$(grep "^$EX_MEETING," "$OUT" | cut -d, -f5,6)" ","
clean "nothing of it" x
t_run "my calendar" 0 crm-export meetings -f ics
t_has "has the meeting" "SUMMARY:Agenda visit"
t_eq "with no attendee, nor the contact in its description" \
    "$(awk '/^BEGIN:VEVENT/ { e = "" } { e = e $0 "\n" }
    /^END:VEVENT/ && e ~ /SUMMARY:Agenda visit/ { printf "%s", e }' "$OUT" |
    grep -cE '^(ATTENDEE|DESCRIPTION)')" 0
clean "nothing of it in the calendar" x
t_run "the meeting's card" 0 crm-show meeting "$EX_MEETING"
t_has "says whose" "  contact:   another manager's client"
t_has "its history too" "insert  contact_id: (another manager's client)"
clean "nothing of it on the card" x
t_run "the call's history" 0 crm-log -f csv call "$EX_CALL"
t_has "the contact blank" "insert,call,$EX_CALL,contact_id,,,"
t_has "the number blank" "insert,call,$EX_CALL,number,,,"
clean "nothing of it in the trail" x
t_run "my trail leaves out the client's own rows" 0 crm-log -f csv
t_ok "no contact 4 rows" sh -c "! grep -q ',contact,4,' '$OUT'"
t_run "nor its id among the contacts I changed" 0 crm-log -q contact
t_ok "not 4" sh -c "! grep -qx 4 '$OUT'"
t_run "my tasks list mine for it" 0 crm-task -f csv
t_eq "without its name or id" "$(grep "^$EX_TASK," "$OUT")" \
    "$EX_TASK,$(t_utc "2099-03-01 00:00"),Ex task,,,$ME,,$ME"
t_run "my deals list mine with it" 0 crm-deal -f csv
t_eq "without its name" "$(grep "^$EX_DEAL," "$OUT" | cut -d, -f1-5)" \
    "$EX_DEAL,lead,Ex deal,,"
t_run "the task's card" 0 crm-show task "$EX_TASK"
t_has "says whose" "  contact:   another manager's client"
clean "nothing of it on the task's card" x

# --- duplicates crm-check finds: mine, with whose -----------------------------

as admin
crm-add -q --allow-duplicates first_name=Otro last_name=Mas \
    phone=600006010 >/dev/null
DUP=$(q "SELECT max(id) FROM contacts")
as manager
t_run "crm-check: my duplicate" 1 crm-check -f csv
t_has "also on another manager's client" "contact,$DUP,$ME,duplicate_phone,+34600006010 also on another manager's client"
clean "not which" x

# --- policy.visibility all: managers see the base as before ---------------------

as admin
crm-config set policy.visibility all >/dev/null
as manager
t_run "under all, a manager calls another's client" 0 crm-call -q \
    hidden@example.es done
t_eq "linked" "$(q "SELECT contact_id FROM calls WHERE id = $(cat "$OUT")")" 2
t_run "its duplicate is named" 1 crm-add first_name=A last_name=B \
    email=hidden@example.es
t_err "by id" "crm-add: duplicate of contact 2 (same email hidden@example.es); --upsert updates it, --allow-duplicates adds it anyway"
t_run "the PBX call shows its client" 0 crm-show -f csv call "$PBX"
t_eq "number and contact_id" "$(tail -n 1 "$OUT" | cut -d, -f4,5)" \
    "+34600006010,2"
t_run "another's meeting is theirs, not missing" 4 crm-meet --cancel \
    "$THEIRS_MEETING"
t_err "says whose" "crm-meet: meeting $THEIRS_MEETING: belongs to luis; managers change their own events"

t_done
