package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// watchPeakRSS follows the provider processes Terraform starts, found
// among the children of its threads, and records the highest peak resident
// memory (VmHWM) of any, in kB, until the returned stop is called.
func watchPeakRSS(binary string, peak *int64) func(int) func() {
	return func(terraformPID int) func() {
		done := make(chan struct{})
		finished := make(chan struct{})
		go func() {
			defer close(finished)
			ticker := time.NewTicker(10 * time.Millisecond)
			defer ticker.Stop()
			provider := 0
			for {
				if provider == 0 {
					for _, pid := range childrenOf(terraformPID) {
						if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); exe == binary {
							provider = pid
						}
					}
				}
				// Terraform starts the provider more than once in a run (to read
				// its schema, then to refresh): look again when one is gone.
				if provider != 0 {
					hwm := vmHWM(provider)
					*peak = max(*peak, hwm)
					if hwm == 0 {
						provider = 0
					}
				}
				select {
				case <-done:
					return
				case <-ticker.C:
				}
			}
		}()
		return func() { close(done); <-finished }
	}
}

func childrenOf(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, task := range tasks {
		data, _ := os.ReadFile(task)
		for _, field := range strings.Fields(string(data)) {
			if child, err := strconv.Atoi(field); err == nil {
				out = append(out, child)
			}
		}
	}
	return out
}

func vmHWM(pid int) int64 {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}
