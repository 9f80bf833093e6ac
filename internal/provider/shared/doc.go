// Package shared holds what every part of the provider uses: the API
// client from the provider's data (client.go), the reading of a
// configuration, plan or state into a model (model_get.go), the
// diagnostics common to every part (a failed API call, a bug of the
// provider) with the hints that name the setting to check
// (diagnostics.go), the environment variables those hints and the
// provider name (env.go), what the actions share (their timeout and the
// pace of their progress, action.go) and what the data sources share
// (their client and whole-number limits, data_source.go).
// It imports no package of an API object, so that each of them can import
// it.
package shared
