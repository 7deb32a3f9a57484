# tests/cli/completion.sh - the bash, zsh and fish completions offer
# exactly the expected candidates.  Each shell is driven non-interactively:
# bash by calling the completion function with COMP_WORDS set, zsh through
# a pseudo-terminal (zpty) with compadd wrapped to print what is offered,
# fish with "complete -C".  A shell that is not installed is skipped.
. "$TOP/tests/lib.sh"

COMPL=$TOP/completions
CMDS="crm crm-add crm-export crm-config crm-user"

# t_skip NAME REASON
t_skip() {
	t_n=$((t_n + 1))
	echo "ok $t_n - $1 # SKIP $2"
}

# t_same NAME GOT WANT: candidates, one a line, compared as sorted lists.
t_same() {
	local got want
	got=$(printf '%s\n' "$2" | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
	want=$(printf '%s\n' $3 | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
	if [ "$got" = "$want" ]; then
		t_report "$1" 1
	else
		t_report "$1" 0 "got:  $got" "want: $want"
	fi
}

contact_fields='first_name= last_name= phone= email= company= title= city=
    address= source= tags= notes= owner= consent='
company_fields='name= phone= email= website= city= address= tags= notes=
    owner='
entities='contact contacts company companies'
add_opts='--allow-duplicates --atomic --dry-run -n --rejects -r --upsert -u'
common_opts='--db --format -f --quiet -q --delimiter -d --help --usage'

# ---------------------------------------------------------------- bash
#
# bash_complete FILE LINE: source FILE in a fresh bash, split LINE into
# COMP_WORDS the way readline does ("=" and ":" are words of their own),
# call the function registered for the command, print COMPREPLY.
cat >"$T/bcomp.bash" <<'EOF'
source "$1" || exit 1
line=$2
read -ra toks <<<"$line"
W=()
for tok in "${toks[@]}"; do
	while [[ $tok == *[=:]* ]]; do
		pre=${tok%%[=:]*}
		[[ -n $pre ]] && W+=("$pre")
		rest=${tok#"$pre"}
		brk=${rest%%[^=:]*}
		W+=("$brk")
		tok=${rest#"$brk"}
	done
	[[ -n $tok ]] && W+=("$tok")
done
[[ $line == *" " ]] && W+=("")
COMP_WORDS=("${W[@]}")
COMP_CWORD=$((${#W[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
COMPREPLY=()
spec=$(complete -p "${W[0]}" 2>/dev/null) || { echo "no completion"; exit 1; }
fn=${spec#*-F }
fn=${fn%% *}
"$fn" "${W[0]}" "${W[COMP_CWORD]}" "${W[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
EOF

bash_case() {	# LINE WANT...
	local line=$1 file got
	shift
	file=$COMPL/bash/${line%% *}
	got=$(bash --norc --noprofile "$T/bcomp.bash" "$file" "$line" 2>&1)
	t_same "bash: $line" "$got" "$*"
}

bash_tests() {
	local c
	for c in $CMDS; do
		t_ok "bash: completions/bash/$c parses" bash -n "$COMPL/bash/$c"
	done
	bash_case 'crm ' add config export help user
	bash_case 'crm -' --help -h
	bash_case 'crm help ' add config export user
	bash_case 'crm add --up' --upsert
	bash_case 'crm export ta' tag=
	bash_case 'crm user set ana active=' yes no
	bash_case 'crm-add --fo' --format=
	bash_case 'crm-add -' --allow-duplicates --atomic --dry-run -n \
	    --rejects= -r --upsert -u --db= --format= -f --quiet -q \
	    --delimiter= -d --help --usage
	bash_case 'crm-add ' $entities $contact_fields
	bash_case 'crm-add co' contact contacts company companies company= \
	    consent=
	bash_case 'crm-add company ' $company_fields
	bash_case 'crm-add company name=x ' address= city= email= notes= \
	    owner= phone= tags= website=
	bash_case 'crm-add -n -f json first_name=a last' last_name=
	bash_case 'crm-add consent=' yes no
	bash_case 'crm-add consent=y' yes
	bash_case 'crm-add -f ' table csv tsv json
	bash_case 'crm-add --format ' table csv tsv json
	bash_case 'crm-add --format=j' json
	bash_case 'crm-add -d ' ',' '\;' tab
	bash_case 'crm-add --delimiter=t' tab
	bash_case 'crm-export ' $entities owner= tag= company=
	bash_case 'crm-export -' --active --since= -s --db= --format= -f \
	    --quiet -q --delimiter= -d --help --usage
	bash_case 'crm-export contacts owner=x ' tag= company=
	bash_case 'crm-export -s -7d t' tag=
	bash_case 'crm-config ' list get set unset
	bash_case 'crm-config -' --db= --format= -f --quiet -q --delimiter= \
	    -d --help --usage
	bash_case 'crm-config get ' phone.default_country
	bash_case 'crm-config set phone.default_country '
	bash_case 'crm-config list '
	bash_case 'crm-user ' list add set
	bash_case 'crm-user add ana ' name= email= role= extension= active=
	bash_case 'crm-user set ana name=x ro' role=
	bash_case 'crm-user add ana role=' admin supervisor manager operator
	bash_case 'crm-user add ana role=m' manager
	bash_case 'crm-user list '

	# Each file works alone, and registers every command of the suite.
	for c in $CMDS; do
		t_ok "bash: $c alone registers all commands" bash --norc \
		    --noprofile -c '. "$1"; shift; for c; do
			complete -p "$c" | grep -q -- "-F _crm" || exit 1
		    done' x "$COMPL/bash/$c" $CMDS
	done

	# bash-completion finds the file by the command's name and loads it.
	if [ -f /usr/share/bash-completion/bash_completion ]; then
		mkdir -p "$T/bc/completions"
		for c in $CMDS; do
			cp "$COMPL/bash/$c" "$T/bc/completions/$c"
		done
		for c in $CMDS; do
			t_ok "bash-completion loads $c on demand" env \
			    BASH_COMPLETION_USER_DIR="$T/bc" bash --norc \
			    --noprofile -c '
				. /usr/share/bash-completion/bash_completion
				__load_completion "$1" || exit 1
				complete -p "$1" | grep -q -- "-F _crm"' x "$c"
		done
	else
		t_skip "bash-completion loads the files on demand" \
		    "no bash-completion"
	fi
}

# ---------------------------------------------------------------- zsh
#
# A zsh in a pseudo-terminal loads compinit with completions/zsh on fpath;
# compadd is wrapped to print each match it is given, with its prefixes
# and suffix, between < and >, and the completion ends the shell.
cat >"$T/setup.zsh" <<'EOF'
PS1= PROMPT= RPROMPT=
autoload -Uz compinit && compinit -u -D
bindkey '^I' complete-word
zstyle ':completion:*' insert-tab false
compprefuncs=( _cap_start )
comppostfuncs=( _cap_end exit )
_cap_start() { print -rn -- $'\x01' }
_cap_end() { print -rn -- $'\x02' }
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"
    return
  fi
  local -a __hits
  local -A __o
  local __x
  zparseopts -E -A __o P: p: s: S:
  builtin compadd -A __hits "$@"
  for __x in $__hits; do
    print -r -- "<${__o[-P]-}${__o[-p]-}$__x${__o[-s]-}${__o[-S]-}>"
  done
  builtin compadd "$@"
}
EOF
cat >"$T/capture.zsh" <<'EOF'
# capture.zsh FPATHDIR SETUP LINE: the matches zsh offers for LINE.
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \$fpath); . ${(q)2}"
zpty -w z "$3"$'\t'
out=
SECONDS=0
while (( SECONDS < 10 )); do
  chunk=
  if zpty -rt z chunk; then out+=$chunk; else sleep 0.02; fi
  [[ $out == *$'\x02'* ]] && break
done
zpty -d z
[[ $out == *$'\x02'* ]] || { print "no completion ran"; exit 1 }
out=${out#*$'\x01'}
out=${out%%$'\x02'*}
print -r -- ${(F)${(u)${(M)${(f)out//$'\r'/}:#\<*\>}}}
EOF

zsh_case() {	# LINE WANT...
	local line=$1 got
	shift
	got=$(cd "$T" && zsh -f "$T/capture.zsh" "$COMPL/zsh" "$T/setup.zsh" \
	    "$line" 2>&1 | sed -n 's/^<\(.*\)>$/\1/p')
	t_same "zsh: $line" "$got" "$*"
}

zsh_tests() {
	t_ok "zsh: completions/zsh/_crm parses" zsh -n "$COMPL/zsh/_crm"
	t_ok "zsh: #compdef names every command" grep -qx \
	    '#compdef crm crm-add crm-export crm-config crm-user' \
	    "$COMPL/zsh/_crm"
	zsh_case 'crm ' add config export help user
	zsh_case 'crm -' --help -h
	zsh_case 'crm help ' add config export user
	zsh_case 'crm add --up' --upsert
	zsh_case 'crm export ta' tag=
	zsh_case 'crm user set ana active=' yes no
	zsh_case 'crm-add --fo' --format
	zsh_case 'crm-add -' --allow-duplicates --atomic --dry-run -n \
	    --rejects -r --upsert -u --db --format -f --quiet -q \
	    --delimiter -d --help --usage
	zsh_case 'crm-add ' $entities $contact_fields
	zsh_case 'crm-add company ' $company_fields
	zsh_case 'crm-add company name=x ' address= city= email= notes= \
	    owner= phone= tags= website=
	zsh_case 'crm-add consent=' yes no
	zsh_case 'crm-add -f ' table csv tsv json
	zsh_case 'crm-add --format=j' json
	zsh_case 'crm-add -d ' ',' '\;' tab
	zsh_case 'crm-export ' $entities owner= tag= company=
	zsh_case 'crm-export -' --active --since -s --db --format -f \
	    --quiet -q --delimiter -d --help --usage
	zsh_case 'crm-export contacts owner=x ' tag= company=
	zsh_case 'crm-config ' list get set unset
	zsh_case 'crm-config get ' phone.default_country
	zsh_case 'crm-config set phone.default_country '
	zsh_case 'crm-user ' list add set
	zsh_case 'crm-user add ana ' name= email= role= extension= active=
	zsh_case 'crm-user set ana name=x ro' role=
	zsh_case 'crm-user add ana role=' admin supervisor manager operator
}

# ---------------------------------------------------------------- fish
#
# fish loads completions/fish/CMD.fish for CMD when CMD is on PATH (the
# binaries under test are), and the helper functions they share from
# completions/fish/functions/NAME.fish when first called.
fish_case() {	# LINE WANT...
	local line=$1
	shift
	t_same "fish: $line" "$(fish_complete "$COMPL/fish" "$line")" "$*"
}

fish_alone() {	# CMD LINE WANT...: with only CMD.fish and the functions
	local c=$1 line=$2
	shift 2
	mkdir -p "$T/fish-$c"
	cp "$COMPL/fish/$c.fish" "$T/fish-$c/"
	t_same "fish: $c.fish alone: $line" \
	    "$(fish_complete "$T/fish-$c" "$line")" "$*"
}

fish_complete() {	# DIR LINE: the candidates, completions from DIR
	(cd "$T" && fish --no-config -c 'set -p fish_complete_path $argv[1]
	    set -p fish_function_path $argv[2]
	    complete -C $argv[3]' "$1" "$COMPL/fish/functions" "$2" 2>&1 |
	    cut -f1)
}

fish_tests() {
	local c f
	for c in $CMDS; do
		t_ok "fish: completions/fish/$c.fish parses" \
		    fish --no-config --no-execute "$COMPL/fish/$c.fish"
	done
	for f in "$COMPL"/fish/functions/*.fish; do
		c=${f##*/}
		c=${c%.fish}
		t_ok "fish: completions/fish/functions/$c.fish defines $c" \
		    fish --no-config -c 'source $argv[1]; and functions -q $argv[2]
			and test (count (functions -an | string match -- "__crm*")) = 1' \
		    "$f" "$c"
		t_ok "fish: $c is in no completion file" \
		    sh -c '! grep -q "^ *function $1\\b" "$2"/*.fish' x "$c" \
		    "$COMPL/fish"
	done
	fish_case 'crm ' add config export help user
	fish_case 'crm -' --help -h
	fish_case 'crm help ' add config export user
	fish_case 'crm add --up' --upsert
	fish_case 'crm export ta' tag=
	fish_case 'crm user set ana active=' active=yes active=no
	fish_case 'crm-add --fo' --format
	fish_case 'crm-add -' --allow-duplicates --atomic --dry-run -n \
	    --rejects -r --upsert -u --db --format -f --quiet -q \
	    --delimiter -d --help --usage
	fish_case 'crm-add ' $entities $contact_fields
	fish_case 'crm-add company ' $company_fields
	fish_case 'crm-add company name=x ' address= city= email= notes= \
	    owner= phone= tags= website=
	fish_case 'crm-add consent=' consent=yes consent=no
	fish_case 'crm-add -f ' table csv tsv json
	fish_case 'crm-add --format=j' --format=json
	fish_case 'crm-add -d ' ',' ';' tab
	fish_case 'crm-export ' $entities owner= tag= company=
	fish_case 'crm-export -' --active --since -s --db --format -f \
	    --quiet -q --delimiter -d --help --usage
	fish_case 'crm-export contacts owner=x ' tag= company=
	fish_case 'crm-config ' list get set unset
	fish_case 'crm-config get ' phone.default_country
	fish_case 'crm-config set phone.default_country '
	fish_case 'crm-user ' list add set
	fish_case 'crm-user add ana ' name= email= role= extension= active=
	fish_case 'crm-user set ana name=x ro' role=
	fish_case 'crm-user add ana role=' role=admin role=supervisor \
	    role=manager role=operator

	# Each file works alone, with only the shared functions beside it.
	fish_alone crm 'crm ' add config export help user
	fish_alone crm-add 'crm-add company name=x ' address= city= email= \
	    notes= owner= phone= tags= website=
	fish_alone crm-export 'crm-export contacts owner=x ' tag= company=
	fish_alone crm-config 'crm-config get ' phone.default_country
	fish_alone crm-user 'crm-user add ana role=' role=admin \
	    role=supervisor role=manager role=operator
}

bash_tests
if command -v zsh >/dev/null 2>&1; then
	zsh_tests
else
	t_skip "zsh completion" "no zsh"
fi
if command -v fish >/dev/null 2>&1; then
	fish_tests
else
	t_skip "fish completion" "no fish"
fi
t_done
