// The vendor SDK's signer, as a reference for ours. A module of its own, so
// that the SDK (a 47 MB download with MongoDB's BSON and SM2 among its
// packages) stays out of the provider's dependencies.
module github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas/sdkcheck

go 1.25.8

require (
	github.com/dcaas-labs/terraform-provider-dcaas v0.0.0
	github.com/huaweicloud/huaweicloud-sdk-go-v3 v0.1.207
)

require (
	github.com/json-iterator/go v1.1.13-0.20220915233716-71ac16282d12 // indirect
	github.com/modern-go/concurrent v0.0.0-20180228061459-e0a39a4cb421 // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	github.com/tjfoc/gmsm v1.4.1 // indirect
	go.mongodb.org/mongo-driver v1.13.1 // indirect
	gopkg.in/ini.v1 v1.67.0 // indirect
)

replace github.com/dcaas-labs/terraform-provider-dcaas => ../../..
