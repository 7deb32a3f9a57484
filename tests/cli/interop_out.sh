# tests/cli/interop_out.sh - records out in other tools' formats, read
# back by parsers that are not ours: vCard 4.0 and 3.0 (python3-vobject,
# one file per card with --split), iCalendar (python3-icalendar), mutt's
# query protocol (parsed as mutt does), "Name <address>" lines (Python's
# strict RFC 5322 parser), CSV for spreadsheets (Python's csv module);
# marketing consent in mailings, and the usage errors a person or a cron
# job will meet.
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3

q() {		# SQL on the base, one row a line
	sqlite3 "$CRM_DB" "$1"
}


crm-config set phone.default_country 34 >/dev/null
crm-user add ana name="Ana Ruiz" email=ana.ruiz@corp.example >/dev/null

# Accents, commas, semicolons, quotes, backslashes, line breaks, and
# values long enough to fold many times with 2-, 3- and 4-byte
# characters at every position; cells a spreadsheet would run.
LONG=$(printf 'Ñandú ☃ 😀 €, x; \\\\ %.0s' $(seq 1 24))
CJK=$(printf '龍%.0s' $(seq 1 40))
cat >"$T/in.csv" <<CSV
first_name,last_name,phone,email,company,title,city,address,tags,notes,consent,owner
Ana,García Núñez,600 111 222,ana@acme.es,"Acme, S.L.",Directora; ventas,Madrid,"Calle Mayor 1, 2º B",vip,"said ""call me"", later; back\\slash
second line",yes,ana
Luis,Pérez,611 222 333,luis@x.es,,-12.50,+cmd,@SUM(1),madrid,"=HYPERLINK(""http://x"";""y"")",no,
Zoë,O'Brien,,zoe@x.ie,,,,,,,,
Jean-Luc,"Picard, Jr.",,jl@x.fr,Starfleet,-2+3,,,"vip,fleet",,yes,
"Robert ""Bobby""",Tables,+44 20 7946 0958,,,,,,,,yes,
李,小龍,,li@x.cn,$CJK,,,,,"$LONG",yes,
CSV
IN="$T/in.csv"
t_run "the sample goes in" 0 crm-add -q
crm-export -f json >"$T/contacts.json"

# --- vCard ---------------------------------------------------------------

# Check the cards of file $1 (vCard $2) against the JSON export $3 with
# python3-vobject, and the file's lines as RFC 6350 wants them.
cat >"$T/vcard.py" <<'EOF'
import json, re, sys, vobject
path, version, ref = sys.argv[1], sys.argv[2], sys.argv[3]
raw = open(path, 'rb').read()
bad = []
if not raw.endswith(b'\r\n'):
    bad.append('no CRLF at the end')
for n, line in enumerate(raw.split(b'\r\n')[:-1], 1):
    if len(line) > 75:
        bad.append('line %d: %d octets' % (n, len(line)))
    if b'\n' in line or b'\r' in line:
        bad.append('line %d: a bare line break' % n)
    try:
        line.decode('utf-8')
    except UnicodeDecodeError:
        bad.append('line %d: a character split by a fold' % n)
contacts = [json.loads(l) for l in open(ref, encoding='utf-8')]
cards = list(vobject.readComponents(raw.decode('utf-8')))
if len(cards) != len(contacts):
    bad.append('%d cards for %d contacts' % (len(cards), len(contacts)))
def val(card, name):
    return card.contents[name][0].value if name in card.contents else None
for c, k in zip(contacts, cards):
    e = lambda v: v if v not in (None, '') else None
    want = {
        'version': version,
        'fn': (c['first_name'] + ' ' + c['last_name']).strip(),
        'n': (c['last_name'], c['first_name']),
        'org': [c['company']] if e(c['company']) else None,
        'title': e(c['title']),
        'tel': e(c['phone']) and (('tel:' if version == '4.0' else '')
                                  + c['phone']),
        'email': e(c['email']),
        'adr': (c['address'] or '', c['city'] or '')
               if e(c['address']) or e(c['city']) else None,
        'note': e(c['notes']),
        'categories': c['tags'].split(',') if e(c['tags']) else None,
        'rev': re.sub('[-:]', '', c['updated_at']),
    }
    n = val(k, 'n')
    adr = val(k, 'adr')
    got = {
        'version': val(k, 'version'), 'fn': val(k, 'fn'),
        'n': (n.family, n.given), 'org': val(k, 'org'),
        'title': val(k, 'title'), 'tel': val(k, 'tel'),
        'email': val(k, 'email'),
        'adr': (adr.street, adr.city) if adr else None,
        'note': val(k, 'note'), 'categories': val(k, 'categories'),
        'rev': val(k, 'rev'),
    }
    for f in want:
        if want[f] != got[f]:
            bad.append('contact %s %s: %r, want %r' % (c['id'], f, got[f],
                                                      want[f]))
    uid = val(k, 'uid')
    if not re.fullmatch('urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-'
                        '[89ab][0-9a-f]{3}-%012x' % c['id'], uid or ''):
        bad.append('contact %s: uid %r' % (c['id'], uid))
print('\n'.join(bad) or 'ok %d cards' % len(cards))
EOF

t_run "vCard 4.0 by default" 0 crm-export -f vcard
cp "$OUT" "$T/a.vcf"
t_run "python3-vobject reads every field back" 0 $PY "$T/vcard.py" \
    "$T/a.vcf" 4.0 "$T/contacts.json"
t_out "vCard 4.0 fields" "ok 6 cards"
t_run "the first card, as written" 0 sed -E -e 's/\r$/<CR>/' \
    -e 's/[0-9]{8}T[0-9]{6}Z/TIME/' -e '/^END:VCARD/q' "$T/a.vcf"
t_out "escaped and typed" "BEGIN:VCARD<CR>
VERSION:4.0<CR>
PRODID:-//crm//crm//EN<CR>
UID:$(sed -n 's/^UID:\(.*\)\r$/\1/p' "$T/a.vcf" | head -n 1)<CR>
FN:Ana García Núñez<CR>
N:García Núñez;Ana;;;<CR>
ORG:Acme\\, S.L.<CR>
TITLE:Directora\\; ventas<CR>
TEL;TYPE=work;VALUE=uri:tel:+34600111222<CR>
EMAIL;TYPE=work:ana@acme.es<CR>
ADR;TYPE=work:;;Calle Mayor 1\\, 2º B;Madrid;;;<CR>
NOTE:said \"call me\"\\, later\\; back\\\\slash\\nsecond line<CR>
CATEGORIES:vip<CR>
REV:TIME<CR>
END:VCARD<CR>"
t_run "vCard 3.0 on request" 0 crm-export -f vcard --vcard-version 3.0
cp "$OUT" "$T/b.vcf"
t_run "python3-vobject reads vCard 3.0 back" 0 $PY "$T/vcard.py" \
    "$T/b.vcf" 3.0 "$T/contacts.json"
t_out "vCard 3.0 fields" "ok 6 cards"
t_run "3.0 writes a plain phone number" 0 grep -c '^TEL;TYPE=work:+34600111222' \
    "$T/b.vcf"
t_out "one" "1"
t_run "a long value folds at 75 octets, mid-word, whole characters" 0 \
    grep -c '^ ' "$T/a.vcf"
t_eq "folded lines" "$(cat "$OUT")" "$(grep -c '^ ' "$T/b.vcf")"
t_run "the same export twice" 0 crm-export -f vcard
t_ok "is byte for byte the same (UIDs are stable)" cmp "$OUT" "$T/a.vcf"
t_run "the UID of one contact" 0 crm-find -f vcard nunez
t_eq "is the one of the full export" "$(grep '^UID' "$OUT")" \
    "$(grep '^UID' "$T/a.vcf" | head -n 1)"
t_run "archived contacts and filters as for CSV" 0 crm-export -f vcard \
    tag=vip --active
t_eq "two cards" "$(grep -c '^BEGIN:VCARD' "$OUT")" 2

# Another base (made another day) gives its contacts other UIDs.
cp "$CRM_DB" "$T/other.db"
sqlite3 "$T/other.db" "UPDATE users SET created_at = '2020-01-01T00:00:00Z'"
t_run "another base" 0 crm-export --db "$T/other.db" -f vcard
t_eq "gives other UIDs" "$(grep -c -F -f <(grep '^UID' "$T/a.vcf") "$OUT")" 0

# One file per card: what khard and vdirsyncer read.
t_run "--split DIR" 0 crm-export --split "$T/cards"
t_out "writes nothing on stdout" ""
cat >"$T/split.py" <<'EOF'
import os, sys, vobject
d = sys.argv[1]
names = sorted(os.listdir(d))
bad = []
for f in names:
    cards = list(vobject.readComponents(open(os.path.join(d, f), encoding='utf-8').read()))
    if len(cards) != 1 or 'urn:uuid:' + f[:-4] != cards[0].uid.value:
        bad.append(f)
print(len(names), 'files,', len(bad), 'bad')
EOF
t_run "one card a file, named by its UID" 0 $PY "$T/split.py" "$T/cards"
t_out "six" "6 files, 0 bad"
t_run "a second --split replaces them" 0 crm-export -f vcard --split "$T/cards"
t_run "and leaves no temporary file" 0 $PY "$T/split.py" "$T/cards"
t_out "still six" "6 files, 0 bad"
t_eq "the cards are the export's" "$(cat "$T"/cards/*.vcf | sort | md5sum)" \
    "$(sort "$T/a.vcf" | md5sum)"
t_run "--split of a file" 2 crm-export --split "$T/in.csv"
t_err "is refused" "crm-export: --split $T/in.csv: not a folder"
t_run "--split with -f csv" 2 crm-export -f csv --split "$T/cards"
t_err "is a usage error" "crm-export: --split goes with --format vcard"
if [ "$(id -u)" != 0 ]; then
	mkdir "$T/ro"
	chmod 555 "$T/ro"
	t_run "--split into a folder I cannot write" 4 crm-export --split "$T/ro"
	t_err "permission denied" "crm-export: --split $T/ro: Permission denied"
fi

# --- iCalendar -----------------------------------------------------------

crm-meet -q 1 "Demo, phase 2; pricing" --at "2099-02-01 09:30" \
    --duration 90 --location "Sala 3, planta 2" --for ana >/dev/null
crm-meet -q 2 Lunch "Good talk, signed; next: \"pilot\"" \
    --at "2026-11-01 13:00" --duration 45 >/dev/null 2>&1
crm-meet -q 5 "Site visit" --at "2099-03-01 08:00" >/dev/null
crm-meet -q 6 "Call prep" --at "2026-11-02 10:00" --duration 30 >/dev/null
crm-meet -q --no-show 4 >/dev/null 2>&1
crm-meet -q --cancel 3 >/dev/null 2>&1
crm-export meetings -f json >"$T/meetings.json"

cat >"$T/ical.py" <<'EOF'
import datetime, json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
ref = {m['id']: m for m in map(json.loads, open(sys.argv[2], encoding='utf-8'))}
iso = lambda d: d.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
print(cal['VERSION'], cal['PRODID'])
for ev in cal.walk('VEVENT'):
    m = ref[int(str(ev['UID']).split('@')[0].split('-')[1])]
    checks = [iso(ev['DTSTAMP'].dt) == m['updated_at'],
              iso(ev['DTSTART'].dt) == m['at'],
              ev['DTSTART'].dt.tzinfo is not None,
              str(ev['SUMMARY']) == m['topic'],
              str(ev.get('LOCATION', '')) == (m['location'] or '')]
    end = ev.get('DTEND')
    if m['duration']:
        checks.append(end is not None and (end.dt - ev['DTSTART'].dt) ==
                      datetime.timedelta(minutes=m['duration']))
    else:
        checks.append(end is None)
    print('meeting %d: %s %s' % (m['id'], 'ok' if all(checks) else checks,
                                 ev['STATUS']))
    print('  description: %r' % str(ev.get('DESCRIPTION', '')))
    for who in ('ORGANIZER', 'ATTENDEE'):
        if who in ev:
            print('  %s: %s %s' % (who.lower(), ev[who],
                                   dict(ev[who].params)))
EOF
t_run "meetings as iCalendar" 0 crm-export meetings -f ics
cp "$OUT" "$T/m.ics"
t_run "python3-icalendar reads them back" 0 $PY "$T/ical.py" "$T/m.ics" \
    "$T/meetings.json"
t_out "every field, times in UTC" "2.0 -//crm//crm//EN
meeting 1: ok TENTATIVE
  description: 'Contact: Ana García Núñez, Acme, S.L.\\nPhone: +34600111222\\nE-mail: ana@acme.es'
  organizer: mailto:ana.ruiz@corp.example {'CN': 'Ana Ruiz'}
  attendee: mailto:ana@acme.es {'CN': 'Ana García Núñez', 'ROLE': 'REQ-PARTICIPANT'}
meeting 2: ok CONFIRMED
  description: 'Contact: Luis Pérez\\nPhone: +34611222333\\nE-mail: luis@x.es\\nResult: Good talk, signed; next: \"pilot\"'
  attendee: mailto:luis@x.es {'CN': 'Luis Pérez', 'ROLE': 'REQ-PARTICIPANT'}
meeting 3: ok CANCELLED
  description: 'Contact: Robert \"Bobby\" Tables\\nPhone: +442079460958'
meeting 4: ok CANCELLED
  description: 'Contact: 李 小龍, $CJK\\nE-mail: li@x.cn\\nStatus: no show'
  attendee: mailto:li@x.cn {'CN': '李 小龍', 'ROLE': 'REQ-PARTICIPANT'}"
t_run "lines end in CRLF and fold at 75 octets" 0 $PY -c '
import sys
raw = open(sys.argv[1], "rb").read()
lines = raw.split(b"\r\n")
print(lines[-1] == b"", max(len(l) for l in lines), b"\n" in raw.replace(b"\r\n", b""))' "$T/m.ics"
t_out "CRLF, 75" "True 75 False"
t_run "the UIDs are stable per base" 0 crm-export meetings -f ics
t_ok "byte for byte" cmp "$OUT" "$T/m.ics"
t_run "a manager's meetings, from crm-find" 0 crm-find meetings manager=ana -f ics
t_eq "one event" "$(grep -c '^BEGIN:VEVENT' "$OUT")" 1
t_run "no meetings at all" 3 crm-find meetings topic~nothing -f ics
cp "$OUT" "$T/empty.ics"
t_run "is still a calendar icalendar reads" 0 $PY -c '
import sys, icalendar
print(len(icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read()).walk("VEVENT")))' "$T/empty.ics"
t_out "empty" "0"
t_run "-f ics of contacts" 2 crm-export -f ics
t_err "is a usage error" "crm-export: --format ics is for meetings, not contacts"

# --- mailings: consent, e-mails, mutt -------------------------------------

t_run "-f emails: Name <address> lines" 0 crm-export -f emails
t_out "consent yes, with an address" 'Ana García Núñez <ana@acme.es>
"Jean-Luc Picard, Jr." <jl@x.fr>
李 小龍 <li@x.cn>'
t_err "says who was left out and why" "crm-export: 3 contacts left out: 2 no marketing consent (1 no, 1 unknown), 1 no e-mail address; --ignore-consent keeps the ones without consent"
cp "$OUT" "$T/emails"
cat >"$T/mailbox.py" <<'EOF'
import sys, email, email.policy
for line in open(sys.argv[1], encoding='utf-8'):
    msg = email.message_from_string('To: ' + line + '\n', policy=email.policy.default)
    a = msg['To'].addresses[0]
    print('%s|%s|%d' % (a.display_name, a.addr_spec, len(msg['To'].defects)))
EOF
t_run "Python's RFC 5322 parser reads them" 0 $PY "$T/mailbox.py" "$T/emails"
t_out "names and addresses, no defects" "Ana García Núñez|ana@acme.es|0
Jean-Luc Picard, Jr.|jl@x.fr|0
李 小龍|li@x.cn|0"
t_run "--ignore-consent keeps them all" 0 crm-export -f emails --ignore-consent
t_out "all with an address" 'Ana García Núñez <ana@acme.es>
Luis Pérez <luis@x.es>
Zoë O'"'"'Brien <zoe@x.ie>
"Jean-Luc Picard, Jr." <jl@x.fr>
李 小龍 <li@x.cn>'
t_err "but not the one without an address" "crm-export: 1 contact left out: no e-mail address"
# Names that need quoting, with the quotes and backslashes escaped.
crm-add -q first_name='Robert "Bob"' last_name='Back\slash' \
    email=bob@x.es consent=yes >/dev/null
t_run "quotes and backslashes in a name" 0 crm-find -f emails back
t_out "quoted" '"Robert \"Bob\" Back\\slash" <bob@x.es>'
cp "$OUT" "$T/bob"
t_run "read back" 0 $PY "$T/mailbox.py" "$T/bob"
t_out "the name" 'Robert "Bob" Back\slash|bob@x.es|0'
crm-edit -q --archive 7 >/dev/null 2>&1 || q "UPDATE contacts SET archived_at = '2026-11-01T00:00:00Z' WHERE id = 7"

t_run "--for-mailing on CSV" 0 crm-export --for-mailing -q
t_out "consent yes only, archived ones too (a backup's rule)" "1
4
5
6
7"
t_err "counted" "crm-export: 2 contacts left out: no marketing consent (1 no, 1 unknown); --ignore-consent keeps them"
t_run "--for-mailing --active" 0 crm-export --for-mailing --active -f csv
cp "$OUT" "$T/mailing.csv"
t_run "Python's csv reads it" 0 $PY -c '
import csv, sys
print(" ".join(r["id"] + ":" + r["consent"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))))' "$T/mailing.csv"
t_out "live contacts with consent" "1:yes 4:yes 5:yes 6:yes"
t_run "--for-mailing --ignore-consent" 0 crm-export --for-mailing \
    --ignore-consent -q --active
t_out "everyone" "1
2
3
4
5
6"
t_err "nothing to say" ""
t_run "--for-mailing of companies" 2 crm-export companies --for-mailing
t_err "is a usage error" "crm-export: --for-mailing is for contacts, not companies"
t_run "--ignore-consent without a mailing" 2 crm-export --ignore-consent
t_err "is a usage error" "crm-export: --ignore-consent goes with --for-mailing, --format emails or --format mutt"

# mutt's query_command: a status line, then address TAB name TAB info.
cat >"$T/mutt.py" <<'EOF'
import sys, email.utils
# As mutt's query.c reads the output: the first line is the message it
# shows; each other line is split with strtok(buf, "\t\n").
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
print('status:', lines[0])
for l in lines[1:]:
    f = [t for t in l.replace('\n', '\t').split('\t') if t]
    if not f:
        continue
    name, addr = email.utils.parseaddr(f[0])
    print('%s|%s|%s' % (addr, f[1] if len(f) > 1 else '', f[2] if len(f) > 2 else ''))
EOF
t_run "crm-find --mutt-query" 0 crm-find --mutt-query garcia
cp "$OUT" "$T/q"
t_run "read as mutt reads it" 0 $PY "$T/mutt.py" "$T/q"
t_out "a status line and the match" "status: crm: 1 address
ana@acme.es|Ana García Núñez|Acme, S.L."
t_err "nothing on stderr: it would smear mutt's screen" ""
t_run "a query only a contact without consent matches" 3 crm-find \
    --mutt-query perez
t_out "exits 3 and says why in mutt's status line" "crm: no address found; 1 contact left out: no marketing consent (1 no); --ignore-consent keeps them"
t_run "a query nobody matches" 3 crm-find --mutt-query zzz
t_out "exits 3" "crm: no address found"
t_run "a prefix, as mutt sends what was typed" 0 crm-find --mutt-query pic
t_out "found" "crm: 1 address
jl@x.fr	Jean-Luc Picard, Jr.	Starfleet"
t_run "--mutt-query with another format" 2 crm-find --mutt-query x -f csv
t_err "is a usage error" "crm-find: --mutt-query answers in mutt's format: no --format"
t_run "crm-export -f mutt" 0 crm-export -f mutt --ignore-consent --active
t_out "every address, one status line first" "crm: 5 addresses; 1 contact left out: no e-mail address
ana@acme.es	Ana García Núñez	Acme, S.L.
luis@x.es	Luis Pérez	
zoe@x.ie	Zoë O'Brien	
jl@x.fr	Jean-Luc Picard, Jr.	Starfleet
li@x.cn	李 小龍	$CJK"
t_err "and the count on stderr" "crm-export: 1 contact left out: no e-mail address"
t_run "-f emails of meetings" 2 crm-export meetings -f emails
t_err "is a usage error" "crm-export: --format emails is for contacts, not meetings"

# --- CSV for spreadsheets ------------------------------------------------

t_run "--excel" 0 crm-export --excel --active
cp "$OUT" "$T/x.csv"
crm-export --active >"$T/plain.csv"
t_run "plain CSV has no BOM and no CR" 0 $PY -c '
import sys; b = open(sys.argv[1], "rb").read(); print(b[:3] == b"\xef\xbb\xbf", b"\r" in b)' "$T/plain.csv"
t_out "byte-exact as before" "False False"
cat >"$T/excel.py" <<'EOF'
import csv, sys
raw = open(sys.argv[1], 'rb').read()
print('bom', raw.startswith(b'\xef\xbb\xbf'), 'crlf',
      raw.count(b'\r\n'), 'records')
x = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
p = list(csv.reader(open(sys.argv[2], encoding='utf-8', newline='')))
print(len(x), 'rows,', len(p), 'plain')
for rx, rp in zip(x, p):
    for a, b in zip(rx, rp):
        if a != b:
            print('%s <- %s' % (a, b))
EOF
t_run "Python's csv reads it back" 0 $PY "$T/excel.py" "$T/x.csv" "$T/plain.csv"
t_out "formula-like cells neutralised, the rest unchanged" "bom True crlf 7 records
7 rows, 7 plain
'+34600111222 <- +34600111222
'+34611222333 <- +34611222333
'+cmd <- +cmd
'@SUM(1) <- @SUM(1)
'=HYPERLINK(\"http://x\";\"y\") <- =HYPERLINK(\"http://x\";\"y\")
'-2+3 <- -2+3
'+442079460958 <- +442079460958"
t_run "a record with a line break keeps it inside its quotes" 0 $PY -c '
import sys; print(open(sys.argv[1], "rb").read().count(b"back\\slash\nsecond line"))' "$T/x.csv"
t_out "LF inside, CRLF between" "1"
t_run "--excel with -f json" 2 crm-export --excel -f json
t_err "is a usage error" "crm-export: --excel goes with --format csv"
t_run "crm-find --excel" 0 crm-find --excel -q garcia
t_out "-q still prints ids alone" "1"

# --- formats and the binaries that write them -----------------------------

t_run "an unknown format" 2 crm-export -f xml
t_err "lists what crm-export writes" "crm-export: unknown format \"xml\" (table, csv, tsv, json, vcard, ics, mutt, emails)
Try \`crm-export --help' or \`crm-export --usage' for more information."
t_run "format names are lower case" 2 crm-export -f VCARD
t_run "crm-meet does not write vCards" 2 crm-meet -f vcard 1 x --at tomorrow
t_err "and says what it writes" "crm-meet: unknown format \"vcard\" (table, csv, tsv, json)
Try \`crm-meet --help' or \`crm-meet --usage' for more information."
t_run "crm-check refuses -f ics" 2 crm-check -f ics
t_run "--help lists crm-find's formats" 0 crm-find --help
t_has "the interchange formats" "table, csv, tsv, json, vcard, ics,"
t_run "-f vcard of companies" 2 crm-export companies -f vcard
t_err "is a usage error" "crm-export: --format vcard is for contacts, not companies"
t_run "--vcard-version 2.1" 2 crm-export -f vcard --vcard-version 2.1
t_run "--vcard-version without -f vcard" 2 crm-export --vcard-version 3.0
t_err "is a usage error" "crm-export: --vcard-version goes with --format vcard"
for f in vcard emails mutt; do
	t_run "-f $f onto a full disk" 5 sh -c "crm-export -f $f >/dev/full"
	t_eq "says so" "$(tail -n 1 "$ERR")" \
	    "crm-export: standard output: No space left on device"
done
t_run "-f ics onto a full disk" 5 sh -c "crm-export meetings -f ics >/dev/full"
t_err "says so" "crm-export: standard output: No space left on device"

t_done
