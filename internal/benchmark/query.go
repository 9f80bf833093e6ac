package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
)

// Targets of the query of the 2,000-peer estate.
const targetQueryCalls = 2

// queryConfig is a list block of the whole estate, with or without the
// resource objects.
func queryConfig(includeResource bool) string {
	return fmt.Sprintf(`list "dcaas_vif_peer" "estate" {
  provider         = dcaas
  limit            = %d
  include_resource = %t
}
`, estatePeers, includeResource)
}

// query2000 times `terraform query` of an estate of 2,000 peers, with and
// without the resource objects, then imports it as a team taking it over
// would: `query -generate-config-out`, then an apply of what it wrote. The
// floor has no list resource, so the import's target is the for_each
// import block's cost in the same run.
func (b *bench) query2000(tf *cli, forEachImport *operation) ([]*operation, error) {
	m, err := b.startMock(0, 1)
	if err != nil {
		return nil, err
	}
	defer m.stop()
	log.Printf("creating 2,000 interfaces, each with its IPv4 peer, for the query")
	if err := m.createInterfacesWithPeers(estatePeers); err != nil {
		return nil, err
	}
	var ops []*operation
	for _, include := range []bool{false, true} {
		w, err := b.workdirWithConfig(tf, "dcaas", m, fmt.Sprintf(configHeader, providerAddress))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(w.dir, "estate.tfquery.hcl"), []byte(queryConfig(include)), 0o600); err != nil {
			return nil, err
		}
		op := &operation{name: fmt.Sprintf("`terraform query` of 2,000 peers, `include_resource = %t`", include), cli: tf.version,
			targetCalls: targetQueryCalls, targetRSSMB: targetEstateRSSMB}
		for run := range b.estateRuns {
			if err := op.run(b, map[string]*workdir{"dcaas": w}, run, b.estateRuns, "query", "-no-color"); err != nil {
				return nil, err
			}
		}
		ops = append(ops, op)
	}

	w, err := b.workdirWithConfig(tf, "dcaas", m, fmt.Sprintf(configHeader, providerAddress))
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(w.dir, "estate.tfquery.hcl"), []byte(queryConfig(false)), 0o600); err != nil {
		return nil, err
	}
	generate := &operation{name: "`terraform query -generate-config-out` of 2,000 peers", cli: tf.version,
		targetCalls: targetQueryCalls, targetRSSMB: targetEstateRSSMB}
	if err := generate.run(b, map[string]*workdir{"dcaas": w}, 0, 1, "query", "-no-color", "-generate-config-out=peers.tf"); err != nil {
		return nil, err
	}
	importOp := &operation{name: "import of 2,000 peers (the generated configuration)", cli: tf.version, targetRSSMB: targetEstateRSSMB}
	if forEachImport != nil && len(forEachImport.calls) > 0 {
		importOp.targetCalls = median(forEachImport.calls)
	}
	if err := importOp.run(b, map[string]*workdir{"dcaas": w}, 0, 1, applyArgs...); err != nil {
		return nil, err
	}
	peers, err := w.statePeers()
	if err != nil {
		return nil, err
	}
	if len(peers) != estatePeers {
		return nil, fmt.Errorf("the generated configuration imported %d peers, not %d", len(peers), estatePeers)
	}
	return append(ops, generate, importOp), nil
}
