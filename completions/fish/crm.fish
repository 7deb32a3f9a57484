# fish completion for crm, the dispatcher: its verbs, then the completion
# of the verb's program.

# The words after crm before the cursor.
function __crm_words
    set -l tokens (commandline -opc)
    set -e tokens[1]
    string match -v -- '-*' $tokens
end

# Complete "crm VERB ARGS..." as "crm-VERB ARGS...".
function __crm_delegate
    set -l tokens (commandline -opc)
    set -l verb (string match -v -- '-*' $tokens[2..-1])[1]
    set -l i (contains -i -- $verb $tokens)
    set -l rest
    if test (count $tokens) -gt $i
        set rest $tokens[(math $i + 1)..-1]
    end
    complete -C "crm-$verb "(string join ' ' -- (string escape -- $rest) (commandline -ct))
end

complete -c crm -f
complete -c crm -n 'test (count (__crm_words)) = 0' -s h -l help -d 'List the verbs'
complete -c crm -n 'test (count (__crm_words)) = 0' -a add -d 'Create contacts and companies'
complete -c crm -n 'test (count (__crm_words)) = 0' -a call -d 'Log calls; import call records'
complete -c crm -n 'test (count (__crm_words)) = 0' -a check -d 'Data-quality problems'
complete -c crm -n 'test (count (__crm_words)) = 0' -a config -d 'Get, set and list settings'
complete -c crm -n 'test (count (__crm_words)) = 0' -a db -d 'The whole base: backup, restore, integrity check'
complete -c crm -n 'test (count (__crm_words)) = 0' -a edit -d 'Change, archive or erase records'
complete -c crm -n 'test (count (__crm_words)) = 0' -a export -d 'Records with every field as CSV, TSV or JSON'
complete -c crm -n 'test (count (__crm_words)) = 0' -a find -d 'Search and select records'
complete -c crm -n 'test (count (__crm_words)) = 0' -a help -d 'Show the manual of a verb'
complete -c crm -n 'test (count (__crm_words)) = 0' -a log -d 'The audit trail: who changed what, when'
complete -c crm -n 'test (count (__crm_words)) = 0' -a meet -d 'Plan and log meetings'
complete -c crm -n 'test (count (__crm_words)) = 0' -a plan -d 'Targets per manager and period'
complete -c crm -n 'test (count (__crm_words)) = 0' -a report -d 'Supervisor reports'
complete -c crm -n 'test (count (__crm_words)) = 0' -a status -d 'The dashboard: plans, agenda, overdue'
complete -c crm -n 'test (count (__crm_words)) = 0' -a show -d "One contact's or company's card"
complete -c crm -n 'test (count (__crm_words)) = 0' -a deal -d 'Deals through a pipeline of stages'
complete -c crm -n 'test (count (__crm_words)) = 0' -a task -d 'Follow-ups with due dates'
complete -c crm -n 'test (count (__crm_words)) = 0' -a user -d 'Users and their roles'
complete -c crm -n 'set -l w (__crm_words); test (count $w) = 1; and test $w[1] = help' -a 'add call check config db deal edit export find log meet plan report show status task user'
complete -c crm -n 'set -l w (__crm_words); test (count $w) -ge 1; and contains -- $w[1] add call check config db deal edit export find log meet plan report show status task user' -a '(__crm_delegate)'
