package dcaastest

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"
)

func TestExpectSecretNotInFiles(t *testing.T) {
	const secret = "key-1"
	write := func(t *testing.T, dir, name string, data []byte) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	withState := func(t *testing.T, private string) string {
		t.Helper()
		dir := t.TempDir()
		write(t, dir, "work1/terraform.tfstate",
			[]byte(`{"resources":[{"instances":[{"attributes":{"bgp_md5":null},"private":"`+private+`"}]}]}`))
		return dir
	}

	clean := withState(t, base64.StdEncoding.EncodeToString([]byte(`{"schema_version":"0"}`)))
	write(t, clean, "work1/.terraform/providers/plugin", []byte(secret)) // not written by the run
	expectPass(t, runCheck(ExpectSecretNotInFiles(clean, secret), nil))

	// The testing framework links the folders of the test's package into
	// each working directory; they hold code, not what the run wrote.
	linked := withState(t, "")
	write(t, linked, "package/source.go", []byte(secret))
	if err := os.Symlink(filepath.Join(linked, "package"), filepath.Join(linked, "work1", "package")); err != nil {
		t.Fatal(err)
	}
	expectPass(t, runCheck(ExpectSecretNotInFiles(filepath.Join(linked, "work1"), secret), nil))

	inClear := withState(t, "")
	write(t, inClear, "work1/terraform.tfstate.backup", []byte(`{"bgp_md5":"`+secret+`"}`))
	expectFailure(t, runCheck(ExpectSecretNotInFiles(inClear, secret), nil), "terraform.tfstate.backup holds the secret in clear text")

	inPrivate := withState(t, base64.StdEncoding.EncodeToString([]byte(`{"key":"`+secret+`"}`)))
	expectFailure(t, runCheck(ExpectSecretNotInFiles(inPrivate, secret), nil), "terraform.tfstate holds the secret in the private data of a resource")

	inPlan := withState(t, "")
	var archive bytes.Buffer
	zw := zip.NewWriter(&archive)
	w, _ := zw.Create("tfstate")
	_, _ = w.Write([]byte(`{"bgp_md5":"` + secret + `"}`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	write(t, inPlan, "work1/tfplan", archive.Bytes())
	expectFailure(t, runCheck(ExpectSecretNotInFiles(inPlan, secret), nil), "tfplan holds the secret in tfstate")

	expectFailure(t, runCheck(ExpectSecretNotInFiles(t.TempDir(), secret), nil), "no terraform.tfstate under")
}
