package orgrows_test

import (
	"strconv"
	"strings"
	"testing"

	"contactprep/shared/orgcheck"
	"contactprep/shared/orgrows"
	"contactprep/shared/prepare"
)

func TestRowsAskOnceAboutEachAccount(t *testing.T) {
	in := "Customer ID,First Name,Last Name,Email,Mobile,Company ID,Company\n" +
		"K1,Ann,Lee,ann@example.com,+14155550101,A1,Acme\n" +
		"K2,Bo,,bo@example.com,,A1,Acme\n" + // left out: no last name
		"K3,Cy,Ng,,call me,A1,Acme\n" + // a phone kept as typed is not asked about
		"K4,Di,Fox,dee@example.com,,,\n"
	res, err := prepare.Run([]prepare.Input{{Name: "in.csv", Data: []byte(in)}}, prepare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, more := orgrows.Rows(res.Table)
	if len(rows) != 3 || more != 0 {
		t.Fatalf("%d rows, %d more: %+v", len(rows), more, rows)
	}
	k1, k3, k4 := rows[0], rows[1], rows[2]
	if k1.ContactID != "K1" || k1.File != "in.csv" || k1.Line != 1 || strings.Join(k1.Emails, "") != "ann@example.com" ||
		strings.Join(k1.Phones, "") != "+14155550101" || k1.AccountID != "A1" || k1.AccountName != "Acme" ||
		len(k1.AccountRows) != 2 || int(k1.AccountRows[1]) != k3.Table || k1.Lookups() != 4 {
		t.Errorf("K1: %+v", k1)
	}
	if k3.Line != 3 || k3.AccountName != "" || len(k3.Phones) != 0 || k3.Lookups() != 1 {
		t.Errorf("K3 asks again about its account or a phone it cannot: %+v", k3)
	}
	if k4.AccountID != "" || k4.Lookups() != 2 {
		t.Errorf("K4: %+v", k4)
	}
}

func TestBatchesAndCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("Customer ID,First Name,Last Name,Email\n")
	for i := range orgcheck.MaxRows + 3 {
		b.WriteString("K" + strconv.Itoa(i) + ",Ann,Lee,a" + strconv.Itoa(i) + "@example.com\n")
	}
	res, err := prepare.Run([]prepare.Input{{Name: "in.csv", Data: []byte(b.String())}}, prepare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, more := orgrows.Rows(res.Table)
	if len(rows) != orgcheck.MaxRows || more != 3 {
		t.Fatalf("%d rows, %d more", len(rows), more)
	}
	n := 0
	for _, batch := range orgcheck.Batches(rows) {
		lookups := 0
		for _, r := range batch {
			lookups += r.Lookups()
		}
		if lookups > orgcheck.MaxLookups || lookups < orgcheck.MaxLookups-1 && n+len(batch) < len(rows) {
			t.Fatalf("a batch of %d lookups", lookups)
		}
		n += len(batch)
	}
	if n != len(rows) {
		t.Errorf("batches hold %d rows of %d", n, len(rows))
	}
}
