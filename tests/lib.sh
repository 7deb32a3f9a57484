# tests/lib.sh - shared by the CLI tests: each test script sources it,
# runs the built binaries on a real database in a temporary folder and
# prints TAP.  BIN names the folder of the binaries under test.
#
#   t_run NAME STATUS CMD...    run CMD with stdin from $IN (or /dev/null),
#                               expect exit STATUS; stdout in $OUT,
#                               stderr in $ERR
#   t_out NAME WANT             $OUT must be exactly WANT
#   t_err NAME WANT             $ERR must be exactly WANT
#   t_ok NAME CMD...            CMD must succeed
#   t_eq NAME GOT WANT          GOT must be exactly WANT
#   t_utc LOCAL                 the UTC stamp crm stores for a local time
#   t_done                      print the plan, exit non-zero on failure

set -u
: "${BIN:?BIN must name the folder of the binaries}"
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
export PATH="$BIN:$PATH"
T=$(mktemp -d "${TMPDIR:-/tmp}/crm-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export CRM_DB="$T/crm.db"
export HOME="$T/home" XDG_DATA_HOME=
mkdir -p "$HOME"
export TZ=${CRM_TEST_TZ:-UTC} LC_ALL=C.UTF-8
# A pinned instant (tests/run, for a test that says "# crm-test: clock"):
# every process the test starts, binaries, sqlite3 and date alike, starts
# its clock at CRM_TEST_AT (seconds since the epoch) through libfaketime.
if [ -n "${CRM_TEST_AT:-}" ]; then
	for t_ft in /usr/lib/*/faketime/libfaketime.so.1 \
	    /usr/lib/faketime/libfaketime.so.1; do
		[ -f "$t_ft" ] && break
	done
	if ! [ -f "$t_ft" ]; then
		echo "not ok 1 - libfaketime is not installed (make deps)"
		exit 1
	fi
	export LD_PRELOAD="$t_ft${LD_PRELOAD:+:$LD_PRELOAD}"
	export FAKETIME="@$CRM_TEST_AT" FAKETIME_FMT=%s
	# man-db's sandbox refuses the semaphores libfaketime opens.
	export MAN_DISABLE_SECCOMP=1
	# A fixed start makes libfaketime set the zone up before date(1)
	# applies -u, which then prints local time: give it TZ=UTC0 instead.
	date() {
		local a args=() utc=
		for a; do
			case $a in
			-u | --utc | --universal) utc=1 ;;
			*) args+=("$a") ;;
			esac
		done
		if [ -n "$utc" ]; then
			TZ=UTC0 command date "${args[@]}"
		else
			command date "$@"
		fi
	}
	# The sanitizers' runtime need not come first once libfaketime does.
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
fi
ME=$(id -un)
IN=/dev/null
OUT="$T/.out" ERR="$T/.err"
t_n=0 t_failed=0

t_report() {	# NAME PASS [DIAGNOSTIC...]
	t_n=$((t_n + 1))
	if [ "$2" = 1 ]; then
		echo "ok $t_n - $1"
	else
		t_failed=$((t_failed + 1))
		echo "not ok $t_n - $1"
		shift 2
		for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done
	fi
}

t_run() {
	local name=$1 want=$2 got
	shift 2
	"$@" <"$IN" >"$OUT" 2>"$ERR"
	got=$?
	IN=/dev/null
	if [ "$got" = "$want" ]; then
		t_report "$name" 1
	else
		t_report "$name" 0 "exit $got, want $want" "stderr:" \
		    "$(head -c 2000 "$ERR")"
	fi
}

t_out() {
	if [ "$(cat "$OUT")" = "$2" ]; then
		t_report "$1" 1
	else
		t_report "$1" 0 "got:" "$(head -c 3000 "$OUT")" "want:" "$2"
	fi
}

t_err() {
	if [ "$(cat "$ERR")" = "$2" ]; then
		t_report "$1" 1
	else
		t_report "$1" 0 "got:" "$(head -c 3000 "$ERR")" "want:" "$2"
	fi
}

t_ok() {
	local name=$1
	shift
	if "$@" >"$T/.ok" 2>&1; then
		t_report "$name" 1
	else
		t_report "$name" 0 "$(head -c 2000 "$T/.ok")"
	fi
}

t_eq() {
	if [ "$2" = "$3" ]; then
		t_report "$1" 1
	else
		t_report "$1" 0 "got:" "$2" "want:" "$3"
	fi
}

t_done() {
	echo "1..$t_n"
	[ "$t_failed" = 0 ]
}

t_utc() {	# LOCAL: the stamp crm stores for LOCAL ("2030-01-15 10:00", in TZ)
	TZ=UTC0 command date -d "TZ=\"$TZ\" $*" +%Y-%m-%dT%H:%M:%SZ
}

t_has() {	# NAME TEXT: $OUT contains the line TEXT, or the fixed string
	if grep -qF -- "$2" "$OUT"; then
		t_report "$1" 1
	else
		t_report "$1" 0 "no '$2' in:" "$(head -c 2000 "$OUT")"
	fi
}
