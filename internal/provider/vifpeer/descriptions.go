package vifpeer

// Descriptions of the attributes the service sets, which the resource and
// the data sources show alike.
const (
	describeBGPStatus       = "State of the BGP session as the service reports it; null with static routing."
	describeDeviceID        = "Device of the cloud side that terminates the peer."
	describeEnableBFD       = "Whether BFD is on; reserved by the service and always `false`."
	describeEnableNQA       = "Whether NQA is on; reserved by the service and always `false`."
	describePeerID          = "ID of the peer (a UUID)."
	describeReceiveRouteNum = "Number of routes received over BGP; `-1` with static routing."
	describeServiceEPGroup  = "Public addresses the on-premises side can reach, a set: the API promises no order. Empty for private lines."
	describeStatus          = "Provisioning status: `ACTIVE` or `DOWN` once ready, `ERROR` when provisioning failed, `PENDING_CREATE`, `PENDING_UPDATE` or `PENDING_DELETE` while the service works on it."
	describeTenantID        = "Project the peer belongs to."
)
