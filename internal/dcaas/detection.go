package dcaas

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Statuses of a connectivity detection.
const (
	DetectionProcessing = "processing"
	DetectionComplete   = "complete"
	DetectionError      = "error"
)

// Sort directions of a list of detections, by start time.
const (
	SortAscending  = "asc"
	SortDescending = "desc"
)

// VifPeerDetection is a connectivity detection of a peer: the service
// sends packets to the peer's remote gateway for a while and reports how
// many were lost.
type VifPeerDetection struct {
	ID        string `json:"id"`
	VifPeerID string `json:"vif_peer_id"`
	ProjectID string `json:"project_id"`
	DomainID  string `json:"domain_id"`
	// StartTime and EndTime are as the API writes them, UTC; EndTime is
	// nil while the detection is processing.
	StartTime string  `json:"start_time"`
	EndTime   *string `json:"end_time"`
	Status    string  `json:"status"`
	// LossRatio is the percent of packets lost, set once complete.
	LossRatio *int `json:"loss_ratio"`

	// RequestID is the id of the API answer this detection was read from.
	RequestID string `json:"-"`
}

// DetectionListOptions select detections for ListVifPeerDetections.
type DetectionListOptions struct {
	// VifPeerID is the peer whose detections to list; the API requires it.
	VifPeerID string
	// SortDir orders them by start time: SortAscending (the API's default
	// when empty) or SortDescending.
	SortDir string
	// Limit is the most to return; 0 returns every one.
	Limit int
}

// CreateVifPeerDetection starts a connectivity detection of peer peerID
// and returns it, usually processing. When the answer is lost, the peer's
// detections tell whether one started; see startOperation. A peer that is
// changing, or has a detection processing, is refused as busy (IsBusy).
func (c *Client) CreateVifPeerDetection(ctx context.Context, peerID string) (*VifPeerDetection, error) {
	path := c.projectPath("vif-peer-detections")
	body := map[string]any{"vif_peer_detection": map[string]string{"vif_peer_id": peerID}}
	return startOperation(ctx, c, starter[VifPeerDetection]{
		what: "connectivity detection of peer " + peerID,
		post: func(ctx context.Context) (*VifPeerDetection, error) {
			return postRecord(ctx, c, path, "vif_peer_detection", body, func(d *VifPeerDetection) string { return d.ID })
		},
		find: func(ctx context.Context, since time.Time) (*VifPeerDetection, error) {
			// The newest is this call's, if it started since: the service
			// runs one detection of a peer at a time.
			newest, err := c.ListVifPeerDetections(ctx, DetectionListOptions{VifPeerID: peerID, SortDir: SortDescending, Limit: 1})
			if err != nil {
				return nil, err
			}
			if len(newest) > 0 && startedSince(newest[0].StartTime, since) {
				return &newest[0], nil
			}
			return nil, nil
		},
	})
}

// GetVifPeerDetection reads one detection. An unknown one is an error for
// which IsNotFound holds.
func (c *Client) GetVifPeerDetection(ctx context.Context, id string) (*VifPeerDetection, error) {
	var out struct {
		Detection VifPeerDetection `json:"vif_peer_detection"`
		RequestID string           `json:"request_id"`
	}
	path := c.projectPath("vif-peer-detections", id)
	if err := c.do(ctx, http.MethodGet, path, nil, nil, &out); err != nil {
		return nil, err
	}
	// A stub that answers every path with 200 must not pass for it.
	if !strings.EqualFold(out.Detection.ID, id) {
		return nil, fmt.Errorf("GET %s: the answer is not detection %s (it names %q): %w", path, id, out.Detection.ID, errNotTheAPI)
	}
	out.Detection.RequestID = out.RequestID
	return &out.Detection, nil
}

// ListVifPeerDetections returns the detections of a peer, in the order
// opts asks for, following the pages of the list. Always fresh: it reads
// from the API, which the shared view does not hold detections of.
func (c *Client) ListVifPeerDetections(ctx context.Context, opts DetectionListOptions) ([]VifPeerDetection, error) {
	if opts.VifPeerID == "" {
		return nil, errors.New("listing connectivity detections needs a peer id")
	}
	q := url.Values{"vif_peer_id": {opts.VifPeerID}}
	if opts.SortDir != "" {
		q.Set("sort_dir", opts.SortDir)
	}
	return listRecords[VifPeerDetection](ctx, c, c.projectPath("vif-peer-detections"), "vif_peer_detections", q, opts.Limit)
}

// DeleteVifPeerDetection deletes a finished detection. One still
// processing is refused as busy (IsBusy).
func (c *Client) DeleteVifPeerDetection(ctx context.Context, id string) error {
	ctx, stop := c.writeContext(ctx)
	defer stop()
	return c.do(ctx, http.MethodDelete, c.projectPath("vif-peer-detections", id), nil, nil, nil)
}
