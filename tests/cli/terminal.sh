# tests/cli/terminal.sh - output for people never passes a terminal what
# it would obey: ESC, BEL, the other C0 and C1 controls, DEL, the
# bidirectional overrides and bytes that are not UTF-8 are escaped (\x1b,
# \u202e) in every table, card, board and message, with the columns still
# aligned; csv, tsv and json keep the data exact.
# crm-test: clock
. "$TOP/tests/lib.sh"

E1=$'Evil\e]0;PWNED\a'		# retitles the window, rings the bell
E2=$'X\e[2J'			# clears the screen
RLO=$'\xe2\x80\xaeAnaR'		# U+202E: the rest of the line reversed
C1=$'Boss\xc2\x9b5m'		# U+009B: the one-byte CSI
NOTE=$'a\tb\nc'
# As a terminal must be shown them:
S1='Evil\x1b]0;PWNED\x07'
S2='X\x1b[2J'
SRLO='\u202eAnaR'
SC1='Boss\u009b5m'
export E1 E2 RLO C1 NOTE

# Does $OUT hold anything a terminal would obey?  Raw C0 controls other
# than the line feed, DEL, C1 controls, bidirectional embeddings,
# overrides and isolates, or bytes that are not UTF-8.
clean() {	# NAME
	if LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$OUT" ||
	    ! iconv -f UTF-8 -t UTF-8 "$OUT" >/dev/null 2>&1; then
		t_report "$1" 0 "$(od -c "$OUT" | head -40)"
	else
		t_report "$1" 1
	fi
}

# Print field FIELD of the record with id ID in $OUT, a CSV or JSON-lines
# export, as python3 reads it, then whether it equals $VAR exactly.
exact() {	# NAME FORMAT ID FIELD VAR
	local got
	got=$(python3 - "$2" "$3" "$4" "$5" "$OUT" <<'EOF'
import csv, json, os, sys
fmt, rid, field, var, path = sys.argv[1:]
data = open(path, encoding="utf-8", errors="surrogateescape", newline="")
if fmt == "csv":
    rows = list(csv.DictReader(data))
else:
    rows = [json.loads(line) for line in data]
row = [r for r in rows if str(r["id"]) == rid][0]
print("exact" if row[field] == os.environ[var] else "differs: %r" % row[field])
EOF
)
	t_eq "$1" "$got" exact
}

# Keep the columns of $OUT before column WORD of its header: what follows
# (logins, stamps) differs from machine to machine.
upto() {	# WORD
	local n
	n=$(head -1 "$OUT" | grep -bo " $1 " | head -1 | cut -d: -f1)
	cut -c1-"$n" "$OUT" | sed "s/ *$//" >"$OUT.c" && mv "$OUT.c" "$OUT"
}

# Some line of $OUT holds both A and B.
t_line() {	# NAME A B
	if grep -F -- "$2" "$OUT" | grep -qF -- "$3"; then
		t_report "$1" 1
	else
		t_report "$1" 0 "no line with '$2' and '$3' in:" \
		    "$(head -c 3000 "$OUT")"
	fi
}

crm-config set phone.default_country 34 >/dev/null
crm-user set "$ME" name="$E1" >/dev/null 2>&1

# Stored through crm-add and crm-edit, as a user or an import would.
t_run "a name with ESC and BEL is stored" 0 crm-add first_name="$E1" \
    last_name="$E2" phone=600111222 email=evil@x.es notes="$NOTE"
t_run "a name with U+202E is stored" 0 crm-add first_name="$RLO" \
    last_name=Ruiz email=r@x.es
t_run "another Evil, for an ambiguous name" 0 crm-add first_name="$E1" \
    last_name=Two email=two@x.es
t_run "crm-edit stores a C1 control" 0 crm-edit 2 title="$C1"
# A base written by hand or by an older version: a byte that is not UTF-8.
sqlite3 "$CRM_DB" "UPDATE contacts SET city = CAST(X'4d6164ff' AS TEXT)
    WHERE id = 1"
crm-meet 1 "$E2 topic" --at "2099-01-01 12:00" </dev/null >/dev/null 2>&1
crm-meet 1 "today's $E1" --at "today 12:00" </dev/null >/dev/null 2>&1
crm-call 1 done "note $E1" </dev/null >/dev/null 2>&1
crm-task 1 "$E1 task" --due "2099-01-01 13:00" </dev/null >/dev/null 2>&1
crm-task 1 "due $E2" --due "today 13:00" </dev/null >/dev/null 2>&1
crm-deal 1 "$E2 deal" amount=10 </dev/null >/dev/null 2>&1

# Tables: the cells escaped, the columns aligned on the escaped width.
t_run "crm-find contacts" 0 crm-find -f table
clean "crm-find: nothing raw"
upto owner
t_out "crm-find: the cells escaped, the columns aligned" \
"id  first_name            last_name  phone         email      company  title         city     address  source  tags  notes
1   Evil\x1b]0;PWNED\x07  X\x1b[2J   +34600111222  evil@x.es                         Mad\xff                         a b c
2   \u202eAnaR            Ruiz                     r@x.es              Boss\u009b5m
3   Evil\x1b]0;PWNED\x07  Two                      two@x.es"
t_run "crm-task list" 0 crm-task -f table
clean "crm-task: nothing raw"
sed -E -i 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/YYYY-MM-DDThh:mm:ssZ/g' \
    "$OUT"
upto assignee
t_out "crm-task: the cells escaped, the columns aligned" \
"id  due                   title                      contact                        contact_id
2   YYYY-MM-DDThh:mm:ssZ  due X\x1b[2J               Evil\x1b]0;PWNED\x07 X\x1b[2J  1
1   YYYY-MM-DDThh:mm:ssZ  Evil\x1b]0;PWNED\x07 task  Evil\x1b]0;PWNED\x07 X\x1b[2J  1"
t_run "crm-meet list" 0 crm-meet --mine -f table
clean "crm-meet: nothing raw"
t_has "crm-meet: the topic" "$S2 topic"
t_run "crm-call list" 0 crm-call -f table
clean "crm-call: nothing raw"
t_has "crm-call: the note" "note $S1  $ME"
t_run "crm-deal list" 0 crm-deal -f table
clean "crm-deal: nothing raw"
t_has "crm-deal: the title" "lead   $S2 deal  $S1 $S2"
t_run "crm-find meetings" 0 crm-find meetings -f table
clean "crm-find meetings: nothing raw"
t_run "crm-log" 0 crm-log -f table
clean "crm-log: nothing raw"
t_line "crm-log: a C1 control" "update  contact  2   title" "  $SC1"
t_line "crm-log: a tab and a line break" "insert  contact  1   notes" "  a b c"
t_run "crm-user list" 0 crm-user list -f table
clean "crm-user list: nothing raw"
t_line "crm-user list: the name" "$ME" "  $S1  "
sqlite3 "$CRM_DB" "INSERT INTO settings VALUES ('deal.currency',
    CAST(X'1b5b324a' AS TEXT), '2020-01-01T00:00:00Z', 'x')"
t_run "crm-config list" 0 crm-config list -f table
clean "crm-config list: nothing raw"
t_has "crm-config list: the value" "deal.currency              \\x1b[2J"
t_run "crm-report table" 0 crm-report -f table --rows "$ME" meetings \
    --period 2099-01
clean "crm-report table: nothing raw"
t_has "crm-report table: the topic" "$S2 topic"

# The card and the board.
t_run "crm-show a card" 0 crm-show 1
clean "crm-show: nothing raw"
t_eq "crm-show: the title" "$(head -1 "$OUT")" "$S1 $S2 (contact 1)"
t_has "crm-show: a note's tab, then its next line" "  notes:     a b
             c"
t_has "crm-show: a byte that is not UTF-8" "  city:      Mad\\xff"
t_has "crm-show: the history, a tab and a line break" "insert  notes: a b c"
t_run "crm-show a U+202E name" 0 crm-show 2
clean "crm-show U+202E: nothing raw"
t_eq "crm-show U+202E: the title" "$(head -1 "$OUT")" "$SRLO Ruiz (contact 2)"
t_has "crm-show: a C1 control" "  title:     $SC1"
t_run "crm-show candidates" 3 crm-show Evil
clean "crm-show candidates: nothing raw"
t_has "crm-show candidates: the first" "1   $S1  $S2"
t_has "crm-show candidates: the second" "3   $S1  Two"
t_run "crm-show a card's history" 0 crm-show 3
clean "crm-show history: nothing raw"
t_has "crm-show: the history" "insert  first_name: $S1"
t_run "crm-status" 0 crm-status -f table
clean "crm-status: nothing raw"
t_has "crm-status: today's meeting" \
    "  12:00  meeting   today's $S1, $S1 $S2 (planned)"
t_has "crm-status: today's task" "  13:00  task      due $S2"

# Messages that quote what was typed or stored.
t_run "not found" 3 crm-show "Nobody$E2"
t_err "not found: the term escaped" \
    "crm-show: no contact matches \"Nobody$S2\""
t_run "not found, U+202E" 3 crm-show "Nobody$RLO"
t_err "not found: U+202E escaped" \
    "crm-show: no contact matches \"Nobody$SRLO\""
t_run "a bad e-mail" 2 crm-add first_name=A last_name=B email="x$E2@"
t_err "a bad e-mail: escaped" \
    "crm-add: email \"x$S2@\" is not a valid address"
t_run "an unknown filter" 2 crm-export contacts "E${E2}x=1"
t_eq "an unknown filter: escaped" "$(head -1 "$ERR")" \
    "crm-export: unknown filter \"E${S2}x\" (owner=, tag=, company=)"

# Formats for programs carry the data exactly.
t_run "csv" 0 crm-export contacts -f csv
exact "csv: ESC and BEL exact" csv 1 first_name E1
exact "csv: ESC exact" csv 1 last_name E2
exact "csv: U+202E exact" csv 2 first_name RLO
exact "csv: C1 exact" csv 2 title C1
exact "csv: tab and line break exact" csv 1 notes NOTE
t_run "json" 0 crm-export contacts -f json
exact "json: ESC and BEL exact" json 1 first_name E1
exact "json: U+202E exact" json 2 first_name RLO
exact "json: tab and line break exact" json 1 notes NOTE
t_run "tsv" 0 crm-find -f tsv
t_eq "tsv: ESC and BEL exact" "$(sed -n 2p "$OUT" | cut -f2)" "$E1"

t_done
