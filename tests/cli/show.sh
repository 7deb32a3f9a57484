# tests/cli/show.sh - crm-show: the card of a contact or a company, found by
# id, phone, e-mail or name; ambiguous and missing terms; machine formats.
. "$TOP/tests/lib.sh"

# Times on a card are local "YYYY-MM-DD HH:MM"; the tests see TIME.
norm() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}Z)?/TIME/g' \
	    "$OUT" \
	    >"$OUT.n" && mv "$OUT.n" "$OUT"
}

crm-config set phone.default_country 34 >/dev/null
crm-user add ana name="Ana Ruiz" >/dev/null
crm-add first_name=Ana last_name=García phone="600 111 222" \
    email=ana@acme.es company=Acme tags=vip,madrid owner=ana consent=yes \
    city=Madrid notes="call after
lunch" >/dev/null
crm-add first_name=Luis last_name=Núñez email=luis@x.es company=Acme \
    >/dev/null
crm-add first_name=Luisa last_name=Pérez phone="600 333 444" >/dev/null
crm-add first_name=Old last_name=Timer email=old@timer.es >/dev/null
crm-add company name=Empty >/dev/null
crm-add first_name=Eve last_name=Gone email=eve@gone.es >/dev/null
sqlite3 "$CRM_DB" "UPDATE contacts SET archived_at = '2026-11-20T10:00:00Z' WHERE id = 4"
crm-edit 1 city=Sevilla >/dev/null 2>&1
crm-edit --erase 5 >/dev/null 2>&1

t_run "card by id" 0 crm-show 1
norm
t_out "the card" "Ana García (contact 1)
  phone:     +34600111222
  email:     ana@acme.es
  company:   Acme (company 1)
  city:      Sevilla
  tags:      vip, madrid
  notes:     call after
             lunch
  owner:     ana (Ana Ruiz)
  consent:   yes (since TIME, crm-add)
  status:    active
  created:   TIME by $ME
  updated:   TIME by $ME

Meetings
  (none)

Calls
  (none)

Tasks
  (none)

Deals
  (none)

History (last 5 of 13 changes; crm-log contact 1 shows all)
  TIME  $ME  insert  owner: ana
  TIME  $ME  insert  consent: yes
  TIME  $ME  insert  consent_at: TIME
  TIME  $ME  insert  consent_source: crm-add
  TIME  $ME  update  city: Madrid -> Sevilla"
t_run "the card is the default even in a pipe" 0 crm-show 1
t_ok "not CSV" grep -q '^Ana García (contact 1)$' "$OUT"

t_run "by phone in another format" 0 crm-show 0034-600-111-222
t_ok "finds Ana" grep -q '^Ana García (contact 1)$' "$OUT"
t_run "by e-mail, in capitals" 0 crm-show ANA@ACME.ES
t_ok "finds Ana too" grep -q '^Ana García (contact 1)$' "$OUT"
t_run "by a name fragment without accents" 0 crm-show nunez
t_ok "finds Núñez" grep -q '^Luis Núñez (contact 2)$' "$OUT"
t_run "several words are one term" 0 crm-show ana garcia
t_ok "finds Ana García" grep -q '^Ana García (contact 1)$' "$OUT"
t_run "a card shows only the fields that are set" 0 crm-show 2
t_ok "no phone line" sh -c "! grep -q 'phone:' '$OUT'"
t_ok "consent is always said" grep -qx '  consent:   unknown' "$OUT"

t_run "a whole word wins over longer words" 0 crm-show luis
t_ok "Luis, not Luisa" grep -q '^Luis Núñez (contact 2)$' "$OUT"
t_run "an ambiguous term exits 3" 3 crm-show lu
t_out "and lists the candidates" "id  first_name  last_name  phone         email      company
2   Luis        Núñez                    luis@x.es  Acme
3   Luisa       Pérez      +34600333444"
t_ok "with one line on stderr" test "$(wc -l <"$ERR")" = 1
t_ok "that names the program" grep -q '^crm-show: ' "$ERR"
t_run "candidates in the chosen format" 3 crm-show -f csv lu
t_ok "CSV with a header" test "$(cut -d, -f1-3 "$OUT")" = "id,first_name,last_name
2,Luis,Núñez
3,Luisa,Pérez"
t_run "-q prints no candidate as if it were the answer" 3 crm-show -q lu
t_out "nothing on stdout" ""

t_run "not found exits 3" 3 crm-show xyz
t_out "prints nothing" ""
t_err "and says so" 'crm-show: no contact matches "xyz"'
t_run "an id nobody has" 3 crm-show 99
t_run "id 0 is not found" 3 crm-show 0
t_err "id 0 message" 'crm-show: no contact matches "0"'
t_run "a negative id after -- is not found" 3 crm-show -- -1
t_run "a negative id alone reads as an option" 2 crm-show -1

t_run "an archived contact shows its status" 0 crm-show 4
norm
t_ok "archived" grep -qx '  status:    archived TIME' "$OUT"
t_run "and is found by its e-mail" 0 crm-show old@timer.es
t_ok "the archived one" grep -q '^Old Timer (contact 4)$' "$OUT"

t_run "an erased contact says so" 0 crm-show 5
norm
t_ok "erased" grep -qx '  status:    erased TIME (personal data removed)' "$OUT"
t_ok "its title" grep -qx 'erased #5 (contact 5)' "$OUT"
t_ok "its history keeps no personal data" sh -c "! grep -q eve '$OUT'"
t_ok "and ends with the erasure" test "$(tail -n 1 "$OUT")" = "  TIME  $ME  erase"

t_run "company card" 0 crm-show company 1
norm
t_out "lists its contacts" "Acme (company 1)
  owner:     ana (Ana Ruiz)
  status:    active
  created:   TIME by $ME
  updated:   TIME by $ME

Contacts (2)
  1  Ana García  +34600111222  ana@acme.es
  2  Luis Núñez                luis@x.es

Meetings
  (none)

Calls
  (none)

Deals
  (none)

History
  TIME  $ME  insert  name: Acme"
t_run "company by name" 0 crm-show companies empty
t_ok "its card" grep -q '^Empty (company 2)$' "$OUT"
t_ok "with no contacts" grep -qx '  (none)' "$OUT"
t_run "not found says company" 3 crm-show company Nowhere
t_err "company message" 'crm-show: no company matches "Nowhere"'

t_run "-f json prints the record" 0 crm-show -f json 1
t_ok "one object" test "$(wc -l <"$OUT")" = 1
t_ok "with every field" grep -q '^{"id":1,"first_name":"Ana","last_name":"García","phone":"+34600111222","email":"ana@acme.es","company":"Acme",.*"archived_at":null}$' "$OUT"
t_run "-f csv prints a header and the record" 0 crm-show -f csv company 1
t_ok "the company as CSV" test "$(cut -d, -f1-2 "$OUT")" = "id,name
1,Acme"
t_run "-q prints the id a term names" 0 crm-show -q ana@acme.es
t_out "its id" "1"

t_run "an unknown entity is a usage error" 2 crm-show widget 3
t_err "unknown entity message" 'crm-show: unknown entity "widget" (contacts, companies, meetings, calls, tasks, deals)
Try `crm-show --help'"'"' or `crm-show --usage'"'"' for more information.'
t_run "an empty term is a usage error" 2 crm-show ""
t_run "a blank term too" 2 crm-show "  "
t_run "no term at all" 2 crm-show
t_run "an unknown format" 2 crm-show -f xml 1
t_run "a task for Ana" 0 crm-task -q 1 "send the offer" --due 2099-01-02
t_run "shows on her card" 0 crm-show 1
t_has "the task line" "send the offer"
t_has "the task's due time, local" "2099-01-02 00:00"
t_run "a deal for Ana" 0 crm-deal -q 1 "Annual licence" amount=1200.50
t_run "shows on her card" 0 crm-show 1
t_has "the deal line" "Annual licence"
t_has "its amount" "1200.50"
t_run "and on her company's card" 0 crm-show company 1
t_has "the company's deal" "Annual licence"
t_run "its history is in the audit trail" 0 crm-log -f csv task 1
t_has "the task's insert" "insert,task,1,title,,send the offer,"

# The history sections: meetings (the last 5 held, cancelled or missed
# and those planned) and the last 5 calls, in local time; made with
# sqlite3, so that this does not depend on crm-meet and crm-call.
S="'2026-01-01T00:00:00Z', 'ana', '2026-01-01T00:00:00Z', 'ana'"
sqlite3 "$CRM_DB" "INSERT INTO meetings(contact_id, topic, at, status,
    result, manager, created_at, created_by, updated_at, updated_by) VALUES
    (1, 'Intro', '2026-01-05T09:00:00Z', 'held', 'Interested', 'ana', $S),
    (1, 'Visit', '2026-01-12T09:00:00Z', 'cancelled', NULL, 'ana', $S),
    (1, 'Demo', '2026-01-19T09:00:00Z', 'held', 'Wants 50 seats', 'ana', $S),
    (1, 'Offer', '2026-01-26T09:00:00Z', 'no_show', NULL, 'ana', $S),
    (1, 'Offer again', '2026-02-02T09:00:00Z', 'held', 'Asked for a
discount', 'ana', $S),
    (1, 'Terms', '2026-02-09T09:00:00Z', 'held', 'Agreed', 'ana', $S),
    (1, 'Signing', '2099-03-01T16:30:00Z', 'planned', NULL, 'ana', $S),
    (2, 'Other', '2099-03-02T10:00:00Z', 'planned', NULL, 'ana', $S),
    (1, 'Archived', '2099-03-03T10:00:00Z', 'planned', NULL, 'ana', $S)"
sqlite3 "$CRM_DB" "UPDATE meetings SET archived_at = '2026-02-01T00:00:00Z'
    WHERE topic = 'Archived'"
sqlite3 "$CRM_DB" "INSERT INTO calls(at, direction, number, contact_id,
    manager, status, duration, note, created_at, created_by, updated_at,
    updated_by) VALUES
    ('2026-01-02T08:00:00Z', 'in', '+34600111222', 1, 'ana', 'completed',
     30, 'first call', $S),
    ('2026-01-03T08:00:00Z', 'in', '+34600111222', 1, NULL, 'no_answer', 0,
     NULL, $S),
    ('2026-01-04T08:00:00Z', 'out', '+34600111222', 1, 'ana', 'callback',
     0, 'call back monday', $S),
    ('2026-01-05T08:00:00Z', 'out', '+34600111222', 1, 'ana', 'completed',
     125, 'prices sent', $S),
    ('2026-01-06T08:00:00Z', 'in', '+34600111222', 1, 'ana', 'completed',
     3725, 'long talk', $S),
    ('2026-01-07T08:00:00Z', 'out', '+34600111222', 1, 'ana', 'busy', 0,
     NULL, $S),
    ('2026-01-08T08:00:00Z', 'out', NULL, 2, 'ana', 'completed', 60,
     'to Luis', $S)"
t_run "a card with meetings and calls" 0 crm-show 1
sed -n '/^Meetings/,/^Tasks/p' "$OUT" >"$OUT.s" && mv "$OUT.s" "$OUT"
t_out "the last past ones and the planned ones, local time" \
"Meetings (6 of 7; crm-find meetings contact=1 lists all)
id  at                status     topic        result                manager
2   2026-01-12 09:00  cancelled  Visit                              ana
3   2026-01-19 09:00  held       Demo         Wants 50 seats        ana
4   2026-01-26 09:00  no_show    Offer                              ana
5   2026-02-02 09:00  held       Offer again  Asked for a discount  ana
6   2026-02-09 09:00  held       Terms        Agreed                ana
7   2099-03-01 16:30  planned    Signing                            ana

Calls (5 of 6; crm-find calls contact=1 lists all)
id  at                direction  status     duration  note              manager
2   2026-01-03 08:00  in         no_answer  0:00
3   2026-01-04 08:00  out        callback   0:00      call back monday  ana
4   2026-01-05 08:00  out        completed  2:05      prices sent       ana
5   2026-01-06 08:00  in         completed  1:02:05   long talk         ana
6   2026-01-07 08:00  out        busy       0:00                        ana

Tasks"
t_run "all of them, as the header says" 0 crm-find -q meetings contact=1
t_out "seven, the archived one left out" "1
2
3
4
5
6
7"
t_run "times are local" 0 env TZ=Europe/Madrid crm-show 1
t_has "an hour ahead in winter" "7   2099-03-01 17:30  planned    Signing"
t_run "the company's card" 0 crm-show company 1
sed -n '/^Meetings/,/^Deals/p' "$OUT" >"$OUT.s" && mv "$OUT.s" "$OUT"
t_out "its contacts' meetings and calls, with their names" \
"Meetings (7 of 8)
id  at                status     topic        result                manager  contact
2   2026-01-12 09:00  cancelled  Visit                              ana      Ana García
3   2026-01-19 09:00  held       Demo         Wants 50 seats        ana      Ana García
4   2026-01-26 09:00  no_show    Offer                              ana      Ana García
5   2026-02-02 09:00  held       Offer again  Asked for a discount  ana      Ana García
6   2026-02-09 09:00  held       Terms        Agreed                ana      Ana García
7   2099-03-01 16:30  planned    Signing                            ana      Ana García
8   2099-03-02 10:00  planned    Other                              ana      Luis Núñez

Calls (5 of 7)
id  at                direction  status     duration  note              manager  contact
3   2026-01-04 08:00  out        callback   0:00      call back monday  ana      Ana García
4   2026-01-05 08:00  out        completed  2:05      prices sent       ana      Ana García
5   2026-01-06 08:00  in         completed  1:02:05   long talk         ana      Ana García
6   2026-01-07 08:00  out        busy       0:00                        ana      Ana García
7   2026-01-08 08:00  out        completed  1:00      to Luis           ana      Luis Núñez

Deals"
t_run "a meeting's card" 0 crm-show meeting 5
norm
t_out "its fields, its contact named" "Offer again (meeting 5)
  contact:   Ana García (contact 1)
  at:        TIME
  status:    held
  result:    Asked for a
             discount
  manager:   ana (Ana Ruiz)
  created:   TIME by ana
  updated:   TIME by ana

History
  (no changes recorded one by one)"
t_run "a call's card" 0 crm-show call 5
t_has "its duration" "  duration:  1:02:05"
t_ok "its title" grep -qx 'Call in from +34600111222 (call 5)' "$OUT"
t_run "an activity found by words of its text" 0 crm-show meeting terms
t_ok "the meeting" grep -qx 'Terms (meeting 6)' "$OUT"
t_run "an activity as JSON" 0 crm-show -f json call 7
t_has "every column" '{"id":7,"at":"2026-01-08T08:00:00Z","direction":"out","number":null,"contact_id":2,'
t_run "an unknown meeting" 3 crm-show meeting 99
t_err "not found" "crm-show: no meeting matches \"99\""
t_done
