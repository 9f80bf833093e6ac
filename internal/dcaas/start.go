package dcaas

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Starting an operation that runs on the service (a connectivity detection,
// a switchover test) is a POST that is not idempotent, as a peer's create
// is, and whose answer may be lost the same ways. The operation leaves a
// record with its start time, so what a lost answer did is read from the
// list of records, not guessed.

// starter sends the POST of one operation and finds, in its list, one that
// started since a time.
type starter[T any] struct {
	// what names the operation in errors, such as "connectivity detection
	// of peer X".
	what string
	post func(ctx context.Context) (*T, error)
	// find returns the newest record of an operation of this kind that
	// started at or after since, nil when there is none.
	find func(ctx context.Context, since time.Time) (*T, error)
}

// startOperation sends s's POST. When its answer is lost (no answer, a
// 500, 502 or 504, a success without an id), the list tells whether an
// operation started at or after the first POST was sent: if so, the newest
// is returned, since the service runs one at a time of each kind; if the list
// shows none, nothing was started and the POST is sent again,
// MaxCreateAttempts times at most. When the list cannot be read, whether
// one was started is unknown: LostStartError. A busy refusal after a lost
// answer may be this call's own operation, started late, so the list is
// read then too.
func startOperation[T any](ctx context.Context, c *Client, s starter[T]) (*T, error) {
	var started *T
	// noOp is the failure of the POST last sent, while this waits to send
	// it again.
	var noOp error
	var firstSent time.Time
	fateUnknown, attempt := false, 0
	err := poll(ctx, c.settings.polls.createResends, func() (bool, error) {
		noOp = nil
		if err := ctx.Err(); err != nil {
			return false, err
		}
		attempt++
		if firstSent.IsZero() {
			firstSent = time.Now()
		}
		record, postErr := s.post(ctx)
		if postErr == nil {
			started = record
			return true, nil
		}
		// A busy refusal after a lost answer may be that start's own
		// operation.
		lateOwn := fateUnknown && IsBusy(postErr)
		if !IsAmbiguous(postErr) && !lateOwn {
			return false, postErr
		}
		fateUnknown = true
		lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupAfterCancelTimeout)
		defer cancel()
		found, lookupErr := s.find(lookupCtx, firstSent)
		switch {
		case lookupErr != nil:
			return false, &LostStartError{What: s.what, Sent: CreatesSent(attempt), Cause: postErr, LookupErr: lookupErr}
		case found != nil:
			started = found
			return true, nil
		case IsBusy(postErr):
			// Busy with an operation that is not this call's.
			return false, postErr
		case attempt >= MaxCreateAttempts:
			return false, &LostStartError{What: s.what, Sent: CreatesSent(attempt), Cause: postErr}
		}
		noOp = postErr
		return false, nil
	})
	if noOp != nil {
		return nil, errors.Join(noOp, err)
	}
	return started, err
}

// LostStartError says that the POSTs starting an operation were sent and
// their answers lost. With LookupErr set, listing the operations to learn
// whether one was started failed, so that is unknown; without, the list
// showed none started since the first was sent: none was.
type LostStartError struct {
	What      string
	Sent      CreatesSent
	Cause     error
	LookupErr error
}

func (e *LostStartError) Error() string {
	msg := fmt.Sprintf("the answer to the start of a %s was lost (%s, the last failing with: %v)", e.What, e.Sent, e.Cause)
	if e.LookupErr != nil {
		return msg + fmt.Sprintf("; listing them to learn whether one started failed as well, so that is unknown: %v", e.LookupErr)
	}
	return msg + "; none started after the first was sent, so none was started"
}

func (e *LostStartError) Unwrap() error { return e.Cause }

// postRecord sends one POST of body to path and decodes the record under
// key of its answer; id reads the record's id. A success without an id
// leaves open what the POST did.
func postRecord[T any](ctx context.Context, c *Client, path, key string, body any, id func(*T) string) (*T, error) {
	ctx, stop := c.writeContext(ctx)
	defer stop()
	var out map[string]json.RawMessage
	if err := c.do(ctx, http.MethodPost, path, nil, body, &out); err != nil {
		return nil, err
	}
	var record T
	if raw, ok := out[key]; ok {
		if err := json.Unmarshal(raw, &record); err != nil {
			return nil, fmt.Errorf("decoding answer to POST %s: %w", path, err)
		}
	}
	if id(&record) == "" {
		return nil, &TransportError{Method: http.MethodPost, Path: path, Sent: true,
			Err: fmt.Errorf("the answer holds no %s id", key)}
	}
	return &record, nil
}

// startedSince tells whether a start_time the API wrote is at or after
// since. The API writes milliseconds, so since is cut to them.
func startedSince(startTime string, since time.Time) bool {
	t, err := time.Parse(time.RFC3339Nano, startTime)
	return err == nil && !t.Before(since.Truncate(time.Millisecond))
}

// listRecords reads the list under key at path, with query q, following
// next_marker from page to page until most records (every one when most is
// 0).
func listRecords[T any](ctx context.Context, c *Client, path, key string, q url.Values, most int) ([]T, error) {
	all := []T{}
	seen := map[string]bool{}
	marker := ""
	for {
		pageQuery := url.Values{}
		for name, values := range q {
			pageQuery[name] = values
		}
		size := c.cfg.ListPageSize
		if left := most - len(all); most > 0 && (size == 0 || left < size) {
			// The API refuses a page larger than it serves.
			size = min(left, maxListPageSize)
		}
		if size > 0 {
			pageQuery.Set("limit", strconv.Itoa(size))
		}
		if marker != "" {
			pageQuery.Set("marker", marker)
		}
		var page map[string]json.RawMessage
		if err := c.do(ctx, http.MethodGet, path, pageQuery, nil, &page); err != nil {
			return nil, err
		}
		raw, ok := page[key]
		if !ok {
			return nil, fmt.Errorf("GET %s: the answer has no %s list: %w", path, key, errNotTheAPI)
		}
		var items []T
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, fmt.Errorf("decoding %s of GET %s: %w", key, path, err)
		}
		var info struct {
			NextMarker string `json:"next_marker"`
		}
		if rawInfo, ok := page["page_info"]; ok {
			if err := json.Unmarshal(rawInfo, &info); err != nil {
				return nil, fmt.Errorf("decoding page_info of GET %s: %w", path, err)
			}
		}
		all = append(all, items...)
		if most > 0 && len(all) >= most {
			return all[:most], nil
		}
		marker = info.NextMarker
		if marker == "" || len(items) == 0 {
			return all, nil
		}
		if seen[marker] {
			return nil, fmt.Errorf("listing %s: server repeated page marker %q", key, marker)
		}
		seen[marker] = true
	}
}
