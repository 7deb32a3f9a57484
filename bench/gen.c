/*
 * gen - write N realistic, deterministic contacts as CSV for the
 * benchmarks: gen N > contacts.csv.
 *
 * Every row is valid for crm-add on a base with phone.default_country 34:
 * names in UTF-8 (García, Núñez, Müller), a unique phone in one of several
 * written forms (international, 00-prefixed, national), a unique e-mail,
 * companies from a pool of about N/20 names, and values with commas and
 * quotes that need CSV quoting.  Some optional fields are empty; every row
 * keeps a phone or an e-mail.
 *
 * The output depends only on N: each row draws from its own PRNG state
 * seeded from a fixed seed and the row number (splitmix64), so row i is the
 * same whatever else changes.
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define SEED		0x63726d62656e6368ULL	/* "crmbench" */
#define PHONE_SPACE	100000000ULL		/* 8 free digits */
#define PHONE_MUL	12345677ULL		/* odd, not a multiple of 5 */
#define PHONE_ADD	31415926ULL

static const char *const first_names[] = {
	"María", "José", "Antonio", "Carmen", "Manuel", "Ana", "Francisco",
	"Lucía", "David", "Laura", "Javier", "Marta", "Álvaro", "Sofía",
	"Jesús", "Elena", "Sergio", "Paula", "Raúl", "Irene", "Íñigo",
	"Begoña", "Ramón", "Nuria", "Andrés", "Inés", "Óscar", "Ángela",
	"Joaquín", "Montserrat", "Jordi", "Núria", "Xabier", "Aitor",
	"María José", "Juan Carlos", "Pilar", "Rocío", "Adrián", "Noelia",
	"John", "Mary", "James", "Emma", "Oliver", "Charlotte", "William",
	"Olivia", "Jack", "Amelia", "Thomas", "Emily", "George", "Grace",
	"Jürgen", "Klaus", "Günther", "Jörg", "Björn", "Søren", "Zoë",
	"François", "Hélène", "Renée", "Jean-Luc", "Chloé", "Noël",
	"João", "Conceição", "Gonçalo", "Łukasz", "Paweł", "Małgorzata",
	"Giuseppe", "Francesca", "Niccolò", "Dmitri", "Olga", "Aoife",
	"Siobhán", "Seán", "Mohammed", "Fatima", "Yusuf", "Wei", "Mei",
	"Hiroshi", "Yuki", "Priya", "Arjun", "Ngozi", "Kwame", "Ayşe",
	"Mehmet", "Ελένη", "Дмитрий", "李", "Анна",
};

static const char *const last_names[] = {
	"García", "Rodríguez", "González", "Fernández", "López", "Martínez",
	"Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz",
	"Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero",
	"Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez",
	"Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Núñez",
	"Castaño", "Ibáñez", "Peña", "Echeverría", "Goikoetxea", "Puig",
	"Ferrer", "Vidal", "de la Fuente", "del Río", "Smith", "Jones",
	"Williams", "Brown", "Taylor", "Davies", "Wilson", "Evans",
	"O'Brien", "O'Connor", "McDonald", "Müller", "Schmidt", "Schäfer",
	"Weiß", "Köhler", "Groß", "Dubois", "Lefèvre", "Béranger",
	"Girard", "Costa", "Gonçalves", "Simões", "Rossi", "Bianchi",
	"Esposito", "Kowalski", "Wiśniewski", "Nowak", "Jensen", "Øster",
	"Andersson", "Nieminen", "Yılmaz", "Öztürk", "Ivanov", "Papadopoulos",
	"Nakamura", "Tanaka", "Chen", "Wang", "Nguyen", "Kim", "Singh",
	"Okafor", "Mensah", "Smith-Jones", "García-Lorca", "van der Berg",
	"Παπαδόπουλος", "Иванова", "王",
};

static const char *const company_names[] = {
	"García", "Núñez", "Müller", "Ibáñez", "Torres", "Castaño", "Ferrer",
	"Smith", "Vidal", "Peña", "Schäfer", "Dubois", "Rossi", "Costa",
	"Iberia", "Atlántico", "Mediterránea", "Cantábrica", "Sierra",
	"Levante", "Meseta", "Norte", "Sur", "Galaica", "Astur", "Bética",
	"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell",
	"Nova", "Vértice", "Horizonte", "Aurora", "Delta", "Omega", "Zenit",
	"Alfa", "Boreal", "Cierzo", "Tramontana", "Ebro", "Duero", "Tajo",
	"Guadalquivir", "Miño", "Júcar", "Segura", "Montaña", "Olivo",
	"Encina", "Roble", "Pino", "Faro", "Puerto", "Muelle", "Lonja",
	"Plaza", "Mercado", "Nube", "Rayo", "Trueno", "Brisa", "Marea",
	"Coral", "Ámbar", "Ónix", "Jade", "Rubí", "Zafiro", "Perla",
	"Cobalto", "Titanio", "Hierro", "Cobre", "Plata", "Oro", "Bronce",
	"Eólica", "Solar", "Hídrica", "Térmica", "Cuántica", "Digital",
	"Óptima", "Prisma", "Quasar", "Pulsar", "Nexo", "Enlace", "Puente",
	"Camino", "Senda", "Ruta", "Vía", "Atalaya", "Mirador",
};

static const char *const sectors[] = {
	"Construcciones", "Transportes", "Consultores", "Distribuciones",
	"Ingeniería", "Logística", "Asesores", "Seguros", "Inmobiliaria",
	"Alimentación", "Farmacéutica", "Energía", "Telecomunicaciones",
	"Software", "Sistemas", "Hostelería", "Viajes", "Textil",
	"Maquinaria", "Electrónica", "Papelera", "Química", "Agrícola",
	"Bodegas", "Conservas", "Muebles", "Cerámica", "Metalurgia",
	"Automoción", "Publicidad", "Marketing", "Gestoría", "Abogados",
	"Clínica", "Laboratorios", "Editorial", "Imprenta", "Óptica",
	"Trading", "Holdings",
};

/* Some legal forms contain commas or quotes: the CSV must quote them. */
static const char *const legal_forms[] = {
	"S.L.", "S.A.", ", S.L.", ", S.A.", "S.L.U.", "SLP", "& Asociados",
	"y Cía.", "GmbH", "& Söhne GmbH", "Ltd", ", Inc.", "LLC", "SARL",
	"\"Grupo\"",
};

static const char *const titles[] = {
	"", "", "", "Director General", "Directora Comercial",
	"Jefe de Compras", "Responsable de Compras", "Gerente", "CEO",
	"CFO", "CTO", "Director, Ventas", "Directora, Marketing y Ventas",
	"Técnico de Mantenimiento", "Administrativo", "Office Manager",
	"Head of Procurement", "Sales Manager", "Account Executive",
	"Einkaufsleiter", "Responsable \"Key Account\"", "Socio fundador",
	"Consejero Delegado", "Jefa de Producción", "Ingeniero de Obra",
};

static const char *const cities[] = {
	"", "Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza",
	"Málaga", "Murcia", "Palma", "Las Palmas de Gran Canaria", "Bilbao",
	"Alicante", "Córdoba", "Valladolid", "Vigo", "Gijón",
	"L'Hospitalet de Llobregat", "A Coruña", "Vitoria-Gasteiz",
	"Granada", "Elche", "Oviedo", "Badalona", "Cartagena", "Terrassa",
	"Jerez de la Frontera", "Sabadell", "Móstoles", "Pamplona",
	"Almería", "San Sebastián", "Logroño", "Cáceres", "León", "Cádiz",
	"Salamanca", "Huelva", "Lleida", "Tarragona", "Girona", "Santander",
	"London", "Manchester", "München", "Köln", "Düsseldorf", "Zürich",
	"Paris", "Lyon", "Lisboa", "Porto", "Milano", "Roma", "México D.F.",
	"Buenos Aires", "Bogotá", "Kraków", "Wrocław", "İstanbul",
};

static const char *const streets[] = {
	"Calle Mayor", "Calle de Alcalá", "Gran Vía", "Paseo de la Castellana",
	"Avenida Diagonal", "Calle Serrano", "Rambla de Catalunya",
	"Calle Larios", "Avenida de la Constitución", "Calle Príncipe",
	"Plaza de España", "Calle Núñez de Balboa", "Avenida del Puerto",
	"Calle Colón", "Paseo de Gràcia", "Calle San Fernando",
	"Calle Ibáñez de Ibero", "Camino Viejo", "Polígono Industrial El Olivar",
	"High Street", "Baker Street", "Königsallee", "Hauptstraße",
	"Rue de Rivoli", "Rua Augusta", "Via del Corso",
};

static const char *const address_tails[] = {
	"", "", "", ", 3º B", ", 2º izda.", ", bajo", ", local 4",
	", nave 12", ", Edificio \"La Torre\", planta 4", ", 1st floor",
	", Hinterhaus", ", 5ª planta, oficina 2", ", esc. A, 7º 3ª",
};

static const char *const sources[] = {
	"", "", "web", "web", "referral", "trade fair", "cold call",
	"LinkedIn", "newsletter", "partner", "Feria \"Construmat\", 2026",
	"inbound, phone", "campaign Q3",
};

static const char *const tags[] = {
	"", "", "", "", "vip", "lead", "customer", "prospect",
	"vip,customer", "lead,madrid", "customer; renewal", "partner,\"gold\"",
	"cold,retry", "newsletter", "b2b,industrial", "sector: construcción",
};

static const char *const domains[] = {
	"gmail.com", "gmail.com", "gmail.com", "hotmail.com", "hotmail.es",
	"yahoo.es", "outlook.com", "icloud.com", "telefonica.net", "gmx.de",
	"orange.fr", "live.co.uk", "proton.me", "empresa.es", "correo.es",
};

static const char *const email_sep[] = { ".", "_", "-", "" };

struct rng {
	uint64_t s;
};

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform pick in [0, n). */
static uint64_t
pick(struct rng *r, uint64_t n)
{
	return splitmix64(&r->s) % n;
}

#define PICK(r, a)	((a)[pick((r), NELEM(a))])

/* Percent chance. */
static int
chance(struct rng *r, int percent)
{
	return pick(r, 100) < (uint64_t)percent;
}

/* Write s as a CSV field, quoted when it holds , " CR or LF. */
static void
put_field(const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n") == NULL)
		fputs(s, stdout);
	else {
		putchar('"');
		for (; *s != '\0'; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	}
	putchar(last ? '\n' : ',');
}

/*
 * Lower-case ASCII for an e-mail local part: Latin letters lose their
 * accents, anything else is dropped.
 */
static void
ascii_fold(const char *in, char *out, size_t outsz)
{
	/* U+00C0 .. U+00FF, folded; '\0' to drop. */
	static const char latin1[] =
	    "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
	    "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";
	const unsigned char *p = (const unsigned char *)in;
	size_t n = 0;

	while (*p != '\0' && n + 3 < outsz) {
		unsigned cp;

		if (*p < 0x80) {
			char c = (char)*p++;

			if (c >= 'A' && c <= 'Z')
				out[n++] = (char)(c - 'A' + 'a');
			else if (c >= 'a' && c <= 'z')
				out[n++] = c;
			continue;
		}
		if ((*p & 0xe0) == 0xc0 && p[1] != '\0') {
			cp = ((unsigned)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
			p += 2;
		} else {
			/* Three- and four-byte sequences: not Latin. */
			p++;
			while ((*p & 0xc0) == 0x80)
				p++;
			continue;
		}
		if (cp == 0xdf) {		/* ß */
			out[n++] = 's';
			out[n++] = 's';
		} else if (cp >= 0xc0 && cp <= 0xff && latin1[cp - 0xc0])
			out[n++] = latin1[cp - 0xc0];
		else if (cp >= 0x100 && cp <= 0x17f) {
			/* Latin Extended-A: the base letter of each pair. */
			static const char exta[] =
			    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh"
			    "iiiiiiiiii" "ii" "jj" "kkk" "llllllllll" "nnnnnnnnn"
			    "oooooo" "oo" "rrrrrr" "ssssssss" "tttttt"
			    "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
			size_t k = cp - 0x100;

			if (k < sizeof(exta) - 1)
				out[n++] = exta[k];
		}
	}
	out[n] = '\0';
}

/* The phone of row i: unique because i -> k is a bijection mod 10^8. */
static void
make_phone(struct rng *r, uint64_t i, char *out, size_t outsz)
{
	uint64_t k = (i * PHONE_MUL + PHONE_ADD) % PHONE_SPACE;
	char d[9];
	unsigned country = (unsigned)pick(r, 100);

	snprintf(d, sizeof(d), "%08llu", (unsigned long long)k);
	if (country < 72) {
		/* Spain: mobiles 6xx, landlines 9xx; 9 digits, no trunk 0. */
		char lead = chance(r, 80) ? '6' : '9';

		switch (pick(r, 7)) {
		case 0:
			snprintf(out, outsz, "+34 %c%.2s %.3s %.3s", lead, d,
			    d + 2, d + 5);
			break;
		case 1:
			snprintf(out, outsz, "0034%c%s", lead, d);
			break;
		case 2:
			snprintf(out, outsz, "%c%.2s-%.3s-%.3s", lead, d, d + 2,
			    d + 5);
			break;
		case 3:
			snprintf(out, outsz, "%c%.2s %.2s %.2s %.2s", lead, d,
			    d + 2, d + 4, d + 6);
			break;
		case 4:
			snprintf(out, outsz, "+34 %c%.2s.%.3s.%.3s", lead, d,
			    d + 2, d + 5);
			break;
		case 5:
			snprintf(out, outsz, "+34%c%s", lead, d);
			break;
		default:
			snprintf(out, outsz, "%c%s", lead, d);
			break;
		}
	} else if (country < 80)
		snprintf(out, outsz, chance(r, 50) ? "+44 77%.2s %.6s" :
		    "+44 (0)77%.2s %.6s", d, d + 2);
	else if (country < 86)
		snprintf(out, outsz, chance(r, 50) ? "+49 151 %.4s %.4s" :
		    "0049 151/%.4s%.4s", d, d + 4);
	else if (country < 91)
		snprintf(out, outsz, "+33 6 %.2s %.2s %.2s %.2s", d, d + 2,
		    d + 4, d + 6);
	else if (country < 94)
		snprintf(out, outsz, "+351 9%.2s %.3s %.3s", d, d + 2, d + 5);
	else if (country < 97)
		snprintf(out, outsz, "+39 33%.2s %.6s", d, d + 2);
	else
		snprintf(out, outsz, "+1 (4%.2s) 5%.2s-%.4s", d, d + 2, d + 4);
}

/*
 * The e-mail of row i: unique because the local part ends in the digits
 * of i after a part with no digits.
 */
static void
make_email(struct rng *r, uint64_t i, const char *first, const char *last,
    const char *company_domain, char *out, size_t outsz)
{
	char f[64], l[64];
	const char *sep = PICK(r, email_sep);

	ascii_fold(first, f, sizeof(f));
	ascii_fold(last, l, sizeof(l));
	if (f[0] == '\0')
		strcpy(f, "contact");
	if (l[0] == '\0')
		strcpy(l, "client");
	switch (pick(r, 4)) {
	case 0:
		snprintf(out, outsz, "%s%s%s%llu", f, sep, l,
		    (unsigned long long)i);
		break;
	case 1:
		snprintf(out, outsz, "%c%s%s%llu", f[0], sep, l,
		    (unsigned long long)i);
		break;
	case 2:
		snprintf(out, outsz, "%s%s%s%llu", l, sep, f,
		    (unsigned long long)i);
		break;
	default:
		snprintf(out, outsz, "%s%llu", f, (unsigned long long)i);
		break;
	}
	strncat(out, "@", outsz - strlen(out) - 1);
	strncat(out, company_domain != NULL ? company_domain : PICK(r, domains),
	    outsz - strlen(out) - 1);
	/* A few typed in capitals: the base matches e-mails without case. */
	if (chance(r, 3))
		for (char *p = out; *p != '\0' && *p != '@'; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
}

/*
 * Company c of the pool, as a mixed-radix number over names, sectors and
 * legal forms: distinct for distinct c (a serial number past the end).
 */
static void
make_company(uint64_t c, char *name, size_t namesz, char *domain,
    size_t domainsz)
{
	uint64_t nn = NELEM(company_names), ns = NELEM(sectors),
	    nl = NELEM(legal_forms);
	const char *who = company_names[c % nn];
	const char *what = sectors[(c / nn) % ns];
	const char *form = legal_forms[(c / nn / ns) % nl];
	uint64_t serial = c / nn / ns / nl;
	char w[64], h[64];

	snprintf(name, namesz, "%s %s%s%s", what, who,
	    form[0] == ',' ? "" : " ", form);
	if (serial > 0) {
		size_t n = strlen(name);

		snprintf(name + n, namesz - n, " %llu",
		    (unsigned long long)serial + 1);
	}
	ascii_fold(who, w, sizeof(w));
	ascii_fold(what, h, sizeof(h));
	snprintf(domain, domainsz, "%s-%s.%s", h, w,
	    (c & 3) == 0 ? "com" : "es");
}

int
main(int argc, char **argv)
{
	static char buf[1 << 16];
	unsigned long long n, i, ncompanies;
	char *end;

	if (argc != 2)
		errx(2, "usage: gen N");
	n = strtoull(argv[1], &end, 10);
	if (*end != '\0' || argv[1][0] == '-' || n > PHONE_SPACE)
		errx(2, "N must be a whole number up to %llu",
		    (unsigned long long)PHONE_SPACE);
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	ncompanies = n / 20 > 0 ? n / 20 : 1;

	puts("first_name,last_name,phone,email,company,title,city,address,"
	    "source,tags,consent");
	for (i = 0; i < n; i++) {
		struct rng r = { SEED ^ (i * 0xd1342543de82ef95ULL) };
		char phone[48], email[160], company[160], domain[160];
		char address[192];
		const char *first = PICK(&r, first_names);
		const char *last = PICK(&r, last_names);
		int has_company = chance(&r, 85);
		int has_phone, has_email;

		splitmix64(&r.s);
		if (has_company)
			make_company(pick(&r, ncompanies), company,
			    sizeof(company), domain, sizeof(domain));
		else
			company[0] = domain[0] = '\0';
		/* At least one way to reach every contact. */
		has_phone = chance(&r, 95);
		has_email = !has_phone || chance(&r, 92);
		if (has_phone)
			make_phone(&r, i, phone, sizeof(phone));
		else
			phone[0] = '\0';
		if (has_email)
			make_email(&r, i, first, last,
			    has_company && chance(&r, 40) ? domain : NULL,
			    email, sizeof(email));
		else
			email[0] = '\0';
		if (chance(&r, 80))
			snprintf(address, sizeof(address), "%s, %u%s",
			    PICK(&r, streets), (unsigned)pick(&r, 200) + 1,
			    PICK(&r, address_tails));
		else
			address[0] = '\0';

		put_field(first, 0);
		put_field(last, 0);
		put_field(phone, 0);
		put_field(email, 0);
		put_field(company, 0);
		put_field(PICK(&r, titles), 0);
		put_field(PICK(&r, cities), 0);
		put_field(address, 0);
		put_field(PICK(&r, sources), 0);
		put_field(PICK(&r, tags), 0);
		put_field(chance(&r, 60) ? "yes" : chance(&r, 50) ? "no" : "",
		    1);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		err(1, "stdout");
	return 0;
}
