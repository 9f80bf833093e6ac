package validators

import (
	"context"
	"fmt"
	"math"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// WholeNumberBetween checks that a number is whole and from lowest to
// highest. Terraform hands any number to an attribute; an Int64 attribute
// would fail a fraction as an error in the provider, so counts and
// percentages are Number attributes checked here, on the attribute.
func WholeNumberBetween(lowest, highest int64) validator.Number {
	return wholeNumber{lowest: lowest, highest: highest,
		description: fmt.Sprintf("must be a whole number from %d to %d", lowest, highest)}
}

// WholeNumberAtLeast checks that a number is whole and lowest or more.
func WholeNumberAtLeast(lowest int64) validator.Number {
	return wholeNumber{lowest: lowest, highest: math.MaxInt64,
		description: fmt.Sprintf("must be a whole number, %d or more", lowest)}
}

type wholeNumber struct {
	lowest, highest int64
	description     string
}

func (v wholeNumber) Description(context.Context) string         { return v.description }
func (v wholeNumber) MarkdownDescription(context.Context) string { return v.description }

func (v wholeNumber) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	n := req.ConfigValue.ValueBigFloat()
	whole, accuracy := n.Int64()
	if !n.IsInt() || accuracy != big.Exact || whole < v.lowest || whole > v.highest {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s %s, got %s.", req.Path, v.description, n.Text('g', -1)))
	}
}
