//go:build unix

package serving

import (
	"os"
	"time"
)

// parentPollInterval is how often pollParentGone looks.
const parentPollInterval = time.Second

// pollParentGone returns once this process's parent is no longer parent: a
// process whose parent ends is handed to another (init, or a subreaper).
func pollParentGone(parent int) {
	for os.Getppid() == parent {
		time.Sleep(parentPollInterval)
	}
}
