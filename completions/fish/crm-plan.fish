# fish completion for crm-plan: targets per manager and period.
# Its helpers __crm_args, __crm_fields and __crm_values are autoloaded
# from functions/.

complete -c crm-plan -f
complete -c crm-plan -l db -r -F -d 'Database file'
complete -c crm-plan -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-plan -s q -l quiet -d 'Print ids only'
complete -c crm-plan -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-plan -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-plan -l help -d 'Give the help list'
complete -c crm-plan -l usage -d 'Give a short usage message'
complete -c crm-plan -l week -x -a 'week last-week' -d 'The plan of a week'
complete -c crm-plan -l month -x -a 'month last-month' -d 'The plan of a month (default: this month)'
complete -c crm-plan -l quarter -x -a 'quarter last-quarter' -d 'The plan of a quarter'
complete -c crm-plan -l team -d "The whole team's plan"
complete -c crm-plan -l list -d 'List plans with what is done'
complete -c crm-plan -l delete -x -d 'Delete plan ID'
complete -c crm-plan -l atomic -d 'CSV input: write nothing when a row is rejected'
complete -c crm-plan -n 'test (count (__crm_args)) = 0; and not string match -q -- "*=*" (commandline -ct)' -a '(__crm_values logins) team' -d Manager
complete -c crm-plan -a '(__crm_fields contacts_added calls calls_completed meetings_held deals_won revenue_won)'
