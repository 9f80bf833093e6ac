package dcaas

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// The view's tuning. Reads accept data up to viewMaxAge old, or fetched
// since the refresh they belong to began, so a plan of hundreds or
// thousands of peers costs a handful of list calls however long Terraform
// takes over it; waits want data fetched after they asked.
const (
	// viewMaxAge is how old the data given to a read may be, and the pause
	// between reads that ends a refresh.
	viewMaxAge = 3 * time.Second
	// viewBatchWindow is how long a batch collects interfaces before it is
	// sent, so that reads and waits arriving together share one list call.
	viewBatchWindow = 10 * time.Millisecond
	// readBatchesByID is how many batches of reads ask for their interfaces
	// by id. A caller keeps some ten reads in flight, so reads that need
	// more batches are a caller going through many peers: their later
	// batches list every interface of the project, 2,000 a call, instead of
	// five ids a call.
	readBatchesByID = 2
)

// View is this process's shared picture of the project's virtual
// interfaces. Concurrent reads and waits ask it for peers; it fetches the
// interfaces they need in batches, single-flight, with the list call's id
// filter. The client's own writes mark what they changed, so nothing read
// after a write is older than the write.
type View struct {
	client *Client

	mu sync.Mutex
	// interfaces holds each interface as last fetched; a nil interface was
	// asked for and not listed.
	interfaces map[string]viewEntry
	// changedAt is when this process last wrote to an interface or peer,
	// by id: data fetched before that is not used for it.
	changedAt map[string]time.Time
	// projectListedAt is when the last listing of the whole project began.
	projectListedAt time.Time
	// readBatches counts the batches of reads sent by id since the last
	// pause of more than viewMaxAge between batches of reads, which ends a
	// run of reads: the next one starts asking by id again.
	readBatches     int
	lastReadBatchAt time.Time
	// refreshStartedAt is when the current refresh began: the first of a
	// run of reads none more than viewMaxAge after the one before, the
	// last of them at lastReadAt.
	refreshStartedAt, lastReadAt time.Time
	forming                      *viewBatch
	inFlight                     map[*viewBatch]bool

	// waits and waitAnchor line up the checks of concurrent waits.
	waits      int
	waitAnchor time.Time
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

func newView(c *Client) *View {
	return &View{
		client:     c,
		interfaces: map[string]viewEntry{},
		changedAt:  map[string]time.Time{},
		inFlight:   map[*viewBatch]bool{},
	}
}

// View returns the client's shared view of the project's interfaces.
func (c *Client) View() *View { return c.view }

// FindVifPeer is Client.FindVifPeer through the view: the peer as fetched
// at most viewMaxAge ago or since the current refresh began, and after
// this process's last write to it.
func (v *View) FindVifPeer(ctx context.Context, vifID, peerID string) (*VifPeer, error) {
	return v.findVifPeer(ctx, vifID, peerID, v.readNotBefore(), true)
}

// readNotBefore is the earliest start of a fetch whose data a read may
// use: viewMaxAge ago, or the start of the refresh the read belongs to if
// that is earlier. A refresh thus lists what it needs once, however long
// Terraform takes between its reads, as long as it keeps reading.
func (v *View) readNotBefore() time.Time {
	now := time.Now()
	v.mu.Lock()
	defer v.mu.Unlock()
	if now.Sub(v.lastReadAt) > viewMaxAge {
		v.refreshStartedAt = now
	}
	v.lastReadAt = now
	if maxAgeAgo := now.Add(-viewMaxAge); maxAgeAgo.Before(v.refreshStartedAt) {
		return maxAgeAgo
	}
	return v.refreshStartedAt
}

// FindVifPeerFresh is FindVifPeer with data fetched after the call began,
// for waits that poll for a change.
func (v *View) FindVifPeerFresh(ctx context.Context, vifID, peerID string) (*VifPeer, error) {
	return v.findVifPeer(ctx, vifID, peerID, time.Now(), false)
}

func (v *View) findVifPeer(ctx context.Context, vifID, peerID string, notBefore time.Time, isRead bool) (*VifPeer, error) {
	vif, err := v.fetch(ctx, vifID, notBefore, isRead, peerID)
	if err != nil {
		return nil, err
	}
	if vif != nil {
		if peer, ok := vif.PeerByID(peerID); ok {
			found := *peer
			return &found, nil
		}
	}
	// A list is not the last word: only the interface's own answer says the
	// peer or the interface is gone.
	return v.client.FindVifPeer(ctx, vifID, peerID)
}

// Interface returns interface vifID with its peers, as fetched at most
// viewMaxAge ago and after this process's last write to it, from a list
// call shared with other callers, for checks before a change. When the list
// lacks it, the interface's own answer, which alone says it is gone, is
// returned.
func (v *View) Interface(ctx context.Context, vifID string) (*VirtualInterface, error) {
	return v.interfaceSince(ctx, vifID, time.Now().Add(-viewMaxAge), true)
}

// interfaceFresh is Interface with data fetched after the call began.
func (v *View) interfaceFresh(ctx context.Context, vifID string) (*VirtualInterface, error) {
	return v.interfaceSince(ctx, vifID, time.Now(), false)
}

func (v *View) interfaceSince(ctx context.Context, vifID string, notBefore time.Time, isRead bool) (*VirtualInterface, error) {
	vif, err := v.fetch(ctx, vifID, notBefore, isRead, "")
	if err != nil {
		return nil, err
	}
	if vif == nil {
		return v.client.GetVirtualInterface(ctx, vifID)
	}
	found := *vif
	found.VifPeers = slices.Clone(vif.VifPeers)
	return &found, nil
}

// FindVifPeerInProject looks for a peer by id alone in a listing of the
// whole project as fresh as a read's, shared by concurrent imports.
func (v *View) FindVifPeerInProject(ctx context.Context, peerID string) (*VifPeer, error) {
	notBefore := v.readNotBefore()
	for {
		v.mu.Lock()
		if !v.projectListedAt.IsZero() && !v.projectListedAt.Before(v.needSince(notBefore, peerID)) {
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
func (v *View) fetch(ctx context.Context, vifID string, notBefore time.Time, isRead bool, peerID string) (*VirtualInterface, error) {
	for {
		v.mu.Lock()
		need := v.needSince(notBefore, vifID, peerID)
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

// needSince is the earliest start of a fetch whose data may be used for
// these ids. Callers hold v.mu.
func (v *View) needSince(notBefore time.Time, ids ...string) time.Time {
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
func (v *View) batchForLocked(ctx context.Context, vifID string, need time.Time) *viewBatch {
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
func (v *View) send(ctx context.Context, b *viewBatch) {
	_ = sleep(ctx, viewBatchWindow)
	v.mu.Lock()
	v.forming = nil
	v.inFlight[b] = true
	b.startedAt = time.Now()
	// More ids than one call's filter holds: the whole project costs one
	// call per 2,000 interfaces, fewer than the calls by id would.
	b.whole = b.whole || len(b.ids) > maxFilterValues
	if b.hasReads && !b.whole {
		if b.startedAt.Sub(v.lastReadBatchAt) > viewMaxAge {
			v.readBatches = 0
		}
		b.whole = v.readBatches >= readBatchesByID
		v.readBatches++
		v.lastReadBatchAt = b.startedAt
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
func (v *View) fileLocked(b *viewBatch, vifs []VirtualInterface) {
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
func (v *View) changed(ids ...string) {
	now := time.Now()
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
// tick. leave ends the registration.
func (v *View) joinWaits() (anchor time.Time, leave func()) {
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
