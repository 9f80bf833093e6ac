// Command dcaas-mock serves the mock DCaaS v3 API on a local address, for the
// demo and for trying the provider by hand.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// The vendor's documentation examples use this interface and project.
const (
	exampleVifID     = "86f9556a-fa68-42b7-93c2-dd407408430b"
	exampleProjectID = "4bd6efdb0fb747b39aa2c0162c112226"
)

type readyInfo struct {
	Endpoint  string   `json:"endpoint"`
	ProjectID string   `json:"project_id"`
	Token     string   `json:"token"`
	VifIDs    []string `json:"vif_ids"`
	// The mock serves IAM too: the same address, and the one user it knows.
	IAMEndpoint string `json:"iam_endpoint"`
	Username    string `json:"username"`
	Password    string `json:"password"`
	DomainName  string `json:"domain_name"`
	// The access key that may sign requests instead of a token.
	AccessKey string `json:"access_key"`
	SecretKey string `json:"secret_key"`
}

type settings struct {
	addr, readyFile string
	interfaces      int
	requestLog      string
	servicePeer     bool
	accessKey       string
	secretKey       string
	options         mockserver.Options
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8787", "address to listen on; port 0 picks a free one")
	token := flag.String("token", "mock-token", "the X-Auth-Token the server accepts")
	project := flag.String("project", exampleProjectID, "the project id the token belongs to")
	pending := flag.Duration("pending", 2*time.Second, "how long a peer stays in each PENDING_* state")
	user := flag.String("user", "demo-user", "the IAM user who may obtain tokens")
	password := flag.String("password", "demo-password", "the IAM user's password")
	domain := flag.String("domain", "demo-domain", "the IAM user's domain")
	tokenLifetime := flag.Duration("token-lifetime", 24*time.Hour, "how long a token issued by IAM is valid")
	readyFile := flag.String("ready-file", "", "write endpoints, project, credentials and interface ids here as JSON once listening")
	interfaces := flag.Int("interfaces", 2, "how many interfaces to seed: the vendor's example one, then others")
	requestLog := flag.String("request-log", "", "append each request answered to this file, as a line of JSON")
	accessKey := flag.String("access-key", "demo-access-key", "the access key id (AK) that may sign requests for the project")
	secretKey := flag.String("secret-key", "demo-secret-key", "the access key's secret (SK)")
	detection := flag.Duration("detection", 5*time.Second, "how long a connectivity detection of a peer stays processing")
	switchover := flag.Duration("switchover", 3*time.Second, "how long a switchover test of an interface takes")
	servicePeer := flag.Bool("service-peer", true, "give the second interface the IPv4 peer the service creates with each interface")
	flag.Parse()

	err := run(settings{addr: *addr, readyFile: *readyFile, interfaces: *interfaces, requestLog: *requestLog, servicePeer: *servicePeer,
		accessKey: *accessKey, secretKey: *secretKey, options: mockserver.Options{
			ProjectID: *project, Token: *token, PendingDelay: *pending, TokenLifetime: *tokenLifetime,
			DetectionDuration: *detection, SwitchoverDuration: *switchover,
			Users: []mockserver.User{{Name: *user, Password: *password, Domain: *domain}},
		}})
	if err != nil {
		log.Fatal(err)
	}
}

// loggedRequest is a line of the request log.
type loggedRequest struct {
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Query    string    `json:"query,omitempty"`
	Status   int       `json:"status"`
	SignedBy string    `json:"signed_by,omitempty"`
	Received time.Time `json:"received"`
	Answered time.Time `json:"answered"`
}

func run(cfg settings) error {
	server := mockserver.New(cfg.options)
	server.AddAccessKey(cfg.accessKey, cfg.secretKey, cfg.options.ProjectID)
	vifIDs := []string{server.SeedInterface(exampleVifID, "example-vif")}
	for i := 2; i <= cfg.interfaces; i++ {
		name := "second-vif"
		if i > 2 {
			name = fmt.Sprintf("vif-%04d", i)
		}
		vifIDs = append(vifIDs, server.SeedInterface("", name))
	}
	if cfg.requestLog != "" {
		logFile, err := os.OpenFile(cfg.requestLog, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		defer logFile.Close()
		var mu sync.Mutex
		encoder := json.NewEncoder(logFile)
		server.SetAfterRequest(func(r mockserver.Request) {
			line := loggedRequest{Method: r.Method, Path: r.Path, Query: r.Query, Status: r.Status, SignedBy: r.SignedBy, Received: r.At, Answered: time.Now()}
			mu.Lock()
			defer mu.Unlock()
			_ = encoder.Encode(line)
		})
	}
	// The second interface has the IPv4 peer the service creates with each
	// new interface, for the data source examples to read. The first stays
	// empty for the quickstart to fill.
	if cfg.servicePeer && len(vifIDs) > 1 {
		if _, err := server.SeedPeer(vifIDs[1], "ipv4", "169.254.0.1/30", "169.254.0.2/30"); err != nil {
			return err
		}
	}

	listener, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	user := cfg.options.Users[0]
	info := readyInfo{
		Endpoint:    "http://" + listener.Addr().String(),
		ProjectID:   cfg.options.ProjectID,
		Token:       cfg.options.Token,
		VifIDs:      vifIDs,
		IAMEndpoint: "http://" + listener.Addr().String(),
		Username:    user.Name,
		Password:    user.Password,
		DomainName:  user.Domain,
		AccessKey:   cfg.accessKey,
		SecretKey:   cfg.secretKey,
	}
	fmt.Printf("dcaas-mock listening\n  endpoint:     %s\n  project_id:   %s\n  token:        %s\n  vif_ids:      %v\n"+
		"  iam_endpoint: %s\n  username:     %s\n  domain_name:  %s\n  (password as given by -password)\n"+
		"  access_key:   %s\n  (secret key as given by -secret-key)\n",
		info.Endpoint, info.ProjectID, info.Token, info.VifIDs, info.IAMEndpoint, info.Username, info.DomainName, info.AccessKey)
	if readyFile := cfg.readyFile; readyFile != "" {
		// Written then renamed, so a script polling for the file never reads half of it.
		data, _ := json.Marshal(info) //nolint:gosec // the demo user's password and secret key, for the demo to sign in
		if err := os.WriteFile(readyFile+".tmp", data, 0o600); err != nil {
			return err
		}
		if err := os.Rename(readyFile+".tmp", readyFile); err != nil {
			return err
		}
	}

	httpServer := &http.Server{Handler: server, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = httpServer.Shutdown(shutdownCtx)
	}()
	if err := httpServer.Serve(listener); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Println("dcaas-mock stopped")
	return nil
}
