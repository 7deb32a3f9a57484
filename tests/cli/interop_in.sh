# tests/cli/interop_in.sh - other tools' files in without hand editing:
# --encoding (windows-1252, latin1, UTF-16), --map, --from google and
# outlook, --keep-unknown and custom fields, crm-add -f vcard (2.1, 3.0,
# 4.0), and the bad inputs they meet: invalid UTF-8, unknown encodings,
# UTF-16 without a byte order mark, a map naming no field, cards without
# a name or with a broken fold.
. "$TOP/tests/lib.sh"
D=$TOP/tests/data/interop
HINT='(if the input is in another encoding, name it: --encoding windows-1252, latin1, cp1251...)'

fresh() {	# an empty base that reads Spanish numbers
	rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm"
	crm-config set phone.default_country 34 >/dev/null
}

q() {		# SQL on the base, one row a line, | between columns
	sqlite3 "$CRM_DB" "$1"
}


contacts() {	# the contacts: names, phone, e-mail, company, city, tags
	q "SELECT c.first_name, c.last_name, coalesce(c.phone, ''),
	    coalesce(c.email, ''), coalesce(m.name, ''), coalesce(c.city, ''),
	    coalesce(c.tags, '') FROM contacts c
	    LEFT JOIN companies m ON m.id = c.company_id ORDER BY c.id"
}

custom() {	# the custom fields of contact $1
	q "SELECT name || '=' || replace(value, char(10), '\n')
	    FROM contact_custom WHERE contact_id = $1 ORDER BY name"
}

# --- encodings -----------------------------------------------------------

fresh
# A Spanish office's export: semicolons, windows-1252, CRLF.
printf 'Nombre;Apellidos;Teléfono;Población;Correo\nJosé;Muñoz;600 111 222;Málaga;jose@munoz.es\nAna;Peña;600 111 333;Cádiz;ana@pena.es\nÉmile;Zoë Ñ;;Cáceres € zona;emile@z.es\n' |
    iconv -f UTF-8 -t WINDOWS-1252 | sed 's/$/\r/' >"$T/es.csv"
IN=$T/es.csv
t_run "windows-1252 without --encoding is refused" 1 crm-add
t_err "refused at its header line, suggesting --encoding" \
    "crm-add: line 1: invalid UTF-8 in header column 3 $HINT"
MAP='Nombre=first_name,Apellidos=last_name,Teléfono=phone,Población=city,Correo=email'
IN=$T/es.csv
t_run "--encoding windows-1252 with --map reads it" 0 crm-add -q \
    --encoding windows-1252 --map "$MAP"
t_out "every row added" "1
2
3"
t_eq "accents, the euro sign and phones as they should be" "$(contacts)" \
"José|Muñoz|+34600111222|jose@munoz.es||Málaga|
Ana|Peña|+34600111333|ana@pena.es||Cádiz|
Émile|Zoë Ñ||emile@z.es||Cáceres € zona|"
t_eq "no CR left at the ends of lines" \
    "$(q "SELECT count(*) FROM contacts WHERE email LIKE '%' || char(13)")" "0"

fresh
printf 'first_name,last_name,email\nAna,Ruiz,ana@r.es\nJos\xe9,P\xe9rez,jose@p.es\nLuis,Mar\xedn,luis@m.es\nEva,Sanz,eva@s.es\n' >"$T/latin1.csv"
IN=$T/latin1.csv
t_run "latin1 rows without --encoding: those rows refused" 1 crm-add -q
t_err "each with its line; the first says what to do" \
"crm-add: line 3: invalid UTF-8 in field \"first_name\" $HINT
crm-add: line 4: invalid UTF-8 in field \"last_name\""
IN=$T/latin1.csv
t_run "--encoding latin1 and --upsert: the rest" 0 crm-add -q --upsert \
    --encoding latin1
t_eq "all four, accents right" \
    "$(q "SELECT group_concat(first_name || ' ' || last_name, ', ') FROM contacts")" \
    "Ana Ruiz, Eva Sanz, José Pérez, Luis Marín"

IN=$T/latin1.csv
t_run "an unknown encoding is a usage error" 2 crm-add --encoding latin-9000
t_has_err() { grep -qF -- "$2" "$ERR" && t_report "$1" 1 ||
    t_report "$1" 0 "no '$2' in:" "$(cat "$ERR")"; }
t_has_err "it says so and where to look" \
    'crm-add: unknown encoding "latin-9000" (see iconv -l; e.g. windows-1252, latin1, cp1251, utf-16)'
t_run "--encoding twice is a usage error" 2 crm-add --encoding latin1 \
    --encoding cp1252
t_has_err "the second is refused" "crm-add: --encoding given twice"

fresh
printf 'first_name,last_name,email\nA\x81,B,a@b.es\nC,D,c@d.es\n' >"$T/undef.csv"
IN=$T/undef.csv
t_run "a byte windows-1252 does not define: that row refused" 1 crm-add -q \
    --encoding windows-1252
t_err "it names the field and the encoding" \
    'crm-add: line 2: field "first_name" holds bytes that are not valid windows-1252'
t_out "the other row is in" "1"

# Windows "Unicode text": UTF-16 with a byte order mark; and without one.
fresh
printf 'first_name,last_name,email\nZoë,Ørsted,zoe@x.dk\n' >"$T/u8.csv"
iconv -f UTF-8 -t UTF-16 "$T/u8.csv" >"$T/u16.csv"
iconv -f UTF-8 -t UTF-16LE "$T/u8.csv" >"$T/u16le.csv"
iconv -f UTF-8 -t UTF-16BE "$T/u8.csv" >"$T/u16be.csv"
U16='crm-add: line 1: the input looks like UTF-16, not UTF-8: read it with --encoding utf-16'
IN=$T/u16.csv
t_run "UTF-16 without --encoding is refused" 1 crm-add
t_err "it is named, and the option to read it" "$U16"
IN=$T/u16le.csv
t_run "UTF-16LE without a byte order mark is refused" 1 crm-add
t_err "it is told from its NUL bytes, in the same words" "$U16"
IN=$T/u16be.csv
t_run "so is UTF-16BE" 1 crm-add
t_err "big endian, the same words" "$U16"
IN=$T/u16.csv
t_run "--encoding utf-16 reads the file with a byte order mark" 0 crm-add -q \
    --encoding utf-16
t_out "added" "1"
IN=$T/u16le.csv
t_run "and the one without: the NUL bytes show the byte order" 0 crm-add \
    -q -u --encoding utf-16
IN=$T/u16be.csv
t_run "big endian too" 0 crm-add -q -u --encoding utf-16
IN=$T/u16le.csv
t_run "--encoding utf-16le reads the one without" 0 crm-add -q -u \
    --encoding utf-16le
IN=$T/u16be.csv
t_run "and utf-16be" 0 crm-add -q -u --encoding UTF-16BE
IN=$T/u16be.csv
t_run "a byte order the name contradicts is refused" 1 crm-add -q -u \
    --encoding utf-16le
t_err "saying which it is" \
    'crm-add: line 1: the input looks like UTF-16BE, not utf-16le: read it with --encoding utf-16'
t_eq "one contact, read right five times" \
    "$(q "SELECT count(*), first_name, last_name FROM contacts")" "1|Zoë|Ørsted"
t_eq "the batch names the file under the conversion" \
    "$(q "SELECT source FROM batches ORDER BY id LIMIT 1")" "$T/u16.csv"

printf '\xef\xbb\xbf' | cat - "$T/u8.csv" >"$T/bom8.csv"
IN=$T/bom8.csv
t_run "a UTF-8 file (with BOM) read as latin1 is refused" 1 crm-add \
    --encoding latin1
t_err "it says it is UTF-8" \
    'crm-add: line 1: the input starts with a UTF-8 byte order mark: it is UTF-8, not latin1 (leave out --encoding)'

# The option is shared: every binary that reads CSV converts.
printf 'id;city\n1;C\xe1ceres\n' >"$T/edit.csv"
IN=$T/edit.csv
t_run "crm-edit reads latin1 too" 0 crm-edit -q --encoding latin1
t_eq "edited" "$(q "SELECT city FROM contacts WHERE id = 1")" "Cáceres"
printf 'contact,topic,at\n1,Revisi\xf3n,2026-12-01 10:00\n' >"$T/meet.csv"
IN=$T/meet.csv
t_run "crm-meet reads cp1251-free latin1 meetings" 0 crm-meet -q \
    --encoding iso-8859-1
t_eq "the topic" "$(q "SELECT topic FROM meetings")" "Revisión"
IN=$T/bom8.csv
t_run "crm-meet refuses a UTF-8 file read as latin1, as crm-add" 1 crm-meet \
    --encoding latin1
t_err "with the same reason" \
    'crm-meet: line 1: the input starts with a UTF-8 byte order mark: it is UTF-8, not latin1 (leave out --encoding)'
IN=$T/bom8.csv
t_run "crm-edit too" 1 crm-edit --encoding latin1

# --- --map ---------------------------------------------------------------

fresh
printf 'Nombre,Apellidos,Móvil,Fijo,Correo,Fax,Nombre completo\nAna,Ruiz,600111222,912223344,ana@r.es,915556677,Ana Ruiz\n,,600111444,,x@y.es,,Marta López Gil\n' >"$T/map.csv"
IN=$T/map.csv
t_run "a map naming an unknown field is a usage error" 2 crm-add \
    --map 'Nombre=first_name,Apellidos=apellido'
t_err "the field list in the message" \
    'crm-add: --map Apellidos=apellido: "apellido" is no contact field (first_name, last_name, phone, email, company, title, city, address, source, tags, notes, owner, consent, consent_source, full_name; custom.NAME keeps a custom field)'
IN=$T/map.csv
t_run "a map that is not COLUMN=FIELD is a usage error" 2 crm-add \
    --map 'Nombre'
t_err "what it should be" \
    'crm-add: --map: "Nombre" is not COLUMN=FIELD,...'
IN=$T/map.csv
t_run "a bad custom field name is a usage error" 2 crm-add \
    --map 'Fax=custom.Fax Number'
t_err "custom names are lower case" \
    'crm-add: --map Fax=custom.Fax Number: "Fax Number" is no custom field name (lower-case letters, digits and _, at most 63)'
IN=$T/map.csv
t_run "an unmapped column is still refused" 1 crm-add \
    --map 'Nombre=first_name,Apellidos=last_name,Móvil=phone'
t_err "with what would keep or map it" \
    "crm-add: line 1: unknown column \"Fijo\" for a contact (--keep-unknown keeps it as custom field fijo, --map 'Fijo=FIELD' maps it)"
IN=$T/map.csv
t_run "a mapped column the input lacks is a usage error" 2 crm-add \
    --map 'Nombre=first_name,Apellido=last_name'
t_err "the column is named" \
    'crm-add: --map names column "Apellido", which the input does not have'
IN=$T/map.csv
t_run "two phones, a column left out, a custom field, a full name" 0 \
    crm-add -q --map 'Nombre=first_name,Apellidos=last_name,Móvil=phone' \
    --map 'Fijo=phone,Correo=email,Fax=custom.fax,Nombre completo=full_name'
t_eq "the first phone is the phone; the full name fills empty names" \
    "$(contacts)" "Ana|Ruiz|+34600111222|ana@r.es|||
Marta López|Gil|+34600111444|x@y.es|||"
t_eq "the second phone is kept, normalised, and the fax" "$(custom 1)" \
    "fax=915556677
phone_2=+34912223344"
IN=$T/map.csv
t_run "a map with - leaves a column out" 0 crm-add -q -u \
    --map 'Nombre=first_name,Apellidos=last_name,Móvil=phone,Fijo=-' \
    --map 'Correo=email,Fax=-,Nombre completo=full_name'
t_eq "nothing new for the first" "$(custom 1)" "fax=915556677
phone_2=+34912223344"

# --- --from google -------------------------------------------------------

fresh
IN=$D/google.csv
t_run "a Google export without --from is refused" 1 crm-add
t_err "with the hint" "crm-add: line 1: unknown column \"Middle Name\" for a contact
crm-add: these columns look like a contact export: --from google reads it"
IN=$D/google.csv
t_run "--from google: good rows in, a bad e-mail and a nameless row out" 1 \
    crm-add -q --from google --rejects "$T/g-rej.csv"
t_out "the ids" "1
2"
t_err "the bad rows with their lines (a multi-line note counts)" \
'crm-add: line 7: email "bad@" is not a valid address
crm-add: line 8: first_name is missing'
t_eq "names, first phone and e-mail, company, city, groups as tags" \
    "$(contacts)" "Ana|García|+34600111222|ana@acme.es|Acme SL|Madrid|Clientes,VIP
Luis|Pérez||luis@perez.es|||"
t_eq "title, formatted address, notes" \
    "$(q "SELECT title || '|' || replace(address, char(10), '/') || '|' ||
    replace(notes, char(10), '/') FROM contacts WHERE id = 1")" \
    "Directora|Calle Mayor 1/28013 Madrid/España|Met at the fair, 2024/Call in Q2"
t_eq "the other phones and e-mails, labels, the rest as custom fields" \
    "$(custom 1)" "address_label=work
birthday=1980-05-01
department=Ventas
email_2=ana.garcia@gmail.com
email_2_label=home
email_label=work
middle_name=María
name_prefix=Dra.
nickname=Anita
phone_2=+34600111223
phone_2_label=mobile
phone_3=+34912223344
phone_3_label=work
phone_label=mobile
website=https://acme.es/ana
website_label=profile"
t_eq "a label alone is kept" "$(custom 2)" "email_label=other"
t_run "the rejects file keeps Google's columns" 0 head -1 "$T/g-rej.csv"
t_has "and adds the error column" "Website 1 - Value,error"
IN=$D/google.csv
t_run "the same export again with --upsert changes nothing" 1 crm-add -q \
    -u --from google
t_eq "no custom field duplicated" \
    "$(q "SELECT count(*) FROM contact_custom")" "17"

# An export changed since: custom changes are audited as custom.NAME.
sed 's/1980-05-01/1980-05-02/; s/,Anita,/,,/' "$D/google.csv" >"$T/g2.csv"
IN=$T/g2.csv
t_run "an updated export with --upsert" 1 crm-add -q -u --from google
t_eq "the birthday changed, the nickname went" \
    "$(custom 1 | grep -E '^(birthday|nickname)')" "birthday=1980-05-02"
t_eq "both audited as custom fields, with old and new values" \
    "$(q "SELECT field || ':' || coalesce(old, '') || '>' || coalesce(new, '')
    FROM audit WHERE field LIKE 'custom.%' ORDER BY id")" \
    "custom.nickname:Anita>
custom.birthday:1980-05-01>1980-05-02"

# The older Google CSV: Given Name, Group Membership, Organization 1 - Name.
printf 'Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,Organization 1 - Yomi Name\nCarlos Ortega,Carlos,Ortega,* My Contacts ::: Proveedores,* Work,carlos@ortega.es,Work,+34 955 000 111,Ortega SA,CEO,\nRosa Díaz,,,* My Contacts,,rosa@diaz.es,,,,,\n' >"$T/gold.csv"
IN=$T/gold.csv
t_run "the older Google format too" 0 crm-add -q --from google
t_eq "its rows; a Name alone is split" \
    "$(contacts | tail -2)" "Carlos|Ortega|+34955000111|carlos@ortega.es|Ortega SA||Proveedores
Rosa|Díaz||rosa@diaz.es|||"

# --- --from outlook: windows-1252, CRLF, a phone per column ---------------

fresh
iconv -f UTF-8 -t WINDOWS-1252 "$D/outlook.csv" | sed 's/$/\r/' >"$T/outlook.csv"
IN=$T/outlook.csv
t_run "Outlook's export without --from is refused" 1 crm-add --encoding cp1252
t_err "with the hint" "crm-add: line 1: unknown column \"Middle Name\" for a contact
crm-add: these columns look like a contact export: --from outlook reads it"
IN=$T/outlook.csv
t_run "--from outlook --encoding windows-1252" 0 crm-add -q --from outlook \
    --encoding windows-1252
t_eq "the mobile is the phone; Job Title the title; the business city" \
    "$(contacts)" "José|Núñez|+34600222333|jose@nunez.es|Construcciones Núñez|Sevilla|Obras,VIP
Marta|Ibáñez||marta@ib.es||Córdoba|"
t_eq "the address from its parts, the notes" \
    "$(q "SELECT title, address, notes FROM contacts WHERE id = 1")" \
    "Gerente|Av. Andalucía 12, 41001, España|Prefiere llamadas por la mañana"
t_eq "Title is a courtesy title; other phones by rank; 0/0/00 is no date" \
    "$(custom 1)" "address_label=business
birthday=3/15/1970
name_prefix=Sr.
phone_2=+34954111222
phone_2_label=business
phone_3=+34954111223
phone_3_label=business fax
phone_label=mobile"
t_eq "the second e-mail kept; Outlook's defaults are not data" \
    "$(custom 2)" "email_2=marta.ib@gmail.com"

# --- --keep-unknown ------------------------------------------------------

fresh
printf 'first_name,last_name,email,Fecha de alta,Código cliente,Notes:\nEva,Sanz,eva@s.es,2024-01-15,C-001,vip\n' >"$T/keep.csv"
IN=$T/keep.csv
t_run "unknown columns are refused by default" 1 crm-add
t_err "the plain message" 'crm-add: line 1: unknown column "Fecha de alta" for a contact'
IN=$T/keep.csv
t_run "--keep-unknown keeps them" 0 crm-add -q --keep-unknown
t_eq "as custom fields named from their headers; Notes: is the notes" \
    "$(custom 1)" "codigo_cliente=C-001
fecha_de_alta=2024-01-15"
t_eq "the notes" "$(q "SELECT notes FROM contacts")" "vip"
t_run "the card shows them" 0 crm-show 1
t_has "a custom section" "Custom fields"
t_has "aligned" "  codigo_cliente: C-001"
t_has "each" "  fecha_de_alta:  2024-01-15"
t_run "from arguments too, audited one by one" 0 crm-add -q --keep-unknown \
    first_name=Jo last_name=Li email=jo@li.es "Cumpleaños=05-01"
t_eq "audited as custom.NAME" \
    "$(q "SELECT action || ' ' || field || ' ' || new FROM audit
    WHERE entity_id = 2 AND field LIKE 'custom.%'")" "insert custom.cumpleanos 05-01"
printf 'id,Código cliente\n1,\n' >"$T/clear.csv"
IN=$T/clear.csv
q "UPDATE contacts SET updated_at = '2020-01-01T00:00:00Z' WHERE id = 1"
t_run "an empty value clears a custom field" 0 crm-add -q -u --keep-unknown
t_eq "gone" "$(custom 1)" "fecha_de_alta=2024-01-15"
t_ok "a custom field's change is the record's change" test \
    "$(q "SELECT updated_at > '2020-01-01T00:00:00Z' FROM contacts
    WHERE id = 1")" = 1
t_eq "audited" "$(q "SELECT old || '>' || coalesce(new, '(none)') FROM audit
    WHERE field = 'custom.codigo_cliente' AND action = 'update'")" "C-001>(none)"
printf 'first_name,last_name,email,Фамилия\nA,B,a@b.es,x\n' >"$T/cyr.csv"
IN=$T/cyr.csv
t_run "a header that makes no custom field name" 1 crm-add --keep-unknown
t_err "asks for a map" \
    "crm-add: line 1: \"Фамилия\" makes no custom field name (letters a-z, digits, _): map it to one with --map 'Фамилия=custom.NAME'"
printf 'first_name,last_name,email,Año,Ano\nA,B,a@b.es,1,2\n' >"$T/twice.csv"
IN=$T/twice.csv
t_run "two columns that make one name" 1 crm-add --keep-unknown
t_err "are refused" \
    'crm-add: line 1: columns "Año" and "Ano" both become custom field ano; --map one of them elsewhere'
IN=$T/keep.csv
t_run "companies keep no custom fields" 2 crm-add company --keep-unknown
t_err "a usage error" \
    'crm-add: custom fields are kept for contacts only, not for companies (--keep-unknown)'

# crm-export writes them as custom.NAME columns, which crm-add reads back.
t_run "crm-export carries the custom fields" 0 crm-export -f csv
t_eq "as columns after the fields, by name" "$(head -1 "$OUT" |
    sed 's/.*archived_at,//')" "custom.cumpleanos,custom.fecha_de_alta"
t_eq "each contact's, empty where it has none" "$(tail -n +2 "$OUT" |
    awk -F, '{ print $1 ":" $(NF-1) ":" $NF }')" "1::2024-01-15
2:05-01:"
cp "$OUT" "$T/backup.csv"
t_run "in JSON too" 0 crm-export -f json
t_has "as strings" '"custom.cumpleanos":null,"custom.fecha_de_alta":"2024-01-15"}'
t_run "a table for people leaves them to crm-show" 0 crm-export -f table
t_ok "no custom column" sh -c "! grep -q custom '$OUT'"
t_run "crm-find lists the fields alone" 0 crm-find -f csv
t_ok "no custom column there" sh -c "! grep -q custom '$OUT'"
mv "$CRM_DB" "$T/kept.db"
rm -f "$T/kept.db-wal" "$T/kept.db-shm"
fresh
IN=$T/backup.csv
t_run "the export goes back into an empty base as it is" 0 crm-add -q --restore
t_run "and comes out the same" 0 crm-export -f csv
t_eq "byte for byte" "$(cat "$OUT")" "$(cat "$T/backup.csv")"
t_run "vCards carry them as X-CRM-NAME" 0 crm-export -f vcard
t_eq "one property each, where set" "$(grep '^X-CRM-' "$OUT" | tr -d '\r')" \
    "X-CRM-FECHA-DE-ALTA:2024-01-15
X-CRM-CUMPLEANOS:05-01"
t_ok "which vobject reads" /usr/bin/python3 -c 'import sys, vobject
cards = list(vobject.readComponents(open(sys.argv[1], encoding="utf-8")))
assert cards[0].contents["x-crm-fecha-de-alta"][0].value == "2024-01-15"
assert cards[1].contents["x-crm-cumpleanos"][0].value == "05-01"' "$OUT"
cp "$OUT" "$T/backup.vcf"
fresh
IN=$T/backup.vcf
t_run "and crm-add -f vcard reads them back, no --keep-unknown needed" 0 \
    crm-add -q -f vcard
t_eq "as the same custom fields" "$(q "SELECT contact_id, name, value
    FROM contact_custom WHERE name NOT LIKE '%label' ORDER BY 1, 2")" \
    "1|fecha_de_alta|2024-01-15
2|cumpleanos|05-01"
printf 'first_name,last_name,email,custom.Bad Name\nA,B,a@b.es,x\n' \
    >"$T/badcustom.csv"
IN=$T/badcustom.csv
t_run "a custom.NAME column that is not a custom field name" 1 crm-add
t_err "is an unknown column" \
    'crm-add: line 1: unknown column "custom.Bad Name" for a contact'
rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm"
mv "$T/kept.db" "$CRM_DB"

# crm-edit changes them by the same names.
t_run "crm-edit sets a custom field" 0 crm-edit -q 1 custom.cumpleanos=07-07
t_eq "set" "$(custom 1)" "cumpleanos=07-07
fecha_de_alta=2024-01-15"
t_eq "audited as an update" "$(q "SELECT action || ' ' || coalesce(old, '-')
    || ' ' || new FROM audit WHERE entity_id = 1
    AND field = 'custom.cumpleanos'")" "update - 07-07"
printf 'id,custom.fecha_de_alta,city\n1,,Lugo\n2,2025-03-03,\n' >"$T/cedit.csv"
IN=$T/cedit.csv
t_run "a CSV edit: custom columns with the fields" 0 crm-edit -q
t_eq "an empty one clears, another sets" "$(custom 1; custom 2)" \
    "cumpleanos=07-07
cumpleanos=05-01
fecha_de_alta=2025-03-03"
t_eq "the fields too" "$(q "SELECT city FROM contacts WHERE id = 1")" Lugo
t_run "a custom column twice" 1 crm-edit 1 custom.a=1 custom.a=2

IN=$T/keep.csv
t_run "--dry-run writes no custom field" 0 crm-add -q -n --keep-unknown \
    --allow-duplicates
t_eq "still what the edits left" "$(q "SELECT count(*) FROM contact_custom")" "3"
t_run "erasing a contact removes its custom fields" 0 crm-edit -q --erase 1
t_eq "none left for it" "$(q "SELECT count(*) FROM contact_custom WHERE contact_id = 1")" "0"

# Custom fields follow the access rules (lib/access.c): a manager changes
# those of their own clients only.  The acting user is made a manager.
fresh
crm-user add luis >/dev/null
crm-add -q --keep-unknown first_name=Pau last_name=Gil email=pau@g.es \
    owner=luis "Código=P-1" >/dev/null
sqlite3 "$CRM_DB" "UPDATE users SET role = 'manager' WHERE login = '$ME'"
printf 'email,Código\npau@g.es,P-2\n' >"$T/other.csv"
IN=$T/other.csv
t_run "a manager changes no custom field of another's client" 4 crm-add -q \
    -u --keep-unknown
t_err "the rule, with the line" \
    'crm-add: line 2: contact 1: belongs to luis; managers change their own clients'
t_eq "nothing changed" "$(custom 1)" "codigo=P-1"

# --- vCards --------------------------------------------------------------

fresh
IN=$D/cards.vcf
t_run "vCards 2.1, 3.0 and 4.0; the bad ones rejected" 1 crm-add -q \
    -f vcard --rejects "$T/rej.vcf"
t_out "the good cards" "1
2"
t_err "each bad card with its line; a second TEL is not kept unasked" \
'crm-add: line 10: a second TEL: only the first goes to phone (--keep-unknown keeps the others as custom fields phone_2, phone_3...)
crm-add: line 31: a second TEL: only the first goes to phone (--keep-unknown keeps the others as custom fields phone_2, phone_3...)
crm-add: line 39: X-SKYPE has no contact field (--keep-unknown keeps it as custom field x_skype)
crm-add: line 41: the card has neither N nor FN: a contact needs a name
crm-add: line 50: not a vCard line (a line that goes on from the one before starts with a space)
crm-add: line 52: the card has no END:VCARD before line 56'
t_run "the rejects file holds the bad cards" 0 grep -c '^BEGIN:VCARD' "$T/rej.vcf"
t_out "six" "6"
t_run "each with its error" 0 grep -a '^X-CRM-ERROR' "$T/rej.vcf"
t_out "as a property, CRLF ended" "$(printf '%s\r\n' \
    'X-CRM-ERROR:line 10: a second TEL: only the first goes to phone (--keep-unknown keeps the others as custom fields phone_2\, phone_3...)' \
    'X-CRM-ERROR:line 31: a second TEL: only the first goes to phone (--keep-unknown keeps the others as custom fields phone_2\, phone_3...)' \
    'X-CRM-ERROR:line 39: X-SKYPE has no contact field (--keep-unknown keeps it as custom field x_skype)' \
    'X-CRM-ERROR:line 41: the card has neither N nor FN: a contact needs a name' \
    'X-CRM-ERROR:line 50: not a vCard line (a line that goes on from the one before starts with a space)' \
    'X-CRM-ERROR:line 52: the card has no END:VCARD before line 56')"
# Fixed by hand: a name, the fold, the END; read again with --keep-unknown.
sed -e 's/^EMAIL:anon@x.es/N:Anon;Ana\r\n&/' -e 's/^without the/ without the/' \
    -e 's/^\(X-CRM-ERROR:line 52.*\)/END:VCARD\r/' "$T/rej.vcf" >"$T/fixed.vcf"
IN=$T/fixed.vcf
t_run "the fixed rejects go back in, with --keep-unknown" 0 crm-add -q \
    -f vcard --keep-unknown
t_out "all six" "3
4
5
6
7
8"
t_eq "N, the first TEL and EMAIL, ORG, the city of ADR, CATEGORIES" \
    "$(contacts | sed -n '1,4p')" "Luis|Pérez|+34600333444|luis@perez.es|||
Bueno|Final||final@x.es|||
Ana|García|+34600111222|ana@acme.es|Acme SL|Madrid|Clientes,VIP
José|Muñoz|+34600555666||||"
t_eq "folded and escaped NOTE, ADR, TITLE" \
    "$(q "SELECT title || '|' || address || '|' || replace(notes, char(10), '/')
    FROM contacts WHERE id = 3")" \
    "Directora|Calle Mayor 1, 28013, España|Met at the fair, 2024./Call in Q2; ask for the new catalogue before the summer."
t_eq "2.1: quoted-printable, its soft line break, CHARSET" \
    "$(q "SELECT replace(notes, char(10), '/') FROM contacts WHERE id = 4")" \
    "Línea uno/línea dos"
t_eq "the other TEL and EMAIL, labels (Apple's too), N's parts, BDAY" \
    "$(custom 3)" "address_label=work
birthday=1980-05-01
department=Ventas
email_2=ana.garcia@gmail.com
email_2_label=home
email_label=work
middle_name=María
name_prefix=Dra.
phone_2=+34912223344
phone_2_label=work
phone_label=mobile"
t_eq "4.0: a tel: URI, a quoted TYPE list, URL" "$(custom 1)" \
    "phone_label=cell
website=https://perez.es"
t_eq "2.1: bare TYPE words" "$(custom 4)" "phone_2=+34954000111
phone_2_label=home
phone_label=cell"
t_eq "the unknown property kept" "$(custom 5)" "x_skype=sin.nombre"
t_eq "the fold joined" "$(q "SELECT notes FROM contacts WHERE id = 7")" \
    "this long note was foldedwithout the leading space"
IN=$D/cards.vcf
t_run "the same file again: duplicates refused" 1 crm-add -q -f vcard \
    --keep-unknown
t_has_err "by phone" 'crm-add: line 1: duplicate of contact 3 (same phone +34600111222); --upsert updates it, --allow-duplicates adds it anyway'

# A card written by another program (python3-vobject): its folding and escapes.
fresh
/usr/bin/python3 - >"$T/vobject.vcf" <<'EOF'
import vobject
c = vobject.vCard()
c.add('n').value = vobject.vcard.Name(family='Ferrández', given='Íñigo')
c.add('fn').value = 'Íñigo Ferrández'
t = c.add('tel'); t.value = '+34 611 222 333'; t.type_param = 'CELL'
e = c.add('email'); e.value = 'inigo@ferrandez.example'; e.type_param = 'WORK'
c.add('org').value = ['Ferrández, Hijos; y Cía']
c.add('note').value = 'Línea con ; y , y \\ barra\n' + 'larga ' * 20
print(c.serialize(), end='')
EOF
IN=$T/vobject.vcf
t_run "a vCard python3-vobject wrote" 0 crm-add -q -f vcard
t_eq "read back as written" "$(contacts)" \
    "Íñigo|Ferrández|+34611222333|inigo@ferrandez.example|Ferrández, Hijos; y Cía||"
t_eq "its long note unfolded and unescaped" \
    "$(q "SELECT notes FROM contacts")" "Línea con ; y , y \\ barra
$(printf 'larga %.0s' $(seq 20) | sed 's/ $//')"

fresh
printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ib\xe1\xf1ez;Marta\r\nEMAIL:marta@ib.es\r\nEND:VCARD\r\n' >"$T/1252.vcf"
IN=$T/1252.vcf
t_run "a windows-1252 card without --encoding" 1 crm-add -q -f vcard
t_err "is refused, suggesting CHARSET or --encoding" \
    'crm-add: line 3: invalid UTF-8 in N (give the card'"'"'s CHARSET, or --encoding for the whole file: --encoding windows-1252, latin1...)'
IN=$T/1252.vcf
t_run "with --encoding windows-1252" 0 crm-add -q -f vcard \
    --encoding windows-1252
t_eq "read right" "$(contacts)" "Marta|Ibáñez||marta@ib.es|||"
sed -n 1,18p "$D/cards.vcf" | iconv -f UTF-8 -t UTF-16 >"$T/u16.vcf"
IN=$T/u16.vcf
t_run "a UTF-16 vCard with --encoding utf-16" 0 crm-add -q -f vcard -u \
    --keep-unknown --encoding utf-16
t_out "its card updates the first contact" "2"

printf 'hello\r\nBEGIN:VCARD\r\nN:A;B\r\nEMAIL:ab@x.es\r\nEND:VCARD\r\n' >"$T/junk.vcf"
IN=$T/junk.vcf
t_run "text before the first card" 1 crm-add -q -f vcard
t_err "is reported once, the card after it read" \
    'crm-add: line 1: not a vCard: no BEGIN:VCARD before this line'
printf 'BEGIN:VCARD\r\nN:Sin;Fin\r\nEMAIL:sf@x.es\r\n' >"$T/noend.vcf"
IN=$T/noend.vcf
t_run "a file that ends inside a card" 1 crm-add -q -f vcard
t_err "that card is rejected" 'crm-add: line 1: the card has no END:VCARD'
IN=/dev/null
t_run "no cards at all" 0 crm-add -q -f vcard
IN=$D/cards.vcf
t_run "--map is for CSV" 2 crm-add -f vcard --map 'A=first_name'
t_err "a usage error" 'crm-add: -f vcard reads vCards on standard input; --map and --from are for CSV'
IN=$D/cards.vcf
t_run "vCards are contacts" 2 crm-add company -f vcard
t_err "not companies" 'crm-add: vCards hold contacts, not companies'
IN=$T/map.csv
t_run "--from names a tool it knows" 2 crm-add --from yahoo
t_err "the known ones listed" 'crm-add: --from: unknown export "yahoo" (google, outlook)'

t_done
