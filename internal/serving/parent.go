package serving

import "os"

// exitWhenParentGone ends this process as soon as the process that started
// it, Terraform or OpenTofu, is gone. A CLI killed outright (kill -9, an
// out-of-memory kill, a CI runner stopping a job) never tells its plugins
// to stop, and a provider left running would go on with its waits and
// requests for nobody, for as long as they last: exiting ends them all at
// once, and sends nothing more.
func exitWhenParentGone() {
	parent := os.Getppid()
	go func() {
		waitParentGone(parent)
		os.Exit(1)
	}()
}
