// Package customtypes holds the attribute types that say, through the
// framework's semantic equality, which spellings the API takes to mean the
// same, so that create, refresh and import all leave plans quiet alike.
package customtypes
