package metrics

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func exposition(t *testing.T, r *Registry) string {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.String()
}

// sampleLine matches `name{labels} value` or `name value`.
var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$`)

// TestExpositionFormat checks the structure of the text format: every sample
// belongs to a family announced by # HELP and # TYPE lines just before it,
// and every value parses as a float.
func TestExpositionFormat(t *testing.T) {
	r := NewRegistry(BuildInfo{Version: "1.2.3", Revision: "abc"})
	r.Observe("GET", "/api/v1/hello", 200, 30*time.Millisecond)
	r.Observe("POST", "/api/v1/hello", 405, time.Millisecond)

	types := map[string]string{}
	var family string
	for _, line := range strings.Split(strings.TrimSuffix(exposition(t, r), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "# HELP "):
			fields := strings.SplitN(line, " ", 4)
			if len(fields) != 4 || fields[3] == "" {
				t.Errorf("HELP line without text: %q", line)
			}
			family = fields[2]
		case strings.HasPrefix(line, "# TYPE "):
			fields := strings.Fields(line)
			if len(fields) != 4 || fields[2] != family {
				t.Errorf("TYPE line %q does not follow its HELP line", line)
				continue
			}
			switch fields[3] {
			case "counter", "gauge", "histogram", "summary", "untyped":
			default:
				t.Errorf("unknown type in %q", line)
			}
			if _, dup := types[family]; dup {
				t.Errorf("family %s announced twice", family)
			}
			types[family] = fields[3]
		default:
			m := sampleLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("malformed sample line %q", line)
				continue
			}
			name := m[1]
			if types[family] == "histogram" {
				name = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_sum"), "_count")
			}
			if name != family {
				t.Errorf("sample %q is outside its family %s", line, family)
			}
			if _, err := strconv.ParseFloat(m[3], 64); err != nil {
				t.Errorf("sample %q has a bad value: %v", line, err)
			}
		}
	}
	want := map[string]string{
		"http_requests_total":           "counter",
		"http_request_duration_seconds": "histogram",
		"http_requests_in_flight":       "gauge",
		"build_info":                    "gauge",
		"process_start_time_seconds":    "gauge",
		"go_goroutines":                 "gauge",
	}
	for name, kind := range want {
		if types[name] != kind {
			t.Errorf("family %s has type %q, want %q", name, types[name], kind)
		}
	}
}

func TestCounterAndHistogramValues(t *testing.T) {
	r := NewRegistry(BuildInfo{Version: "1.2.3", Revision: "abc", GoVersion: "go1.x"})
	r.Observe("GET", "/api/v1/hello", 200, 1953125*time.Nanosecond) // le="0.005"
	r.Observe("GET", "/api/v1/hello", 200, 250*time.Millisecond)    // le="0.25": bounds are inclusive
	r.Observe("GET", "/api/v1/hello", 500, 20*time.Second)          // le="+Inf" only
	r.Observe("BREW", "/api/v1/hello", 400, 10*time.Millisecond)    // method="OTHER"
	out := exposition(t, r)

	for _, want := range []string{
		`http_requests_total{method="GET",path="/api/v1/hello",status="200"} 2`,
		`http_requests_total{method="GET",path="/api/v1/hello",status="500"} 1`,
		`http_requests_total{method="OTHER",path="/api/v1/hello",status="400"} 1`,
		`http_request_duration_seconds_bucket{method="GET",path="/api/v1/hello",le="0.005"} 1`,
		`http_request_duration_seconds_bucket{method="GET",path="/api/v1/hello",le="0.1"} 1`,
		`http_request_duration_seconds_bucket{method="GET",path="/api/v1/hello",le="0.25"} 2`,
		`http_request_duration_seconds_bucket{method="GET",path="/api/v1/hello",le="10"} 2`,
		`http_request_duration_seconds_bucket{method="GET",path="/api/v1/hello",le="+Inf"} 3`,
		`http_request_duration_seconds_sum{method="GET",path="/api/v1/hello"} 20.251953125`,
		`http_request_duration_seconds_count{method="GET",path="/api/v1/hello"} 3`,
		`build_info{version="1.2.3",revision="abc",goversion="go1.x"} 1`,
		`http_requests_in_flight 0`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("exposition lacks %q:\n%s", want, out)
		}
	}
}

func TestLabelEscaping(t *testing.T) {
	r := NewRegistry(BuildInfo{Version: "a\"b\\c\nd"})
	out := exposition(t, r)
	if !strings.Contains(out, `version="a\"b\\c\nd"`) {
		t.Errorf("label value not escaped:\n%s", out)
	}
}

func TestInstrument(t *testing.T) {
	r := NewRegistry(BuildInfo{})
	h := r.Instrument("/things/", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/things/missing" {
			http.NotFound(w, req)
			return
		}
		_, _ = w.Write([]byte("ok")) // implicit 200
	}))
	for _, path := range []string{"/things/1", "/things/2", "/things/missing"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	out := exposition(t, r)
	for _, want := range []string{
		`http_requests_total{method="GET",path="/things/",status="200"} 2`,
		`http_requests_total{method="GET",path="/things/",status="404"} 1`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("exposition lacks %q:\n%s", want, out)
		}
	}
}

func TestHandler(t *testing.T) {
	r := NewRegistry(BuildInfo{})
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != ContentType {
		t.Errorf("Content-Type = %q, want %q", ct, ContentType)
	}
	if !strings.Contains(rec.Body.String(), "# TYPE build_info gauge\n") {
		t.Errorf("body lacks build_info:\n%s", rec.Body)
	}

	rec = httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/metrics", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST status = %d, want 405", rec.Code)
	}
}
