// Package server holds the HTTP handlers of ${{ values.name }} and the
// middleware around them.
//
// Operational endpoints:
//
//	GET /healthz   liveness: 200 while the process can serve HTTP
//	GET /readyz    readiness: 200 when ready for traffic, 503 while starting,
//	               shutting down or when a readiness check fails
//	GET /metrics   Prometheus metrics
//
// Application endpoints are registered in routes; only they are counted in
// the request metrics, so probes and scrapes do not skew error rates and
// latencies.
package server

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/${{ values.destination.owner }}/${{ values.destination.repo }}/internal/logging"
	"github.com/${{ values.destination.owner }}/${{ values.destination.repo }}/internal/metrics"
)

// CheckTimeout bounds each readiness check.
const CheckTimeout = 2 * time.Second

// Check is a readiness check, such as a ping of a backing service. It should
// return quickly and honour ctx.
type Check struct {
	Name  string
	Check func(ctx context.Context) error
}

// Info describes the service in the index document.
type Info struct {
	Name    string
	Version string
}

// Server is the HTTP handler of the service.
type Server struct {
	info    Info
	log     *logging.Logger
	metrics *metrics.Registry
	checks  []Check
	ready   atomic.Bool
	mux     *http.ServeMux
}

// New returns a server that is not ready yet: call SetReady(true) once it
// listens.
func New(info Info, log *logging.Logger, reg *metrics.Registry, checks ...Check) *Server {
	s := &Server{info: info, log: log, metrics: reg, checks: checks, mux: http.NewServeMux()}
	s.mux.HandleFunc("/healthz", s.healthz)
	s.mux.HandleFunc("/readyz", s.readyz)
	s.mux.Handle("/metrics", reg.Handler())
	s.routes()
	return s
}

// routes registers the application endpoints. Add yours here with s.handle,
// which adds metrics, access logs and panic recovery.
func (s *Server) routes() {
	s.handle("/api/v1/hello", http.HandlerFunc(s.hello))
	// "/" matches every path that no other pattern matches: only the exact
	// path is the index, the rest is counted as one "unmatched" route.
	index := s.wrap("/", http.HandlerFunc(s.index))
	unmatched := s.wrap("unmatched", http.HandlerFunc(notFound))
	s.mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			index.ServeHTTP(w, r)
			return
		}
		unmatched.ServeHTTP(w, r)
	}))
}

// handle registers h for pattern with the application middleware; the
// pattern is the metrics' path label.
func (s *Server) handle(pattern string, h http.Handler) {
	s.mux.Handle(pattern, s.wrap(pattern, h))
}

func (s *Server) wrap(route string, h http.Handler) http.Handler {
	return s.metrics.Instrument(route, s.accessLog(route, s.recoverPanics(h)))
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// SetReady sets what /readyz reports. main sets it to false as soon as
// shutdown starts, so that no new traffic is routed to this instance.
func (s *Server) SetReady(ready bool) {
	s.ready.Store(ready)
}

// Ready reports what SetReady last set.
func (s *Server) Ready() bool {
	return s.ready.Load()
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if !allowGet(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if !allowGet(w, r) {
		return
	}
	if !s.Ready() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready"})
		return
	}
	failed := map[string]string{}
	for _, c := range s.checks {
		ctx, cancel := context.WithTimeout(r.Context(), CheckTimeout)
		err := c.Check(ctx)
		cancel()
		if err != nil {
			failed[c.Name] = err.Error()
			s.log.Warn("readiness check failed", "check", c.Name, "err", err)
		}
	}
	if len(failed) > 0 {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "not ready", "failed": failed})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	if !allowGet(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"service": s.info.Name, "version": s.info.Version})
}

// hello is a sample endpoint: GET /api/v1/hello?name=Ada.
func (s *Server) hello(w http.ResponseWriter, r *http.Request) {
	if !allowGet(w, r) {
		return
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "world"
	}
	if len(name) > 100 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "name is longer than 100 bytes"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "Hello, " + name + "!"})
}

func notFound(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
}

// accessLog logs each request at info level, server errors at error level.
func (s *Server) accessLog(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &metrics.StatusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		level := logging.LevelInfo
		if rec.Status() >= 500 {
			level = logging.LevelError
		}
		s.log.Log(level, "request",
			"method", r.Method,
			"path", r.URL.Path,
			"route", route,
			"status", rec.Status(),
			"duration_ms", float64(time.Since(start).Microseconds())/1000,
			"remote", r.RemoteAddr,
			"user_agent", r.UserAgent(),
		)
	})
}

// recoverPanics turns a panicking handler into a 500 response and an error
// log instead of a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("handler panicked", "panic", v, "path", r.URL.Path)
				writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal server error"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func allowGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
	return false
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
