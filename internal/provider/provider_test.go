package provider

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

const (
	testProjectID = "4bd6efdb0fb747b39aa2c0162c112226"
	testToken     = "test-token-5f1c2a9e"
	// The IAM user every test mock knows.
	testUsername = "ci-bot"
	testPassword = "pw-c81d0e6b"
	testDomain   = "corp-domain"
	// The access key every test mock knows.
	testAccessKey = "HST3WK0PN7XJ2EXAMPLE"
	testSecretKey = "sk-q8Zr2v6Lw0Ue4TyhS1bN9mKc"
	// The interface id of the vendor's examples.
	testVifID = "86f9556a-fa68-42b7-93c2-dd407408430b"
	// Short enough for quick tests, long enough that waits really wait.
	testPendingDelay = 300 * time.Millisecond
)

var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"dcaas": providerserver.NewProtocol6WithError(New("test")()),
}

// testMock is one in-process mock API for one test.
type testMock struct {
	*mockserver.Server
	URL string
}

// newTestMock starts a mock API with the vendor's example interface, closed
// when the test ends.
func newTestMock(t *testing.T) *testMock {
	t.Helper()
	server := mockserver.New(mockserver.Options{ProjectID: testProjectID, Token: testToken, PendingDelay: testPendingDelay,
		Users: []mockserver.User{{Name: testUsername, Password: testPassword, Domain: testDomain}}})
	server.SeedInterface(testVifID, "example-vif")
	server.AddAccessKey(testAccessKey, testSecretKey, testProjectID)
	httpServer := httptest.NewServer(server)
	t.Cleanup(httpServer.Close)
	return &testMock{Server: server, URL: httpServer.URL}
}

// providerConfig is the provider block that points at this mock.
func (m *testMock) providerConfig() string {
	return fmt.Sprintf(`
provider "dcaas" {
  endpoint    = %q
  project_id  = %q
  auth_token  = %q
  max_retries = 3
}
`, m.URL, testProjectID, testToken)
}

// passwordProviderConfig is the provider block that obtains tokens from
// this mock's IAM with password.
func (m *testMock) passwordProviderConfig(password string) string {
	return fmt.Sprintf(`
provider "dcaas" {
  endpoint     = %q
  project_id   = %q
  iam_endpoint = %q
  username     = %q
  password     = %q
  domain_name  = %q
  max_retries  = 3
}
`, m.URL, testProjectID, m.URL, testUsername, password, testDomain)
}

// accessKeyProviderConfig is the provider block that signs requests with
// the access key id and secret, retrying as many times as by default.
func (m *testMock) accessKeyProviderConfig(id, secret string) string {
	return fmt.Sprintf(`
provider "dcaas" {
  endpoint   = %q
  project_id = %q
  access_key = %q
  secret_key = %q
}
`, m.URL, testProjectID, id, secret)
}

// matchWrapped compiles a pattern for Terraform's error output, which wraps
// long lines: every space in the pattern also matches a line break.
func matchWrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}
