package vifpeer

import (
	"strings"
	"testing"
)

func TestParseImportID(t *testing.T) {
	const vif, peer = "86f9556a-fa68-42b7-93c2-dd407408430b", "ba604c46-8cdd-40c6-8969-ccf6159bb02b"
	if v, p, err := parseImportID(vif + "/" + peer); err != nil || v != vif || p != peer {
		t.Errorf("pair: %q %q %v", v, p, err)
	}
	if v, p, err := parseImportID(peer); err != nil || v != "" || p != peer {
		t.Errorf("bare: %q %q %v", v, p, err)
	}
	for _, bad := range []string{"", "x", vif + "/", "/" + peer, vif + "/" + peer + "/" + peer, vif + "/nope", vif + " " + peer, strings.ToUpper(vif + "/" + peer)} {
		if _, _, err := parseImportID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
