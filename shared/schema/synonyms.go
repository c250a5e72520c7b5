package schema

import (
	"strings"
)

// synonymNames are, per catalog header, the names CRMs, ERPs and colleagues
// give that column, as people write them, in English, German, French,
// Spanish, Portuguese, Dutch and Italian. They are compared folded (Fold)
// and without accents, so "Société", "Societe" and "SOCIETE" are one name.
// A name means one column only: TestSynonymsDistinct fails on a name given
// twice. Ambiguous names are left out on purpose: "Name" (full or last
// name?), German "Titel" (an academic title), French "Poste" (a job or an
// extension).
var synonymNames = []struct {
	header string
	names  []string
}{
	{"Contact ID", []string{
		"ID", "Contact ID", "Customer ID", "Customer No", "Customer Number", "Lead ID", "Person ID", "Record ID",
		"External ID", "CRM ID", "Client ID", "Client Number",
		"Kunden-Nr", "Kundennummer", "Kunden-ID", "Kontakt-ID", "Kontakt-Nr", "Kontaktnummer", "Personen-Nr", // de
		"ID client", "N° client", "No client", "Numéro client", "Numéro de client", "Code client", "Réf client", "ID contact", // fr
		"ID cliente", "Número de cliente", "Nº cliente", "No cliente", "Código cliente", "Código de cliente", "ID contacto", // es
		"Número do cliente", "Código do cliente", "ID contato", // pt
		"Klantnummer", "Klantnr", "Klant-ID", "Relatienummer", "Contactnummer", // nl
		"Codice cliente", "Numero cliente", "ID contatto", // it
	}},
	{"Contact First Name", []string{
		"First Name", "Given Name", "Forename", "First", "FName",
		"Vorname", "Prénom", "Nombre", "Nome", "Primeiro nome", "Voornaam",
	}},
	{"Contact Middle Name", []string{
		"Middle Name", "Middle", "Segundo nombre", "Nome do meio", "Tussenvoegsel", "Secondo nome",
	}},
	{"Contact Last Name", []string{
		"Last Name", "Surname", "Family Name", "Last", "LName",
		"Nachname", "Familienname", // de
		"Nom", "Nom de famille", // fr
		"Apellido", "Apellidos", // es
		"Sobrenome", "Apelido", // pt
		"Achternaam", "Familienaam", // nl
		"Cognome", // it
	}},
	{"Contact Salutation", []string{
		"Salutation", "Prefix", "Anrede", "Civilité", "Tratamiento", "Tratamento", "Aanhef", "Appellativo",
	}},
	{"Contact Title", []string{
		"Title", "Job Title", "Position",
		"Funktion", "Berufsbezeichnung", "Jobtitel", // de
		"Fonction", "Titre", // fr
		"Cargo", "Puesto", // es, pt
		"Função",                  // pt
		"Functie", "Functietitel", // nl
		"Ruolo", "Qualifica", "Posizione", // it
	}},
	{"Contact Work Phone", []string{
		"Phone", "Work Phone", "Business Phone", "Office Phone", "Telephone", "Tel", "Phone Number",
		"Telefon", "Telefonnummer", "Telefon geschäftlich", "Tel. geschäftlich", "Diensttelefon", // de
		"Téléphone professionnel", "Téléphone bureau", "Numéro de téléphone", // fr
		"Teléfono", "Teléfono trabajo", "Teléfono oficina", // es
		"Telefone", "Telefone comercial", "Telefone trabalho", // pt
		"Telefoon", "Telefoonnummer", "Telefoon werk", // nl
		"Telefono ufficio", "Telefono lavoro", "Numero di telefono", // it (Telefono: es)
	}},
	{"Contact Work Phone Extension", []string{
		"Work Phone Extension", "Extension", "Ext",
		"Durchwahl", "Nebenstelle", "Ramal", "Toestel", "Interno",
	}},
	{"Contact Cell Phone", []string{
		"Mobile", "Mobile Phone", "Cell", "Cell Phone", "Mobile Number",
		"Handy", "Mobil", "Mobiltelefon", "Mobilnummer", "Handynummer", // de
		"Portable", "Téléphone portable", "Téléphone mobile", "GSM", // fr, nl
		"Móvil", "Teléfono móvil", "Celular", // es
		"Telemóvel", "Telefone celular", // pt
		"Mobiel", "Mobiel nummer", "Mobiele telefoon", // nl
		"Cellulare", "Telefono cellulare", // it
	}},
	{"Contact Home Phone", []string{
		"Home Phone", "Private Phone", "Home",
		"Telefon privat", "Privattelefon", // de
		"Téléphone domicile", "Téléphone personnel", // fr
		"Teléfono casa", "Teléfono particular", // es
		"Telefone residencial", "Telefone casa", // pt
		"Telefoon privé", "Thuisnummer", // nl
		"Telefono casa", "Telefono abitazione", // it
	}},
	{"Contact Other Phone", []string{
		"Other Phone", "Alt Phone", "Alternate Phone",
		"Telefon 2", "Weiteres Telefon", "Autre téléphone", "Otro teléfono", "Outro telefone", "Ander telefoonnummer", "Altro telefono",
	}},
	{"Contact Work Email", []string{
		"Email", "Email Address", "Work Email", "Business Email", "Mail",
		"E-Mail-Adresse",                             // de
		"Courriel", "Adresse mail", "Adresse e-mail", // fr
		"Correo", "Correo electrónico", // es
		"Correio eletrónico", "Correio eletrônico", "Endereço de e-mail", // pt
		"E-mailadres",                           // nl
		"Posta elettronica", "Indirizzo e-mail", // it
	}},
	{"Contact Personal Email", []string{
		"Personal Email", "Private Email", "Home Email", "E-Mail privat", "Courriel personnel", "Correo personal", "E-mail pessoal", "Privé e-mail", "E-mail personale",
	}},
	{"Contact Other Email", []string{"Other Email"}},
	{"Contact Address 1", []string{
		"Address", "Address 1", "Street", "Street Address", "Address Line 1",
		"Straße", "Adresse", "Anschrift", "Straße und Hausnummer", // de, fr
		"Rue", "Adresse 1", // fr
		"Dirección", "Calle", "Domicilio", // es
		"Endereço", "Morada", "Rua", "Logradouro", // pt
		"Adres", "Straat", "Straatnaam", // nl
		"Indirizzo", "Via", // it
	}},
	{"Contact Address 2", []string{
		"Address 2", "Address Line 2", "Adresszusatz", "Complément d'adresse", "Adresse 2", "Dirección 2", "Complemento", "Endereço 2", "Adres 2", "Indirizzo 2",
	}},
	{"Contact City", []string{
		"City", "Town",
		"Ort", "Stadt", "Wohnort", // de
		"Ville", "Commune", "Localité", // fr
		"Ciudad", "Localidad", "Población", "Municipio", // es, pt
		"Cidade", "Localidade", // pt
		"Plaats", "Woonplaats", "Stad", // nl
		"Città", "Comune", "Località", // it
	}},
	{"Contact State", []string{
		"State", "Province", "Region",
		"Bundesland", "Département", "Provincia", "Estado", "Comunidad", "Distrito", "Provincie", "Regione",
	}},
	{"Contact Postal Code", []string{
		"Zip", "Zip Code", "Postcode", "Postal Code",
		"PLZ", "Postleitzahl", "Code postal", "CP", "Código postal", "CEP", "CAP", "Codice postale",
	}},
	{"Contact Country Code", []string{
		"Country", "Country Code", "Country Name",
		"Land", "Länderkürzel", "Pays", "País", "Paese", "Nazione",
	}},
	{"Contact Survey Opt Out", []string{"Opt Out", "Survey Opt Out", "Do Not Survey"}},
	{"Contact External System URL", []string{"URL", "CRM URL", "Record URL", "External URL", "External System URL"}},

	{"Account ID", []string{
		"Account ID", "Company ID", "Organization ID", "Organisation ID", "Org ID", "Customer Account ID",
		"Firmen-ID", "Firmen-Nr", "Firmennummer", "Unternehmens-ID", // de
		"ID entreprise", "ID société", "Numéro d'entreprise", "ID compte", // fr
		"ID empresa", "Código empresa", "Código de empresa", "ID cuenta", // es, pt
		"Código da empresa", "ID conta", // pt
		"Bedrijfs-ID", "Bedrijfsnummer", "Organisatie-ID", // nl
		"ID azienda", "Codice azienda", "ID società", // it
	}},
	{"Account Name", []string{
		"Account", "Account Name", "Company", "Company Name", "Organization", "Organisation", "Organization Name", "Employer",
		"Firma", "Firmenname", "Unternehmen", "Unternehmensname", // de
		"Société", "Entreprise", "Nom société", "Nom de l'entreprise", "Raison sociale", // fr
		"Empresa", "Nombre empresa", "Nombre de la empresa", "Compañía", "Razón social", // es, pt
		"Nome da empresa", "Companhia", // pt
		"Bedrijf", "Bedrijfsnaam", "Organisatie", // nl
		"Azienda", "Ragione sociale", "Nome azienda", // it (Società: fr)
	}},
	{"Account Phone", []string{
		"Company Phone", "Account Phone", "Main Phone",
		"Firmentelefon", "Zentrale", "Téléphone société", "Standard", "Teléfono empresa", "Telefone da empresa", "Bedrijfstelefoon", "Telefono azienda",
	}},
	{"Account Website", []string{
		"Website", "Web", "Homepage", "Company Website",
		"Webseite", "Internetseite", "Site web", "Site internet", "Sitio web", "Página web", "Site", "Sitio", "Sito web",
	}},
	{"Account Address 1", []string{
		"Company Address", "Company Street", "Firmenadresse", "Adresse société", "Dirección empresa", "Endereço da empresa", "Bedrijfsadres", "Indirizzo azienda",
	}},
	{"Account City", []string{
		"Company City", "Firmenort", "Ville société", "Ciudad empresa", "Cidade da empresa", "Bedrijfsplaats", "Città azienda",
	}},
	{"Account State", []string{"Company State"}},
	{"Account Postal Code", []string{"Company Zip", "Firmen-PLZ"}},
	{"Account Country Code", []string{
		"Company Country", "Firmenland", "Pays société", "País empresa", "País da empresa", "Bedrijfsland", "Paese azienda",
	}},
}

// synonyms maps each name of synonymNames, as synonymKey makes it, to its header.
var synonyms = func() map[string]string {
	m := map[string]string{}
	for _, s := range synonymNames {
		for _, n := range s.names {
			m[synonymKey(n)] = s.header
		}
	}
	return m
}()

// Synonym returns the catalog header a source header commonly means.
func Synonym(sourceHeader string) (string, bool) {
	h, ok := synonyms[synonymKey(sourceHeader)]
	return h, ok
}

// synonymKey is a name folded and without its accents: how a header is
// looked up among the synonyms, whether or not its writer typed the accents.
func synonymKey(name string) string { return unaccent.Replace(Fold(name)) }

// unaccent drops the accents of the letters of the languages synonymNames
// covers (already lower case, after Fold), and spells ß as ss.
var unaccent = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ñ", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y",
	"ß", "ss", "º", "", "°", "",
)

// NameKey is a name as names people type are compared: folded (Fold) and
// without its accents, so "Österreich", "osterreich" and "OSTERREICH" meet.
func NameKey(name string) string { return synonymKey(name) }
