# tests/cli/lockwait.sh - a writer never holds the others up for longer
# than its work takes: a bulk writer reads its whole input before it takes
# the write lock (a stalled producer, here a FIFO held open, blocks no
# one), and a writer that finds the base busy waits as long as the
# holder makes progress, but gives up on one that is stuck.
. "$TOP/tests/lib.sh"

crm-add -q first_name=Ana last_name=García phone=+34600000001 >/dev/null
crm-add -q first_name=Luis last_name=Núñez email=luis@x.es >/dev/null
crm-user add -q ana extension=101 >/dev/null
tables() {	# a digest of every table, the audit trail included
	local t
	for t in $(sqlite3 "$CRM_DB" "SELECT name FROM sqlite_master WHERE
	    type = 'table' AND name NOT LIKE '%fts%' ORDER BY name"); do
		echo "$t $(sqlite3 "$CRM_DB" "SELECT * FROM \"$t\"" | md5sum)"
	done
}

# Each bulk writer reads a FIFO that stays open after its first rows.
n=0
while read -r what cmd; do
	n=$((n + 1))
	mkfifo "$T/fifo.$n"
	# shellcheck disable=SC2086 # cmd is a word list
	$cmd <"$T/fifo.$n" >"$T/fifo.out.$n" 2>"$T/fifo.err.$n" &
	fpid=$!
	exec 7>"$T/fifo.$n"
	case $what in
	contacts) printf 'first_name,last_name,email\nFifo,Uno%d,f%d.1@x.es\n' "$n" "$n" >&7
		more=$(printf 'Fifo,Dos%d,f%d.2@x.es\n' "$n" "$n") ;;
	vcards) printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fifo Uno%d\r\nN:Uno%d;Fifo;;;\r\nEMAIL:f%d.1@x.es\r\nEND:VCARD\r\n' "$n" "$n" "$n" >&7
		more=$(printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fifo Dos%d\r\nN:Dos%d;Fifo;;;\r\nEMAIL:f%d.2@x.es\r\nEND:VCARD\r' "$n" "$n" "$n") ;;
	meetings) printf 'contact,topic,at,result\n1,Fifo %d,2026-01-05 10:00,held\n' "$n" >&7
		more=$(printf '2,Fifo %d,2026-01-06 10:00,held\n' "$n") ;;
	edits) printf 'id,city\n1,Madrid\n' >&7
		more=$(printf '2,Sevilla\n') ;;
	calls) printf 'time,direction,number,extension,duration,disposition,id\n2026-01-05 10:00,out,+34600000001,101,60,ANSWERED,c1\n' >&7
		more=$(printf '2026-01-05 11:00,out,+34600000002,101,60,ANSWERED,c2\n') ;;
	plans) printf 'manager,metric,period,target\nana,calls,2026-01,10\n' >&7
		more=$(printf 'ana,meetings_held,2026-01,5\n') ;;
	users) printf 'login,name,role\nfifo1,Fifo Uno,manager\n' >&7
		more=$(printf 'fifo2,Fifo Dos,manager\n') ;;
	esac
	# The producer stalls; everyone else writes meanwhile.
	t_run "$what: a call while crm reads a stalled input" 0 \
	    crm-call -q +3460000$n$n$n$n done "note $n"
	t_run "$what: a meeting meanwhile" 0 crm-meet -q 1 "Meanwhile $n" "Held"
	t_run "$what: a contact meanwhile" 0 crm-add -q first_name=Other \
	    last_name="N$n" email="other$n@x.es"
	t_ok "$what: the bulk writer still waits for its input" kill -0 "$fpid"
	printf '%s\n' "$more" >&7
	exec 7>&-
	wait "$fpid"
	t_eq "$what: then it ends well" "$?" 0
	t_eq "$what: and says nothing" "$(cat "$T/fifo.err.$n")" ""
done <<'EOF'
contacts crm-add -q
vcards crm-add -q -f vcard
meetings crm-meet -q
edits crm-edit -q contact
calls crm-call -q --import csv
plans crm-plan -q
users crm-user add -q
EOF
t_run "every contact of the stalled inputs is in" 0 sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM contacts WHERE first_name = 'Fifo'"
t_out "count" "4"
t_run "every meeting" 0 sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM meetings WHERE topic LIKE 'Fifo%'"
t_out "count" "2"
t_run "every edit" 0 sqlite3 "$CRM_DB" \
    "SELECT city FROM contacts WHERE id IN (1, 2) ORDER BY id"
t_out "cities" "Madrid
Sevilla"
t_run "every imported call, plan and user" 0 sqlite3 "$CRM_DB" \
    "SELECT (SELECT count(*) FROM calls WHERE number LIKE '+3460000000_'),
    (SELECT count(*) FROM plans WHERE manager = 'ana'),
    (SELECT count(*) FROM users WHERE login LIKE 'fifo_')"
t_out "counts" "2|2|2"
t_run "an import's batch names stdin, not the temporary file" 0 \
    sqlite3 "$CRM_DB" "SELECT DISTINCT source FROM batches
    WHERE source LIKE '%tmp%' OR source LIKE '%deleted%'"
t_out "none" ""

# A writer that holds the base and does nothing: the others give up
# after the idle limit with a line that says why, and change nothing.
mkfifo "$T/hold"
sqlite3 "$CRM_DB" <"$T/hold" >/dev/null 2>&1 &
hpid=$!
exec 8>"$T/hold"
echo "BEGIN IMMEDIATE; CREATE TABLE held(x);" >&8
held() {	# wait until someone holds the write lock: ask SQLite
	local i=0
	until ! sqlite3 "$CRM_DB" "PRAGMA busy_timeout=0; BEGIN IMMEDIATE;
	    ROLLBACK" >/dev/null 2>&1 || [ $i -ge 3000 ]; do
		i=$((i + 1))
		sleep 0.01
	done
}
held
before=$(tables)
t_run "a writer behind a stuck one gives up" 5 crm-add -q first_name=Late \
    last_name=Writer email=late@x.es
t_err "and says why" "crm-add: begin: another writer held the database for 30 seconds without progress; try again"
echo "ROLLBACK;" >&8
exec 8>&-
wait "$hpid"
t_eq "nothing was written" "$(tables)" "$before"

# Behind a writer that makes progress, a writer waits as long as it takes:
# a long transaction that keeps writing (its log grows) well past the
# idle limit.
mkfifo "$T/slow"
sqlite3 "$CRM_DB" <"$T/slow" >/dev/null 2>&1 &
spid=$!
exec 8>"$T/slow"
echo "PRAGMA cache_size=10; BEGIN IMMEDIATE; CREATE TABLE slow(x);" >&8
held
(
	for i in $(seq 1 36); do
		echo "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1
		    FROM n WHERE i < 20) INSERT INTO slow SELECT randomblob(4000)
		    FROM n;"
		sleep 1
	done
	echo "DROP TABLE slow; COMMIT;"
) >&8 &
wpid=$!
t_run "a writer behind a long transaction waits for it" 0 crm-add -q \
    first_name=Patient last_name=Writer email=patient@x.es
wait "$wpid"
exec 8>&-
wait "$spid"
t_run "and is added after it" 0 sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM contacts WHERE first_name = 'Patient'"
t_out "one" "1"
t_done
