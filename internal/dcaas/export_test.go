package dcaas

import "time"

// ViewMaxAge is the shared view's maximum age, which the view's external
// tests move their clock past.
func ViewMaxAge() time.Duration { return defaultViewSettings().maxAge }

// NewClientWithViewClock is NewClient whose shared view tells the time by
// now, so that its tests move time on without waiting.
func NewClientWithViewClock(cfg Config, now func() time.Time) (*Client, error) {
	return newClient(cfg, func(s *settings) { s.view.now = now })
}
