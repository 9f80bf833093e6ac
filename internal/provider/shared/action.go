package shared

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What the provider's actions share: their timeout setting and the pace of
// their progress reports.

// ActionTimeout is an action's timeout setting, or def when unset. The
// schema has validated it already.
func ActionTimeout(v types.String, def time.Duration, diags *diag.Diagnostics) time.Duration {
	if v.IsNull() || v.ValueString() == "" {
		return def
	}
	d, err := time.ParseDuration(v.ValueString())
	if err != nil {
		diags.Append(ProviderBugError("Invalid timeout", fmt.Sprintf("timeout %q, which the provider's validation let through: %v.", v.ValueString(), err)))
	}
	return d
}

// actionProgressInterval is how often a wait reports that the operation
// is still running, after the first report.
const actionProgressInterval = 10 * time.Second

// ProgressThrottle says when an action's wait reports again: on the first
// read that shows the operation running, then every actionProgressInterval.
type ProgressThrottle struct {
	start, last time.Time
}

// NewProgressThrottle paces the reports of a wait that began at start.
func NewProgressThrottle(start time.Time) *ProgressThrottle {
	return &ProgressThrottle{start: start}
}

// Due tells whether to report at now, and the time since start.
func (p *ProgressThrottle) Due(now time.Time) (time.Duration, bool) {
	if !p.last.IsZero() && now.Sub(p.last) < actionProgressInterval {
		return 0, false
	}
	p.last = now
	return now.Sub(p.start).Round(time.Second), true
}
