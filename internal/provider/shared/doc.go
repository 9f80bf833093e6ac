// Package shared holds what every part of the provider uses: the API
// client from the provider's data, the reading of a configuration, plan or
// state into a model, the diagnostics common to every part (a failed API
// call, a bug of the provider) with the hints that name the setting to
// check, and the environment variables those hints and the provider name.
// It imports no package of an API object, so that each of them can import
// it.
package shared
