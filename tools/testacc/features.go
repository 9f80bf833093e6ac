package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/tfcli"
)

// featureTests names the acceptance tests in dir that call
// requireCLIFeature with a feature that product first had in release since
// or later, and the tests of the CLI's own behaviour (TestAccCLI_): what a
// CLI that only adds those features needs to run. The
// features are read from the calls themselves, so a new test of such a
// feature is found without being listed anywhere.
func featureTests(dir, tfcliSource string, product tfcli.Product, since tfcli.Version) ([]string, error) {
	byIdent, err := featureIdents(tfcliSource)
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	var names []string
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "TestAcc") {
				continue
			}
			// TestAccCLI_ tests measure the CLI itself, release by release.
			if strings.HasPrefix(fn.Name.Name, "TestAccCLI_") || needsRelease(fn.Body, byIdent, product, since) {
				names = append(names, fn.Name.Name)
			}
		}
	}
	slices.Sort(names)
	return names, nil
}

// needsRelease says whether body calls requireCLIFeature with a feature
// that product has only from since on, or never.
func needsRelease(body *ast.BlockStmt, byIdent map[string]tfcli.Feature, product tfcli.Product, since tfcli.Version) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if fun, ok := call.Fun.(*ast.Ident); !ok || fun.Name != "requireCLIFeature" {
			return true
		}
		for _, arg := range call.Args {
			sel, ok := arg.(*ast.SelectorExpr)
			if !ok {
				continue
			}
			feature, ok := byIdent[sel.Sel.Name]
			if !ok {
				continue
			}
			first, has := tfcli.Since[product][feature]
			if !has || first.AtLeast(since) {
				found = true
			}
		}
		return !found
	})
	return found
}

// featureIdents maps the names of tfcli's Feature constants to their values.
func featureIdents(tfcliSource string) (map[string]tfcli.Feature, error) {
	f, err := parser.ParseFile(token.NewFileSet(), tfcliSource, nil, 0)
	if err != nil {
		return nil, err
	}
	byIdent := map[string]tfcli.Feature{}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "Feature" {
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					continue
				}
				value, err := strconv.Unquote(lit.Value)
				if err != nil {
					return nil, err
				}
				byIdent[name.Name] = tfcli.Feature(value)
			}
		}
	}
	if len(byIdent) != len(tfcli.Features) {
		return nil, fmt.Errorf("%s: found %d Feature constants, tfcli.Features has %d", tfcliSource, len(byIdent), len(tfcli.Features))
	}
	return byIdent, nil
}
