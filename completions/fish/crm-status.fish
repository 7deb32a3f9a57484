# fish completion for crm-status: the dashboard.
# Its helper __crm_values is autoloaded from functions/.

complete -c crm-status -f
complete -c crm-status -l db -r -F -d 'Database file'
complete -c crm-status -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-status -s q -l quiet -d 'Print ids only'
complete -c crm-status -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-status -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-status -l help -d 'Give the help list'
complete -c crm-status -l usage -d 'Give a short usage message'
complete -c crm-status -l team -d "The team's board: one row per manager"
complete -c crm-status -l user -x -a '(__crm_values logins)' -d "LOGIN's dashboard"
complete -c crm-status -l oneline -d 'One short line for a shell prompt'
