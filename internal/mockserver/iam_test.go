package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

const otherProject = "0123456789abcdef0123456789abcdef"

func iamBody(user, password, domain, scopeProject string) string {
	return fmt.Sprintf(`{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": %q, "password": %q, "domain": {"name": %q}}}}, "scope": {"project": {"id": %q}}}}`,
		user, password, domain, scopeProject)
}

// issue asks the mock's IAM for a token and returns it with the answer.
func (h *harness) issue(body string) (int, string, map[string]any) {
	h.t.Helper()
	status, out, header := h.call(http.MethodPost, "/v3/auth/tokens", body, "")
	return status, header.Get("X-Subject-Token"), out
}

func TestIAMIssuesTokensScopedToTheProject(t *testing.T) {
	h := newHarness(t, 0)
	h.AddUser("alice", "s3cret", "dom")
	before := time.Now().UTC()

	status, tok, out := h.issue(iamBody("alice", "s3cret", "dom", project))
	if status != http.StatusCreated || len(tok) < 100 {
		t.Fatalf("status %d, token of %d characters, body %v", status, len(tok), out)
	}
	body, _ := out["token"].(map[string]any)
	expiresAt, err := time.Parse(time.RFC3339Nano, fmt.Sprint(body["expires_at"]))
	if err != nil || expiresAt.Before(before.Add(24*time.Hour-time.Minute)) || expiresAt.After(time.Now().Add(24*time.Hour)) {
		t.Errorf("expires_at %v (%v), want 24 hours from now", body["expires_at"], err)
	}
	if proj, _ := body["project"].(map[string]any); proj["id"] != project {
		t.Errorf("token project %v", body["project"])
	}
	user, _ := body["user"].(map[string]any)
	if domain, _ := user["domain"].(map[string]any); user["name"] != "alice" || domain["name"] != "dom" {
		t.Errorf("token user %v", user)
	}

	if status, _, _ := h.call(http.MethodGet, vifPath(vifID), "", tok); status != http.StatusOK {
		t.Errorf("DCaaS answered %d to a token IAM issued for its project", status)
	}
	// The same user's token for another project is refused with 403 here.
	_, other, _ := h.issue(iamBody("alice", "s3cret", "dom", otherProject))
	if status, out, _ := h.call(http.MethodGet, vifPath(vifID), "", other); status != http.StatusForbidden || out["error_code"] != "DC.0001" {
		t.Errorf("token of another project: status %d, body %v", status, out)
	}
	// The static token still works beside issued ones.
	if status, _, _ := h.call(http.MethodGet, vifPath(vifID), ""); status != http.StatusOK {
		t.Errorf("static token: status %d", status)
	}
	got := h.IssuedTokens()
	if len(got) != 2 || len(got[0])+len(got[1]) != 128+10240 {
		t.Errorf("IssuedTokens has %d tokens, want 2, one short and one of the 10240 characters the contract allows", len(got))
	}
}

func TestIAMRefusesWrongCredentials(t *testing.T) {
	h := newHarness(t, 0)
	h.AddUser("alice", "s3cret", "dom")
	for name, body := range map[string]string{
		"wrong password": iamBody("alice", "guess", "dom", project),
		"unknown user":   iamBody("bob", "s3cret", "dom", project),
		"wrong domain":   iamBody("alice", "s3cret", "other", project),
	} {
		status, tok, out := h.issue(body)
		errBody, _ := out["error"].(map[string]any)
		if status != http.StatusUnauthorized || tok != "" || errBody["code"] != float64(401) || errBody["title"] != "Unauthorized" ||
			!strings.Contains(fmt.Sprint(errBody["message"]), "requires authentication") {
			t.Errorf("%s: status %d, token %q, body %v", name, status, tok, out)
		}
	}
	if n := len(h.IssuedTokens()); n != 0 {
		t.Errorf("%d tokens issued for wrong credentials", n)
	}
}

func TestIAMRefusesMalformedRequests(t *testing.T) {
	h := newHarness(t, 0)
	h.AddUser("alice", "s3cret", "dom")
	for name, body := range map[string]string{
		"not JSON":      `{"auth":`,
		"no auth":       `{"identity": {}}`,
		"token method":  strings.Replace(iamBody("alice", "s3cret", "dom", project), `"password"]`, `"token"]`, 1),
		"no domain":     strings.Replace(iamBody("alice", "s3cret", "dom", project), `"name": "dom"`, `"id": "dom"`, 1),
		"no user name":  iamBody("", "s3cret", "dom", project),
		"no project id": iamBody("alice", "s3cret", "dom", ""),
	} {
		status, _, out := h.issue(body)
		errBody, _ := out["error"].(map[string]any)
		if status != http.StatusBadRequest || errBody["code"] != float64(400) {
			t.Errorf("%s: status %d, body %v", name, status, out)
		}
	}
}

func TestIAMTokensExpire(t *testing.T) {
	h := newHarness(t, 0)
	h.AddUser("alice", "s3cret", "dom")
	h.SetTokenLifetime(200 * time.Millisecond)
	_, tok, out := h.issue(iamBody("alice", "s3cret", "dom", project))
	body, _ := out["token"].(map[string]any)
	expiresAt, _ := time.Parse(time.RFC3339Nano, fmt.Sprint(body["expires_at"]))
	issuedAt, _ := time.Parse(time.RFC3339Nano, fmt.Sprint(body["issued_at"]))
	if got := expiresAt.Sub(issuedAt); got != 200*time.Millisecond {
		t.Errorf("lifetime in the body %v, want 200ms", got)
	}
	if status, _, _ := h.call(http.MethodGet, vifPath(vifID), "", tok); status != http.StatusOK {
		t.Fatalf("fresh token: status %d", status)
	}
	time.Sleep(time.Until(expiresAt) + 10*time.Millisecond)
	status, errOut, _ := h.call(http.MethodGet, vifPath(vifID), "", tok)
	if status != http.StatusUnauthorized || !strings.Contains(fmt.Sprint(errOut["error_msg"]), "expired") {
		t.Errorf("expired token: status %d, body %v", status, errOut)
	}

	h.SetTokenLifetime(time.Hour)
	_, tok, _ = h.issue(iamBody("alice", "s3cret", "dom", project))
	h.ExpireIssuedTokens()
	if status, _, _ := h.call(http.MethodGet, vifPath(vifID), "", tok); status != http.StatusUnauthorized {
		t.Errorf("token after ExpireIssuedTokens: status %d", status)
	}
	if status, _, _ := h.call(http.MethodGet, vifPath(vifID), ""); status != http.StatusOK {
		t.Errorf("ExpireIssuedTokens also expired the static token: status %d", status)
	}
}

// Throttling reaches IAM too, in IAM's own error shape.
func TestIAMFaults(t *testing.T) {
	h := newHarness(t, 0)
	h.AddUser("alice", "s3cret", "dom")
	h.InjectFault(Fault{Status: http.StatusTooManyRequests, RetryAfter: 2, PathContains: "/auth/tokens", Every: 1, Limit: 1})
	status, out, header := h.call(http.MethodPost, "/v3/auth/tokens", iamBody("alice", "s3cret", "dom", project), "")
	if errBody, _ := out["error"].(map[string]any); status != http.StatusTooManyRequests || header.Get("Retry-After") != "2" || errBody["code"] != float64(429) {
		t.Errorf("status %d, Retry-After %q, body %v", status, header.Get("Retry-After"), out)
	}
	if status, tok, _ := h.issue(iamBody("alice", "s3cret", "dom", project)); status != http.StatusCreated || tok == "" {
		t.Errorf("after the fault: status %d", status)
	}
	var recorded map[string]any
	reqs := h.Requests()
	if err := json.Unmarshal(reqs[len(reqs)-1].Body, &recorded); err != nil || recorded["auth"] == nil {
		t.Errorf("the token request was not recorded: %v", err)
	}
}
