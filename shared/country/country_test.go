package country

import "testing"

func TestRegion(t *testing.T) {
	for cell, want := range map[string]string{
		"FR": "FR", "fr": "FR", " FRA ": "FR", "France": "FR", "Frankreich": "FR", "Francia": "FR", "+33": "FR", "0033": "FR", "33": "FR",
		"Deutschland": "DE", "Germany": "DE", "Allemagne": "DE", "DEU": "DE", "+49": "DE",
		"Österreich": "AT", "Osterreich": "AT", "España": "ES", "Espana": "ES", "Schweiz": "CH", "Suisse": "CH",
		"Países Bajos": "NL", "Holland": "NL", "Nederland": "NL", "UK": "GB", "United Kingdom": "GB", "England": "GB",
		"USA": "US", "United States": "US", "+1": "US", "Brasil": "BR", "Polska": "PL",
	} {
		if got, ok := Region(cell); !ok || got != want {
			t.Errorf("Region(%q) = %q, %v; want %q", cell, got, ok, want)
		}
	}
	for _, cell := range []string{"", " ", "XX", "Atlantis", "+999", "0", "12345", "Paris"} {
		if got, ok := Region(cell); ok {
			t.Errorf("Region(%q) = %q; want none", cell, got)
		}
	}
}
