package phone

import (
	"testing"
)

func TestSplitExtension(t *testing.T) {
	for _, c := range []struct {
		text, number, ext string
	}{
		{"415-555-2671 x123", "415-555-2671", "123"},
		{"415-555-2671x123", "415-555-2671", "123"},
		{"415-555-2671 X 12", "415-555-2671", "12"},
		{"415-555-2671 #12", "415-555-2671", "12"},
		{"415-555-2671  ext. 4410", "415-555-2671", "4410"},
		{"415-555-2671 Ext: 12", "415-555-2671", "12"},
		{"415-555-2671 EXT.-12", "415-555-2671", "12"},
		{"415-555-2671 extn 12", "415-555-2671", "12"},
		{"415-555-2671 Extension 12", "415-555-2671", "12"},
		{"415-555-2671 x123456789", "415-555-2671", "123456789"},
		{"415-555-2671 ext 12345678901234567890", "415-555-2671", "12345678901234567890"},
		// Not these forms: left whole, with the letters that keep them off the fast path.
		{"415-555-2671 x1234567890", "415-555-2671 x1234567890", ""},
		{"415-555-2671 ext 123456789012345678901", "415-555-2671 ext 123456789012345678901", ""},
		{"415-555-2671/x12", "415-555-2671/x12", ""},
		{"415-555-2671 - x12", "415-555-2671 - x12", ""},
		{"415-555-2671 next 12", "415-555-2671 next 12", ""},
		{"415-555-2671 xt 12", "415-555-2671 xt 12", ""},
		{"415-555-2671 x12#", "415-555-2671 x12#", ""},
		{"x12", "x12", ""},
		{"415-555-2671", "415-555-2671", ""},
		{"", "", ""},
	} {
		if number, ext := splitExtension(c.text); number != c.number || ext != c.ext {
			t.Errorf("splitExtension(%q) = %q, %q, want %q, %q", c.text, number, ext, c.number, c.ext)
		}
	}
}

func TestPlainDigits(t *testing.T) {
	for _, c := range []struct {
		text, digits string
		plus, ok     bool
	}{
		{"(415) 555-2671", "4155552671", false, true},
		{"+1 415.555/2671", "14155552671", true, true},
		{"(+44) 20\u00a07946\u20130958", "442079460958", true, true},
		{"-+-1", "1", true, true},
		{"", "", false, true},
		{"1+1", "", false, false},
		{"++1", "", false, false},
		{"415 555 2671 x1", "", false, false},
		{"415_555", "", false, false},
		{"４１５", "", false, false}, // full width reaches parse only already folded
		{"٤١٥", "", false, false},
		{"415\u30fc555", "", false, false},
		{"1234567890123456789012345", "", false, false}, // over maxDigits
	} {
		var buf [maxDigits]byte
		digits, plus, ok := plainDigits(c.text, buf[:0])
		if string(digits) != c.digits || plus != c.plus || ok != c.ok {
			t.Errorf("plainDigits(%q) = %q, %v, %v, want %q, %v, %v", c.text, digits, plus, ok, c.digits, c.plus, c.ok)
		}
	}
}

// TestFastPathTakesCommonShapes guards the speed: the shapes most cells have
// must not drift onto the slow path unnoticed.
func TestFastPathTakesCommonShapes(t *testing.T) {
	for _, c := range []struct {
		region, text string
		want         Result
	}{
		{"US", "+14155552671", norm("+14155552671")},
		{"US", "(415) 555-2671", norm("+14155552671")},
		{"US", "415.555.2671", norm("+14155552671")},
		{"US", "1-415-555-2671", norm("+14155552671")},
		{"US", "14155552671", norm("+14155552671")},
		{"US", "+1 (415) 555-2671", norm("+14155552671")},
		{"US", "415-555-2671 x123", withExt("+14155552671", "123")},
		{"US", "415-555-2671 ext. 12", withExt("+14155552671", "12")},
		{"US", "011 44 20 7946 0958", norm("+442079460958")},
		{"US", "(416) 555-0123", norm("+14165550123")}, // Canada, under +1
		{"US", "415 555 267", invalid},
		{"GB", "020 7946 0958", norm("+442079460958")},
		{"GB", "+44 (0)20 7946 0958", norm("+442079460958")},
		{"GB", "0044 20 7946 0958", norm("+442079460958")},
		{"GB", "07400 123456", norm("+447400123456")},
		{"DE", "+49-30-12345678", norm("+493012345678")},
		{"FR", "06 12 34 56 78", norm("+33612345678")},
		{"AU", "0011 44 20 7946 0958", norm("+442079460958")},
		{"BR", "0021 1 415 555 2671", norm("+14155552671")},
		{"BR", "(11) 91234-5678", norm("+5511912345678")},
		{"IT", "06 1234 5678", norm("+390612345678")},
		{"JP", "090-1234-5678", norm("+819012345678")},
		{"AG", "4601234", norm("+12684601234")}, // national prefix transform rule
		{"", "+44 20 7946 0958", norm("+442079460958")},
	} {
		n := newTestNormalizer(c.region)
		got, ok := n.fastParse(c.text)
		if !ok {
			t.Errorf("%s %q went to the slow path", c.region, c.text)
			continue
		}
		if got != c.want {
			t.Errorf("%s fastParse(%q) = %+v, want %+v", c.region, c.text, got, c.want)
		}
		if slow := n.slowParse(c.text); got != slow {
			t.Errorf("%s fastParse(%q) = %+v, phonenumbers reads %+v", c.region, c.text, got, slow)
		}
	}
}
