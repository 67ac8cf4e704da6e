package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/${{ values.destination.owner }}/${{ values.destination.repo }}/internal/logging"
	"github.com/${{ values.destination.owner }}/${{ values.destination.repo }}/internal/metrics"
)

func newServer(t *testing.T, checks ...Check) (*Server, *metrics.Registry) {
	t.Helper()
	reg := metrics.NewRegistry(metrics.BuildInfo{Version: "test"})
	s := New(Info{Name: "${{ values.name }}", Version: "test"}, logging.Discard(), reg, checks...)
	s.SetReady(true)
	return s, reg
}

func do(t *testing.T, h http.Handler, method, target string) (*http.Response, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	var doc map[string]any
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatalf("%s %s: body %q is not JSON: %v", method, target, body, err)
		}
	}
	return res, doc
}

func TestHealthz(t *testing.T) {
	s, _ := newServer(t)
	res, doc := do(t, s, http.MethodGet, "/healthz")
	if res.StatusCode != http.StatusOK || doc["status"] != "ok" {
		t.Errorf("GET /healthz = %d %v, want 200 ok", res.StatusCode, doc)
	}
	// Liveness does not depend on readiness: a draining instance is alive.
	s.SetReady(false)
	if res, _ := do(t, s, http.MethodGet, "/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz while not ready = %d, want 200", res.StatusCode)
	}
}

func TestReadyz(t *testing.T) {
	s, _ := newServer(t)
	if res, doc := do(t, s, http.MethodGet, "/readyz"); res.StatusCode != http.StatusOK || doc["status"] != "ready" {
		t.Errorf("GET /readyz = %d %v, want 200 ready", res.StatusCode, doc)
	}
	s.SetReady(false)
	if res, _ := do(t, s, http.MethodGet, "/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz during shutdown = %d, want 503", res.StatusCode)
	}
}

func TestReadyzChecks(t *testing.T) {
	healthy := true
	s, _ := newServer(t, Check{Name: "dependency", Check: func(ctx context.Context) error {
		if healthy {
			return nil
		}
		return errors.New("connection refused")
	}})
	if res, _ := do(t, s, http.MethodGet, "/readyz"); res.StatusCode != http.StatusOK {
		t.Errorf("GET /readyz with passing check = %d, want 200", res.StatusCode)
	}
	healthy = false
	res, doc := do(t, s, http.MethodGet, "/readyz")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("GET /readyz with failing check = %d, want 503", res.StatusCode)
	}
	failed, _ := doc["failed"].(map[string]any)
	if failed["dependency"] != "connection refused" {
		t.Errorf("failed checks = %v", doc)
	}
}

func TestHello(t *testing.T) {
	s, _ := newServer(t)
	tests := []struct {
		target string
		status int
		key    string
		want   string
	}{
		{"/api/v1/hello", http.StatusOK, "message", "Hello, world!"},
		{"/api/v1/hello?name=Ada", http.StatusOK, "message", "Hello, Ada!"},
		{"/api/v1/hello?name=" + strings.Repeat("x", 101), http.StatusBadRequest, "error", "name is longer than 100 bytes"},
	}
	for _, tt := range tests {
		res, doc := do(t, s, http.MethodGet, tt.target)
		if res.StatusCode != tt.status || doc[tt.key] != tt.want {
			t.Errorf("GET %s = %d %v, want %d %s=%q", tt.target, res.StatusCode, doc, tt.status, tt.key, tt.want)
		}
	}
	res, _ := do(t, s, http.MethodPost, "/api/v1/hello")
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /api/v1/hello = %d (Allow %q), want 405", res.StatusCode, res.Header.Get("Allow"))
	}
}

func TestIndexAndNotFound(t *testing.T) {
	s, _ := newServer(t)
	if res, doc := do(t, s, http.MethodGet, "/"); res.StatusCode != http.StatusOK || doc["service"] != "${{ values.name }}" {
		t.Errorf("GET / = %d %v", res.StatusCode, doc)
	}
	if res, _ := do(t, s, http.MethodGet, "/no/such/page"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /no/such/page = %d, want 404", res.StatusCode)
	}
}

func TestMetricsCountApplicationRoutesOnly(t *testing.T) {
	s, reg := newServer(t)
	do(t, s, http.MethodGet, "/api/v1/hello")
	do(t, s, http.MethodGet, "/api/v1/hello?name=Ada")
	do(t, s, http.MethodGet, "/nope")
	do(t, s, http.MethodGet, "/healthz")
	do(t, s, http.MethodGet, "/readyz")

	var buf bytes.Buffer
	if err := reg.Write(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`http_requests_total{method="GET",path="/api/v1/hello",status="200"} 2`,
		`http_requests_total{method="GET",path="unmatched",status="404"} 1`,
		`http_request_duration_seconds_count{method="GET",path="/api/v1/hello"} 2`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("metrics lack %q:\n%s", want, out)
		}
	}
	for _, probe := range []string{`path="/healthz"`, `path="/readyz"`, `path="/nope"`} {
		if strings.Contains(out, probe) {
			t.Errorf("metrics count %s:\n%s", probe, out)
		}
	}

	res, _ := do(t, s, http.MethodGet, "/metrics")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != metrics.ContentType {
		t.Errorf("GET /metrics = %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestPanicRecovery(t *testing.T) {
	s, reg := newServer(t)
	s.handle("/boom", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	res, doc := do(t, s, http.MethodGet, "/boom")
	if res.StatusCode != http.StatusInternalServerError || doc["error"] != "internal server error" {
		t.Errorf("GET /boom = %d %v, want 500", res.StatusCode, doc)
	}
	var buf bytes.Buffer
	_ = reg.Write(&buf)
	if !strings.Contains(buf.String(), `http_requests_total{method="GET",path="/boom",status="500"} 1`) {
		t.Errorf("panic not counted as a 500:\n%s", buf.String())
	}
}
