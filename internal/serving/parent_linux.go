package serving

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// waitParentGone returns once parent has ended: at that moment, through a
// pidfd (Linux 5.3 and later), so that not one more request goes out;
// otherwise by polling.
func waitParentGone(parent int) {
	fd, err := unix.PidfdOpen(parent, 0)
	if err != nil {
		pollParentGone(parent)
		return
	}
	defer unix.Close(fd)
	// The parent may have ended, and its pid been taken by another
	// process, before the pidfd was opened.
	if os.Getppid() != parent {
		return
	}
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}} //nolint:gosec // a file descriptor fits in int32
	for {
		_, err := unix.Poll(fds, -1)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			pollParentGone(parent)
		}
		return
	}
}
