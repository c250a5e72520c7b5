package emulator

import (
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
type Seed struct {
	Organizations []map[string]any `json:"organizations"`
	Contacts      []map[string]any `json:"contacts"`
}

// handMadeKey stores a record made by hand apart from any key an import uses
// (a key is trimmed text, never starting with a control character).
const handMadeKey = "\x00"

// Seed adds the seed's records to the org.
func (s *Server) Seed(seed Seed) error {
	s.mu.Lock()
	defer s.mu.Unlock()
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

// handleSeed is POST /_emulator/seed with a Seed.
func (s *Server) handleSeed(w http.ResponseWriter, r *http.Request) {
	var seed Seed
	if !s.decodeJSON(w, r, &seed) {
		return
	}
	if err := s.Seed(seed); err != nil {
		badRequest(w, err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
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
