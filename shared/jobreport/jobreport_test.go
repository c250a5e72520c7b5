package jobreport

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadsTheFailuresOfAReport(t *testing.T) {
	for name, report := range map[string]string{
		"the emulator's":               "lineNumber,status,errors\n2,Success,\n3,Failed,lastName is missing.\n4,Failed,\"workPhone.display (column \"\"Mobile\"\") is not a phone number.\"\n",
		"other spellings, a BOM, CRLF": "\xEF\xBB\xBFResult,Line Number,Reason\r\nOK,2,\r\nFAILED,3,lastName is missing.\r\nfailed,4,\"workPhone.display (column \"\"Mobile\"\") is not a phone number.\"\r\n",
		"reason only":                  "Error Message,Line_No\n,2\nlastName is missing.,3\n\"workPhone.display (column \"\"Mobile\"\") is not a phone number.\",4\n",
	} {
		rep := Read([]byte(report), false)
		want := []Failure{{3, "lastName is missing."}, {4, `workPhone.display (column "Mobile") is not a phone number.`}}
		if !rep.Recognised || !reflect.DeepEqual(rep.Failures, want) || len(rep.Raw) != 0 {
			t.Errorf("%s: %+v", name, rep)
		}
	}
}

// A report in a shape not recognised is kept whole, as written; so is a
// failed row whose line cannot be read.
func TestKeepsWhatItCannotRead(t *testing.T) {
	rep := Read([]byte("contact,problem\nC-1,bad phone\nC-2,\"two\nlines\"\n"), false)
	if rep.Recognised || !reflect.DeepEqual(rep.Header, []string{"contact", "problem"}) ||
		!reflect.DeepEqual(rep.Raw, [][]string{{"C-1", "bad phone"}, {"C-2", "two\nlines"}}) {
		t.Errorf("unrecognised: %+v", rep)
	}
	rep = Read([]byte("line,status,errors\n2,Failed,no name\nsomewhere,Failed,no phone\n"), true)
	if !rep.Recognised || len(rep.Failures) != 1 || !reflect.DeepEqual(rep.Raw, [][]string{{"somewhere", "Failed", "no phone"}}) || !rep.Cut {
		t.Errorf("unreadable line: %+v", rep)
	}
}

func TestBoundsTheRowsKept(t *testing.T) {
	var b strings.Builder
	b.WriteString("line,status,errors\n")
	for range MaxRows + 7 {
		b.WriteString("9,Failed,no name\n")
	}
	rep := Read([]byte(b.String()), false)
	if len(rep.Failures) != MaxRows || rep.Dropped != 7 {
		t.Errorf("%d failures, %d dropped", len(rep.Failures), rep.Dropped)
	}
}
