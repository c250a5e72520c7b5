package gen

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"slices"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestLeads(t *testing.T) {
	const n = 3000
	data, truth := write(t, Options{Kind: KindLeads, Rows: n, Seed: 7})
	again, _ := write(t, Options{Kind: KindLeads, Rows: n, Seed: 7})
	if !bytes.Equal(data, again) {
		t.Fatal("the same seed gave other bytes")
	}
	header := `"Lead ID","First Name","Last Name","Mobile","Home Phone","Work Phone","Email","City","State","Lead Source"` + "\r\n"
	if !bytes.HasPrefix(data, []byte("\ufeff"+header)) {
		t.Fatalf("starts %q, want a BOM and quoted headers", data[:min(len(data), 120)])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.FieldsPerRecord = len(LeadColumns)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], LeadColumns) || len(recs) != n+1 || truth.Rows != n {
		t.Fatalf("header %q, %d records, truth %+v", recs[0], len(recs), truth)
	}
	shapes := map[string]bool{}
	phones, valid := 0, 0
	for i, rec := range recs[1:] {
		if want := fmt.Sprintf("L%07d", i+1); rec[0] != want {
			t.Fatalf("row %d: Lead ID %q, want %q", i+1, rec[0], want)
		}
		if rec[1] == "" || rec[2] == "" {
			t.Errorf("row %d has no name", i+1)
		}
		for _, p := range rec[3:6] {
			if p == "" {
				continue
			}
			phones++
			shapes[shape(p)] = true
			if num, err := phonenumbers.Parse(p, "US"); err == nil && phonenumbers.IsValidNumber(num) {
				valid++
			}
		}
	}
	if len(shapes) < 8 {
		t.Errorf("phones come in %d shapes, want the many admins type: %v", len(shapes), shapes)
	}
	if bad := phones - valid; bad < truth.InvalidPhones || phones < 18*n/10 {
		t.Errorf("%d phones, %d not valid; truth %+v", phones, bad, truth)
	}
	clean, _ := write(t, Options{Kind: KindLeads, Rows: 200, Seed: 7, Clean: true})
	r = csv.NewReader(bytes.NewReader(clean[3:]))
	recs, _ = r.ReadAll()
	for _, rec := range recs[1:] {
		for _, p := range rec[3:6] {
			if num, err := phonenumbers.Parse(p, "US"); p != "" && (err != nil || phonenumbers.Format(num, phonenumbers.E164) != p) {
				t.Errorf("clean lead phone %q is not E.164", p)
			}
		}
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != leadsGolden {
		t.Errorf("SHA-256 %s, want %s (update only when the generator changes on purpose)", got, leadsGolden)
	}
}

const leadsGolden = "e0b54d6af8897a76509ae17bc3d07f7d4555c73d0691a27278e62987fe33a895"

// shape replaces digits by 9, so "(415) 555-0123" and "(212) 555-0188" look alike.
func shape(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = '9'
		}
	}
	return string(b)
}

func TestLeadsOptions(t *testing.T) {
	for _, opt := range []Options{{Kind: KindLeads, Format: "xlsx"}, {Kind: "prospects"}} {
		if err := Write(&bytes.Buffer{}, opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
	data, _ := write(t, Options{Kind: KindLeads, Rows: 2, Encoding: "utf-8"})
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Error("utf-8 asked for, a BOM written")
	}
}
