// Package orgrows picks what "Compare with my org" asks about a table's ready rows (shared/orgcheck): Contact ID, e-mails, phones with a country code, and each account once.
//
// It is apart from orgcheck so that the submission function, which uses
// orgcheck, does not link the engine's tables.
package orgrows

import (
	"contactprep/shared/check"
	"contactprep/shared/field"
	"contactprep/shared/orgcheck"
	"contactprep/shared/schema"
)

// Rows are the first orgcheck.MaxRows ready rows of t, as the look asks about them;
// more counts the ready rows beyond.
func Rows(t *check.Table) (rows []orgcheck.Row, more int) {
	var key, accKey, accName = -1, -1, -1
	var emails, phones []int
	for i, c := range t.Target.Columns {
		switch {
		case c.Key && c.Part == schema.Contact:
			key = i
		case c.Key && c.Part == schema.Account:
			accKey = i
		case c.Part == schema.Account && c.JSONPath == "name":
			accName = i
		case c.Part == schema.Contact && c.Kind == schema.Email:
			emails = append(emails, i)
		case c.Part == schema.Contact && c.Kind == schema.Phone:
			phones = append(phones, i)
		}
	}
	if key < 0 {
		return nil, 0
	}
	accounts := map[string]int{} // Account ID → its first row in rows
	for r := range t.Len() {
		if t.State(r) != check.Ready {
			continue
		}
		if len(rows) == orgcheck.MaxRows {
			more++
			continue
		}
		file, line := t.Place(r)
		row := orgcheck.Row{Table: r, File: t.Files()[file].Name, Line: line, ContactID: t.Cell(r, key)}
		for _, c := range emails {
			if v := t.Cell(r, c); v != "" {
				row.Emails = append(row.Emails, v)
			}
		}
		for _, c := range phones {
			if v := t.Cell(r, c); field.E164(v) {
				row.Phones = append(row.Phones, v)
			}
		}
		if accKey >= 0 && accName >= 0 {
			if id := t.Cell(r, accKey); id != "" {
				if first, seen := accounts[id]; seen {
					rows[first].AccountRows = append(rows[first].AccountRows, int32(r))
				} else {
					accounts[id] = len(rows)
					row.AccountID, row.AccountName, row.AccountRows = id, t.Cell(r, accName), []int32{int32(r)}
				}
			}
		}
		rows = append(rows, row)
	}
	return rows, more
}
