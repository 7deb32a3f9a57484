# fish completion for crm-find: search and select records.
# Its helpers __crm_args, __crm_fields and __crm_values are autoloaded from
# functions/.

complete -c crm-find -f
complete -c crm-find -l db -r -F -d 'Database file'
complete -c crm-find -s f -l format -x -a 'table csv tsv json vcard ics mutt emails' -d 'Output format'
complete -c crm-find -s q -l quiet -d 'Print ids only'
complete -c crm-find -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-find -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-find -l help -d 'Give the help list'
complete -c crm-find -l usage -d 'Give a short usage message'
complete -c crm-find -l excel -d 'CSV for spreadsheets: BOM, CRLF, formulas neutralised'
complete -c crm-find -l for-mailing -d 'Only contacts with marketing consent'
complete -c crm-find -l ignore-consent -d 'Keep contacts without consent in a mailing'
complete -c crm-find -l split -x -a '(__fish_complete_directories)' -d '-f vcard: one file per contact in DIR'
complete -c crm-find -l vcard-version -x -a '4.0 3.0' -d 'vCard version'
complete -c crm-find -l mutt-query -x -d "Answer mutt's query_command"
complete -c crm-find -l archived -d 'Archived records only'
complete -c crm-find -l mine -d 'My records: --owner with my login'
complete -c crm-find -s n -l limit -x -d 'At most N records'
complete -c crm-find -l owner -x -a '(__crm_values owners)' -d 'Records owned by LOGIN'
complete -c crm-find -l sort -x -d 'Order by FIELD (-FIELD: descending)'
complete -c crm-find -l tag -x -a '(__crm_values tags)' -d 'Records tagged TAG'
complete -c crm-find -n 'not __crm_args | string match -q "*"' -a 'contact contacts company companies meeting meetings call calls task tasks deal deals' -d Entity
# Filters field=value; field~text, field<value and field>value are typed.
complete -c crm-find -n '__crm_args | head -n1 | string match -qr "^compan(y|ies)\$"' -a '(__crm_fields id name phone email website city address tags notes owner)'
complete -c crm-find -n 'not __crm_args | head -n1 | string match -qr "^(compan(y|ies)|meetings?|calls?|tasks?|deals?)\$"' -a '(__crm_fields id first_name last_name phone email company title city address source tags notes owner consent)'
complete -c crm-find -n '__crm_args | head -n1 | string match -qr "^meetings?\$"' -a '(__crm_fields id contact_id topic at duration location status result manager)'
complete -c crm-find -n '__crm_args | head -n1 | string match -qr "^calls?\$"' -a '(__crm_fields id at direction number contact_id manager extension status duration note)'
complete -c crm-find -n '__crm_args | head -n1 | string match -qr "^tasks?\$"' -a '(__crm_fields id contact_id title assignee due done_at)'
complete -c crm-find -n '__crm_args | head -n1 | string match -qr "^deals?\$"' -a '(__crm_fields id title contact_id company_id manager amount currency stage expected_close closed_at lost_reason)'
