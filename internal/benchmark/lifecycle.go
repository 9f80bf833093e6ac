package main

import (
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"
)

// lifecycle is what one peer's create, read, update and delete cost.
type lifecycle struct {
	lag                                    time.Duration
	create, wait, read, update, deleteCall int
}

// oneLifecycle creates, refreshes, renames and destroys one peer against a
// mock whose peers take pending to provision.
func (b *bench) oneLifecycle(tf *cli, pending time.Duration) (lifecycle, error) {
	var lc lifecycle
	m, err := b.startMock(pending, 1)
	if err != nil {
		return lc, err
	}
	defer m.stop()
	vifID, err := m.createInterfaceWithPeer("lifecycle")
	if err != nil {
		return lc, err
	}
	w, err := b.newWorkdir(tf, "dcaas", m, []string{vifID}, true)
	if err != nil {
		return lc, err
	}
	created, err := m.during(func() error { _, err := w.apply(); return err })
	if err != nil {
		return lc, err
	}
	if lc.lag, err = waitLag(created, pending); err != nil {
		return lc, err
	}
	read, err := m.during(func() error {
		_, err := w.terraform("plan", "-refresh-only", "-input=false", "-no-color")
		return err
	})
	if err != nil {
		return lc, err
	}
	updated, err := m.during(func() error { _, err := w.apply("-var", "name=renamed"); return err })
	if err != nil {
		return lc, err
	}
	deleted, err := m.during(func() error {
		_, err := w.terraform("destroy", "-auto-approve", "-input=false", "-no-color", "-var", "name=renamed")
		return err
	})
	if err != nil {
		return lc, err
	}
	lc.create, lc.read, lc.update, lc.deleteCall = len(created), len(read), len(updated), len(deleted)
	lc.wait = waitCalls(created)
	return lc, nil
}

// waitCalls counts the requests of an apply that came after its create:
// those of the wait for the new peer to be ready.
func waitCalls(requests []logged) int {
	n, created := 0, false
	for _, r := range requests {
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/vif-peers"):
			created = true
		case created:
			n++
		}
	}
	return n
}

// waitLag is the time from the peer becoming ready (the create's arrival
// plus the provisioning time) to the answer of the last read of the apply,
// the one that saw it ready.
func waitLag(requests []logged, pending time.Duration) (time.Duration, error) {
	var created, lastRead *logged
	for i := range requests {
		r := &requests[i]
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/vif-peers"):
			created = r
		case r.Method == http.MethodGet && strings.Contains(r.Path, "/virtual-interfaces"):
			lastRead = r
		}
	}
	if created == nil || lastRead == nil {
		return 0, fmt.Errorf("the apply made no create and read: %+v", requests)
	}
	return lastRead.Answered.Sub(created.Received.Add(pending)), nil
}

func (b *bench) waits(tf *cli) ([]row, error) {
	var rows []row
	for _, pending := range []time.Duration{0, 3 * time.Second} {
		var lags []time.Duration
		var creates, waits, reads, updates, deletes []float64
		for i := range b.runs {
			log.Printf("lifecycle of one peer, %s provisioning, run %d/%d", pending, i+1, b.runs)
			lc, err := b.oneLifecycle(tf, pending)
			if err != nil {
				return nil, err
			}
			lags = append(lags, lc.lag)
			creates = append(creates, float64(lc.create))
			waits = append(waits, float64(lc.wait))
			reads = append(reads, float64(lc.read))
			updates = append(updates, float64(lc.update))
			deletes = append(deletes, float64(lc.deleteCall))
		}
		p := pending.String()
		rows = append(rows,
			durationRow("Wait lag after the peer is ready, "+p+" provisioning", lags, targetLag),
			countRow("API calls of the wait after a create, "+p+" provisioning", waits, targetWaitCalls, pending > 0),
			countRow("API calls per create (read of the interface, create, wait), "+p, creates, 0, false),
			countRow("API calls per read (refresh of one peer), "+p, reads, 0, false),
			countRow("API calls per update (with its refresh), "+p, updates, 0, false),
			countRow("API calls per delete (with its refresh), "+p, deletes, 0, false),
		)
	}
	return rows, nil
}
