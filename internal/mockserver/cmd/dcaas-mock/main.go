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
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8787", "address to listen on; port 0 picks a free one")
	token := flag.String("token", "mock-token", "the X-Auth-Token the server accepts")
	project := flag.String("project", exampleProjectID, "the project id the token belongs to")
	pending := flag.Duration("pending", 2*time.Second, "how long a peer stays in each PENDING_* state")
	readyFile := flag.String("ready-file", "", "write endpoint, project, token and interface ids here as JSON once listening")
	interfaces := flag.Int("interfaces", 2, "how many interfaces to seed: the vendor's example one, then others")
	requestLog := flag.String("request-log", "", "append each request answered to this file, as a line of JSON")
	flag.Parse()

	opts := options{addr: *addr, token: *token, project: *project, pending: *pending,
		readyFile: *readyFile, interfaces: *interfaces, requestLog: *requestLog}
	if err := run(opts); err != nil {
		log.Fatal(err)
	}
}

type options struct {
	addr, token, project string
	pending              time.Duration
	readyFile            string
	interfaces           int
	requestLog           string
}

// loggedRequest is a line of the request log.
type loggedRequest struct {
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Query    string    `json:"query,omitempty"`
	Status   int       `json:"status"`
	Received time.Time `json:"received"`
	Answered time.Time `json:"answered"`
}

func run(opts options) error {
	addr, token, project, readyFile := opts.addr, opts.token, opts.project, opts.readyFile
	server := mockserver.New(mockserver.Options{ProjectID: project, Token: token, PendingDelay: opts.pending})
	vifIDs := []string{server.SeedInterface(exampleVifID, "example-vif")}
	for i := 2; i <= opts.interfaces; i++ {
		name := "second-vif"
		if i > 2 {
			name = fmt.Sprintf("vif-%04d", i)
		}
		vifIDs = append(vifIDs, server.SeedInterface("", name))
	}
	if opts.requestLog != "" {
		logFile, err := os.OpenFile(opts.requestLog, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		defer logFile.Close()
		var mu sync.Mutex
		encoder := json.NewEncoder(logFile)
		server.SetAfterRequest(func(r mockserver.Request) {
			line := loggedRequest{Method: r.Method, Path: r.Path, Query: r.Query, Status: r.Status, Received: r.At, Answered: time.Now()}
			mu.Lock()
			defer mu.Unlock()
			_ = encoder.Encode(line)
		})
	}

	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	info := readyInfo{
		Endpoint:  "http://" + listener.Addr().String(),
		ProjectID: project,
		Token:     token,
		VifIDs:    vifIDs,
	}
	fmt.Printf("dcaas-mock listening\n  endpoint:   %s\n  project_id: %s\n  token:      %s\n  vif_ids:    %v\n",
		info.Endpoint, info.ProjectID, info.Token, info.VifIDs)
	if readyFile != "" {
		// Written then renamed, so a script polling for the file never reads half of it.
		data, _ := json.Marshal(info)
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
