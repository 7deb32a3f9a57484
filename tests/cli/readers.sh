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

t_done
