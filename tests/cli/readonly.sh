# tests/cli/readonly.sh - a base that cannot be written (a read-only file,
# a folder where no -wal or -shm can be made, a read-only mount) still
# serves what is not an export: tables for people, crm-show, -q ids, the
# dashboard and lists.  A write is refused with one line and exit 4; an
# export, which must be audited, is refused the same way before a byte
# is printed; nothing is created beside the base.  Root ignores file
# modes, so a real unprivileged user reads here (named after this run,
# removed at the end), and root reads a read-only bind mount in a mount
# namespace of its own.  Elsewhere the checks are reported skipped.
. "$TOP/tests/lib.sh"

checks="a read-only base in a folder no one but root may write
a writable file in a folder the reader may not write
a read-only base in a folder the reader may write
a base another process is writing (its -wal and -shm are there)
a -wal with changes and no -shm is refused
a base that needs a schema upgrade is refused
a read-only mount"

skip_all() {	# REASON
	local n=0
	while IFS= read -r c; do
		n=$((n + 1))
		echo "ok $n - $c # SKIP $1"
	done <<<"$checks"
	echo "1..$n"
	exit 0
}

[ "$(id -u)" = 0 ] || skip_all "not run as root"
for tool in useradd userdel runuser sqlite3 md5sum python3; do
	command -v "$tool" >/dev/null || skip_all "no $tool"
done
W=$(mktemp -d -p /var/tmp) || skip_all "no /var/tmp"
chmod 755 "$W"
U=crmt_ro_$$
cleanup() {
	userdel "$U" 2>/dev/null
	rm -rf "$W" "$T"
}
trap cleanup EXIT
useradd -M -d "$W" -s /usr/sbin/nologin "$U" || skip_all "useradd failed"
# The binaries under test, where the user can run them.
mkdir "$W/bin"
cp "$BIN"/crm "$BIN"/crm-* "$W/bin/"
chmod -R a+rX "$W/bin"

# A base with a little of everything, made by root, its owner and admin.
base() {	# PATH: make a base there, readable by all
	CRM_DB=$1 crm-config set phone.default_country 34 >/dev/null
	CRM_DB=$1 crm-add -q first_name=Ana last_name=García phone=600111222 \
	    >/dev/null
	CRM_DB=$1 crm-add -q first_name=Luis last_name=García \
	    email=luis@x.es >/dev/null
	CRM_DB=$1 crm-meet -q 1 Demo --at 2099-12-01T10:00 >/dev/null
	CRM_DB=$1 crm-task -q 1 "send offer" --due 2099-01-02 >/dev/null
	CRM_DB=$1 crm-deal -q 1 Licences amount=100 >/dev/null
	chmod 644 "$1"
}
as() {	# DB CMD...: run CMD as the user, on base DB
	local db=$1
	shift
	runuser -u "$U" -- env PATH="$W/bin:/usr/bin:/bin" CRM_DB="$db" "$@"
}
said() {	# NAME TEXT: $ERR is exactly TEXT
	t_err "$1" "$2"
}
snap() { sqlite3 "file:$1?immutable=1" "SELECT * FROM contacts; SELECT * FROM
    audit; SELECT * FROM meetings" | md5sum; }
# What reads, what writes, what exports, on base DB.
serves() {	# WHAT DB
	local what=$1 db=$2 before
	before=$(snap "$db")
	t_run "$what: a table for people" 0 as "$db" crm-find -f table García
	t_has "$what: both" "luis@x.es"
	t_run "$what: ids" 0 as "$db" crm-find -q García
	t_out "$what: 1 and 2" "1
2"
	t_run "$what: a card" 0 as "$db" crm-show 1
	t_has "$what: its meeting" "Demo"
	t_run "$what: the dashboard" 0 as "$db" crm
	t_run "$what: lists" 0 as "$db" crm-meet -q --all
	t_out "$what: the meeting" "1"
	t_run "$what: tasks" 0 as "$db" crm-task -q --all
	t_run "$what: deals" 0 as "$db" crm-deal -q --all
	t_run "$what: settings" 0 as "$db" crm-config get phone.default_country
	t_out "$what: 34" "34"
	t_run "$what: a write" 4 as "$db" crm-edit 1 city=Lugo
	said "$what: is refused in one line" \
	    "crm-edit: $db is read-only: nothing can be changed"
	t_run "$what: an import" 4 sh -c "printf 'first_name,last_name,email\nA,B,a@b.es\n' |
	    runuser -u $U -- env PATH='$W/bin:/usr/bin:/bin' CRM_DB='$db' crm-add"
	t_run "$what: a meeting" 4 as "$db" crm-meet 1 Call --at 2099-12-02T10:00
	t_run "$what: an export" 4 as "$db" crm-export
	t_out "$what: prints nothing" ""
	said "$what: and says why" \
	    "crm-export: $db is read-only: an export is audited, and its audit row cannot be written; nothing exported"
	t_run "$what: crm-find in a machine format" 4 as "$db" crm-find -f json
	t_out "$what: nothing either" ""
	t_run "$what: crm-show's candidates as records" 4 as "$db" crm-show \
	    -f csv García
	t_out "$what: nothing" ""
	t_eq "$what: the base is unchanged" "$(snap "$db")" "$before"
}

# Root owns the folder: no -wal or -shm can be made beside the file.
mkdir "$W/root"
base "$W/root/crm.db"
serves "read-only folder" "$W/root/crm.db"
t_eq "nothing was created beside it" "$(ls "$W/root")" "crm.db"

# The reader may write the file, not the folder: no -wal, no -shm.
mkdir "$W/file"
base "$W/file/crm.db"
chmod 666 "$W/file/crm.db"
t_run "a writable file in a folder the reader may not write" 0 \
    as "$W/file/crm.db" crm-find -q García
t_out "is read" "1
2"
t_run "but not written" 4 as "$W/file/crm.db" crm-edit 1 city=Lugo
said "refused in one line" \
    "crm-edit: $W/file/crm.db is read-only: nothing can be changed"

# The reader may write the folder, not the file.
mkdir "$W/mine"
base "$W/mine/crm.db"
chown "$U" "$W/mine"
serves "writable folder" "$W/mine/crm.db"
t_eq "nothing was left beside it" "$(ls "$W/mine")" "crm.db"

# A writer holds the base open with a change still in its -wal: the reader
# goes through the writer's -wal and -shm and sees the change.
mkdir "$W/busy"
base "$W/busy/crm.db"
python3 -c '
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("UPDATE contacts SET city = ? WHERE id = 1", ("Only in the WAL",))
c.commit()
os._exit(0)' "$W/busy/crm.db"
chmod 644 "$W/busy"/*
t_ok "the change is in the -wal alone" test -s "$W/busy/crm.db-wal"
t_run "through another's -wal and -shm" 0 as "$W/busy/crm.db" crm-find \
    -f table García
t_has "the change is read" "Only in the WAL"
t_run "a write there" 4 as "$W/busy/crm.db" crm-task 1 call
rm "$W/busy/crm.db-shm"
t_run "a -wal with changes and no -shm" 5 as "$W/busy/crm.db" crm-find -q
said "is refused: reading it needs a -shm" \
    "crm-find: $W/busy/crm.db is read-only here and its -wal holds changes not yet in it: open it once with the right to write its folder"

# A base from an older crm needs its schema upgraded: a write.
mkdir "$W/old"
base "$W/old/crm.db"
sqlite3 "$W/old/crm.db" "PRAGMA user_version = 8"
t_run "a base to upgrade" 5 as "$W/old/crm.db" crm-find -q
said "is refused, saying why" \
    "crm-find: $W/old/crm.db is read-only and its schema (version 8) needs the upgrade to 9: open it once with write access"

# A read-only mount, as root (who could write the file otherwise).
if unshare -m true 2>/dev/null; then
	mkdir "$W/mnt"
	base "$W/mnt/crm.db"
	ro() {	# CMD...: run CMD with $W/mnt mounted read-only
		unshare -m sh -c 'mount --bind "$0" "$0" &&
		    mount -o remount,bind,ro "$0" && exec "$@"' "$W/mnt" \
		    env CRM_DB="$W/mnt/crm.db" "$@"
	}
	t_run "read-only mount: the admin's report" 0 ro crm-report
	t_run "read-only mount: a table" 0 ro crm-find -f table García
	t_has "read-only mount: both" "luis@x.es"
	t_run "read-only mount: a write" 4 ro crm-add first_name=Eva \
	    last_name=Sanz phone=600111333
	said "read-only mount: refused" \
	    "crm-add: $W/mnt/crm.db is read-only: nothing can be changed"
	t_run "read-only mount: an export" 4 ro crm-export
	t_out "read-only mount: prints nothing" ""
	t_eq "read-only mount: nothing beside it" "$(ls "$W/mnt")" "crm.db"
else
	t_report "a read-only mount # SKIP no mount namespace (unshare -m)" 1
fi
t_done
