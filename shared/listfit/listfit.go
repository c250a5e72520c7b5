// Package listfit decides where each contact of a sending goes when it goes into
// contact lists the org already has (month after month): a contact whose id a chosen
// list holds goes back into that list, where Genesys updates it; the others fill the
// chosen lists' free room in the order chosen, and what does not fit goes into new
// lists. It also says whether a list's columns take the file's, and what a DNC list
// takes. The page, the command line and the Worker all ask here.
//
// Genesys updates rather than adds a contact whose id the list holds: the add-contacts
// call's clearSystemData and doNotQueue speak of contacts that "already exist" and
// "updated contacts" (MyPureCloud/platform-client-sdk-python build/docs/OutboundApi.md
// post_outbound_contactlist_contacts); its answer does not say which were which, so
// the counts come from the lists' own contact ids, read before sending.
package listfit

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"contactprep/shared/field"
	"contactprep/shared/schema"
)

// DefaultLimit is the most contacts a contact list holds unless Genesys raised it for
// the org (genesys.md §4).
const DefaultLimit = schema.ListSize

// MaxLimit is the most an admin may say a list holds: Genesys raises the limit on
// request, and an org holds at most 5 million contacts in its lists (genesys.md §4).
const MaxLimit = 5_000_000

// List is a contact list the admin chose to send into.
type List struct {
	Name         string
	Size         int // the contacts it holds now (includeSize)
	Limit        int // the most it may hold; 0 is DefaultLimit
	Columns      []string
	PhoneColumns []string
}

func (l List) limit() int {
	if l.Limit > 0 {
		return l.Limit
	}
	return DefaultLimit
}

// LimitProblem says what is wrong with a list limit the admin typed, or "".
func LimitProblem(limit int) string {
	if limit < 1 || limit > MaxLimit {
		return fmt.Sprintf("a contact list's limit is a number of contacts from 1 to %s", thousands(MaxLimit))
	}
	return ""
}

// Placed is one list of a plan: a chosen list (Existing is its index among them) or a
// new one (Existing -1), and how many contacts go into it, of which how many it holds
// already (Updated) and how many it does not (Added).
type Placed struct {
	Existing int `json:"existing"`
	Rows     int `json:"rows"`
	Updated  int `json:"updated"`
	Added    int `json:"added"`
}

// Plan is where every contact goes: Of[k] is the index in Lists of the k-th contact's list.
type Plan struct {
	Lists []Placed
	Of    []uint16
}

// MaxLists is the most lists one plan holds (an index of Of).
const MaxLists = math.MaxUint16 + 1

// Place plans a sending of contacts with ids (trimmed, in order) into the chosen lists
// and, when they are full, into new lists of at most newSize contacts (0: DefaultLimit).
// holds maps a contact id a chosen list holds to the list's index. The first list
// holding an id takes it; a new id fills the first chosen list with room, in order.
// A plan never puts more contacts in a list than its limit.
func Place(ids []string, holds map[string]int, lists []List, newSize int) (Plan, error) {
	if newSize <= 0 {
		newSize = DefaultLimit
	}
	p := Plan{Of: make([]uint16, len(ids))}
	for i := range lists {
		if p := LimitProblem(lists[i].limit()); p != "" {
			return Plan{}, fmt.Errorf("list %q: %s", lists[i].Name, p)
		}
		p.Lists = append(p.Lists, Placed{Existing: i})
	}
	room := func(i int) int { return lists[i].limit() - lists[i].Size - p.Lists[i].Added }
	fill := 0                 // the chosen list new contacts go into, then len(lists) and on: new lists
	added := map[string]int{} // new ids placed, for a repeated id
	for k, id := range ids {
		j, held := holds[id]
		if held && (j < 0 || j >= len(lists)) {
			return Plan{}, fmt.Errorf("a contact id is held by list %d, which is not chosen", j)
		}
		switch {
		case held:
			p.Lists[j].Updated++
		default:
			if prev, again := added[id]; again {
				j = prev
				p.Lists[j].Updated++ // sent twice: the second time updates the first
				break
			}
			for fill < len(lists) && room(fill) <= 0 {
				fill++
			}
			j = fill
			if fill >= len(lists) {
				if last := len(p.Lists) - 1; last < len(lists) || p.Lists[last].Rows >= newSize {
					if len(p.Lists) >= MaxLists {
						return Plan{}, errors.New("the contacts need more lists than one sending can make: choose larger lists")
					}
					p.Lists = append(p.Lists, Placed{Existing: -1})
				}
				j = len(p.Lists) - 1
			}
			p.Lists[j].Added++
			added[id] = j
		}
		p.Lists[j].Rows++
		p.Of[k] = uint16(j)
	}
	return p, nil
}

// ColumnProblems says, in plain words, why contacts of a file with these columns, id
// column and phone columns cannot go into list l: every column of the file must be a
// column of the list, spelt as the list spells it, and a column of phone numbers in
// the file must be a phone column of the list (else the dialler does not call it).
// Columns of the list the file lacks are left empty, as they are for any new contact.
func ColumnProblems(l List, columns []string, idColumn string, phones []string) []string {
	var out []string
	has := map[string]bool{}
	spelt := map[string]string{}
	for _, c := range l.Columns {
		has[c] = true
		spelt[schema.HeaderKey(c)] = c
	}
	isPhone := map[string]bool{}
	for _, c := range l.PhoneColumns {
		isPhone[c] = true
	}
	for _, c := range columns {
		switch other, near := spelt[schema.HeaderKey(c)]; {
		case has[c]:
		case near:
			out = append(out, fmt.Sprintf("the list %q spells the column %q as %q: rename it in the file", l.Name, c, other))
		case c == idColumn:
			out = append(out, fmt.Sprintf("the list %q has no column %q, the contact id column", l.Name, c))
		default:
			out = append(out, fmt.Sprintf("the list %q has no column %q", l.Name, c))
		}
	}
	for _, p := range phones {
		if has[p] && !isPhone[p] {
			out = append(out, fmt.Sprintf("the column %q holds phone numbers, but it is not a phone column of the list %q", p, l.Name))
		}
	}
	return out
}

// DNC entry kinds: what a DNC list takes through the API (OutboundApi.md
// post_outbound_dnclist_phonenumbers, post_outbound_dnclist_emailaddresses,
// patch_outbound_dnclist_customexclusioncolumns).
const (
	DNCPhone  = "phone"
	DNCEmail  = "email"
	DNCCustom = "custom" // the values of the list's custom exclusion column, such as Lead IDs
)

// DNCEntryOK reports whether v can go into a DNC list taking entries of kind: a phone
// number in E.164 (Genesys documents no format; the engine writes E.164), an e-mail
// address, or any value of a contact list column.
func DNCEntryOK(kind, v string) bool {
	switch kind {
	case DNCPhone:
		return field.E164(v)
	case DNCEmail:
		return field.Email(v)
	case DNCCustom:
		return field.Trim(v) == v && v != "" && field.Len(v) <= schema.ListMaxValueChars
	}
	return false
}

// DNCHeading reports whether the first line of a file of DNC entries is its heading:
// not an entry of the kind, or the name of the list's exclusion column ("Lead ID"),
// which a custom list would otherwise take as a value.
func DNCHeading(kind, first, column string) bool {
	return !DNCEntryOK(kind, first) || (column != "" && schema.HeaderKey(first) == schema.HeaderKey(column))
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Holds reads a list's lead-id-mapping.csv (leadmap: the header, then Lead ID,
// contact list id, Genesys contact id per contact) into holds, each contact id to
// list, unless an earlier list holds it. It counts the contacts and those whose
// contact id is not their Lead ID (Mismatched): Genesys matches a contact by its
// id, so such a contact sent again under its Lead ID would be added a second time.
func Holds(mapping io.Reader, list int, holds map[string]int) (contacts, mismatched int, err error) {
	r := csv.NewReader(mapping)
	r.FieldsPerRecord = 3
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil && err != io.EOF {
		return 0, 0, fmt.Errorf("the list's contact ids cannot be read: %w", err)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return contacts, mismatched, nil
		}
		if err != nil {
			return contacts, mismatched, fmt.Errorf("the list's contact ids cannot be read: %w", err)
		}
		contacts++
		if rec[0] != rec[2] {
			mismatched++
		}
		if _, taken := holds[rec[2]]; !taken {
			holds[strings.Clone(rec[2])] = list
		}
	}
}
