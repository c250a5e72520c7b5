// Package makeid makes the Contact IDs and Account IDs of a file that has none, from each row's own values.
package makeid

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"contactprep/shared/schema"
)

// Prefix starts a Contact ID made from a digest, so an admin can tell it from
// an e-mail address or a CRM's own id.
const Prefix = "cp-"

// maxAccountID is the longest Account ID made from a name as it is; a longer
// name's ID ends in a digest of the whole name instead (Genesys takes 255).
const maxAccountID = 200

// Contact returns a contact's ID: its e-mail address lower-cased, or, when
// it has none, Prefix and a digest of its first name, last name and first
// phone (names folded for case, spaces and punctuation, the phone as
// cleaned). The same values always give the same ID, so importing the file
// again updates the contacts instead of adding them twice. It returns ""
// when there is nothing to make one from.
func Contact(email, first, last, phone string) string {
	if e := strings.TrimSpace(email); e != "" {
		return strings.ToLower(e)
	}
	f, l, p := schema.Fold(first), schema.Fold(last), strings.TrimSpace(phone)
	if f == "" && l == "" && p == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(f + "\x1f" + l + "\x1f" + p))
	return Prefix + hex.EncodeToString(sum[:8])
}

// Account returns an account's ID: its name folded for case, spaces and
// punctuation ("ACME Corp." and "Acme Corp" are one account), or "" for
// no name.
func Account(name string) string {
	id := schema.Fold(name)
	if len(id) > maxAccountID {
		sum := sha256.Sum256([]byte(id))
		cut := maxAccountID - 17
		for !utf8.RuneStart(id[cut]) {
			cut--
		}
		id = id[:cut] + "-" + hex.EncodeToString(sum[:8])
	}
	return id
}

// Rule says in plain words how IDs are made, for the report and the page.
func Rule(account bool) string {
	if account {
		return "the file has no Account ID column: each account's ID is made from its name, without case, spaces or punctuation; importing the same file again updates the same accounts, and a renamed account becomes a new one"
	}
	return "the file has no Contact ID column: each contact's ID is made from its e-mail address (lower case), or where a row has none, from its first name, last name and first phone (an ID starting " + Prefix + "); importing the same file again updates the same contacts, and a changed e-mail address makes a new contact"
}
