# fish completion for crm-meet: plan and log meetings.
# Its helpers __crm_args and __crm_values are autoloaded from functions/.

complete -c crm-meet -f
complete -c crm-meet -l db -r -F -d 'Database file'
complete -c crm-meet -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-meet -s q -l quiet -d 'Print ids only'
complete -c crm-meet -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-meet -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-meet -l help -d 'Give the help list'
complete -c crm-meet -l usage -d 'Give a short usage message'
complete -c crm-meet -l at -x -d 'When the meeting starts, with a time of day'
complete -c crm-meet -l duration -x -d 'How long it lasts (90, 1h, 1h30)'
complete -c crm-meet -l location -x -d 'Where it takes place'
complete -c crm-meet -l for -x -a '(__crm_values logins)' -d "The new meetings' manager; when listing, LOGIN's meetings"
complete -c crm-meet -l done -x -d 'Planned meeting ID was held: RESULT'
complete -c crm-meet -l cancel -x -d 'Planned meeting ID is cancelled'
complete -c crm-meet -l no-show -x -d 'The client did not come to planned meeting ID'
complete -c crm-meet -l mine -d 'List my meetings (the default)'
complete -c crm-meet -l all -d "List everyone's meetings"
complete -c crm-meet -l today -d "Only today's meetings"
complete -c crm-meet -l week -d "Only this week's meetings, Monday to Sunday"
complete -c crm-meet -l upcoming -d 'Only meetings from the start of today on'
complete -c crm-meet -l overdue -d 'Only planned meetings past their start with no result'
complete -c crm-meet -l atomic -d 'Standard input: commit nothing if any row is rejected'
complete -c crm-meet -l rejects -r -F -d 'Standard input: write rejected rows to FILE'
complete -c crm-meet -n 'test (count (__crm_args)) = 0' -a '(__crm_values contacts)' -d Contact
