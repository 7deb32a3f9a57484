# tests/cli/badinput.sh - crm-add against the bad-input corpus in
# tests/data/bad/: for each file the exact stderr, the exit status and
# exactly which rows reached the base.
. "$TOP/tests/lib.sh"
D=$TOP/tests/data/bad

fresh() {	# start over with an empty base
	rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm"
}

q() {		# run SQL on the base
	sqlite3 "$CRM_DB" "$1"
}

# t_rows NAME WANT: the first names in the base, by id, space-separated.
t_rows() {
	local got
	got=$(q "SELECT coalesce(group_concat(first_name, ' '), '') FROM
	    (SELECT first_name FROM contacts ORDER BY id)" 2>&1)
	if [ "$got" = "$2" ]; then
		t_report "$1" 1
	else
		t_report "$1" 0 "got:" "$got" "want:" "$2"
	fi
}


# case NAME FILE STATUS STDERR ROWS [crm-add options...]: one corpus file
# into a fresh base.
case_file() {
	local name=$1 file=$2 status=$3 err=$4 rows=$5
	shift 5
	fresh
	IN=$D/$file
	t_run "$name: exit $status" "$status" crm-add "$@"
	t_err "$name: stderr" "$err"
	t_rows "$name: rows in the base" "$rows"
}

# --- reader errors -------------------------------------------------------

case_file "invalid UTF-8 in a field" utf8-field.csv 1 \
'crm-add: line 3: invalid UTF-8 in field "last_name" (if the input is in another encoding, name it: --encoding windows-1252, latin1, cp1251...)
crm-add: line 4: invalid UTF-8 in field "last_name"
crm-add: line 5: invalid UTF-8 in field "last_name"
crm-add: line 6: invalid UTF-8 in field "last_name"
crm-add: line 7: invalid UTF-8 in field "last_name"
crm-add: 2 added, 5 rejected' "Ana Carl"
t_eq "valid UTF-8 kept byte for byte" "$(q "SELECT last_name FROM contacts
    WHERE id = 2")" "Díaz"

case_file "invalid UTF-8 in the header" utf8-header.csv 1 \
'crm-add: line 1: invalid UTF-8 in header column 2 (if the input is in another encoding, name it: --encoding windows-1252, latin1, cp1251...)' ""

case_file "NUL byte in a row" nul-byte.csv 1 \
'crm-add: line 3: NUL byte in input
crm-add: 2 added, 1 rejected' "Ana Carl"

case_file "NUL byte in the header" nul-header.csv 1 \
'crm-add: line 1: NUL byte in header' ""

case_file "ragged row, too few fields" ragged-short.csv 1 \
'crm-add: line 3: 3 fields, header has 4
crm-add: 2 added, 1 rejected' "Ana Carl"

case_file "ragged row, too many fields" ragged-long.csv 1 \
'crm-add: line 3: 5 fields, header has 4
crm-add: 2 added, 1 rejected' "Ana Carl"

case_file "unknown column" unknown-column.csv 1 \
'crm-add: line 1: unknown column "fax" for a contact' ""

case_file "duplicate column" duplicate-column.csv 1 \
'crm-add: line 1: duplicate column name "Phone" in header' ""

case_file "unterminated quote at EOF" unterminated-quote.csv 1 \
'crm-add: line 3: unterminated quote
crm-add: 1 added, 1 rejected' "Ana"

case_file "stray quote" stray-quote.csv 1 \
'crm-add: line 3: stray quote
crm-add: 2 added, 1 rejected' "Ana Carl"

# No records at all: nothing to do, as every reader of stdin says (crm(7)).
case_file "empty input (0 bytes)" empty.csv 0 \
'crm-add: no records on standard input; nothing changed' ""

case_file "only blank lines" blank-only.csv 0 \
'crm-add: no records on standard input; nothing changed' ""

case_file "header only" header-only.csv 0 \
'crm-add: 0 added, 0 rejected' ""

case_file "blank lines keep physical line numbers" blank-lines.csv 1 \
'crm-add: line 6: phone "12ab" has letters
crm-add: 2 added, 1 rejected' "Ana Carl"

case_file "multi-line quoted fields, then bad rows" multiline-then-bad.csv 1 \
'crm-add: line 5: email "not-an-email" is not a valid address
crm-add: line 6: email "x@" is not a valid address
crm-add: 2 added, 2 rejected' "Ana Carl"
t_eq "multi-line field stored whole" "$(q "SELECT notes FROM contacts
    WHERE id = 1")" "first line
second line
third"

# A message is one line, even when the bad value holds a newline.
fresh
IN=$D/newline-in-bad-value.csv
t_run "bad value with a newline: exit 1" 1 crm-add
t_eq "bad value with a newline: one stderr line per rejected row" \
    "$(wc -l <"$ERR" | tr -d ' ')" 2
t_eq "bad value with a newline: line number and summary" \
    "$(cut -c1-16 "$ERR" | sed -n '1p;$p')" "crm-add: line 2:
crm-add: 1 added"
t_rows "bad value with a newline: rows in the base" "Carl"

# 1 MiB in one field: rejected as too long, by its line; the rest kept.
fresh
{
	echo "first_name,last_name,phone,notes"
	echo "Ana,Garcia,+34600000001,short"
	printf 'Big,Field,+34600000002,'
	head -c 1048576 /dev/zero | tr '\0' x
	echo
	printf 'Quoted,Big,+34600000003,"'
	head -c 1048576 /dev/zero | tr '\0' y
	echo '"'
	echo "Carl,Diaz,+34600000004,"
} >big.csv
IN=big.csv
t_run "1 MiB field: exit 1" 1 crm-add
t_err "1 MiB field: stderr" \
'crm-add: line 3: notes is too long (1048576 bytes; at most 65536)
crm-add: line 4: notes is too long (1048576 bytes; at most 65536)
crm-add: 2 added, 2 rejected'
t_rows "1 MiB field: rows in the base" "Ana Carl"

# --- line endings, BOM, delimiters -----------------------------------------

case_file "CRLF file" crlf.csv 1 \
'crm-add: line 3: email "x@" is not a valid address
crm-add: 2 added, 1 rejected' "Ana Carl"
t_eq "CRLF: no CR kept" "$(q "SELECT count(*) FROM contacts
    WHERE instr(first_name || last_name || coalesce(phone, '') ||
    coalesce(email, ''), char(13)) > 0")" 0

case_file "CRLF file with a blank line" crlf-blank.csv 0 \
'crm-add: 1 added, 0 rejected' "Ana"

case_file "BOM file" bom.csv 1 \
'crm-add: line 3: phone "12" has no country code and phone.default_country is not set
crm-add: 1 added, 1 rejected' "Ana"
t_eq "BOM: not part of the first name" "$(q "SELECT hex(first_name)
    FROM contacts")" 416E61

case_file "semicolon-delimited" semicolon.csv 1 \
'crm-add: line 3: phone "12" has no country code and phone.default_country is not set
crm-add: 2 added, 1 rejected' "Ana José"
t_eq "semicolon: comma kept inside a field" "$(q "SELECT last_name
    FROM contacts WHERE id = 2")" "Núñez, Jr"

case_file "tab-delimited" tab.tsv 1 \
'crm-add: line 3: phone "12" has no country code and phone.default_country is not set
crm-add: 2 added, 1 rejected' "Ana Tab"
t_eq "TSV: quotes are literal" "$(q "SELECT notes FROM contacts
    WHERE id = 1")" 'said "hi"'
t_eq "TSV: escapes undone" "$(q "SELECT hex(notes) FROM contacts
    WHERE id = 2")" "$(printf 'one\ttwo\nthree\\four' | od -An -tx1 |
    tr -d ' \n' | tr a-f A-F)"

# --- SQL- and formula-looking strings are data -------------------------------

case_file "SQL- and formula-looking strings" sql-formula.csv 0 \
'crm-add: 2 added, 0 rejected' "Robert'); DROP TABLE contacts;-- =cmd|' /C calc'!A0"
t_run "SQL/formula: export" 0 crm-export -f csv
t_eq "SQL/formula: exported bytes unchanged" \
    "$(sed -n '2,$p' "$OUT" | sed "s/,$ME,unknown,.*//")" \
"1,Robert'); DROP TABLE contacts;--,Tables,+34600000001,,,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+cmd,@SUM(1),-2+3,,\"=1+2;\"\"x\"\"\"
2,=cmd|' /C calc'!A0,'; --,+34600000002,,,\"1\"\" OR \"\"1\"\"=\"\"1\",%s%n%x,\\x00,\${PATH},,\$(rm -rf /)"
t_eq "SQL/formula: stored unchanged" "$(q "SELECT title, city, address,
    source FROM contacts WHERE id = 1")" \
    '=HYPERLINK("http://x","y")|+cmd|@SUM(1)|-2+3'
t_eq "SQL/formula: tables still there" "$(q "SELECT count(*) FROM
    sqlite_master WHERE name = 'contacts'")" 1

# --- validation ----------------------------------------------------------

case_file "bad phone" bad-phone.csv 1 \
'crm-add: line 3: phone "12ab" has letters
crm-add: line 4: phone "+3460" is too short
crm-add: line 5: phone "+3460000000000000001" is too long
crm-add: line 6: phone "---" has no digits
crm-add: 1 added, 4 rejected' "Ana"

case_file "bad email" bad-email.csv 1 \
'crm-add: line 3: email "ana@" is not a valid address
crm-add: line 4: email "ana.example.com" is not a valid address
crm-add: line 5: email "a@b@example.com" is not a valid address
crm-add: line 6: email "a b@example.com" is not a valid address
crm-add: line 7: email "a@localhost" is not a valid address
crm-add: 1 added, 5 rejected' "Ana"

case_file "missing names" missing-names.csv 1 \
'crm-add: line 3: first_name is missing
crm-add: line 4: last_name is missing
crm-add: line 5: first_name is missing
crm-add: 1 added, 3 rejected' "Ana"

case_file "missing phone and email" missing-contact.csv 1 \
'crm-add: line 3: a contact needs a phone or an email
crm-add: line 4: a contact needs a phone or an email
crm-add: 1 added, 2 rejected' "Ana"

case_file "duplicate within the file" duplicate-in-file.csv 1 \
'crm-add: line 3: duplicate of contact 1 (same phone +34600000001); --upsert updates it, --allow-duplicates adds it anyway
crm-add: line 4: duplicate of contact 1 (same email ANA@example.com); --upsert updates it, --allow-duplicates adds it anyway
crm-add: 2 added, 2 rejected' "Ana Ben"

fresh
IN=$D/base.csv
t_run "duplicate of the base: seed" 0 crm-add
IN=$D/duplicate-of-base.csv
t_run "duplicate of the base: exit 1" 1 crm-add
t_err "duplicate of the base: stderr" \
'crm-add: line 2: duplicate of contact 1 (same phone +34600000001); --upsert updates it, --allow-duplicates adds it anyway
crm-add: line 3: duplicate of contact 1 (same email Ana@example.com); --upsert updates it, --allow-duplicates adds it anyway
crm-add: 1 added, 2 rejected'
t_rows "duplicate of the base: rows in the base" "Ana New"

case_file "unknown owner" unknown-owner.csv 1 \
'crm-add: line 2: owner "nosuchuser" is not a user (add it with: crm-user add nosuchuser)
crm-add: line 3: owner "Bad Login" is not a login name
crm-add: 1 added, 2 rejected' "Carl"

case_file "bad consent" bad-consent.csv 1 \
'crm-add: line 3: consent "maybe" is not one of the list (yes, no, unknown)
crm-add: line 5: consent "2" is not one of the list (yes, no, unknown)
crm-add: 2 added, 2 rejected' "Ana Carl"
t_eq "consent stored as given" "$(q "SELECT group_concat(consent, ' ')
    FROM (SELECT consent FROM contacts ORDER BY id)")" "yes no"

# --- --rejects, --atomic, --dry-run ------------------------------------------

case_file "rejects" rejects.csv 1 \
'crm-add: line 3: phone "12ab" has letters
crm-add: line 4: a contact needs a phone or an email
crm-add: line 6: email "ben@" is not a valid address
crm-add: 2 added, 3 rejected' "Ana Ben" --rejects rej.csv
t_eq "rejects: file is the original rows plus an error column" \
    "$(cat rej.csv)" \
'first_name,last_name,phone,email,notes,error
Bad,Phone,12ab,,"has, comma","line 3: phone ""12ab"" has letters"
No,Contact,,,"say ""hi""",line 4: a contact needs a phone or an email
Bad,Email,,ben@,x,"line 6: email ""ben@"" is not a valid address"'
sed -e 's/,12ab,/,+34600000005,/' -e 's/^No,Contact,,/No,Contact,+34600000006,/' \
    -e 's/,ben@,/,ben@example.com,/' rej.csv >fixed.csv
IN=fixed.csv
t_run "rejects: fixed file goes back in" 0 crm-add --rejects rej2.csv
t_err "rejects: fixed file stderr" 'crm-add: 3 added, 0 rejected'
t_rows "rejects: every row in the base" "Ana Ben Bad No Bad"
t_eq "rejects: no rejects the second time" "$(cat rej2.csv)" \
    "first_name,last_name,phone,email,notes,error"
t_eq "rejects: fixed values stored" "$(q "SELECT notes FROM contacts
    ORDER BY id DESC LIMIT 3")" 'x
say "hi"
has, comma'

# A rejects file fed back unfixed: its old error column is replaced.
IN=rej.csv
t_run "rejects: unfixed rejects go back in" 1 crm-add --rejects rej3.csv
t_eq "rejects: one error column, the new error" "$(cat rej3.csv)" \
'first_name,last_name,phone,email,notes,error
Bad,Phone,12ab,,"has, comma","line 2: phone ""12ab"" has letters"
No,Contact,,,"say ""hi""",line 3: a contact needs a phone or an email
Bad,Email,,ben@,x,"line 4: email ""ben@"" is not a valid address"'

case_file "--atomic with a bad row" bad-phone.csv 1 \
'crm-add: line 3: phone "12ab" has letters
crm-add: line 4: phone "+3460" is too short
crm-add: line 5: phone "+3460000000000000001" is too long
crm-add: line 6: phone "---" has no digits
crm-add: 4 rejected; nothing committed (--atomic), 1 good row left out' "" --atomic
t_out "--atomic: nothing printed as added" ""
t_eq "--atomic: no batch recorded" "$(q "SELECT count(*) FROM batches")" 0

case_file "--atomic, all good" base.csv 0 \
'crm-add: 1 added, 0 rejected' "Ana" --atomic

case_file "--dry-run with a bad row" bad-phone.csv 1 \
'crm-add: line 3: phone "12ab" has letters
crm-add: line 4: phone "+3460" is too short
crm-add: line 5: phone "+3460000000000000001" is too long
crm-add: line 6: phone "---" has no digits
crm-add: 1 would be added, 4 rejected' "" --dry-run

case_file "--dry-run, all good" sql-formula.csv 0 \
'crm-add: 2 would be added, 0 rejected' "" --dry-run
t_eq "--dry-run: no batch recorded" "$(q "SELECT count(*) FROM batches")" 0

# --- 100,000 rows, every tenth bad -------------------------------------------

fresh
awk 'BEGIN {
	print "first_name,last_name,phone,email,city"
	for (i = 1; i <= 100000; i++)
		if (i % 10 == 0)
			printf "Bad%d,Row,12ab%d,,Town\n", i, i
		else
			printf "First%d,Last%d,+3461%07d,u%d@example.com,Town\n",
			    i, i, i, i
}' >many.csv
IN=many.csv
t_run "100000 rows: exit 1" 1 crm-add -q
t_eq "100000 rows: one message per bad row" "$(wc -l <"$ERR" | tr -d ' ')" \
    10000
t_eq "100000 rows: last bad row's line" "$(tail -n 1 "$ERR")" \
    'crm-add: line 100001: phone "12ab100000" has letters'
fresh
IN=many.csv
t_run "100000 rows: summary run" 1 crm-add
t_eq "100000 rows: summary" "$(tail -n 1 "$ERR")" \
    "crm-add: 90000 added, 10000 rejected"
t_eq "100000 rows: 90000 in the base" "$(q "SELECT count(*) FROM
    contacts")" 90000
t_eq "100000 rows: no bad row in the base" "$(q "SELECT count(*) FROM
    contacts WHERE first_name LIKE 'Bad%'")" 0

t_done
