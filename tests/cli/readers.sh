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

printf 'contact,topic,at\n1,Demo,9999-12-31 23:59:59\n1,Demo,9999-12-31T23:59:59-05:00\n1,Demo,2030-01-01 10:00\n' >"$T/meet.csv"
IN=$T/meet.csv
t_run "meetings from CSV past 9999 in UTC" 1 env TZ=$NY crm-meet -q
t_err "are refused with their line" \
'crm-meet: line 2: at: date "9999-12-31 23:59:59" is out of range
crm-meet: line 3: at: date "9999-12-31T23:59:59-05:00" is out of range'
crm-task -q 1 "Call back" --due 2030-01-01 >/dev/null
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

t_done
