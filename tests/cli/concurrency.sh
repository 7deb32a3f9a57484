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
t_done
