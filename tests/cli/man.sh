# tests/cli/man.sh - every binary has a manual page with the sections the
# suite promises, every page is lint-clean, and --help works.
. "$TOP/tests/lib.sh"

MAN=$TOP/man

if command -v mandoc >/dev/null 2>&1; then
	for page in "$MAN"/*.[17]; do
		[ -f "$page" ] || continue
		mandoc -Tlint -W warning "$page" >"$OUT" 2>&1
		t_out "mandoc -Tlint clean: ${page##*/}" ""
	done
else
	t_n=$((t_n + 1))
	echo "ok $t_n - mandoc -Tlint # SKIP no mandoc"
fi

# An mdoc section is there when a line reads ".Sh NAME".
has_section() {	# PAGE SECTION
	grep -qx "\.Sh $2" "$1"
}

t_ok "crm.7 exists" test -f "$MAN/crm.7"
for sec in NAME DESCRIPTION ENVIRONMENT FILES "EXIT STATUS" EXAMPLES \
    "SEE ALSO"; do
	t_ok "crm.7 has $sec" has_section "$MAN/crm.7" "$sec"
done

for src in "$TOP"/cmd/*.c; do
	prog=$(basename "$src" .c)
	page=$MAN/$prog.1
	t_ok "$prog has a manual page" test -f "$page"
	for sec in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES \
	    "SEE ALSO"; do
		t_ok "$prog.1 has $sec" has_section "$page" "$sec"
	done
	t_ok "$prog.1 names $prog" grep -qx "\.Nm $prog" "$page"
	t_ok "$prog.1 links back to crm(7)" grep -qx '\.Xr crm 7' "$page"
	t_run "$prog --help exits 0" 0 "$BIN/$prog" --help
	t_ok "$prog --help prints a usage" grep -qi usage "$OUT"
done

# Every long option a binary's --help lists is in its manual page.
for src in "$TOP"/cmd/*.c; do
	prog=$(basename "$src" .c)
	[ -f "$MAN/$prog.1" ] || continue
	"$BIN/$prog" --help 2>/dev/null |
	    sed -n 's/^ *\(-[^-], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' |
	    sort -u >"$T/opts"
	missing=
	while read -r opt; do
		grep -q -- "Fl -${opt#--}\\b" "$MAN/$prog.1" ||
		    missing="$missing $opt"
	done <"$T/opts"
	t_report "$prog.1 documents every option of --help" \
	    "$([ -z "$missing" ] && echo 1 || echo 0)" "missing:$missing"
done

# crm help VERB finds the page beside the build.
if command -v man >/dev/null 2>&1; then
	t_run "crm help add shows crm-add(1)" 0 \
	    env MANPAGER=cat PAGER=cat MANWIDTH=80 "$BIN/crm" help add
	grep -q 'crm-add' "$OUT" && grep -q 'EXIT STATUS' "$OUT"
	t_report "crm help add prints the manual" \
	    "$([ $? = 0 ] && echo 1 || echo 0)" "$(head -c 500 "$OUT")"
fi
t_done
