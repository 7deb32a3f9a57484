# fish completion for crm-check: data-quality problems.
# Its helper __crm_values is autoloaded from functions/.

complete -c crm-check -f
complete -c crm-check -l db -r -F -d 'Database file'
complete -c crm-check -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-check -s q -l quiet -d 'Print ids only'
complete -c crm-check -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-check -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-check -l help -d 'Give the help list'
complete -c crm-check -l usage -d 'Give a short usage message'
complete -c crm-check -l owner -x -a '(__crm_values logins)' -d "Only LOGIN's records"
complete -c crm-check -l mine -d 'Only my records'
complete -c crm-check -l problem -x -a 'no_name no_contact_data bad_phone unnormalised_phone bad_email unnormalised_email duplicate_phone duplicate_email duplicate_name untouched meeting_no_result meeting_past_planned callback_overdue task_overdue deal_past_close' -d 'Only problems CODE'
complete -c crm-check -l summary -d 'One row per owner: records, problems, score'
complete -c crm-check -l fix -d 'Normalise phones and e-mails that normalise cleanly'
