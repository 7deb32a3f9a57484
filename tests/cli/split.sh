# tests/cli/split.sh - crm-export -f vcard --split DIR into a folder other
# users can write: a link planted there, at a card's temporary name or at
# its final name, is never followed, so nobody makes the exporter write
# into a file of theirs (to read her clients) or into one of hers (to
# destroy it).  Two real users: needs root (CI runs it so); elsewhere every
# check is reported skipped.
. "$TOP/tests/lib.sh"

checks="the export writes its cards
no link at a temporary name is followed: the other user's file is untouched
no link at a temporary name is followed: the exporter's own file is untouched
a link at a card's name is replaced by the card, not followed
the cards are the exporter's regular files, with her umask's mode
a card another user owns in a sticky folder: refused, with a clear line
--rejects and --split into a folder she may not write: both exit 4"

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
for tool in useradd userdel runuser; do
	command -v "$tool" >/dev/null || skip_all "no $tool"
done
W=$(mktemp -d -p /var/tmp) || skip_all "no /var/tmp"
chmod 755 "$W"

# Both are named after this run, so that nothing real is touched.
MAL=crmt_mal_$$ VIC=crmt_vic_$$
cleanup() {
	userdel "$MAL" 2>/dev/null
	userdel "$VIC" 2>/dev/null
	rm -rf "$W" "$T"
}
trap cleanup EXIT
for u in $MAL $VIC; do
	useradd -M -d "$W/$u" -s /usr/sbin/nologin "$u" ||
	    skip_all "useradd $u failed"
	mkdir -p "$W/$u"
	chown "$u:" "$W/$u"
	chmod 755 "$W/$u"
done
cd "$W" || exit 1

as() {	# USER CMD...: run CMD as USER, on USER's own base
	local u=$1
	shift
	runuser -u "$u" -- env HOME="$W/$u" CRM_DB="$W/$u/crm.db" "$@"
}

# The victim's clients, and the names their cards will have.
as "$VIC" "$BIN/crm-add" -q first_name=Ana last_name=Ruiz \
    email=ana@example.es >/dev/null
as "$VIC" "$BIN/crm-add" -q first_name=Luis last_name=Gil \
    email=luis@example.es >/dev/null
uids=$(as "$VIC" "$BIN/crm-export" -f vcard | sed -n 's/^UID:urn:uuid:\(.*\)\r$/\1/p')
U1=$(sed -n 1p <<<"$uids") U2=$(sed -n 2p <<<"$uids")

# A team folder both may write, without the sticky bit.
TEAM=$W/team
mkdir "$TEAM"
chmod 777 "$TEAM"
chown "$VIC:" "$TEAM"
printf "the other user's own\n" >"$W/$MAL/loot"
chmod 666 "$W/$MAL/loot"	# so that the victim could write it
chown "$MAL:" "$W/$MAL/loot"
printf "the victim's own\n" >"$W/$VIC/precious"
chown "$VIC:" "$W/$VIC/precious"
chmod 600 "$W/$VIC/precious"
# Links at the temporary names an older crm used, and at the final names.
as "$MAL" ln -s "$W/$MAL/loot" "$TEAM/.$U1.vcf.tmp"
as "$MAL" ln -s "$W/$VIC/precious" "$TEAM/.$U2.vcf.tmp"
as "$MAL" ln -s "$W/$MAL/loot" "$TEAM/$U1.vcf"

t_run "the export writes its cards" 0 as "$VIC" sh -c \
    'umask 022; exec "$0" "$@"' "$BIN/crm-export" -f vcard --split "$TEAM"
t_eq "no link at a temporary name is followed: the other user's file is untouched" \
    "$(cat "$W/$MAL/loot")" "the other user's own"
t_eq "no link at a temporary name is followed: the exporter's own file is untouched" \
    "$(cat "$W/$VIC/precious")" "the victim's own"
if [ ! -L "$TEAM/$U1.vcf" ] && grep -q "^FN:Ana Ruiz" "$TEAM/$U1.vcf"; then
	t_report "a link at a card's name is replaced by the card, not followed" 1
else
	t_report "a link at a card's name is replaced by the card, not followed" 0 \
	    "$(ls -l "$TEAM")"
fi
t_eq "the cards are the exporter's regular files, with her umask's mode" \
    "$(stat -c '%F %U %a' "$TEAM/$U1.vcf" "$TEAM/$U2.vcf")" \
    "regular file $VIC 644
regular file $VIC 644"

# A sticky folder, as /tmp: a card's name already taken by another user's
# file cannot be replaced; the export says so and fails.
STICKY=$W/sticky
mkdir "$STICKY"
chmod 1777 "$STICKY"
as "$MAL" sh -c "printf 'planted\n' >'$STICKY/$U1.vcf'"
t_run "a card another user owns in a sticky folder: refused" 4 \
    as "$VIC" "$BIN/crm-export" -f vcard --split "$STICKY"
t_err "a card another user owns in a sticky folder: refused, with a clear line" \
    "crm-export: $STICKY/$U1.vcf: Operation not permitted"
t_eq "the planted file is untouched" "$(cat "$STICKY/$U1.vcf")" "planted"

# Permission denied on any output path is one exit status, 4.
mkdir "$W/shut"
chmod 755 "$W/shut"
printf 'first_name,email\nBad,bad@\n' >"$W/rows.csv"
IN=$W/rows.csv
t_run "--rejects into a folder she may not write" 4 as "$VIC" \
    "$BIN/crm-add" --rejects "$W/shut/rejects.csv"
t_err "--rejects: says why" \
    "crm-add: $W/shut/rejects.csv: Permission denied"
t_run "--split into a folder she may not write" 4 as "$VIC" \
    "$BIN/crm-export" -f vcard --split "$W/shut"
t_err "--split: says why" \
    "crm-export: --split $W/shut: Permission denied"
t_done
