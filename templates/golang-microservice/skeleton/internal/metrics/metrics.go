// Package metrics keeps the service's Prometheus metrics and writes them in
// the Prometheus text exposition format (version 0.0.4), using only the
// standard library.
//
// Exposed metrics:
//
//	http_requests_total{method,path,status}          counter
//	http_request_duration_seconds{method,path}       histogram
//	http_requests_in_flight                          gauge
//	build_info{version,revision,goversion}           gauge, always 1
//	process_start_time_seconds                       gauge
//	go_goroutines                                    gauge
//
// The path label is the route pattern, never the raw URL path, so that the
// number of series stays bounded.
package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ContentType is the media type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// DefaultBuckets are the upper bounds, in seconds, of the request duration
// histogram buckets (Prometheus' client library defaults).
var DefaultBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// BuildInfo describes the running binary.
type BuildInfo struct {
	Version   string
	Revision  string
	GoVersion string
}

// Registry holds the metrics. Its zero value is not usable: call NewRegistry.
type Registry struct {
	buckets []float64
	info    BuildInfo
	start   time.Time

	inFlight atomic.Int64

	mu        sync.Mutex
	requests  map[requestKey]uint64
	durations map[routeKey]*histogram
}

type requestKey struct{ method, path, status string }

type routeKey struct{ method, path string }

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last one is +Inf
	sum    float64
	count  uint64
}

// NewRegistry returns an empty registry using DefaultBuckets.
func NewRegistry(info BuildInfo) *Registry {
	if info.GoVersion == "" {
		info.GoVersion = runtime.Version()
	}
	return &Registry{
		buckets:   DefaultBuckets,
		info:      info,
		start:     time.Now(),
		requests:  make(map[requestKey]uint64),
		durations: make(map[routeKey]*histogram),
	}
}

// Observe records one finished request.
func (r *Registry) Observe(method, path string, status int, elapsed time.Duration) {
	method = normalizeMethod(method)
	seconds := elapsed.Seconds()

	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests[requestKey{method, path, strconv.Itoa(status)}]++
	h := r.durations[routeKey{method, path}]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(r.buckets)+1)}
		r.durations[routeKey{method, path}] = h
	}
	i := sort.SearchFloat64s(r.buckets, seconds) // first bucket with bound >= seconds
	h.counts[i]++
	h.sum += seconds
	h.count++
}

// Instrument wraps next so that each request it serves is counted and timed
// under the route label.
func (r *Registry) Instrument(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.inFlight.Add(1)
		defer r.inFlight.Add(-1)
		start := time.Now()
		rec := &StatusRecorder{ResponseWriter: w}
		defer func() {
			r.Observe(req.Method, route, rec.Status(), time.Since(start))
		}()
		next.ServeHTTP(rec, req)
	})
}

// Handler serves the metrics in the text exposition format.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", ContentType)
		w.Header().Set("Cache-Control", "no-store")
		if req.Method == http.MethodHead {
			return
		}
		_ = r.Write(w)
	})
}

// Write writes every metric in the text exposition format, families and
// series in a stable order.
func (r *Registry) Write(w io.Writer) error {
	b := bufio.NewWriter(w)

	r.mu.Lock()
	requests := make([]requestKey, 0, len(r.requests))
	for k := range r.requests {
		requests = append(requests, k)
	}
	sort.Slice(requests, func(i, j int) bool {
		a, c := requests[i], requests[j]
		if a.path != c.path {
			return a.path < c.path
		}
		if a.method != c.method {
			return a.method < c.method
		}
		return a.status < c.status
	})
	routes := make([]routeKey, 0, len(r.durations))
	for k := range r.durations {
		routes = append(routes, k)
	}
	sort.Slice(routes, func(i, j int) bool {
		if routes[i].path != routes[j].path {
			return routes[i].path < routes[j].path
		}
		return routes[i].method < routes[j].method
	})

	header(b, "http_requests_total", "counter", "Total HTTP requests served, by method, route and status code.")
	for _, k := range requests {
		fmt.Fprintf(b, "http_requests_total{method=%s,path=%s,status=%s} %d\n",
			quote(k.method), quote(k.path), quote(k.status), r.requests[k])
	}

	header(b, "http_request_duration_seconds", "histogram", "HTTP request latency in seconds, by method and route.")
	for _, k := range routes {
		h := r.durations[k]
		labels := "method=" + quote(k.method) + ",path=" + quote(k.path)
		var cumulative uint64
		for i, bound := range r.buckets {
			cumulative += h.counts[i]
			sample(b, "http_request_duration_seconds_bucket", labels+",le="+quote(formatFloat(bound)), strconv.FormatUint(cumulative, 10))
		}
		sample(b, "http_request_duration_seconds_bucket", labels+`,le="+Inf"`, strconv.FormatUint(h.count, 10))
		sample(b, "http_request_duration_seconds_sum", labels, formatFloat(h.sum))
		sample(b, "http_request_duration_seconds_count", labels, strconv.FormatUint(h.count, 10))
	}
	r.mu.Unlock()

	header(b, "http_requests_in_flight", "gauge", "HTTP requests being served right now.")
	fmt.Fprintf(b, "http_requests_in_flight %d\n", r.inFlight.Load())

	header(b, "build_info", "gauge", "Build information of the running binary; always 1.")
	fmt.Fprintf(b, "build_info{version=%s,revision=%s,goversion=%s} 1\n",
		quote(r.info.Version), quote(r.info.Revision), quote(r.info.GoVersion))

	header(b, "process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.")
	fmt.Fprintf(b, "process_start_time_seconds %s\n", formatFloat(float64(r.start.UnixNano())/1e9))

	header(b, "go_goroutines", "gauge", "Number of goroutines that currently exist.")
	fmt.Fprintf(b, "go_goroutines %d\n", runtime.NumGoroutine())

	return b.Flush()
}

func header(w io.Writer, name, kind, help string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
}

// sample writes one sample line: name{labels} value.
func sample(w io.Writer, name, labels, value string) {
	fmt.Fprintln(w, name+"{"+labels+"}", value)
}

// quote returns a label value in double quotes, escaped as the exposition
// format requires (backslash, double quote and line feed).
func quote(v string) string {
	return `"` + labelEscaper.Replace(v) + `"`
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func formatFloat(f float64) string {
	switch {
	case math.IsInf(f, +1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case math.IsNaN(f):
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// normalizeMethod keeps the method label bounded: anything but the standard
// methods counts as OTHER.
func normalizeMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}

// StatusRecorder is an http.ResponseWriter that remembers the status code.
type StatusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status and passes it on.
func (s *StatusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write sends the implicit 200 status if no status was written yet.
func (s *StatusRecorder) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

// Status is the status code sent, 200 if the handler wrote nothing.
func (s *StatusRecorder) Status() int {
	if s.status == 0 {
		return http.StatusOK
	}
	return s.status
}

// Flush implements http.Flusher when the underlying writer does.
func (s *StatusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (s *StatusRecorder) Unwrap() http.ResponseWriter {
	return s.ResponseWriter
}
