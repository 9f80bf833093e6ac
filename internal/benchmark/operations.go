package main

import (
	"fmt"
	"log"
	"time"
)

// operation is one Terraform command timed with the provider and, when it
// has one, with the bare floor, in turn, with the provider's API calls and
// peak memory.
type operation struct {
	name, cli            string
	measured, floor      []time.Duration
	cpu, floorCPU        []time.Duration
	calls, rss, floorRSS []float64
	targetRatio          float64
	targetCalls          float64
	targetRSSMB          float64
	hasFloor             bool
}

// run times args once with each workdir of dirs, the provider's first.
func (op *operation) run(b *bench, dirs map[string]*workdir, run, runs int, args ...string) error {
	for _, provider := range []string{"dcaas", "bare"} {
		w := dirs[provider]
		if w == nil {
			continue
		}
		log.Printf("%s, %s, %s, run %d/%d", op.name, op.cli, provider, run+1, runs)
		var peak int64
		watch := watchPeakRSS(b.bins[provider], &peak)
		var took, cpu time.Duration
		requests, err := w.m.during(func() error {
			var err error
			took, cpu, err = w.terraformCPU(watch, args...)
			return err
		})
		if err != nil {
			return err
		}
		if provider == "dcaas" {
			op.measured = append(op.measured, took)
			op.cpu = append(op.cpu, cpu)
			op.calls = append(op.calls, float64(len(requests)))
			op.rss = append(op.rss, float64(peak)/1024)
		} else {
			op.floor = append(op.floor, took)
			op.floorCPU = append(op.floorCPU, cpu)
			op.floorRSS = append(op.floorRSS, float64(peak)/1024)
		}
	}
	return nil
}

var (
	planArgs        = []string{"plan", "-input=false", "-no-color", parallelism}
	planNoRefresh   = []string{"plan", "-refresh=false", "-input=false", "-no-color", parallelism}
	planRefreshOnly = []string{"plan", "-refresh-only", "-input=false", "-no-color", parallelism}
	applyArgs       = []string{"apply", "-auto-approve", "-input=false", "-no-color", parallelism}
)

// apply100 times the apply of 100 new peers on 50 interfaces, each run
// against a fresh mock.
func (b *bench) apply100(tf *cli) (*operation, error) {
	op := &operation{name: "apply of 100 new peers", cli: tf.version, hasFloor: true, targetRatio: targetApplyRatio}
	for i := range b.runs {
		dirs := map[string]*workdir{}
		var mocks []*mock
		for _, provider := range []string{"dcaas", "bare"} {
			m, err := b.startMock(0, 50)
			if err != nil {
				return nil, err
			}
			mocks = append(mocks, m)
			if dirs[provider], err = b.newWorkdir(tf, provider, m, m.VifIDs, false); err != nil {
				return nil, err
			}
		}
		err := op.run(b, dirs, i, b.runs, applyArgs...)
		for _, m := range mocks {
			m.stop()
		}
		if err != nil {
			return nil, err
		}
	}
	return op, nil
}

// estate500 creates 500 peers on 250 interfaces with the provider and,
// with floor, gives the floor a workdir of the same configuration and a
// copy of that state: both then plan the same values, so that what they
// cost Terraform differs only by the code that plans them.
func (b *bench) estate500(tf *cli, floor bool) (dirs map[string]*workdir, stop func(), err error) {
	m, err := b.startMock(0, 250)
	if err != nil {
		return nil, nil, err
	}
	stop = m.stop
	dirs = map[string]*workdir{}
	providers := []string{"dcaas"}
	if floor {
		providers = append(providers, "bare")
	}
	for _, provider := range providers {
		if dirs[provider], err = b.newWorkdir(tf, provider, m, m.VifIDs, false); err != nil {
			stop()
			return nil, nil, err
		}
	}
	log.Printf("creating 500 peers, %s", tf.version)
	if _, err := dirs["dcaas"].apply(); err != nil {
		stop()
		return nil, nil, err
	}
	if floor {
		if err := dirs["dcaas"].copyStateTo(dirs["bare"]); err != nil {
			stop()
			return nil, nil, err
		}
	}
	return dirs, stop, nil
}

// plans500 times the plans of kinds on 500 unchanged peers, in turn within
// each run.
func (b *bench) plans500(tf *cli, kinds ...planKind) ([]*operation, error) {
	dirs, stop, err := b.estate500(tf, true)
	if err != nil {
		return nil, err
	}
	defer stop()
	ops := make([]*operation, len(kinds))
	for i, k := range kinds {
		// The plans' peak memory is the floor's as much as the provider's:
		// only the refresh has a target of its own.
		rssTarget := 0.0
		if k.targetCalls > 0 {
			rssTarget = targetPeakRSSMB
		}
		ops[i] = k.operation(tf, "500", rssTarget)
	}
	for run := range b.runs {
		for i, k := range kinds {
			if err := ops[i].run(b, dirs, run, b.runs, k.args...); err != nil {
				return nil, err
			}
		}
	}
	return ops, nil
}

// planKind is one of the plans of an unchanged estate.
type planKind struct {
	name        string
	args        []string
	targetCalls float64
}

var (
	planWithRefresh = planKind{"plan of %s unchanged peers (with refresh)", planArgs, 0}
	planOnly        = planKind{"plan of %s unchanged peers, `-refresh=false`", planNoRefresh, 0}
	refreshOnly     = planKind{"`plan -refresh-only` of %s peers", planRefreshOnly, targetRefreshCalls}
)

func (k planKind) operation(tf *cli, peers string, targetRSS float64) *operation {
	return &operation{name: fmt.Sprintf(k.name, peers), cli: tf.version, hasFloor: true,
		targetRatio: targetPlanRatio, targetCalls: k.targetCalls, targetRSSMB: targetRSS}
}

// estate2000 imports the IPv4 peer of each of 2,000 interfaces with one
// for_each import block fed by dcaas_vif_peers, then times the plan and the
// refresh of that estate, the floor planning a copy of the imported state.
func (b *bench) estate2000(tf *cli) ([]*operation, error) {
	m, err := b.startMock(0, 1)
	if err != nil {
		return nil, err
	}
	defer m.stop()
	log.Printf("creating 2,000 interfaces, each with its IPv4 peer")
	if err := m.createInterfacesWithPeers(estatePeers); err != nil {
		return nil, err
	}
	imported, err := b.workdirWithConfig(tf, "dcaas", m, importConfig())
	if err != nil {
		return nil, err
	}
	importOp := &operation{name: "import of 2,000 peers (for_each import block fed by `dcaas_vif_peers`)", cli: tf.version,
		targetCalls: targetImportCalls, targetRSSMB: targetEstateRSSMB}
	if err := importOp.run(b, map[string]*workdir{"dcaas": imported}, 0, 1, applyArgs...); err != nil {
		return nil, err
	}
	peers, err := imported.statePeers()
	if err != nil {
		return nil, err
	}
	if len(peers) != estatePeers {
		return nil, fmt.Errorf("the import left %d peers in state, not %d", len(peers), estatePeers)
	}
	dirs := map[string]*workdir{}
	for _, provider := range []string{"dcaas", "bare"} {
		if dirs[provider], err = b.workdirWithConfig(tf, provider, m, estateConfig(peers)); err != nil {
			return nil, err
		}
		if err := imported.copyStateTo(dirs[provider]); err != nil {
			return nil, err
		}
	}
	kinds := []planKind{planWithRefresh, refreshOnly}
	ops := []*operation{importOp}
	for _, k := range kinds {
		ops = append(ops, k.operation(tf, "2,000", targetEstateRSSMB))
	}
	for run := range b.estateRuns {
		for i, k := range kinds {
			if err := ops[i+1].run(b, dirs, run, b.estateRuns, k.args...); err != nil {
				return nil, err
			}
		}
	}
	return ops, nil
}
