package shared

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// GetModel fills target, a pointer to a model struct whose fields carry
// tfsdk tags, from raw, an object of schema: what tfsdk's Config.Get and
// State.Get do, each attribute converted by its schema type. Every whole
// model the provider reads, from a configuration, plan, state or identity,
// is read here; a single attribute is read with the framework's
// GetAttribute. The framework's Get checks every struct tag against a regular
// expression on each call, which was a fifth of the provider's CPU time in
// a refresh and in a validation; here the fields are looked up once per
// model type, and a read takes about a twentieth of the time
// (BenchmarkModelRead).
func GetModel(ctx context.Context, raw tftypes.Value, schema SchemaTypes, target any) diag.Diagnostics {
	var diags diag.Diagnostics
	model := reflect.ValueOf(target).Elem()
	fields, err := modelFieldsOf(ctx, model.Type(), schema)
	if err != nil {
		diags.Append(ProviderBugError("Value Conversion Error", err.Error()))
		return diags
	}
	var values map[string]tftypes.Value
	if err := raw.As(&values); err != nil || values == nil || len(values) != len(fields) {
		diags.Append(ProviderBugError("Value Conversion Error", fmt.Sprintf("cannot read %s into %s (%v)", raw.Type(), model.Type(), err)))
		return diags
	}
	for _, f := range fields {
		value, err := f.attrType.ValueFromTerraform(ctx, values[f.name])
		if err != nil {
			diags.Append(diag.WithPath(path.Root(f.name), ProviderBugError("Value Conversion Error", err.Error())))
			continue
		}
		// A value that checks itself, as the framework's Get has it do.
		if validated, ok := value.(xattr.ValidateableAttribute); ok {
			resp := xattr.ValidateAttributeResponse{}
			validated.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root(f.name)}, &resp)
			diags.Append(resp.Diagnostics...)
		}
		model.FieldByIndex(f.index).Set(reflect.ValueOf(value))
	}
	return diags
}

// SchemaTypes is what GetModel needs of a schema: tfsdk.Config.Schema and
// tfsdk.State.Schema have it.
type SchemaTypes interface {
	TypeAtPath(ctx context.Context, p path.Path) (attr.Type, diag.Diagnostics)
}

type modelField struct {
	// index leads to the field, through the models it embeds.
	index    []int
	name     string
	attrType attr.Type
}

// modelFields holds the fields of each model type, found once: a model
// type goes with one schema.
var modelFields sync.Map // reflect.Type → []modelField

func modelFieldsOf(ctx context.Context, model reflect.Type, schema SchemaTypes) ([]modelField, error) {
	if fields, ok := modelFields.Load(model); ok {
		return fields.([]modelField), nil
	}
	fields, err := collectModelFields(ctx, model, nil, schema)
	if err != nil {
		return nil, err
	}
	modelFields.Store(model, fields)
	return fields, nil
}

// collectModelFields lists the tagged fields of model, whose index starts
// with prefix, and those of the models it embeds, as the framework reads
// them.
func collectModelFields(ctx context.Context, model reflect.Type, prefix []int, schema SchemaTypes) ([]modelField, error) {
	var fields []modelField
	for i := range model.NumField() {
		field := model.Field(i)
		index := append(slices.Clone(prefix), i)
		if field.Anonymous && field.Type.Kind() == reflect.Struct {
			embedded, err := collectModelFields(ctx, field.Type, index, schema)
			if err != nil {
				return nil, err
			}
			fields = append(fields, embedded...)
			continue
		}
		name := field.Tag.Get("tfsdk")
		if name == "" || name == "-" {
			return nil, fmt.Errorf("field %s of %s has no tfsdk tag", field.Name, model)
		}
		attrType, diags := schema.TypeAtPath(ctx, path.Root(name))
		if diags.HasError() {
			return nil, fmt.Errorf("field %s of %s: no attribute %q in the schema", field.Name, model, name)
		}
		if valueType := reflect.TypeOf(attrType.ValueType(ctx)); valueType != field.Type {
			return nil, fmt.Errorf("field %s of %s is a %s, but attribute %q holds a %s", field.Name, model, field.Type, name, valueType)
		}
		fields = append(fields, modelField{index: index, name: name, attrType: attrType})
	}
	return fields, nil
}

// SameAttributeValues says whether models a and b hold the same Terraform
// value in every attribute, each compared by its value's Equal: by type,
// null, unknown and value, never by meaning, so that an address spelled
// otherwise differs, as it does in the state.
func SameAttributeValues[Model any](a, b Model) bool {
	return sameFieldValues(reflect.ValueOf(a), reflect.ValueOf(b))
}

// sameFieldValues compares two structs of one model type field by field,
// through the models they embed.
func sameFieldValues(a, b reflect.Value) bool {
	for i := range a.NumField() {
		if field := a.Type().Field(i); field.Anonymous && field.Type.Kind() == reflect.Struct {
			if !sameFieldValues(a.Field(i), b.Field(i)) {
				return false
			}
			continue
		}
		if !a.Field(i).Interface().(attr.Value).Equal(b.Field(i).Interface().(attr.Value)) {
			return false
		}
	}
	return true
}
