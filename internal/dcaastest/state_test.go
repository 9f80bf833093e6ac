package dcaastest

import (
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func TestExpectTainted(t *testing.T) {
	taintedPeer := stateOf(&tfjson.StateResource{Address: peerAddress, Tainted: true})
	expectPass(t, runCheck(ExpectTainted(peerAddress), taintedPeer))
	expectFailure(t, runCheck(ExpectTainted(peerAddress), stateOf(&tfjson.StateResource{Address: peerAddress})), "is in state but not tainted")
	expectFailure(t, runCheck(ExpectTainted(peerAddress), stateOf()), peerAddress+" is not in state")
	expectFailure(t, runCheck(ExpectTainted(peerAddress), nil), "the state is empty")
}

func TestExpectSecretNotInState(t *testing.T) {
	state := func(values map[string]any) *tfjson.State {
		return stateOf(&tfjson.StateResource{Address: peerAddress, AttributeValues: values})
	}
	expectPass(t, runCheck(ExpectSecretNotInState("key-1"), state(map[string]any{"bgp_md5_wo": nil, "name": "peer"})))
	expectFailure(t, runCheck(ExpectSecretNotInState("key-1"), state(map[string]any{"bgp_md5": "key-1"})), peerAddress+".bgp_md5 holds the secret")
	expectFailure(t, runCheck(ExpectSecretNotInState("key-1"), state(map[string]any{"description": "my key-1 here"})), ".description holds")
	expectFailure(t, runCheck(ExpectSecretNotInState("key-1"), state(map[string]any{"tags": []any{map[string]any{"k": "key-1"}}})), ".tags holds")
}
