package genesys

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
)

// MaxReportBytes is the most of a job's report read: a trial run of a 50 MB
// file reports a line per row, and the function holds what it reads.
const MaxReportBytes = 8 << 20

// presigned checks a storage URL Genesys handed out (an upload's, a
// report's): only https is followed, or loopback when talking to a
// development server. No token is ever sent to one.
func (c *Client) presigned(op, raw string) error {
	target, err := url.Parse(raw)
	if err != nil || target.Host == "" ||
		(target.Scheme != "https" && !(c.Bases.Region == "local" && Loopback(target.Scheme+"://"+target.Host))) {
		return &Error{Op: op, Code: "storage.url.refused", cause: errors.New("the storage URL is not https")}
	}
	return nil
}

// Report reads a job's report (its dryRunReportDownloadUrl or
// importReportDownloadUrl), at most MaxReportBytes of it; cut says it was
// longer. Its format is not documented: shared/jobreport reads it.
func (c *Client) Report(ctx context.Context, reportURL string) (data []byte, cut bool, err error) {
	const op = "read the trial run's report"
	if err := c.presigned(op, reportURL); err != nil {
		return nil, false, err
	}
	res, attempts, err := c.attempt(ctx, request{op: op, method: http.MethodGet, url: reportURL})
	if err != nil {
		return nil, false, err
	}
	defer res.Body.Close()
	data, err = io.ReadAll(io.LimitReader(res.Body, MaxReportBytes+1))
	if err != nil {
		return nil, false, &Error{Op: op, Status: res.StatusCode, Attempts: attempts, cause: err}
	}
	if len(data) > MaxReportBytes {
		return data[:MaxReportBytes], true, nil
	}
	return data, false, nil
}
