package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Every diagnostic the provider shows is made by a constructor of a
// diagnostics.go: the provider's, shared's or that of the object's package,
// so that its words are found, and kept alike, in one place.
func TestDiagnosticsAreMadeInDiagnosticsGo(t *testing.T) {
	makers := map[string]bool{
		"AddError": true, "AddWarning": true, "AddAttributeError": true, "AddAttributeWarning": true,
		"NewErrorDiagnostic": true, "NewWarningDiagnostic": true, "NewAttributeErrorDiagnostic": true, "NewAttributeWarningDiagnostic": true,
	}
	// The provider's own files, and those of the packages under it.
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	packageFiles, err := filepath.Glob("*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range append(files, packageFiles...) {
		if filepath.Base(name) == "diagnostics.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && makers[sel.Sel.Name] {
					t.Errorf("%s: %s makes a diagnostic outside diagnostics.go", fset.Position(call.Pos()), sel.Sel.Name)
				}
			}
			return true
		})
	}
}
