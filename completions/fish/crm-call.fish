# fish completion for crm-call: log calls, import call records.
# Its helpers __crm_args and __crm_values are autoloaded from functions/.

complete -c crm-call -f
complete -c crm-call -l db -r -F -d 'Database file'
complete -c crm-call -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-call -s q -l quiet -d 'Print ids only'
complete -c crm-call -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-call -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-call -l help -d 'Give the help list'
complete -c crm-call -l usage -d 'Give a short usage message'
complete -c crm-call -l in -d 'The contact called us'
complete -c crm-call -l out -d 'We called the contact (the default)'
complete -c crm-call -l duration -x -d 'Time talked: seconds or m:ss'
complete -c crm-call -l at -x -d 'When the call was (default: now)'
complete -c crm-call -l for -x -a '(__crm_values logins)' -d "The call is LOGIN's; when listing, LOGIN's calls"
complete -c crm-call -l due -x -d 'Status callback: when the callback task is due'
complete -c crm-call -l link -x -d 'Link call CALL_ID and the other calls of its number to CONTACT'
complete -c crm-call -l import -x -a 'asterisk csv' -d 'Import call records from standard input'
complete -c crm-call -l atomic -d '--import: write nothing if any record is rejected'
complete -c crm-call -l mine -d 'List my calls (the default)'
complete -c crm-call -l all -d "List everyone's calls"
complete -c crm-call -l today -d "Only today's calls"
complete -c crm-call -l week -d "Only this week's calls"
complete -c crm-call -l unlinked -d 'Only calls linked to no contact'
complete -c crm-call -n 'test (count (__crm_args)) = 0' -a '(__crm_values contacts)' -d Contact
complete -c crm-call -n 'test (count (__crm_args)) = 1' -a '(__crm_values statuses)' -d Status
