# fish function __crm_args, shared by the completions of crm-add, crm-config,
# crm-export and crm-user.  fish autoloads it by name from
# fish_function_path (vendor_functions.d once installed).

# The arguments before the cursor that are not options or their values.
function __crm_args
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
        else if string match -qr -- '^(--db|-f|--format|-d|--delimiter|-r|--rejects|-s|--since)$' $t
            set skip 1
        else if not string match -q -- '-?*' $t
            echo $t
        end
    end
end
