package main

import (
	"fmt"
	"log"
	"strings"
)

// subnets times, for one peer holding n subnets, the plan of its create,
// the apply that creates it and the plan after it, each run against a fresh
// mock, the floor planning and applying the same configuration.
func (b *bench) subnets(tf *cli, n int) ([]*operation, error) {
	count := fmt.Sprintf("%d", n)
	if n >= 1000 {
		count = fmt.Sprintf("%d,%03d", n/1000, n%1000)
	}
	steps := []struct {
		name string
		args []string
	}{
		{"plan of the create of one peer with %s subnets", planArgs},
		{"apply of one peer with %s subnets", applyArgs},
		{"plan of one unchanged peer with %s subnets (with refresh)", planArgs},
	}
	ops := make([]*operation, len(steps))
	for i, s := range steps {
		ops[i] = &operation{name: fmt.Sprintf(s.name, count), cli: tf.version, hasFloor: true, targetRatio: targetSubnetsRatio}
	}
	for run := range b.estateRuns {
		log.Printf("one peer with %d subnets, run %d/%d", n, run+1, b.estateRuns)
		m, err := b.startMock(0, 1)
		if err != nil {
			return nil, err
		}
		dirs := map[string]*workdir{}
		for _, provider := range []string{"dcaas", "bare"} {
			if dirs[provider], err = b.workdirWithConfig(tf, provider, m, subnetsConfig(m.VifIDs[0], n)); err != nil {
				m.stop()
				return nil, err
			}
		}
		for i, s := range steps {
			if err = ops[i].run(b, dirs, run, b.estateRuns, s.args...); err != nil {
				break
			}
		}
		m.stop()
		if err != nil {
			return nil, err
		}
	}
	return ops, nil
}

// subnetsConfig is one IPv4 peer on vifID with n distinct /24 subnets,
// written out as a user's configuration would hold them.
func subnetsConfig(vifID string, n int) string {
	cidrs := make([]string, n)
	for i := range cidrs {
		cidrs[i] = fmt.Sprintf("%q", fmt.Sprintf("10.%d.%d.0/24", i/256, i%256))
	}
	return fmt.Sprintf(configHeader, providerAddress) + fmt.Sprintf(`
resource "dcaas_vif_peer" "subnets" {
  vif_id            = %q
  name              = "subnets"
  address_family    = "ipv4"
  local_gateway_ip  = "10.255.0.1/30"
  remote_gateway_ip = "10.255.0.2/30"
  remote_ep_group = [
    %s,
  ]
}
`, vifID, strings.Join(cidrs, ",\n    "))
}
