# fish completion for crm-edit: change, archive or erase records.
# Its helpers __crm_args, __crm_fields and __crm_values are autoloaded from
# functions/.

complete -c crm-edit -f
complete -c crm-edit -l db -r -F -d 'Database file'
complete -c crm-edit -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-edit -s q -l quiet -d 'Print ids only'
complete -c crm-edit -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-edit -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-edit -l help -d 'Give the help list'
complete -c crm-edit -l usage -d 'Give a short usage message'
complete -c crm-edit -l allow-duplicates -d 'Accept a phone or e-mail another contact already has'
complete -c crm-edit -l archive -d 'Archive the records: out of searches and lists'
complete -c crm-edit -l unarchive -d 'Bring archived records back'
complete -c crm-edit -l erase -d 'Erase the personal data for good, keeping an anonymised record'
complete -c crm-edit -s n -l dry-run -d 'Validate only; change nothing'
complete -c crm-edit -l partial -d 'Commit the good rows even when some are rejected'
complete -c crm-edit -n 'not __crm_args | string match -q "*"' -a 'contact contacts company companies meeting meetings call calls task tasks deal deals' -d Entity
complete -c crm-edit -n '__crm_args | head -n1 | string match -qr "^compan(y|ies)\$"' -a '(__crm_fields name phone email website city address tags notes owner)'
complete -c crm-edit -n 'not __crm_args | head -n1 | string match -qr "^(compan(y|ies)|meetings?|calls?|tasks?|deals?)\$"' -a '(__crm_fields first_name last_name phone email company title city address source tags notes owner consent)'
complete -c crm-edit -n '__crm_args | head -n1 | string match -qr "^meetings?\$"' -a '(__crm_fields contact_id topic at duration location status result manager)'
complete -c crm-edit -n '__crm_args | head -n1 | string match -qr "^calls?\$"' -a '(__crm_fields at direction number contact_id manager extension status duration note)'
complete -c crm-edit -n '__crm_args | head -n1 | string match -qr "^tasks?\$"' -a '(__crm_fields contact_id title assignee due done_at)'
complete -c crm-edit -n '__crm_args | head -n1 | string match -qr "^deals?\$"' -a '(__crm_fields title contact_id company_id manager amount currency stage expected_close closed_at lost_reason)'
