package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// mock is a running dcaas-mock command.
type mock struct {
	cmd       *exec.Cmd
	logPath   string
	Endpoint  string   `json:"endpoint"`
	ProjectID string   `json:"project_id"`
	Token     string   `json:"token"`
	VifIDs    []string `json:"vif_ids"`
}

func (b *bench) startMock(pending time.Duration, interfaces int) (*mock, error) {
	dir, err := os.MkdirTemp(b.work, "mock-")
	if err != nil {
		return nil, err
	}
	m := &mock{logPath: filepath.Join(dir, "requests.jsonl")}
	ready := filepath.Join(dir, "ready.json")
	m.cmd = exec.Command(b.mockBin, "-addr", "127.0.0.1:0", "-pending", pending.String(),
		"-interfaces", strconv.Itoa(interfaces), "-service-peer=false", "-ready-file", ready, "-request-log", m.logPath)
	if err := m.cmd.Start(); err != nil {
		return nil, err
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(ready); err == nil && json.Unmarshal(data, m) == nil {
			return m, nil
		}
	}
	m.stop()
	return nil, errors.New("the mock did not start")
}

func (m *mock) stop() {
	_ = m.cmd.Process.Kill()
	_ = m.cmd.Wait()
}

type logged struct {
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Query    string    `json:"query"`
	Received time.Time `json:"received"`
	Answered time.Time `json:"answered"`
}

// requests returns the mock's request log so far.
func (m *mock) requests() ([]logged, error) {
	f, err := os.Open(m.logPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []logged
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		var l logged
		if err := json.Unmarshal(scanner.Bytes(), &l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, scanner.Err()
}

// during runs op and returns the requests the mock received meanwhile.
func (m *mock) during(op func() error) ([]logged, error) {
	before, err := m.requests()
	if err != nil {
		return nil, err
	}
	if err := op(); err != nil {
		return nil, err
	}
	after, err := m.requests()
	if err != nil {
		return nil, err
	}
	return after[len(before):], nil
}

// createInterfaceWithPeer makes an interface with the IPv4 peer the vendor
// creates with each interface (the API keeps the last peer of an
// interface, so a lifecycle's IPv6 peer can then be deleted).
func (m *mock) createInterfaceWithPeer(name string) (string, error) {
	body := fmt.Sprintf(`{"virtual_interface": {"name": %q, "ipv4_peer": {"local_gateway_ip": "10.9.0.1/30", "remote_gateway_ip": "10.9.0.2/30"}}}`, name)
	req, err := http.NewRequest(http.MethodPost, m.Endpoint+"/v3/"+m.ProjectID+"/dcaas/virtual-interfaces", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("X-Auth-Token", m.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var answer struct {
		VirtualInterface struct {
			ID string `json:"id"`
		} `json:"virtual_interface"`
	}
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("creating an interface: HTTP %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return "", fmt.Errorf("creating an interface: %w", err)
	}
	return answer.VirtualInterface.ID, nil
}

// createInterfacesWithPeers makes n such interfaces, a few at a time.
func (m *mock) createInterfacesWithPeers(n int) error {
	const workers = 4
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if _, err := m.createInterfaceWithPeer(fmt.Sprintf("estate-%04d", i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}
