package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Seed is what an org holds before a test sends anything: organizations and
// contacts made by hand in the admin UI (no externalId) or by an earlier
// import under some key (externalId, under the source externalSource, "seed"
// if empty). Every other field is the record's own (ExternalContact,
// ExternalOrganization), such as {"name": "Office Mart"} or
// {"firstName": "Ann", "lastName": "Lee", "workEmail": "ann@example.com"}.
//
// It may also hold outbound contact lists with their contacts (an earlier month's
// leads) and DNC lists.
type Seed struct {
	Organizations []map[string]any  `json:"organizations"`
	Contacts      []map[string]any  `json:"contacts"`
	ContactLists  []ContactListSeed `json:"contactLists"`
	DNCLists      []DNCListSeed     `json:"dncLists"`
}

// ContactListSeed is a contact list made before a test, as ContactList.md spells its
// fields, with its contacts. Limit is a raised limit (an org can have Genesys raise
// it); 0 is the org's (Config.ContactListLimit). Generated adds Count contacts whose
// id, Prefix and a number of Width digits counting from First, is also their
// IDColumn's value: a month of a million leads without a million-line seed.
type ContactListSeed struct {
	Name         string        `json:"name"`
	ColumnNames  []string      `json:"columnNames"`
	PhoneColumns []phoneColumn `json:"phoneColumns"`
	Limit        int           `json:"limit,omitempty"`
	Contacts     []struct {
		ID   string            `json:"id"`
		Data map[string]string `json:"data"`
	} `json:"contacts,omitempty"`
	Generated *struct {
		IDColumn string `json:"idColumn"`
		Prefix   string `json:"prefix"`
		Width    int    `json:"width"`
		First    int    `json:"first"`
		Count    int    `json:"count"`
	} `json:"generated,omitempty"`
}

// Seeded names the lists a seed made, in its order.
type Seeded struct {
	ContactLists []entityRef `json:"contactLists"`
	DNCLists     []entityRef `json:"dncLists"`
}

// handMadeKey stores a record made by hand apart from any key an import uses
// (a key is trimmed text, never starting with a control character).
const handMadeKey = "\x00"

// Seed adds the seed's records to the org.
func (s *Server) Seed(seed Seed) error {
	_, err := s.SeedLists(seed)
	return err
}

// SeedLists adds the seed's records to the org and names the lists it made. Nothing
// is added when the seed has a problem.
func (s *Server) SeedLists(seed Seed) (Seeded, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lists, err := s.seedContactLists(seed.ContactLists)
	if err != nil {
		return Seeded{}, err
	}
	for _, d := range seed.DNCLists {
		if p := d.problem(); p != "" {
			return Seeded{}, errors.New(p)
		}
	}
	if err := s.seedExternal(seed); err != nil {
		return Seeded{}, err
	}
	out := Seeded{ContactLists: []entityRef{}, DNCLists: []entityRef{}}
	for _, l := range lists {
		s.lists[l.id] = l
		out.ContactLists = append(out.ContactLists, entityRef{l.id, contactListsPath + "/" + l.id})
	}
	for _, d := range seed.DNCLists {
		l := &dncList{id: newID(), name: d.Name, sourceType: d.DncSourceType, contactMethod: d.ContactMethod,
			exclusionColumn: d.CustomExclusionColumn, created: s.now(), entries: map[string]bool{}}
		l.add(d.Entries)
		s.dncLists[l.id] = l
		out.DNCLists = append(out.DNCLists, entityRef{l.id, dncListsPath + "/" + l.id})
	}
	return out, nil
}

// seedContactLists makes the seed's contact lists, checked as Genesys checks a new
// list and its contacts. Callers hold s.mu.
func (s *Server) seedContactLists(seeds []ContactListSeed) ([]*contactList, error) {
	var out []*contactList
	for _, c := range seeds {
		if p := contactListProblem(c.Name, c.ColumnNames, c.PhoneColumns, nil); p != "" {
			return nil, fmt.Errorf("contact list %q: %s", c.Name, p)
		}
		if c.PhoneColumns == nil {
			c.PhoneColumns = []phoneColumn{}
		}
		l := &contactList{id: newID(), name: c.Name, columns: c.ColumnNames, phoneColumns: c.PhoneColumns,
			created: s.now(), contacts: map[string]*DialerContact{}, limit: c.Limit}
		add := func(id string, data map[string]string) error {
			if p := s.dataProblem(l, data); p != "" {
				return fmt.Errorf("contact list %q, contact %q: %s", c.Name, id, p)
			}
			if id == "" {
				id = newID()
			}
			l.put(&DialerContact{ID: id, ContactListID: l.id, Data: data, Callable: true,
				SelfURI: contactListsPath + "/" + l.id + "/contacts/" + id})
			return nil
		}
		for _, ct := range c.Contacts {
			if err := add(ct.ID, ct.Data); err != nil {
				return nil, err
			}
		}
		if g := c.Generated; g != nil {
			for i := range g.Count {
				id := fmt.Sprintf("%s%0*d", g.Prefix, g.Width, g.First+i)
				if err := add(id, map[string]string{g.IDColumn: id}); err != nil {
					return nil, err
				}
			}
		}
		if len(l.contacts) > s.listLimit(l) {
			return nil, fmt.Errorf("contact list %q: %d contacts, more than its limit of %d", c.Name, len(l.contacts), s.listLimit(l))
		}
		out = append(out, l)
	}
	return out, nil
}

// seedExternal adds the seed's organizations and contacts. Callers hold s.mu.
func (s *Server) seedExternal(seed Seed) error {
	stamp := timestamp(s.now())
	add := func(doc map[string]any, kind string, store map[string]map[string]any) error {
		doc = cloneDoc(doc)
		key, _ := doc["externalId"].(string)
		source, _ := doc["externalSource"].(string)
		delete(doc, "externalId")
		delete(doc, "externalSource")
		id := newID()
		doc["id"], doc["createDate"], doc["modifyDate"] = id, stamp, stamp
		doc["selfUri"] = "/api/v2/externalcontacts/" + kind + "/" + id
		if key = strings.TrimSpace(key); key == "" {
			key = handMadeKey + id
		} else {
			if source == "" {
				source = "seed"
			}
			doc["externalIds"] = []any{externalIDRef(source, key)}
		}
		if _, taken := store[key]; taken {
			return fmt.Errorf("%s %q is seeded twice", kind, key)
		}
		store[key] = doc
		return nil
	}
	for _, o := range seed.Organizations {
		if name, _ := o["name"].(string); strings.TrimSpace(name) == "" {
			return fmt.Errorf("an organization needs a name")
		}
		if err := add(o, "organizations", s.orgs); err != nil {
			return err
		}
	}
	for _, c := range seed.Contacts {
		if err := add(c, "contacts", s.contacts); err != nil {
			return err
		}
	}
	return nil
}

// handleSeed is POST /_emulator/seed with a Seed. It answers 204, or when the seed
// holds contact or DNC lists, 200 with their ids (Seeded). Its body may be larger
// than Genesys' JSON limit: it is the test's, not Genesys'.
func (s *Server) handleSeed(w http.ResponseWriter, r *http.Request) {
	var seed Seed
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 256<<20)).Decode(&seed); err != nil {
		badRequest(w, "The seed is not JSON of a Seed.")
		return
	}
	seeded, err := s.SeedLists(seed)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	if len(seed.ContactLists)+len(seed.DNCLists) == 0 {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, seeded)
}

// handMade reports whether an organization was made by hand: it has no
// external id. That is an inference (genesys.md §8), not documented.
func handMade(org map[string]any) bool {
	ids, _ := org["externalIds"].([]any)
	return len(ids) == 0
}

// refuseHandMade fails the rows that would make a new organization under the
// name of one made by hand: a CSV import cannot add members to an
// organization created in the admin UI (genesys.md §1). What Genesys does
// with such a row (a refusal or a second organization of that name) is not
// documented; the emulator refuses it, never more lenient. Callers hold s.mu.
func (s *Server) refuseHandMade(d *dryRun) {
	names := map[string]bool{}
	for _, o := range s.orgs {
		if name, _ := o["name"].(string); handMade(o) {
			names[strings.ToLower(strings.TrimSpace(name))] = true
		}
	}
	if len(names) == 0 {
		return
	}
	for i := range d.rows {
		row := &d.rows[i]
		if !row.ok() || row.orgKey == "" || s.orgs[row.orgKey] != nil {
			continue
		}
		for _, v := range row.org {
			if name, _ := v.value.(string); v.path == "name" && names[strings.ToLower(name)] {
				row.problems = append(row.problems, orgPrefix+"name is the name of an organization created by hand: a CSV import cannot add contacts to it.")
				d.success--
				d.failed++
				break
			}
		}
	}
}
