# fish function __crm_values, shared by the completions of the crm programs.
# fish autoloads it by name from fish_function_path (vendor_functions.d
# once installed).

# The values of kind $argv[1] (owners, logins, tags, companies, contacts,
# settings, roles, statuses, stages) that start with $argv[2] (default: the current token, after any
# --option=), one a line.  They come from the hidden --complete=KIND of
# crm-find (the one beside the command when it was run by its path), on
# the database the line names with --db, else the one crm-find would
# open: no SQL here, and no database is created by completing.
function __crm_values
    set -l tokens (commandline -opc)
    set -l find crm-find
    if string match -q -- '*/*' $tokens[1]
        set -l dir (string replace -r -- '/[^/]*$' '' $tokens[1])
        test -x $dir/crm-find; and set find $dir/crm-find
    end
    set -l db
    set -l next 0
    for t in $tokens[2..-1]
        if test $next = 1
            set db $t
            set next 0
        else if test "$t" = --db
            set next 1
        else if string match -q -- '--db=*' $t
            set db (string replace -- --db= '' $t)
        end
    end
    set -l dbopt
    if test -n "$db"
        set dbopt --db=(string replace -r -- '^~(?=/|$)' $HOME $db)
    end
    set -l prefix $argv[2]
    if test (count $argv) -lt 2
        set -l tok (commandline -ct)
        set prefix (string replace -r -- '^--[a-z-]+=' '' "$tok")
        set prefix (string unescape -- "$prefix"; or string trim -c '"\'' -- "$prefix")
    end
    $find $dbopt --complete=$argv[1] "--complete-prefix=$prefix" </dev/null 2>/dev/null
end
