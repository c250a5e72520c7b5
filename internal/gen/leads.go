package gen

// LeadColumns is the header row of a lead export (Options.Kind "leads"): a CRM's
// monthly export for the dialer, each lead with its own Lead ID and up to three
// phones typed as admins type them.
var LeadColumns = []string{"Lead ID", "First Name", "Last Name", "Mobile", "Home Phone", "Work Phone",
	"Email", "City", "State", "Lead Source"}

// Kinds of file.
const (
	KindContacts = "contacts"
	KindLeads    = "leads"
)

// blankLeadPhoneShare is per phone column: Mobile, Home Phone, Work Phone.
var blankLeadPhoneShare = [3]float64{0.05, 0.4, 0.6}

var leadSources = []string{"Web Form", "Trade Show", "Referral", "Purchased List", "Partner", "Webinar"}

// nextLead fills rec with the next lead. Leads never repeat: lead k has Lead
// ID L followed by k+1 in seven digits, and its data comes from its own rng.
func (g *generator) nextLead(rec *record) {
	k := g.contacts
	g.contacts++
	r := derive(g.opt.Seed, leadStream, k)
	rec.reset()

	rec.buf = append(rec.buf, 'L')
	rec.buf = appendPadded(rec.buf, k+1, 7)
	rec.closeField(cellText)

	last := g.lastNames[r.intn(len(g.lastNames))]
	group := b2i(last.script == scriptJapanese)
	if len(g.firstNames[group]) == 0 {
		group = 1 - group
	}
	first := g.firstNames[group][r.intn(len(g.firstNames[group]))]
	rec.buf = append(rec.buf, first.text...)
	rec.closeField(cellText)
	rec.buf = append(rec.buf, last.text...)
	rec.closeField(cellText)

	home, c := g.phonePlace(&r, nil)
	for column, blank := range blankLeadPhoneShare {
		if r.chance(blank) {
			rec.closeField(cellText)
			continue
		}
		g.appendPhone(rec, &r, home, c, column == 2)
	}

	rec.buf = g.appendEmail(rec.buf, &r, first, last, nil)
	rec.closeField(cellText)
	rec.buf = append(rec.buf, g.localized(home.city)...)
	rec.closeField(cellText)
	rec.buf = append(rec.buf, g.localized(home.state)...)
	rec.closeField(cellText)
	rec.buf = append(rec.buf, leadSources[r.intn(len(leadSources))]...)
	rec.closeField(cellText)

	g.truth.Rows++
	g.truth.InvalidPhones += rec.invalidPhones
	g.truth.DamagedPhones += rec.damagedPhones
}
