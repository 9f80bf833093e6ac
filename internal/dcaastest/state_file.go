package dcaastest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

var _ statecheck.StateCheck = secretNotInFiles{}

type secretNotInFiles struct{ dir, secret string }

// ExpectSecretNotInFiles checks every file Terraform wrote under dir (the
// TestCase's WorkingDir) for secret, as the bytes on disk: the raw state
// and its backups, also the resources' private data, which the state holds
// base64-encoded, and saved plans, which are zip archives. It fails when
// there is no state file at all, so that it never passes by reading
// nothing.
func ExpectSecretNotInFiles(dir, secret string) statecheck.StateCheck {
	return secretNotInFiles{dir: dir, secret: secret}
}

func (c secretNotInFiles) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	var errs []error
	stateFiles := 0
	err := filepath.WalkDir(c.dir, func(path string, entry fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case entry.IsDir() && entry.Name() == ".terraform":
			// Provider plugins and modules: nothing Terraform writes of a run.
			return filepath.SkipDir
		case entry.IsDir():
			return nil
		case entry.Type()&fs.ModeSymlink != 0:
			// The folders of the test's package, which the testing framework
			// links into each working directory: nothing Terraform writes.
			return nil
		}
		data, err := os.ReadFile(path) //nolint:gosec // the files of the test's own working directory
		if err != nil {
			return err
		}
		if strings.HasPrefix(entry.Name(), "terraform.tfstate") {
			stateFiles++
		}
		if where := c.find(data); where != "" {
			errs = append(errs, fmt.Errorf("%s holds the secret%s", path, where))
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	if stateFiles == 0 {
		errs = append(errs, fmt.Errorf("no terraform.tfstate under %s to check", c.dir))
	}
	resp.Error = errors.Join(errs...)
}

// find says where in the file's data the secret is, or "" when it is not.
func (c secretNotInFiles) find(data []byte) string {
	if bytes.Contains(data, []byte(c.secret)) {
		return " in clear text"
	}
	if archive, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, f := range archive.File {
			r, err := f.Open()
			if err != nil {
				return " in " + f.Name + ", which cannot be read: " + err.Error()
			}
			content, err := io.ReadAll(r)
			_ = r.Close()
			if err != nil || c.find(content) != "" {
				return " in " + f.Name
			}
		}
	}
	var state struct {
		Resources []struct {
			Instances []struct {
				Private string `json:"private"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if json.Unmarshal(data, &state) == nil {
		for _, r := range state.Resources {
			for _, instance := range r.Instances {
				private, _ := base64.StdEncoding.DecodeString(instance.Private)
				if bytes.Contains(private, []byte(c.secret)) {
					return " in the private data of a resource"
				}
			}
		}
	}
	return ""
}
