# tests/cli/shared.sh - a base shared on a server: make install-shared into
# a temporary prefix, real Unix users running the setgid binaries, and each
# rule of the shared install and of the roles proven as those users.  Needs
# root (CI runs it so); elsewhere every check is reported skipped.
. "$TOP/tests/lib.sh"

checks="the base's folder and file are the group's, shut to others
-wal and -shm belong to the user whose process made them, out of reach
--db and CRM_DB naming another base are refused
LD_* and SQLITE_TMPDIR do not reach the privileged binaries
file options are opened with the user's own rights
several users write at once
roles: labour policy, own clients, acting for others, users, deactivated
roles: visibility, exports limited and audited
a base the group cannot write serves reading, refuses writes and exports
every denial leaves the base and its audit trail unchanged"

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
for tool in useradd userdel groupdel runuser sqlite3 sha256sum findmnt; do
	command -v "$tool" >/dev/null || skip_all "no $tool"
done
W=$(mktemp -d -p /var/tmp) || skip_all "no /var/tmp"
chmod 755 "$W"
case ,$(findmnt -no OPTIONS --target "$W"), in
*,nosuid,*)
	rm -rf "$W"
	skip_all "/var/tmp is mounted nosuid: setgid cannot work there" ;;
esac

# Everyone here is named after this run, so that nothing real is touched.
G=crmt_g_$$
ADM=crmt_adm_$$ ANA=crmt_ana_$$ LUIS=crmt_luis_$$ OLGA=crmt_olga_$$
DAN=crmt_dan_$$ BOB=crmt_bob_$$
people="$ADM $ANA $LUIS $OLGA $DAN $BOB"
cleanup() {
	local u
	wait
	for u in $people; do
		userdel "$u" 2>/dev/null
	done
	groupdel "$G" 2>/dev/null
	rm -rf "$W" "$T"
}
trap cleanup EXIT
for u in $people; do
	useradd -M -d "$W/home/$u" -s /usr/sbin/nologin "$u" || skip_all "useradd $u failed"
	mkdir -p "$W/home/$u"
	chown "$u:" "$W/home/$u"
	chmod 700 "$W/home/$u"
done

# Install the binaries of the build under test: its libcrm.a, its flags.
unset CRM_DB MAKEFLAGS MAKELEVEL
BUILD=${BIN%/bin}
make=(make -s --no-print-directory -C "$TOP" install-shared BUILD="$BUILD"
    PREFIX="$W/prefix" SHAREDDIR="$W/lib" CRMGROUP="$G" ADMIN="$ADM")
[ -n "${CRM_SAN:-}" ] &&
    make+=('CFLAGS=$(SANFLAGS)' LDFLAGS=-fsanitize=address,undefined)
t_ok "make install-shared" "${make[@]}"
P=$W/prefix/bin DB=$W/lib/crm.db
if [ ! -x "$P/crm-find" ] || [ ! -e "$DB" ]; then
	head -c 3000 "$T/.ok" | sed 's/^/# /'
	t_done
	exit 1
fi

as() {	# USER CMD...: run CMD as USER
	local u=$1
	shift
	runuser -u "$u" -- "$@"
}
# The whole base as text, audit trail included: what a denial must not change.
snapshot() {
	sqlite3 "$DB" .dump | sha256sum
}
# t_denied NAME STATUS TEXT CMD...: CMD exits STATUS, says TEXT on stderr
# and leaves the base exactly as it was.
t_denied() {
	local name=$1 want=$2 text=$3 before
	shift 3
	before=$(snapshot)
	t_run "$name" "$want" "$@"
	if grep -qF -- "$text" "$ERR"; then
		t_report "$name: says \"$text\"" 1
	else
		t_report "$name: says \"$text\"" 0 "stderr:" "$(head -c 2000 "$ERR")"
	fi
	t_eq "$name: the base is unchanged" "$(snapshot)" "$before"
}
t_true() {	# NAME CONDITION...: the test(1) CONDITION holds
	local name=$1
	shift
	if [ "$@" ]; then t_report "$name" 1; else t_report "$name" 0 "[ $* ]"; fi
}

# --- The install: folder, file, binaries, first admin.
t_eq "the folder: root and the group, 2770" \
    "$(stat -c '%a %U %G' "$W/lib")" "2770 root $G"
t_eq "the base: made by the admin's run, the group's, 660" \
    "$(stat -c '%a %U %G' "$DB")" "660 $ADM $G"
t_eq "crm-* are setgid to the group" \
    "$(stat -c '%a %U %G' "$P/crm-edit")" "2755 root $G"
t_eq "the dispatcher is not" "$(stat -c '%a %U %G' "$P/crm")" "755 root root"
t_run "the admin is the base's first user" 0 sqlite3 "$DB" \
    "SELECT login, role FROM users"
t_out "admin" "$ADM|admin"

for u in "$ANA role=manager" "$LUIS role=manager" "$OLGA role=operator" \
    "$DAN role=manager"; do
	# shellcheck disable=SC2086  # login and field, two words
	t_run "the admin adds ${u%% *}" 0 as "$ADM" "$P/crm-user" add $u
done
t_run "ana adds a client" 0 as "$ANA" "$P/crm-add" -q first_name=Alba \
    last_name=Ana phone=+34600111001 email=alba@example.com
A1=$(cat "$OUT")
t_run "luis adds a client" 0 as "$LUIS" "$P/crm-add" -q first_name=Leo \
    last_name=Luis phone=+34600222002 email=leo@example.com
L1=$(cat "$OUT")
t_run "the clients are their owners'" 0 sqlite3 "$DB" \
    "SELECT id || ':' || owner FROM contacts ORDER BY id"
t_out "owners" "$A1:$ANA
$L1:$LUIS"

# --- The file and its folder are out of a user's reach.
t_run "ana cannot read the base" 1 as "$ANA" cat "$DB"
t_out "nothing read" ""
t_run "ana cannot list its folder" 2 as "$ANA" ls "$W/lib"
t_run "nor open it with sqlite3" 1 as "$ANA" sqlite3 "$DB" \
    "SELECT count(*) FROM contacts"
t_out "nothing read by sqlite3" ""

# --- -wal and -shm: made by a user's process, owned by them, unreachable.
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
t_true "root, the last to close, removed -wal and -shm" ! -e "$DB-wal" -a \
    ! -e "$DB-shm"
t_run "ana's run makes them again" 0 as "$ANA" "$P/crm-find" -q
t_eq "-wal: ana's, the group's, 660" \
    "$(stat -c '%a %U %G' "$DB-wal" 2>&1)" "660 $ANA $G"
t_eq "-shm: ana's, the group's, 660" \
    "$(stat -c '%a %U %G' "$DB-shm" 2>&1)" "660 $ANA $G"
t_run "luis cannot read ana's -wal" 1 as "$LUIS" cat "$DB-wal"
t_run "nor can ana, its owner, by its path" 1 as "$ANA" cat "$DB-wal"
t_run "nor write it" 1 as "$ANA" dd if=/dev/zero of="$DB-shm" bs=1 count=1 \
    conv=notrunc status=none
t_run "luis writes through them: the group's rights" 0 as "$LUIS" \
    "$P/crm-add" -q first_name=Lara last_name=Luis email=lara@example.com
L2=$(cat "$OUT")

# --- Another base is refused while privileged.
t_denied "--db elsewhere" 4 "refused" \
    as "$ANA" "$P/crm-find" --db "$W/home/$ANA/mine.db"
t_true "and not created" ! -e "$W/home/$ANA/mine.db"
t_denied "--db beside the base, in its folder" 4 "refused" \
    as "$ANA" "$P/crm-add" --db "$W/lib/other.db" first_name=X last_name=Y \
    email=x@example.com
t_true "and not created" ! -e "$W/lib/other.db"
t_denied "CRM_DB elsewhere" 4 "CRM_DB $W/home/$ANA/mine.db refused" \
    as "$ANA" env CRM_DB="$W/home/$ANA/mine.db" "$P/crm-find"
t_true "and not created" ! -e "$W/home/$ANA/mine.db"
t_run "--db naming the shared base itself is fine" 0 as "$ANA" "$P/crm-find" \
    -q --db "$DB"
t_run "so is CRM_DB naming it" 0 as "$ANA" env CRM_DB="$DB" "$P/crm-find" -q
t_run "XDG_DATA_HOME and HOME are ignored" 0 as "$ANA" env \
    XDG_DATA_HOME="$W/home/$ANA/xdg" HOME="$W/home/$ANA" "$P/crm-find" -q
t_true "no base made under them" ! -e "$W/home/$ANA/xdg" -a \
    ! -e "$W/home/$ANA/.local"
chmod 2775 "$W/lib"
t_denied "a folder open to others: nothing opens" 4 "closed to others" \
    as "$ANA" "$P/crm-find"
chmod 2770 "$W/lib"

# --- The environment: the loader's and SQLite's variables stay out.
if command -v cc >/dev/null; then
	mkdir -m 1777 "$W/marks"
	cat >"$W/preload.c" <<EOF
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void
mark(void)
{
	close(open("$W/marks/loaded", O_WRONLY | O_CREAT, 0666));
}
EOF
	cc -shared -fPIC -o "$W/libmark.so" "$W/preload.c"
	chmod 755 "$W/libmark.so"
	as "$ANA" env LD_PRELOAD="$W/libmark.so" /bin/true
	t_true "the preload works on an ordinary program" -e "$W/marks/loaded"
	rm -f "$W/marks/loaded"
	t_run "crm-find with LD_PRELOAD and LD_LIBRARY_PATH" 0 as "$ANA" env \
	    LD_PRELOAD="$W/libmark.so" LD_LIBRARY_PATH="$W" "$P/crm-find" -q
	t_true "the preload never ran in it" ! -e "$W/marks/loaded"
else
	t_report "LD_PRELOAD # SKIP no C compiler to build a preload" 1
fi
# A bulk import big enough that SQLite spills to a temporary file: the
# ordinary binaries on a private base do; the shared ones, given
# SQLITE_TMPDIR and TMPDIR, must not.  The folder's mtime tells whether a
# file came and went in it (SQLite unlinks its temporary files at once).
rows=40000
awk -v n=$rows 'BEGIN { print "first_name,last_name,email";
    for (i = 1; i <= n; i++) printf "Bulk%d,Row%d,bulk%d@example.com\n", i, i, i }' \
    >"$W/bulk.csv"
chmod 644 "$W/bulk.csv"
tmpd=$W/home/$ADM/tmp
mkdir -m 700 "$tmpd"
chown "$ADM:" "$tmpd"
touch -d 2001-01-01 "$tmpd"
IN="$W/bulk.csv"
t_run "an unprivileged import of $rows rows into a base of one's own" 0 as \
    "$ADM" env SQLITE_TMPDIR="$tmpd" "$BIN/crm-add" -q \
    --db "$W/home/$ADM/own.db"
spilled=$(stat -c %Y "$tmpd")
touch -d 2001-01-01 "$tmpd"
size=$(stat -c %s "$DB")
IN="$W/bulk.csv"
t_run "the same import into the shared base" 0 as "$ADM" env \
    SQLITE_TMPDIR="$tmpd" TMPDIR="$tmpd" "$P/crm-add" -q
if [ "$spilled" = "$(date -d 2001-01-01 +%s)" ]; then
	t_report "SQLITE_TMPDIR # SKIP the import no longer spills to a temporary file" 1
else
	t_eq "no temporary file in SQLITE_TMPDIR: temporary data stays in memory" \
	    "$(stat -c %Y "$tmpd")" "$(date -d 2001-01-01 +%s)"
fi
# The WAL outgrew its limit during that import: the process, no longer
# privileged, still checkpointed it into the base through its open files.
t_true "the import was checkpointed into the base file" \
    "$(stat -c %s "$DB")" -gt $((size + 1000000))
rm -f "$W/home/$ADM"/own.db*
sqlite3 "$DB" "DELETE FROM contacts WHERE last_name LIKE 'Row%'"

# --- Files the user names are opened with the user's own rights.
printf 'first_name,last_name,email\nGood,One,good1@example.com\n,,bad\n' \
    >"$W/rows.csv"
chmod 644 "$W/rows.csv"
IN="$W/rows.csv"
t_denied "--rejects into the base's folder" 4 "Permission denied" \
    as "$ANA" "$P/crm-add" --rejects "$W/lib/rejects.csv"
t_true "no file made there" ! -e "$W/lib/rejects.csv"
IN="$W/rows.csv"
t_denied "--rejects over the base itself" 4 "Permission denied" \
    as "$ANA" "$P/crm-add" --rejects "$DB"
t_denied "--split into the base's folder" 4 "Permission denied" \
    as "$ANA" "$P/crm-export" -f vcard --split "$W/lib/cards"
t_true "no folder made there" ! -e "$W/lib/cards"
IN="$W/rows.csv"
t_run "--rejects in her home, under her umask 027" 1 as "$ANA" sh -c \
    'umask 027; exec "$0" "$@"' "$P/crm-add" -q \
    --rejects "$W/home/$ANA/rejects.csv"
t_eq "is hers, her group's, her umask's: made after the group was given up" \
    "$(stat -c '%U %G %a' "$W/home/$ANA/rejects.csv" 2>&1)" "$ANA $ANA 640"
# Run with standard output closed, a program could open the base as
# descriptor 1 and print into it; the C library fills 0-2 first.
as "$ANA" sh -c 'exec "$0" "$@" >&-' "$P/crm-add" first_name=Closed \
    last_name=Out email=closed@example.com 2>/dev/null
t_run "standard output closed: the base is sound" 0 sqlite3 "$DB" \
    "PRAGMA integrity_check; SELECT count(*) FROM contacts WHERE
    first_name = 'Closed'"
t_out "and holds the new client" "ok
1"
sqlite3 "$DB" "DELETE FROM contacts WHERE first_name = 'Closed'"

# --- Several users writing at once, after each gave up the group.
pids=()
for u in "$ANA" "$LUIS" "$OLGA"; do
	(for k in 1 2 3 4 5 6 7 8; do
		as "$u" "$P/crm-add" -q first_name="C$k" last_name="$u" \
		    email="c$k.$u@example.com" >/dev/null || exit 1
	done) &
	pids+=($!)
done 2>"$T/conc.err"
fails=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
t_eq "3 users x 8 adds at once all succeed" "$fails" 0
t_run "all there" 0 sqlite3 "$DB" \
    "SELECT count(*) FROM contacts WHERE first_name GLOB 'C[0-9]'"
t_out "24" "24"
t_run "and the base is sound" 0 sqlite3 "$DB" "PRAGMA integrity_check"
t_out "ok" "ok"
sqlite3 "$DB" "DELETE FROM contacts WHERE first_name GLOB 'C[0-9]'"
t_run "the dispatcher runs the setgid crm-find" 0 as "$ANA" "$P/crm" find -q \
    Alba
t_out "found" "$A1"
# An erasure ends with a checkpoint that empties the WAL: it works on the
# files the process opened before it gave up the group.
t_run "the admin erases lara" 0 as "$ADM" "$P/crm-edit" -q --erase "$L2"
t_eq "the WAL is emptied" "$(stat -c %s "$DB-wal" 2>&1)" 0

# --- Roles.  policy.labour open (the default): a manager changes her own
# clients' personal data, and nobody else's.
ids() {	# OWNER: the ids of OWNER's contacts, one a line (as exported)
	sqlite3 "$DB" "SELECT id FROM contacts WHERE owner = '$1' ORDER BY id"
}
active_ids() {	# [OWNER]: the same without the archived (as found)
	sqlite3 "$DB" "SELECT id FROM contacts WHERE archived_at IS NULL
	    AND ('$*' = '' OR owner = '$*') ORDER BY id"
}
t_run "ana changes her client's phone (policy open)" 0 as "$ANA" \
    "$P/crm-edit" -q "$A1" phone=+34600111009
t_denied "ana changes luis's client" 4 "belongs to $LUIS" \
    as "$ANA" "$P/crm-edit" "$L1" tags=mine
t_run "the admin sets policy.labour operator" 0 as "$ADM" "$P/crm-config" \
    set policy.labour operator
t_denied "ana changes her client's phone (policy operator)" 4 \
    "personal data" as "$ANA" "$P/crm-edit" "$A1" phone=+34600111010
t_denied "nor her client's e-mail" 4 "personal data" \
    as "$ANA" "$P/crm-edit" "$A1" email=other@example.com
t_run "ana still tags her client: not personal data" 0 as "$ANA" \
    "$P/crm-edit" -q "$A1" tags=vip
t_run "olga, an operator, changes luis's client's phone" 0 as "$OLGA" \
    "$P/crm-edit" -q "$L1" phone=+34600222020
t_run "stored, and audited as olga" 0 sqlite3 "$DB" "SELECT c.phone, a.actor
    FROM contacts c JOIN audit a ON a.entity = 'contact' AND a.entity_id = c.id
    WHERE c.id = $L1 AND a.field = 'phone' ORDER BY a.id DESC LIMIT 1"
t_out "olga's change" "+34600222020|$OLGA"
t_denied "ana acts for luis" 4 "act for others" as "$ANA" "$P/crm-meet" \
    --for "$LUIS" "$A1" Demo --at "tomorrow 10:00"
t_run "olga acts for luis" 0 as "$OLGA" "$P/crm-meet" -q --for "$LUIS" \
    "$L1" Demo --at "tomorrow 10:00"
t_denied "ana adds a user" 4 "managing users is for admins" \
    as "$ANA" "$P/crm-user" add "crmt_x_$$"
t_denied "bob, not a user of the base, searches it" 4 \
    "is not a user of this base" as "$BOB" "$P/crm-find"
t_denied "nor does he write, nor become a user" 4 \
    "is not a user of this base" as "$BOB" "$P/crm-add" first_name=Bo \
    last_name=B email=bo@example.com
t_run "the admin deactivates dan" 0 as "$ADM" "$P/crm-user" set "$DAN" \
    active=no
t_denied "dan, deactivated, adds a client" 4 "is deactivated" \
    as "$DAN" "$P/crm-add" first_name=Di last_name=D email=di@example.com
t_denied "nor edits one" 4 "is deactivated" \
    as "$DAN" "$P/crm-edit" "$A1" tags=x

# --- What managers see.  Under policy.visibility all, a manager's export
# of personal data is still only her clients; under own, so is every list.
exports() {	# LOGIN: how many exports the audit trail holds by LOGIN
	sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'export'
	    AND actor = '$1'"
}
t_run "ana finds every client (visibility all)" 0 as "$ANA" "$P/crm-find" -q
t_out "all" "$(active_ids)"
n=$(exports "$ANA")
t_run "ana exports contacts (visibility all)" 0 as "$ANA" "$P/crm-export" -q
t_out "only hers" "$(ids "$ANA")"
t_eq "one audit row for that export" "$(exports "$ANA")" "$((n + 1))"
t_run "the admin sets policy.visibility own" 0 as "$ADM" "$P/crm-config" \
    set policy.visibility own
t_run "ana finds (visibility own)" 0 as "$ANA" "$P/crm-find" -q
t_out "only hers" "$(active_ids "$ANA")"
t_run "ana searches luis's client by name: not found, as any search" 3 \
    as "$ANA" "$P/crm-find" -q Leo
t_out "nothing of his" ""
n=$(exports "$ANA")
t_run "ana exports contacts (visibility own)" 0 as "$ANA" "$P/crm-export" -q
t_out "only hers" "$(ids "$ANA")"
t_run "ana asks for luis's clients by owner" 0 as "$ANA" "$P/crm-export" -q \
    owner="$LUIS"
t_out "none" ""
t_eq "one audit row per export" "$(exports "$ANA")" "$((n + 2))"
t_run "luis sees his own" 0 as "$LUIS" "$P/crm-find" -q
t_out "his" "$(active_ids "$LUIS")"
t_run "the operator sees every client" 0 as "$OLGA" "$P/crm-find" -q
t_out "all" "$(active_ids)"
t_run "crm-log shows the exports to the admin" 0 as "$ADM" "$P/crm-log" \
    -f csv
t_has "ana's exports" ",$ANA,export,"

# --- A base the group may only read (an admin freezing it, a read-only
# mount) still serves what is not an export.
chmod 440 "$DB"
t_run "a read-only base: ana finds her clients" 0 as "$ANA" "$P/crm-find" -q
t_out "as before" "$(active_ids "$ANA")"
t_denied "a read-only base: ana adds none" 4 "$DB is read-only: nothing can be changed" \
    as "$ANA" "$P/crm-add" first_name=Ro last_name=Ro email=ro@example.com
t_denied "a read-only base: nor exports" 4 "an export is audited, and its audit row cannot be written; nothing exported" \
    as "$ANA" "$P/crm-export"
t_out "a read-only base: nothing exported" ""
chmod 660 "$DB"

t_run "in the end, the base is sound" 0 sqlite3 "$DB" "PRAGMA integrity_check"
t_out "ok" "ok"
t_done
