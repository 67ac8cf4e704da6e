// Command server runs the ${{ values.name }} HTTP service.
//
// Configuration comes from environment variables (see README.md). The
// process stops gracefully on SIGINT or SIGTERM: it reports not ready, waits
// SHUTDOWN_DRAIN_DELAY, stops accepting connections and waits up to
// SHUTDOWN_TIMEOUT for in-flight requests.
//
// `server -healthcheck` probes /healthz of a server on PORT and exits 0 when
// it is healthy, for container HEALTHCHECKs in images without a shell.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/${{ values.destination.owner }}/${{ values.destination.repo }}/internal/config"
	"github.com/${{ values.destination.owner }}/${{ values.destination.repo }}/internal/logging"
	"github.com/${{ values.destination.owner }}/${{ values.destination.repo }}/internal/metrics"
	"github.com/${{ values.destination.owner }}/${{ values.destination.repo }}/internal/server"
)

// serviceName is the name of the service in logs and in the index document.
const serviceName = "${{ values.name }}"

// Set at build time with -ldflags "-X main.version=... -X main.revision=...".
var (
	version  = "dev"
	revision = "unknown"
)

func main() {
	healthcheck := flag.Bool("healthcheck", false, "probe /healthz of the server on PORT and exit")
	flag.Parse()

	if *healthcheck {
		port := os.Getenv("PORT")
		if port == "" {
			port = strconv.Itoa(config.DefaultPort)
		}
		if err := probe("http://127.0.0.1:" + port + "/healthz"); err != nil {
			fmt.Fprintf(os.Stderr, "%s: unhealthy: %v\n", serviceName, err)
			os.Exit(1)
		}
		return
	}

	cfg, err := config.Load(os.LookupEnv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", serviceName, err)
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", serviceName, err)
		os.Exit(1)
	}
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, cfg config.Config, logOut io.Writer) error {
	ln, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		return err
	}
	return serve(ctx, cfg, ln, logOut)
}

// serve is run on a given listener, so tests can use a free port.
func serve(ctx context.Context, cfg config.Config, ln net.Listener, logOut io.Writer) error {
	level, err := logging.ParseLevel(cfg.LogLevel)
	if err != nil {
		return err
	}
	logger := logging.New(logOut, level).With("service", serviceName, "version", version)

	reg := metrics.NewRegistry(metrics.BuildInfo{Version: version, Revision: revision})
	// Add readiness checks of backing services here (server.Check), keeping
	// them cheap: /readyz is probed every few seconds.
	srv := server.New(server.Info{Name: serviceName, Version: version}, logger, reg)

	httpServer := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          logger.StdLogger(logging.LevelWarn),
	}

	serveErr := make(chan error, 1)
	go func() {
		serveErr <- httpServer.Serve(ln)
	}()
	srv.SetReady(true)
	logger.Info("listening", append([]any{"addr", ln.Addr().String()}, cfg.LogFields()...)...)

	select {
	case err := <-serveErr:
		return fmt.Errorf("serving HTTP: %w", err)
	case <-ctx.Done():
	}

	logger.Info("shutting down", "drain_delay", cfg.DrainDelay, "timeout", cfg.ShutdownTimeout)
	srv.SetReady(false)
	time.Sleep(cfg.DrainDelay)

	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving HTTP: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// probe GETs url and fails unless it answers 200.
func probe(url string) error {
	client := &http.Client{Timeout: 3 * time.Second}
	res, err := client.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, res.Status)
	}
	return nil
}
