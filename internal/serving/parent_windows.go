package serving

import "os"

// waitParentGone returns once parent has ended. Windows keeps a process's
// parent id after the parent ends, so the parent itself is waited for.
// When it cannot be, nothing is watched, rather than the provider stopped.
func waitParentGone(parent int) {
	p, err := os.FindProcess(parent)
	if err != nil {
		select {}
	}
	if _, err := p.Wait(); err != nil {
		select {}
	}
}
