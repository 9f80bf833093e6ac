// Package switchover is the switchover test of a virtual interface: the
// dcaas_virtual_interface_switchover action that shuts the interface down
// or brings it back, and the dcaas_switchover_test_records data source of
// the tests run.
package switchover
