# fish completion for crm-add: create contacts and companies.
# Its helpers __crm_args, __crm_fields and __crm_values are autoloaded from
# functions/.

complete -c crm-add -f
complete -c crm-add -l db -r -F -d 'Database file'
complete -c crm-add -s f -l format -x -a 'table csv tsv json vcard' -d 'Output format (vcard: read vCards)'
complete -c crm-add -s q -l quiet -d 'Print ids only'
complete -c crm-add -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-add -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-add -l help -d 'Give the help list'
complete -c crm-add -l usage -d 'Give a short usage message'
complete -c crm-add -l allow-duplicates -d 'Add contacts whose phone or e-mail is already in the base'
complete -c crm-add -l atomic -d 'Commit nothing if any row is rejected'
complete -c crm-add -s n -l dry-run -d 'Validate only; change nothing'
complete -c crm-add -s r -l rejects -r -F -d 'Write rejected rows to FILE'
complete -c crm-add -s u -l upsert -d 'Update the matching record instead of rejecting the row'
complete -c crm-add -l restore -d 'Restore a backup: keep its ids and stamps (admins)'
complete -c crm-add -l from -x -a 'google outlook' -d 'Read a contact export of this tool'
complete -c crm-add -l keep-unknown -d 'Keep unknown columns as custom fields'
complete -c crm-add -l map -x -d 'Read COLUMN as FIELD: COLUMN=FIELD,...'
complete -c crm-add -n 'not __crm_args | string match -q "*"' -a 'contact contacts company companies' -d Entity
complete -c crm-add -n '__crm_args | head -n1 | string match -qr "^compan(y|ies)\$"' -a '(__crm_fields name phone email website city address tags notes owner)'
complete -c crm-add -n 'not __crm_args | head -n1 | string match -qr "^compan(y|ies)\$"' -a '(__crm_fields first_name last_name phone email company title city address source tags notes owner consent)'
