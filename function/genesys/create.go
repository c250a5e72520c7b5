package genesys

import (
	"context"
	"errors"
)

// isAmbiguous reports a create that may or may not have taken effect.
func isAmbiguous(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Ambiguous
}

// createOnce makes something at most once. create is sent again only when the last
// try failed ambiguously and lookup, which finds the thing by the name or key unique
// to this sending that create carries, says it does not exist: a 502 after Genesys
// acted must not make a second list or job. A lookup that fails hands back the
// create's error, as nothing more is known.
func (c *Client) createOnce(ctx context.Context, create func() error, lookup func() (found bool, err error)) error {
	retry := c.Retry
	if retry.Attempts <= 0 {
		retry = DefaultRetry
	}
	var err error
	for attempt := 1; attempt <= retry.Attempts; attempt++ {
		if err = create(); !isAmbiguous(err) {
			return err
		}
		found, lookupErr := lookup()
		switch {
		case lookupErr != nil:
			return err
		case found:
			return nil
		}
		if attempt < retry.Attempts {
			if sleepErr := c.sleep(ctx, retry.backoff(attempt)); sleepErr != nil {
				return err
			}
		}
	}
	return err
}
