package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// The test binary runs main when asked, so the command is tested as a
// process: flags, ready file, signals.
func TestMain(m *testing.M) {
	if os.Getenv("DCAAS_MOCK_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestCommandServesVendorExamples(t *testing.T) {
	cmd, out, info := startCommand(t, "-token", "T", "-pending", "10ms",
		"-user", "ci-bot", "-password", "pw-1", "-domain", "corp", "-token-lifetime", "90m",
		"-access-key", "AK-CI", "-secret-key", "SK-CI")
	if info.ProjectID != exampleProjectID || info.Token != "T" || len(info.VifIDs) != 2 || info.VifIDs[0] != exampleVifID ||
		!strings.HasPrefix(info.Endpoint, "http://127.0.0.1:") || strings.HasSuffix(info.Endpoint, ":0") {
		t.Fatalf("ready file %+v", info)
	}
	if info.IAMEndpoint != info.Endpoint || info.Username != "ci-bot" || info.Password != "pw-1" || info.DomainName != "corp" {
		t.Fatalf("ready file lacks the IAM settings: %+v", info)
	}
	checkIAMToken(t, info, 90*time.Minute)
	if info.AccessKey != "AK-CI" || info.SecretKey != "SK-CI" {
		t.Fatalf("ready file lacks the access key: %+v", info)
	}
	checkSignedRequest(t, info)

	// The second interface has the IPv4 peer the service would have made;
	// the example interface is empty, for the quickstart's two peers.
	for i, want := range []string{"", "ipv4 ACTIVE"} {
		req, _ := http.NewRequest(http.MethodGet, info.Endpoint+"/v3/"+info.ProjectID+"/dcaas/virtual-interfaces/"+info.VifIDs[i], nil)
		req.Header.Set("X-Auth-Token", info.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var answer struct {
			VirtualInterface struct {
				VifPeers []struct {
					AddressFamily string `json:"address_family"`
					Status        string `json:"status"`
				} `json:"vif_peers"`
			} `json:"virtual_interface"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&answer)
		resp.Body.Close()
		var got []string
		for _, p := range answer.VirtualInterface.VifPeers {
			got = append(got, p.AddressFamily+" "+p.Status)
		}
		if strings.Join(got, ",") != want {
			t.Errorf("interface %s has peers %q, want %q", info.VifIDs[i], got, want)
		}
	}

	for _, body := range []string{
		`{ "vif_peer": { "vif_id": "86f9556a-fa68-42b7-93c2-dd407408430b", "name": "vif-peer-test", "address_family": "ipv4", "route_mode": "static", "remote_ep_group": ["8.8.8.0/30"], "description": "", "local_gateway_ip": "5.5.5.1/30", "remote_gateway_ip": "5.5.5.2/30" } }`,
		`{ "vif_peer": { "vif_id": "86f9556a-fa68-42b7-93c2-dd407408430b", "name": "vif-peer-test", "address_family": "ipv6", "route_mode": "static", "remote_ep_group": [], "description": "", "local_gateway_ip": "FD00::1/64", "remote_gateway_ip": "FD00::2/64" } }`,
	} {
		req, _ := http.NewRequest(http.MethodPost, info.Endpoint+"/v3/"+info.ProjectID+"/dcaas/vif-peers", strings.NewReader(body))
		req.Header.Set("X-Auth-Token", info.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var answer struct {
			VifPeer   map[string]any `json:"vif_peer"`
			RequestID string         `json:"request_id"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&answer)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated || answer.VifPeer["status"] != "PENDING_CREATE" || answer.RequestID == "" {
			t.Fatalf("status %d, answer %+v", resp.StatusCode, answer)
		}
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
	if !strings.Contains(out.String(), "dcaas-mock stopped") || !strings.Contains(out.String(), exampleVifID) {
		t.Errorf("output %q", out.String())
	}
}

// checkIAMToken obtains a token with the ready file's credentials and
// checks its lifetime and that the DCaaS API accepts it.
func checkIAMToken(t *testing.T, info readyInfo, lifetime time.Duration) {
	t.Helper()
	body := `{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "` + info.Username +
		`", "password": "` + info.Password + `", "domain": {"name": "` + info.DomainName + `"}}}}, "scope": {"project": {"id": "` + info.ProjectID + `"}}}}`
	resp, err := http.Post(info.IAMEndpoint+"/v3/auth/tokens", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var answer struct {
		Token struct {
			ExpiresAt time.Time `json:"expires_at"`
			IssuedAt  time.Time `json:"issued_at"`
		} `json:"token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&answer)
	resp.Body.Close()
	token := resp.Header.Get("X-Subject-Token")
	if resp.StatusCode != http.StatusCreated || token == "" || answer.Token.ExpiresAt.Sub(answer.Token.IssuedAt) != lifetime {
		t.Fatalf("IAM: status %d, token %q, answer %+v", resp.StatusCode, token, answer)
	}
	req, _ := http.NewRequest(http.MethodGet, info.Endpoint+"/v3/"+info.ProjectID+"/dcaas/virtual-interfaces", nil)
	req.Header.Set("X-Auth-Token", token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the API answered %d to the IAM token", resp.StatusCode)
	}
}

// checkSignedRequest signs a listing with the ready file's access key and
// checks that the API accepts it.
func checkSignedRequest(t *testing.T, info readyInfo) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, info.Endpoint+"/v3/"+info.ProjectID+"/dcaas/virtual-interfaces?limit=1", nil)
	key := dcaas.AccessKey{ID: info.AccessKey, Secret: info.SecretKey}
	if err := key.Sign(req, nil, info.ProjectID, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the API answered %d to a request signed with the access key", resp.StatusCode)
	}
}

// startCommand runs the command with args on a free port and returns it
// once its ready file is written.
func startCommand(t *testing.T, args ...string) (*exec.Cmd, *strings.Builder, readyInfo) {
	t.Helper()
	ready := filepath.Join(t.TempDir(), "ready.json")
	cmd := exec.Command(os.Args[0], append([]string{"-addr", "127.0.0.1:0", "-ready-file", ready}, args...)...)
	cmd.Env = append(os.Environ(), "DCAAS_MOCK_RUN_MAIN=1")
	out := &strings.Builder{}
	cmd.Stdout = out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	var info readyInfo
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(ready)
		if err == nil && json.Unmarshal(data, &info) == nil {
			return cmd, out, info
		}
		if time.Now().After(deadline) {
			t.Fatalf("no ready file; output %q", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestCommandSeedsInterfacesAndLogsRequests(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "requests.jsonl")
	cmd, _, info := startCommand(t, "-interfaces", "5", "-request-log", logPath)
	if len(info.VifIDs) != 5 || info.VifIDs[0] != exampleVifID {
		t.Fatalf("interfaces %v, want 5 starting with the example one", info.VifIDs)
	}
	req, _ := http.NewRequest(http.MethodGet, info.Endpoint+"/v3/"+info.ProjectID+"/dcaas/virtual-interfaces?limit=3", nil)
	req.Header.Set("X-Auth-Token", info.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		VirtualInterfaces []map[string]any `json:"virtual_interfaces"`
		PageInfo          map[string]any   `json:"page_info"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if len(page.VirtualInterfaces) != 3 || page.PageInfo["next_marker"] == nil {
		t.Fatalf("first page of 5 interfaces by 3: %+v", page)
	}
	checkSignedRequest(t, info)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var logged, signed loggedRequest
	if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &logged) != nil || json.Unmarshal([]byte(lines[1]), &signed) != nil {
		t.Fatalf("request log %q, want two lines", data)
	}
	if logged.Method != http.MethodGet || !strings.HasSuffix(logged.Path, "/virtual-interfaces") || logged.Query != "limit=3" ||
		logged.Status != http.StatusOK || logged.Answered.Before(logged.Received) || logged.SignedBy != "" {
		t.Errorf("logged %+v", logged)
	}
	if signed.Query != "limit=1" || signed.Status != http.StatusOK || signed.SignedBy != info.AccessKey {
		t.Errorf("logged the signed request as %+v, want it signed by %s", signed, info.AccessKey)
	}
}
