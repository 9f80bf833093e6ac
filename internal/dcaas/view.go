package dcaas

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// viewSettings tune the shared view. Reads accept data up to maxAge old, or
// fetched since the refresh they belong to began, so a plan of hundreds or
// thousands of peers costs a handful of list calls however long Terraform
// takes over it; waits want data fetched after they asked.
type viewSettings struct {
	// maxAge is how old the data given to a read may be, and the pause
	// between reads that ends a run of them (see run).
	maxAge time.Duration
	// batchWindow is how long a batch collects interfaces before it is
	// sent, so that reads and waits arriving together share one list call.
	batchWindow time.Duration
	// readBatchesByID is how many batches of a run of reads ask for their
	// interfaces by id. A caller keeps some ten reads in flight, so reads
	// that need more batches are a caller going through many peers: their
	// later batches list every interface of the project, 2,000 a call,
	// instead of five ids a call.
	readBatchesByID int
	// now tells when data was fetched, asked for and written.
	now func() time.Time
}

func defaultViewSettings() viewSettings {
	return viewSettings{maxAge: 3 * time.Second, batchWindow: 10 * time.Millisecond, readBatchesByID: 2, now: time.Now}
}

// view is this process's shared picture of the project's virtual
// interfaces, behind the reads that accept data they did not ask for
// themselves (reads.go). Concurrent reads and waits ask it for interfaces;
// it fetches the ones they need in batches, single-flight, with the list
// call's id filter. The client's own writes mark what they changed, so
// nothing read after a write is older than the write.
type view struct {
	client   *Client
	settings viewSettings

	mu sync.Mutex
	// interfaces holds each interface as last fetched; a nil interface was
	// asked for and not listed.
	interfaces map[string]viewEntry
	// changedAt is when this process last wrote to an interface or peer,
	// by id: data fetched before that is not used for it.
	changedAt map[string]time.Time
	// projectListedAt is when the last listing of the whole project began.
	projectListedAt time.Time
	// refresh is the run of reads of the refresh under way: its reads take
	// data fetched since it began (OfThisRefresh).
	refresh run
	// readBatches counts the batches of reads sent by id in the run
	// readBatchRun; the next run starts asking by id again.
	readBatches  int
	readBatchRun run
	forming      *viewBatch
	inFlight     map[*viewBatch]bool

	// waits and waitAnchor line up the checks of concurrent waits.
	waits      int
	waitAnchor time.Time
}

// run is a run of events none more than the view's maxAge after the one
// before, such as the reads of one Terraform refresh: a longer pause ends
// it, and the next event begins another.
type run struct {
	startedAt, lastAt time.Time
}

// noteLocked records an event of r at now, and reports whether it began a
// new run. Callers hold v.mu.
func (v *view) noteLocked(r *run, now time.Time) (began bool) {
	began = now.Sub(r.lastAt) > v.settings.maxAge
	if began {
		r.startedAt = now
	}
	r.lastAt = now
	return began
}

type viewEntry struct {
	vif       *VirtualInterface
	fetchedAt time.Time
}

// viewBatch is one fetch: the ids asked for while it was forming, or the
// whole project.
type viewBatch struct {
	ids       map[string]bool
	whole     bool
	hasReads  bool
	startedAt time.Time
	done      chan struct{}
	err       error
}

func newView(c *Client, s viewSettings) *view {
	return &view{
		client:     c,
		settings:   s,
		interfaces: map[string]viewEntry{},
		changedAt:  map[string]time.Time{},
		inFlight:   map[*viewBatch]bool{},
	}
}

// notBefore is the earliest start of a fetch whose data a read of
// freshness f may use. A read of OfThisRefresh joins the run of reads of
// the refresh under way, or begins one, and may use data fetched since the
// run began or maxAge ago, whichever is earlier: a refresh thus lists what
// it needs once, however long Terraform takes between its reads, as long
// as it keeps reading.
func (v *view) notBefore(f Freshness) time.Time {
	now := v.settings.now()
	maxAgeAgo := now.Add(-v.settings.maxAge)
	switch f {
	case Recent:
		return maxAgeAgo
	case OfThisRefresh:
		v.mu.Lock()
		defer v.mu.Unlock()
		v.noteLocked(&v.refresh, now)
		if maxAgeAgo.Before(v.refresh.startedAt) {
			return maxAgeAgo
		}
		return v.refresh.startedAt
	}
	return now
}

// interfaceWith returns interface vifID with its peers, as fresh as f
// says, from a list call shared with other callers. When the list lacks
// the interface, or has, if given, is false for it, the interface's own
// answer is returned instead: a list is not the last word, and only that
// answer says the interface or a peer is gone. peerID, when given, is the
// peer the caller is after: data fetched before this process's last write
// to it is not used either.
func (v *view) interfaceWith(ctx context.Context, vifID, peerID string, f Freshness, has func(*VirtualInterface) bool) (*VirtualInterface, error) {
	// Waits and checks before a change do not make a caller a refresh
	// going through many peers.
	isRead := f == Recent || f == OfThisRefresh
	vif, err := v.fetch(ctx, vifID, peerID, v.notBefore(f), isRead)
	if err != nil {
		return nil, err
	}
	if vif == nil || (has != nil && !has(vif)) {
		return v.client.getVirtualInterface(ctx, vifID)
	}
	found := *vif
	found.VifPeers = slices.Clone(vif.VifPeers)
	return &found, nil
}

// peerInProject looks for a peer by id alone in a listing of the whole
// project as fresh as f says, shared by concurrent callers.
func (v *view) peerInProject(ctx context.Context, peerID string, f Freshness) (*VifPeer, error) {
	notBefore := v.notBefore(f)
	for {
		v.mu.Lock()
		if !v.projectListedAt.IsZero() && !v.projectListedAt.Before(v.needSinceLocked(notBefore, peerID)) {
			searched := 0
			for _, e := range v.interfaces {
				if e.vif == nil || e.fetchedAt.Before(v.projectListedAt) {
					continue
				}
				searched++
				if peer, ok := e.vif.PeerByID(peerID); ok {
					found := *peer
					v.mu.Unlock()
					return &found, nil
				}
			}
			v.mu.Unlock()
			return nil, fmt.Errorf("no peer %s on any of the %d virtual interfaces of project %s: %w",
				peerID, searched, v.client.cfg.ProjectID, ErrPeerNotFound)
		}
		b := v.batchForLocked(ctx, "", notBefore)
		v.mu.Unlock()
		if err := b.wait(ctx); err != nil {
			return nil, err
		}
	}
}

// fetch returns the interface as fetched no earlier than notBefore and
// after this process's last write to it or to peerID; nil when a list that
// asked for it did not hold it.
func (v *view) fetch(ctx context.Context, vifID, peerID string, notBefore time.Time, isRead bool) (*VirtualInterface, error) {
	for {
		v.mu.Lock()
		need := v.needSinceLocked(notBefore, vifID, peerID)
		if e, ok := v.interfaces[vifID]; ok && !e.fetchedAt.Before(need) {
			v.mu.Unlock()
			return e.vif, nil
		}
		b := v.batchForLocked(ctx, vifID, need)
		if isRead {
			b.hasReads = true
		}
		v.mu.Unlock()
		// Once the batch is in, the entry is fresh enough, unless this
		// process wrote to the interface meanwhile: then ask again.
		if err := b.wait(ctx); err != nil {
			return nil, err
		}
	}
}

// needSinceLocked is the earliest start of a fetch whose data may be used
// for these ids. Callers hold v.mu.
func (v *view) needSinceLocked(notBefore time.Time, ids ...string) time.Time {
	need := notBefore
	for _, id := range ids {
		if t := v.changedAt[id]; t.After(need) {
			need = t
		}
	}
	return need
}

// batchForLocked returns a batch that will hold vifID (the whole project
// when vifID is empty) fetched no earlier than need: one in flight if it
// qualifies, else the one forming, started here if there is none. Callers
// hold v.mu.
func (v *view) batchForLocked(ctx context.Context, vifID string, need time.Time) *viewBatch {
	for b := range v.inFlight {
		if (b.whole || (vifID != "" && b.ids[vifID])) && !b.startedAt.Before(need) {
			return b
		}
	}
	if v.forming == nil {
		v.forming = &viewBatch{ids: map[string]bool{}, done: make(chan struct{})}
		// The batch outlives any one caller, who may give up waiting.
		go v.send(context.WithoutCancel(ctx), v.forming)
	}
	if vifID == "" {
		v.forming.whole = true
	} else {
		v.forming.ids[vifID] = true
	}
	return v.forming
}

func (b *viewBatch) wait(ctx context.Context) error {
	select {
	case <-b.done:
		return b.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// send waits for the batch window, then fetches the batch and files what
// it got.
func (v *view) send(ctx context.Context, b *viewBatch) {
	_ = sleep(ctx, v.settings.batchWindow)
	v.mu.Lock()
	v.forming = nil
	v.inFlight[b] = true
	b.startedAt = v.settings.now()
	// More ids than one call's filter holds: the whole project costs one
	// call per 2,000 interfaces, fewer than the calls by id would.
	b.whole = b.whole || len(b.ids) > maxFilterValues
	if b.hasReads && !b.whole {
		if v.noteLocked(&v.readBatchRun, b.startedAt) {
			v.readBatches = 0
		}
		b.whole = v.readBatches >= v.settings.readBatchesByID
		v.readBatches++
	}
	ids := make([]string, 0, len(b.ids))
	for id := range b.ids {
		ids = append(ids, id)
	}
	v.mu.Unlock()

	var vifs []VirtualInterface
	var err error
	if b.whole {
		vifs, err = v.client.ListVirtualInterfaces(ctx, ListOptions{})
	} else {
		vifs, err = v.client.ListVirtualInterfaces(ctx, ListOptions{IDs: ids})
	}

	v.mu.Lock()
	delete(v.inFlight, b)
	if err == nil {
		v.fileLocked(b, vifs)
	}
	v.mu.Unlock()
	b.err = err
	close(b.done)
}

// fileLocked stores a batch's answer, never over data fetched later.
// Callers hold v.mu.
func (v *view) fileLocked(b *viewBatch, vifs []VirtualInterface) {
	store := func(id string, vif *VirtualInterface) {
		if e, ok := v.interfaces[id]; !ok || !e.fetchedAt.After(b.startedAt) {
			v.interfaces[id] = viewEntry{vif: vif, fetchedAt: b.startedAt}
		}
	}
	listed := make(map[string]bool, len(vifs))
	for i := range vifs {
		listed[vifs[i].ID] = true
		store(vifs[i].ID, &vifs[i])
	}
	for id := range b.ids {
		if !listed[id] {
			store(id, nil)
		}
	}
	if b.whole {
		for id := range v.interfaces {
			if !listed[id] {
				store(id, nil)
			}
		}
		v.projectListedAt = b.startedAt
	}
}

// changed marks ids (of interfaces or peers) as written to now: data
// fetched before is not used for them again.
func (v *view) changed(ids ...string) {
	now := v.settings.now()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, id := range ids {
		if id != "" {
			v.changedAt[id] = now
		}
	}
}

// joinWaits registers a wait and returns the instant its checks count
// from: the start of the oldest wait still running, so that concurrent
// waits checking at the same multiples of an interval share one batch per
// tick. leave ends the registration. The instant is on poll's clock, the
// machine's, which spaces the checks.
func (v *view) joinWaits() (anchor time.Time, leave func()) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.waits == 0 {
		v.waitAnchor = time.Now()
	}
	v.waits++
	var once sync.Once
	return v.waitAnchor, func() {
		once.Do(func() {
			v.mu.Lock()
			defer v.mu.Unlock()
			v.waits--
		})
	}
}
