package dcaastest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// CheckDestroy is a TestCase.CheckDestroy: no dcaas_vif_peer that the state
// held before the destroy is left in the API, and apiChecks, checks of the
// API alone, pass.
func CheckDestroy(api API, apiChecks ...statecheck.StateCheck) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var errs []error
		for key, rs := range s.RootModule().Resources {
			if rs.Type != "dcaas_vif_peer" || strings.HasPrefix(key, "data.") {
				continue
			}
			if _, ok := api.Peer(rs.Primary.ID); ok {
				errs = append(errs, fmt.Errorf("peer %s is still in the API", rs.Primary.ID))
			}
		}
		return errors.Join(append(errs, AfterDestroy(apiChecks...)(s))...)
	}
}

// AfterDestroy is a TestCase.CheckDestroy that runs checks of the API alone,
// for tests whose peers the destroy must leave in the API. The checks get
// an empty state.
func AfterDestroy(apiChecks ...statecheck.StateCheck) resource.TestCheckFunc {
	return func(*terraform.State) error {
		return runStateChecks(&tfjson.State{}, apiChecks)
	}
}

var _ plancheck.PlanCheck = onPriorState{}

type onPriorState struct{ checks []statecheck.StateCheck }

// OnPriorState runs state checks on the state a plan was made from, for
// steps that take plan checks only, such as a RefreshState step's
// RefreshPlanChecks.
func OnPriorState(checks ...statecheck.StateCheck) plancheck.PlanCheck {
	return onPriorState{checks: checks}
}

func (c onPriorState) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan == nil || req.Plan.PriorState == nil {
		resp.Error = errors.New("the plan holds no prior state")
		return
	}
	resp.Error = runStateChecks(req.Plan.PriorState, c.checks)
}

func runStateChecks(state *tfjson.State, checks []statecheck.StateCheck) error {
	var errs []error
	for _, check := range checks {
		var resp statecheck.CheckStateResponse
		check.CheckState(context.Background(), statecheck.CheckStateRequest{State: state}, &resp)
		errs = append(errs, resp.Error)
	}
	return errors.Join(errs...)
}
