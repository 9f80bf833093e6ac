// Package detection is the connectivity detection of a VIF peer: the
// dcaas_vif_peer_detection action that runs one and the
// dcaas_vif_peer_detections data source of their history.
package detection
