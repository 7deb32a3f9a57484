# tests/cli/exportaudit.sh - an export is audited before its first byte:
# the audit row is committed before anything is written, and when it
# cannot be written (a trigger refuses it here) the export prints nothing
# and exits 5.  crm-export in every format, crm-find in a machine format
# and crm-show's candidates as records are the exports; tables for people
# and ids alone are not.
. "$TOP/tests/lib.sh"

q() { sqlite3 "$CRM_DB" "$1"; }
exports() { q "SELECT count(*) FROM audit WHERE action = 'export'"; }

crm-config set phone.default_country 34 >/dev/null
# Enough contacts that an export outgrows a pipe and the writer's buffer.
n=3000
awk -v n=$n 'BEGIN { print "first_name,last_name,email,consent,notes";
    for (i = 1; i <= n; i++)
	printf "Ana%d,García,ana%d@example.es,yes,%s\n", i, i,
	    "a note long enough to make each row a hundred and fifty bytes" }' \
    >"$T/many.csv"
IN="$T/many.csv"
t_run "$n contacts" 0 crm-add -q
q "INSERT INTO meetings(contact_id, topic, at, status, manager, created_at,
    created_by, updated_at, updated_by) VALUES (1, 'Demo',
    '2099-12-01T10:00:00Z', 'planned', '$ME', '2020-01-01T00:00:00Z', '$ME',
    '2020-01-01T00:00:00Z', '$ME')"

# The reader holds the first line while the writer waits on a full pipe:
# the audit row must be in the base already.
t_run "when an export's first line arrives" 0 sh -c 'crm-export |
    { IFS= read -r line; echo "$line" | cut -d, -f1-3;
      sqlite3 "$CRM_DB" "SELECT entity, field, quote(new) FROM audit
          WHERE action = '"'export'"'"; cat >/dev/null; }'
t_out "its audit row is committed, the count to come" "id,first_name,last_name
contact|csv|NULL"
t_run "once over" 0 q "SELECT new FROM audit WHERE action = 'export'"
t_out "the row count is recorded" "$n"
before=$(exports)
t_run "an export whose output fails" 5 sh -c 'crm-export -f json >/dev/full'
t_eq "is audited all the same" "$(exports)" "$((before + 1))"

# A base whose audit trail takes no export.
q "CREATE TRIGGER no_export BEFORE INSERT ON audit WHEN new.action = 'export'
    BEGIN SELECT RAISE(ABORT, 'exports are not recorded'); END"
before=$(exports)
refused() {	# NAME CMD...: exit 5, not a byte out, one line saying why
	local name=$1
	shift
	t_run "$name" 5 "$@"
	t_out "$name: prints nothing" ""
	t_err "$name: says why" "${1##*/}: the export's audit row cannot be written (audit: exports are not recorded); nothing exported"
}
refused "crm-export" crm-export
refused "crm-export -f tsv" crm-export -f tsv
refused "crm-export -f json" crm-export -f json
refused "crm-export --excel" crm-export --excel
refused "crm-export companies" crm-export companies
refused "crm-export -f vcard" crm-export -f vcard
refused "crm-export -f vcard --split" crm-export -f vcard --split "$T/cards"
t_eq "no card was written" "$(find "$T/cards" -type f 2>/dev/null | wc -l)" 0
refused "crm-export meetings -f ics" crm-export meetings -f ics
refused "crm-export -f emails" crm-export -f emails
refused "crm-export -f mutt" crm-export -f mutt
refused "crm-export -q" crm-export -q
refused "crm-find -f csv" crm-find -f csv Ana1
refused "crm-find -f json" crm-find -f json
refused "crm-find --mutt-query" crm-find --mutt-query ana1@
refused "crm-show's candidates as records" crm-show -f csv García
t_eq "and the trail holds none of them" "$(exports)" "$before"
t_run "a table for people is no export" 0 crm-find -f table Ana17
t_has "it is printed" "ana17@example.es"
t_run "ids alone are no export" 0 crm-find -q Ana17
t_out "17" "17"
t_run "nor one card" 0 crm-show 17
t_has "shown" "Ana17 García (contact 17)"
t_done
