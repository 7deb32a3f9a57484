# fish function __crm_args, shared by the completions of the crm programs.
# fish autoloads it by name from fish_function_path (vendor_functions.d
# once installed).

# The arguments before the cursor that are not options or their values.
function __crm_args
    set -l tokens (commandline -opc)
    # The options that take the next word as their value, per program.
    set -l takes --db -f --format -d --delimiter
    switch (string replace -r -- '.*/' '' $tokens[1])
        case crm-add
            set -a takes -r --rejects
        case crm-export
            set -a takes -s --since
        case crm-find
            set -a takes -n --limit --owner --sort --tag
        case crm-log
            set -a takes -n --limit -a --actor --action --batch --since --until
        case crm-task
            set -a takes --due --for --done
        case crm-deal
            set -a takes --company --for --lost --stage
        case crm-meet
            set -a takes --at --duration --location --for --done --cancel --no-show --rejects
        case crm-call
            set -a takes --duration --at --for --due --link --import
        case crm-plan
            set -a takes --week --month --quarter --delete
        case crm-status
            set -a takes --user
        case crm-check
            set -a takes --owner --problem
        case crm-report
            set -a takes --period --by --section --manager --to --subject
    end
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
        else if contains -- $t $takes
            set skip 1
        else if not string match -q -- '-?*' $t
            echo $t
        end
    end
end
