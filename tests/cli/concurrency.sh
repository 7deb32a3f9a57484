# tests/cli/concurrency.sh - many people writing at once never see
# "database is locked": writers wait their turn on the busy timeout.
. "$TOP/tests/lib.sh"

# Wait for every process started (kept in pids), even one that ended
# before the wait began; fails counts those that failed.
wait_all() {
	fails=0
	for p in "${pids[@]}"; do
		wait "$p" || fails=$((fails + 1))
	done
	pids=()
}
pids=()
n=24
[ -n "${CRM_SAN:-}" ] && n=12
# A new database, created by all of them at once.
for i in $(seq 1 "$n"); do
	crm-add -q first_name="P$i" last_name=Q email="p$i@q.es" \
	    >"$T/out.$i" 2>"$T/err.$i" &
	pids+=($!)
done
wait_all
t_report "$n concurrent crm-add on a new database all succeed" \
    "$([ "$fails" = 0 ] && echo 1 || echo 0)" "$(cat "$T"/err.* | head -5)"
t_run "every contact is there" 0 sqlite3 "$CRM_DB" "SELECT count(*) FROM contacts"
t_out "count" "$n"
t_run "one admin was created" 0 sqlite3 "$CRM_DB" "SELECT login, role FROM users"
t_out "admin" "$ME|admin"
# Bulk imports and single adds at the same time.
for i in $(seq 1 4); do
	awk -v b="$i" 'BEGIN { print "first_name,last_name,email";
	    for (j = 1; j <= 2000; j++) printf "B%d,R%d,b%d.%d@x.es\n", b, j, b, j }' >"$T/bulk.$i"
	crm-add -q <"$T/bulk.$i" >/dev/null 2>"$T/berr.$i" &
	pids+=($!)
	crm-add -q first_name=S last_name="$i" email="s$i@x.es" >/dev/null 2>>"$T/berr.$i" &
	pids+=($!)
done
wait_all
t_report "bulk imports and single adds side by side all succeed" \
    "$([ "$fails" = 0 ] && echo 1 || echo 0)" "$(cat "$T"/berr.* | head -5)"
t_run "all their rows are there" 0 sqlite3 "$CRM_DB" "SELECT count(*) FROM contacts"
t_out "count" "$((n + 8004))"
t_run "the database is sound" 0 sqlite3 "$CRM_DB" "PRAGMA integrity_check"
t_out "ok" "ok"
t_run "WAL journal" 0 sqlite3 "$CRM_DB" "PRAGMA journal_mode"
t_out "wal" "wal"

# Activities: 4 people each logging $m meetings or calls through the
# binaries at the same time (two crm-meet, two crm-call).
m=500 big=200000
[ -n "${CRM_SAN:-}" ] && m=60 big=20000
crm-add -q first_name=Ana last_name=Activa phone=+34600999000 >/dev/null
cid=$(sqlite3 "$CRM_DB" "SELECT id FROM contacts WHERE last_name = 'Activa'")
writers() {	# ROUND: start the 4 writers, their pids in pids
	local w
	for w in 1 2; do
		(for k in $(seq 1 "$m"); do
			crm-meet -q "$cid" "Topic $1.$w.$k" "Result $k" || exit 1
		done) >/dev/null 2>"$T/werr.$1.$w" &
		pids+=($!)
	done
	for w in 3 4; do
		(for k in $(seq 1 "$m"); do
			crm-call -q "+3460$1$w$(printf %06d "$k")" done "note $k" ||
			    exit 1
		done) >/dev/null 2>"$T/werr.$1.$w" &
		pids+=($!)
	done
}
activities() {
	sqlite3 "$CRM_DB" "SELECT (SELECT count(*) FROM meetings) +
	    (SELECT count(*) FROM calls)"
}
writers 1
wait_all
t_report "4 writers of meetings and calls all succeed" \
    "$([ "$fails" = 0 ] && echo 1 || echo 0)" "$(cat "$T"/werr.1.* | head -5)"
t_report "no \"database is locked\"" \
    "$(cat "$T"/werr.1.* | grep -q locked && echo 0 || echo 1)"
t_run "every activity is there" 0 activities
t_out "count" "$((4 * m))"
# The same while a big import runs: they wait for it, none fails.
awk -v n="$big" 'BEGIN { print "first_name,last_name,email";
    for (j = 1; j <= n; j++) printf "Big,R%d,big%d@x.es\n", j, j }' >"$T/big.csv"
crm-add -q <"$T/big.csv" >/dev/null 2>"$T/bigerr" &
pids+=($!)
writers 2
wait_all
t_report "writers and a $big-row import side by side all succeed" \
    "$([ "$fails" = 0 ] && echo 1 || echo 0)" \
    "$(cat "$T"/werr.2.* "$T/bigerr" | head -5)"
t_run "every activity is there" 0 activities
t_out "count" "$((8 * m))"
t_run "every imported contact is there" 0 sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM contacts WHERE first_name = 'Big'"
t_out "count" "$big"
t_run "the database is still sound" 0 sqlite3 "$CRM_DB" "PRAGMA integrity_check"
t_out "ok" "ok"
t_done
