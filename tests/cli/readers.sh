# tests/cli/readers.sh - the readers of foreign input (CSV, vCard,
# Asterisk and CSV call records, --encoding) on what hostile or broken
# files hold: times past the year 9999 that must never be stored without
# their Z, headers of 100,000 columns and vCards of 40,000 properties
# (refused or read, never quadratic: the time is measured in
# bench/readers, the behaviour here), UTF-16 named alike by every reader,
# and --encoding utf-16 without a byte order mark, which must end.
. "$TOP/tests/lib.sh"
D=$TOP/tests/data/readers
NY=America/New_York

q() {		# SQL on the base, one row a line, | between columns
	sqlite3 "$CRM_DB" "$1"
}

fresh() {	# an empty base that reads Spanish numbers, with Ana at 101
	rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm"
	crm-config set phone.default_country 34 >/dev/null
	crm-user add ana name="Ana Ruiz" extension=101 >/dev/null
	crm-add -q first_name=Ana last_name=García phone=600111222 \
	    owner=ana >/dev/null
}

# Every stored time of the base that is not YYYY-MM-DDTHH:MM:SSZ.
bad_times() {
	q "SELECT 'calls', id, at FROM calls WHERE at NOT GLOB '$Z'
	UNION ALL SELECT 'tasks', id, due FROM tasks WHERE due NOT GLOB '$Z'
	UNION ALL SELECT 'meetings', id, at FROM meetings WHERE at NOT GLOB '$Z'
	UNION ALL SELECT 'deals', id, expected_close FROM deals
	    WHERE expected_close NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
}
Z='[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'

# --- times past the year 9999 ------------------------------------------

fresh
IN=$D/year-10000.csv
t_run "Asterisk records late on 9999-12-31 in New York" 1 \
    env TZ=$NY crm-call -q --import asterisk
t_err "are refused with their line, as the csv import refuses them" \
'crm-call: line 1: start "9999-12-31 23:59:59" is out of range
crm-call: line 2: start "9999-12-31 18:30:00" is out of range'
t_eq "the one that fits is stored, its time with its Z" \
    "$(q "SELECT source_id, at FROM calls")" \
    "253402297200.5|9999-12-31T22:00:00Z"
IN=$D/year-10000-generic.csv
t_run "the csv call import, local times and offsets" 1 \
    env TZ=$NY crm-call -q --import csv
t_err "refuses what UTC cannot hold, offsets and callbacks too" \
'crm-call: line 2: time: date "9999-12-31 23:59:59" is out of range
crm-call: line 3: time: date "9999-12-31T23:59:59-05:00" is out of range
crm-call: line 6: time: date "0001-01-01T00:00:00+01:00" is out of range'
t_eq "and keeps the others, a callback an hour later included" \
    "$(q "SELECT source_id || '|' || at FROM calls WHERE source_id GLOB 'y*'
    UNION ALL SELECT due FROM tasks")" \
    "y3|9999-12-31T22:30:00Z
y4|9999-12-31T22:00:00Z
9999-12-31T23:30:00Z"
t_run "a callback logged by hand that would fall in 10000" 1 \
    env TZ=$NY crm-call -q 1 callback --at "9999-12-31 18:30"
t_err "is refused" 'crm-call: the callback task, 60 minutes after 9999-12-31T23:30:00Z, is out of range'

printf 'contact,topic,at\n1,Demo,9999-12-31 23:59:59\n1,Demo,9999-12-31T23:59:59-05:00\n1,Demo,2099-01-01 10:00\n' >"$T/meet.csv"
IN=$T/meet.csv
t_run "meetings from CSV past 9999 in UTC" 1 env TZ=$NY crm-meet -q
t_err "are refused with their line" \
'crm-meet: line 2: at: date "9999-12-31 23:59:59" is out of range
crm-meet: line 3: at: date "9999-12-31T23:59:59-05:00" is out of range'
crm-task -q 1 "Call back" --due 2099-01-01 >/dev/null
crm-deal -q garcia Big order >/dev/null
printf 'id,due\n1,9999-12-31T23:59:59-05:00\n' >"$T/task.csv"
IN=$T/task.csv
t_run "a task's due from crm-edit CSV" 1 crm-edit -q task
t_err "is refused" 'crm-edit: line 2: due: date "9999-12-31T23:59:59-05:00" is out of range'
printf 'id,at\n1,9999-12-31T23:59:59-05:00\n' >"$T/at.csv"
IN=$T/at.csv
t_run "a meeting's time from crm-edit CSV" 1 crm-edit -q meeting
t_err "is refused" 'crm-edit: line 2: at: date "9999-12-31T23:59:59-05:00" is out of range'
printf 'id,expected_close\n1,9999-12-31T20:00:00Z\n' >"$T/close.csv"
IN=$T/close.csv
t_run "a deal's close on a day that is 10000-01-01 in Tokyo" 1 \
    env TZ=Asia/Tokyo crm-edit -q deal
t_err "is refused: the stored date would have five digits" \
    'crm-edit: line 2: expected_close: date "9999-12-31T20:00:00Z" is out of range'
t_run "an argument past 9999 in UTC" 2 crm-task -q 1 x --due 9999-12-31T23:59:59-05:00
t_err "is refused" 'crm-task: --due: date "9999-12-31T23:59:59-05:00" is out of range'
t_eq "no stored time lacks its Z or has five digits" "$(bad_times)" ""

# --- wide headers, long cards: refused or read in linear time ------------

# A header of $1 columns c0,c1,... (and $2 appended), then one row.
wide() {
	awk -v n="$1" -v extra="${2-}" 'BEGIN {
		for (i = 0; i < n; i++) printf "%sc%d", i ? "," : "", i
		if (extra != "") printf ",%s", extra
		printf "\n"
		for (i = 0; i < n; i++) printf "%sx", i ? "," : ""
		printf "\n" }'
}
wide 100000 >"$T/wide.csv"
W='the header has 100000 columns; at most 1024 are read'
fresh
IN=$T/wide.csv
t_run "a header of 100,000 columns" 1 crm-add
t_err "is refused at once, with its line" "crm-add: line 1: $W"
for cmd in "crm-add --keep-unknown" "crm-add --from google" "crm-meet" \
    "crm-call --import csv" "crm-edit" "crm-user add" "crm-plan"; do
	IN=$T/wide.csv
	t_run "$cmd: the same" 1 $cmd
	t_err "$cmd: the same words" "${cmd%% *}: line 1: $W"
done
t_eq "nothing was added" "$(q "SELECT count(*) FROM contacts")" 1
wide 1023 C7 >"$T/dup.csv"
IN=$T/dup.csv
t_run "1,024 columns, the last a name given before in other case" 1 crm-add
t_err "the duplicate is found" 'crm-add: line 1: duplicate column name "C7" in header'
wide 1024 >"$T/fits.csv"
IN=$T/fits.csv
t_run "1,024 distinct columns are read" 1 crm-add
t_err "and refused for what they are" \
    'crm-add: line 1: 1024 columns; a contact has 21 fields'
IN=$T/fits.csv
t_run "with --keep-unknown" 1 crm-add --keep-unknown
t_err "more custom fields than a record takes" \
    'crm-add: line 1: more than 512 different fields'
# Two columns that --keep-unknown makes the same custom field, far apart.
{ printf 'last_name,phone,Código'; awk 'BEGIN { for (i = 0; i < 400; i++)
    printf ",x%d", i }'; printf ',codigo\n'; } >"$T/twice.csv"
IN=$T/twice.csv
t_run "two columns that make one custom field" 1 crm-add --keep-unknown
t_err "are named" 'crm-add: line 1: columns "Código" and "codigo" both become custom field codigo; --map one of them elsewhere'

# A vCard of 40,000 TEL lines (then EMAIL, then X- properties).
card() {	# LINES LINE: a card of LINES copies of LINE (a %d for the number)
	awk -v n="$1" -v l="$2" 'BEGIN {
		printf "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Garcia;Ana\r\n"
		for (i = 0; i < n; i++) printf l "\r\n", i
		printf "END:VCARD\r\nBEGIN:VCARD\r\nN:Luz;Eva\r\n"
		printf "EMAIL:eva@luz.es\r\nEND:VCARD\r\n" }'
}
fresh
card 40000 'TEL:+346%08d' >"$T/tel.vcf"
IN=$T/tel.vcf
t_run "a card of 40,000 TEL lines" 1 crm-add -q -f vcard
t_err "is refused at the second, naming the option that keeps them" \
    'crm-add: line 5: a second TEL: only the first goes to phone (--keep-unknown keeps the others as custom fields phone_2, phone_3...)'
t_out "the card after it is read" 2
IN=$T/tel.vcf
t_run "with --keep-unknown" 1 crm-add -q -f vcard --keep-unknown \
    --allow-duplicates
t_err "it is refused past the values a record holds" \
    'crm-add: line 4098: the card holds more than 4096 values'
card 40000 'EMAIL:a%d@example.com' >"$T/email.vcf"
IN=$T/email.vcf
t_run "40,000 EMAIL lines" 1 crm-add -q -f vcard --allow-duplicates
t_err "the same" 'crm-add: line 5: a second EMAIL: only the first goes to email (--keep-unknown keeps the others as custom fields email_2, email_3...)'
IN=$T/email.vcf
t_run "40,000 EMAIL lines, --keep-unknown" 1 crm-add -q -f vcard \
    --keep-unknown --allow-duplicates
t_err "the same" 'crm-add: line 4098: the card holds more than 4096 values'
card 40000 'X-FOO:v%d' >"$T/xsame.vcf"
IN=$T/xsame.vcf
t_run "40,000 X-FOO lines, --keep-unknown" 1 crm-add -q -f vcard \
    --keep-unknown --allow-duplicates
t_err "the same" 'crm-add: line 4098: the card holds more than 4096 values'
card 40000 'X-FOO%d:v' >"$T/xdiff.vcf"
IN=$T/xdiff.vcf
t_run "40,000 different X- properties, --keep-unknown" 1 crm-add -q \
    -f vcard --keep-unknown --allow-duplicates
t_err "refused past 512 fields (the card's own 15 among them)" \
    'crm-add: line 501: X-FOO497: more than 512 different fields'
t_eq "of all of them only Eva's cards went in, no custom field" \
    "$(q "SELECT group_concat(first_name) FROM contacts WHERE id > 1
    UNION ALL SELECT count(*) FROM contact_custom")" "Eva,Eva,Eva,Eva,Eva,Eva
0"
fresh
card 2000 'TEL;TYPE=CELL:+346%08d' >"$T/tel2k.vcf"
IN=$T/tel2k.vcf
t_run "2,000 TEL lines with their types, --keep-unknown" 0 crm-add -q \
    -f vcard --keep-unknown
t_eq "are kept as asked: phone, phone_2 .. phone_2000, labels" \
    "$(q "SELECT phone FROM contacts WHERE id = 2
    UNION ALL SELECT count(*) FROM contact_custom WHERE contact_id = 2
    UNION ALL SELECT value FROM contact_custom WHERE contact_id = 2
    AND name IN ('phone_2000', 'phone_2000_label')")" "+34600000000
3999
+34600001999
cell"
# Google's " ::: " lists: one cell of 5,000 numbers.
{ printf 'Name,Phone 1 - Value\nAna García,'
  awk 'BEGIN { for (i = 0; i < 5000; i++) printf "%s+346%08d", i ? " ::: " : "", i }'
  printf '\n'; } >"$T/google.csv"
IN=$T/google.csv
t_run "a Google cell of 5,000 numbers" 1 crm-add -q --from google
t_err "is refused with its line" 'crm-add: line 2: more than 4096 values in one row'
# Slots in reverse column order still sort: Phone 1 is the contact's.
printf 'Name,Phone 3 - Value,Phone 2 - Value,Phone 1 - Value\nEva Luz,600000003,600000002,600000001\n' >"$T/rev.csv"
IN=$T/rev.csv
t_run "Google's phone columns in reverse order" 0 crm-add -q --from google
t_eq "go to phone, phone_2, phone_3 by their number" \
    "$(q "SELECT phone FROM contacts WHERE phone = '+34600000001'
    UNION ALL SELECT name || '=' || value FROM contact_custom
    WHERE contact_id = (SELECT id FROM contacts WHERE phone = '+34600000001')
    ORDER BY 1")" "+34600000001
phone_2=+34600000002
phone_3=+34600000003"

# --- UTF-16: one name for it in every reader, and an end ---------------

# CMD... for at most 20 s, its stderr cut at 4 KiB: a reader that prints
# the same error forever fails here instead of filling the disk.
bounded() {
	local rc
	{ timeout 20 "$@" 2>&1 >&3 | head -c 4096 >&2; rc=${PIPESTATUS[0]}; } 3>&1
	return "$rc"
}
U16='the input looks like UTF-16, not UTF-8: read it with --encoding utf-16'
fresh
iconv -f UTF-16BE -t UTF-8 "$D/utf16be-nobom.vcf" >"$T/u8.vcf"
printf 'first_name,last_name,phone\nEva,Luz,600111333\n' >"$T/c.csv"
printf 'id\n1\n' >"$T/ids.csv"
printf '1\n' >"$T/ids.txt"
printf 'manager,metric,period,target\nana,calls,2099-01,10\n' >"$T/plan.csv"
printf 'login,role\nluis,manager\n' >"$T/users.csv"
cp "$TOP/tests/data/cdr/short.csv" "$T/master.csv"
printf 'time,direction,number,extension,disposition\n2099-01-01 10:00,in,600111222,101,ANSWERED\n' >"$T/calls.csv"
cp "$D/meetings.csv" "$T/m.csv"
# Each reader, each form of UTF-16 a Windows or Java program writes.
for enc in UTF-16 UTF-16LE UTF-16BE; do
	for f in u8.vcf c.csv ids.csv ids.txt plan.csv users.csv master.csv \
	    calls.csv m.csv; do
		iconv -f UTF-8 -t $enc "$T/$f" >"$T/$enc-$f"
	done
	for run in "crm-add:c.csv" "crm-add -f vcard:u8.vcf" "crm-meet:m.csv" \
	    "crm-edit:ids.csv" "crm-edit notes=x:ids.txt" "crm-plan:plan.csv" \
	    "crm-user add:users.csv" "crm-call --import asterisk:master.csv" \
	    "crm-call --import csv:calls.csv"; do
		cmd=${run%%:*}
		IN=$T/$enc-${run#*:}
		t_run "$cmd, $enc without --encoding" 1 bounded $cmd
		t_err "$cmd, $enc: named in the one message" "${cmd%% *}: line 1: $U16"
	done
done
t_eq "nothing was read" "$(q "SELECT (SELECT count(*) FROM contacts) ||
    (SELECT count(*) FROM meetings) || (SELECT count(*) FROM calls) ||
    (SELECT count(*) FROM users) || (SELECT count(*) FROM plans)")" 10020
iconv -f UTF-8 -t UTF-32 "$T/c.csv" >"$T/u32.csv"
IN=$T/u32.csv
t_run "UTF-32 too" 1 crm-add
t_err "in its words" 'crm-add: line 1: the input looks like UTF-32, not UTF-8: read it with --encoding utf-32'

# --encoding utf-16 without a byte order mark: the vCard that looped.
IN=$D/utf16be-nobom.vcf
t_run "--encoding utf-16 on a UTF-16BE vCard without a mark ends" 0 \
    bounded crm-add -q -f vcard --encoding utf-16
t_out "and reads it: the NUL bytes show the byte order" 2
t_eq "read right" "$(q "SELECT last_name, phone FROM contacts WHERE id = 2")" \
    "Ibáñez|+34600222333"
IN=$T/UTF-16LE-c.csv
t_run "little endian, a CSV" 0 bounded crm-add -q --encoding utf-16
t_out "read" 3
IN=$D/cjk-utf16be.csv
t_run "UTF-16 whose first characters do not show the order" 1 \
    bounded crm-add --encoding utf-16
t_err "is refused once, naming the options that read it" \
    'crm-add: line 1: UTF-16 input without a byte order mark whose first characters do not show its byte order: say which, --encoding utf-16le or --encoding utf-16be'
IN=$D/cjk-utf16be.csv
t_run "a vCard reader there" 1 bounded crm-add -f vcard --encoding utf-16
t_err "stops as well" \
    'crm-add: line 1: UTF-16 input without a byte order mark whose first characters do not show its byte order: say which, --encoding utf-16le or --encoding utf-16be'
for run in "crm-meet" "crm-edit" "crm-plan" "crm-user add" \
    "crm-call --import asterisk" "crm-call --import csv"; do
	IN=$D/cjk-utf16be.csv
	t_run "$run there" 1 bounded $run --encoding utf-16
	t_err "$run: once, with its line" "${run%% *}: line 1: UTF-16 input without a byte order mark whose first characters do not show its byte order: say which, --encoding utf-16le or --encoding utf-16be"
done
IN=$D/cjk-utf16be.csv
t_run "utf-16be reads it" 1 crm-add --encoding utf-16be
t_err "as the Japanese header it is" \
    'crm-add: line 1: unknown column "名前と苗字" for a contact'
IN=$D/utf16be-nobom.vcf
t_run "a name whose byte order the NULs contradict" 1 bounded crm-add \
    -f vcard --encoding utf-16le
t_err "is refused" 'crm-add: line 1: the input looks like UTF-16BE, not utf-16le: read it with --encoding utf-16'
IN=$D/utf16be-nobom.vcf
t_run "UTF-16 read as latin1" 1 bounded crm-add -f vcard --encoding latin1
t_err "is named in the same words" 'crm-add: line 1: the input looks like UTF-16, not latin1: read it with --encoding utf-16'
IN=$T/u32.csv
t_run "UTF-32 read as utf-16" 1 bounded crm-add --encoding utf-16
t_err "the same" 'crm-add: line 1: the input looks like UTF-32, not utf-16: read it with --encoding utf-32'
IN=$T/u32.csv
t_run "--encoding utf-32 reads it" 0 crm-add -q --encoding utf-32 -u
t_out "the contact of before" 3
# A UTF-16LE list of ids: "1" then NUL would read as id 1 alone.
IN=$T/UTF-16LE-ids.txt
t_run "ids in UTF-16 are not read as bytes" 1 crm-edit notes=y
t_err "but refused" "crm-edit: line 1: $U16"
printf '1\n2\0\n' >"$T/nul.txt"
IN=$T/nul.txt
t_run "an id with a NUL byte" 1 crm-edit -q notes=y
t_err "is a bad line, not the id before the NUL" \
    'crm-edit: line 2: NUL byte in input'
t_eq "no notes were written" "$(q "SELECT count(*) FROM contacts WHERE notes = 'y'")" 0

# --- what the fuzz targets found (tests/fuzz/corpus holds the inputs) ----

valid_utf8() {	# the custom fields and task titles are UTF-8
	q "SELECT value FROM contact_custom UNION ALL SELECT title FROM tasks" |
	    iconv -f UTF-8 -t UTF-8 >/dev/null
}
fresh
N40=$(printf 'ñ%.0s' $(seq 40))
N200=$(printf 'ñ%.0s' $(seq 200))
printf 'BEGIN:VCARD\r\nN:Ruiz;Eva\r\nTEL;TYPE=%s:600111333\r\nEND:VCARD\r\n' "$N40" >"$T/label.vcf"
IN=$T/label.vcf
t_run "a vCard TYPE longer than a label" 0 crm-add -q -f vcard
t_eq "is cut between characters, not inside one" \
    "$(q "SELECT value FROM contact_custom WHERE name = 'phone_label'")" \
    "$(printf 'ñ%.0s' $(seq 31))"
printf 'BEGIN:VCARD\r\nN:Ruiz;Luz\r\nitem1.TEL:600111444\r\nitem1.X-ABLabel:%s\r\nEND:VCARD\r\n' "$N200" >"$T/apple.vcf"
IN=$T/apple.vcf
t_run "an Apple label longer than a label" 0 crm-add -q -f vcard
t_eq "the same" "$(q "SELECT length(value) FROM contact_custom
    WHERE name = 'phone_label' AND contact_id = 3")" 63
printf 'First Name,Last Name,Phone 1 - Type,Phone 1 - Value\nAna,Sol,%s,600111555\n' "$N200" >"$T/glabel.csv"
IN=$T/glabel.csv
t_run "a Google label longer than a label" 0 crm-add -q --from google
t_eq "the same" "$(q "SELECT length(value) FROM contact_custom
    WHERE name = 'phone_label' AND contact_id = 4")" 127
t_ok "every custom field is UTF-8" valid_utf8
printf 'BEGIN:VCARD\r\nN:Ruiz;Ada\r\nTEL;TYPE=m\xf3vil:600111666\r\nEND:VCARD\r\n' >"$T/param.vcf"
IN=$T/param.vcf
t_run "a TYPE in windows-1252" 1 crm-add -q -f vcard
t_err "is refused, not kept as a label of stray bytes" \
    "crm-add: line 3: invalid UTF-8 in the parameters of TEL (--encoding names the file's: --encoding windows-1252, latin1...)"
IN=$T/param.vcf
t_run "with --encoding windows-1252" 0 crm-add -q -f vcard \
    --encoding windows-1252
t_eq "it is read" "$(q "SELECT value FROM contact_custom
    WHERE name = 'phone_label' AND contact_id = 5")" "móvil"
# A line that ends in END:VCARD is not the card's END.
printf 'BEGIN:VCARD\r\nN:Ruiz;Ines\r\nEMAIL:ines@r.es\r\nNOTE:copy from BEGIN:VCARD up to END:VCARD\r\nX-SKYPE:ines.r\r\nend:vcard  \r\n' >"$T/end.vcf"
IN=$T/end.vcf
t_run "a card with a NOTE that ends in END:VCARD, rejected" 1 crm-add -q \
    -f vcard --rejects "$T/end-rej.vcf"
t_eq "the rejects file keeps the NOTE whole, the error before the END" \
    "$(tr -d '\r' <"$T/end-rej.vcf")" "BEGIN:VCARD
N:Ruiz;Ines
EMAIL:ines@r.es
NOTE:copy from BEGIN:VCARD up to END:VCARD
X-SKYPE:ines.r
X-CRM-ERROR:line 5: X-SKYPE has no contact field (--keep-unknown keeps it as custom field x_skype)
end:vcard  "
IN=$T/end-rej.vcf
t_run "and goes back in" 0 crm-add -q -f vcard --keep-unknown
t_eq "with its note" "$(q "SELECT notes FROM contacts WHERE id = 6")" \
    "copy from BEGIN:VCARD up to END:VCARD"
printf 'x\n""\n' >"$T/nothing.csv"
IN=$T/nothing.csv
t_run "a mapped row that holds nothing" 1 crm-add --keep-unknown
t_err "is refused as any other" 'crm-add: line 2: first_name is missing
crm-add: 0 added, 1 rejected'
# A callback task's title is cut to its room between characters.
crm-add -q first_name=Ana last_name="$N200$N200" phone=600111777 owner=ana >/dev/null
printf '"","600111777","101","from-trunk","","SIP/trunk-1","SIP/101-2","Dial","","2020-03-06 10:00:00","","2020-03-06 10:00:20",20,0,"NO ANSWER","DOCUMENTATION","t1",""\n' >"$T/long.csv"
IN=$T/long.csv
t_run "a missed call from a contact with a long name" 0 crm-call -q \
    --import asterisk
t_eq "its callback title is cut between characters" \
    "$(q "SELECT length(CAST(title AS BLOB)), substr(title, 1, 14) FROM tasks")" \
    "510|call back Ana "
t_ok "and is UTF-8" valid_utf8

t_done
