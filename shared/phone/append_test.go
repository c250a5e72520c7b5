package phone

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestAppendNormalize: AppendNormalize reads every value as Normalize does,
// keeps what dst held, and what it appends is exactly the E.164 form it
// answers with, over the differential test's generated values and Excel's
// damaged ones.
func TestAppendNormalize(t *testing.T) {
	inputs, d, normalizers := differentialSample(t)
	rng := rand.New(rand.NewPCG(13, 14))
	texts := []string{"4.155552671E+9", "=\"0612345678\"", "612345678", "  +1 415 555 2671  ", "+14155552671", "n/a", "1-800-FLOWERS"}
	regions := []string{"US", "FR", "FR", "US", "US", "US", "US"}
	for range inputs {
		in := d.generate(rng)
		texts, regions = append(texts, in.text), append(regions, in.region)
	}
	buf := []byte("kept")
	appended := 0
	for i, text := range texts {
		n := normalizers[regions[i]]
		want := n.Normalize(text)
		at := len(buf)
		var got Result
		got, buf = n.AppendNormalize(buf, text)
		if got != want {
			t.Fatalf("region %q: AppendNormalize(%q) = %+v, Normalize %+v", regions[i], text, got, want)
		}
		if !bytes.HasPrefix(buf, []byte("kept")) {
			t.Fatalf("AppendNormalize(%q) changed what dst held: %q", text, buf[:4])
		}
		if len(buf) > at {
			appended++
			if string(buf[at:]) != got.E164 || got.Status != Normalized {
				t.Fatalf("AppendNormalize(%q) appended %q, answers %+v", text, buf[at:], got)
			}
		}
	}
	if appended < len(texts)/10 {
		t.Errorf("only %d of %d values appended their E.164 form: the test proves little", appended, len(texts))
	}
}
