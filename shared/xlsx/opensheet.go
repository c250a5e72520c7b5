package xlsx

import "errors"

// OpenSheet opens a workbook with DefaultLimits and returns the rows of the
// named sheet or, when sheet is "", of the sheet whose first n rows score
// highest (BestSheet). Closing the rows closes the workbook.
func OpenSheet(data []byte, sheet string, n int, score func(head [][]string) int) (*SheetRows, string, error) {
	wb, err := Open(data, DefaultLimits)
	if err != nil {
		return nil, "", err
	}
	if sheet == "" {
		sheet = wb.BestSheet(n, score)
	}
	if sheet == "" {
		wb.Close()
		return nil, "", ErrNoSheet
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		wb.Close()
		return nil, "", err
	}
	return &SheetRows{Rows: rows, wb: wb}, sheet, nil
}

// SheetRows are a sheet's rows that own their workbook.
type SheetRows struct {
	*Rows
	wb *Workbook
}

// Close closes the rows and the workbook.
func (s *SheetRows) Close() error {
	return errors.Join(s.Rows.Close(), s.wb.Close())
}
