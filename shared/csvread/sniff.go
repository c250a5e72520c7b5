package csvread

// sniffCandidates are the delimiters Sniff considers, in order of preference
// when they fit the sample equally well.
var sniffCandidates = [...]byte{',', '\t', ';', '|'}

// sniffRecords is how many records Sniff looks at: enough to outvote a few
// odd lines, few enough to stay instant on any file.
const sniffRecords = 50

// Sniff guesses the delimiter of sample, the start of a file: one of ',', ';',
// '\t' or '|'. For each candidate it reads the first records (respecting
// quotes) and finds their most common field count; the candidate whose count
// is above 1 and shared by the largest share of records wins. Equal shares go
// to the candidate giving more fields (a ';' export whose cells hold decimal
// commas splits into more fields on ';'), then to ',', '\t', ';', '|' in that
// order. With no candidate above one field, Sniff returns ','.
func Sniff(sample []byte) byte {
	best, bestWidth, bestAgree, bestTotal := byte(','), 0, 0, 1
	for _, comma := range sniffCandidates {
		width, agree, total := commonWidth(sample, comma)
		if width < 2 {
			continue
		}
		share, bestShare := agree*bestTotal, bestAgree*total
		if share > bestShare || share == bestShare && width > bestWidth {
			best, bestWidth, bestAgree, bestTotal = comma, width, agree, total
		}
	}
	return best
}

// commonWidth reads up to sniffRecords non-blank records of sample split by
// comma and returns their most common field count (the larger on a tie), how
// many records have it, and how many records were read.
func commonWidth(sample []byte, comma byte) (width, agree, total int) {
	endsLine := len(sample) > 0 && (sample[len(sample)-1] == '\n' || sample[len(sample)-1] == '\r')
	counts := make(map[int]int)
	r := NewReader(sample, comma)
	for total < sniffRecords {
		record, err := r.Read()
		if err != nil {
			break
		}
		if len(record) == 1 && len(record[0]) == 0 {
			continue
		}
		// A sample is usually cut from a longer file, so a last record
		// without a line end may be cut short; trust it only if it is alone.
		if r.Offset() == int64(len(sample)) && !endsLine && total > 0 {
			break
		}
		counts[len(record)]++
		total++
	}
	for w, n := range counts {
		if n > agree || n == agree && w > width {
			width, agree = w, n
		}
	}
	return width, agree, total
}
