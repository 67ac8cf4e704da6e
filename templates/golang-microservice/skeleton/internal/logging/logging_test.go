package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func records(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		out = append(out, rec)
	}
	return out
}

func TestRecordFields(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, LevelInfo)
	l.out.now = func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }
	l.With("service", "demo").Info("hello", "status", 200, "err", errors.New("boom"), "took", 1500*time.Millisecond)

	recs := records(t, &buf)
	if len(recs) != 1 {
		t.Fatalf("got %d records, want 1", len(recs))
	}
	want := map[string]any{
		"time":    "2024-01-02T03:04:05Z",
		"level":   "INFO",
		"msg":     "hello",
		"service": "demo",
		"status":  float64(200),
		"err":     "boom",
		"took":    "1.5s",
	}
	for k, v := range want {
		if recs[0][k] != v {
			t.Errorf("%s = %#v, want %#v", k, recs[0][k], v)
		}
	}
}

func TestLevelFiltering(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, LevelWarn)
	l.Debug("d")
	l.Info("i")
	l.Warn("w")
	l.Error("e")
	recs := records(t, &buf)
	if len(recs) != 2 || recs[0]["level"] != "WARN" || recs[1]["level"] != "ERROR" {
		t.Errorf("records = %v, want WARN and ERROR only", recs)
	}
}

func TestBadKey(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, LevelDebug).Info("odd", "lonely")
	recs := records(t, &buf)
	if recs[0]["!BADKEY"] != "lonely" {
		t.Errorf("record = %v, want !BADKEY", recs[0])
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]Level{"debug": LevelDebug, "INFO": LevelInfo, "warn": LevelWarn, "Error": LevelError} {
		got, err := ParseLevel(in)
		if err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseLevel("loud"); err == nil {
		t.Error("ParseLevel(loud) succeeded, want an error")
	}
}

func TestStdLogger(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, LevelInfo).StdLogger(LevelError).Printf("http: TLS handshake error\n")
	recs := records(t, &buf)
	if len(recs) != 1 || recs[0]["level"] != "ERROR" || recs[0]["msg"] != "http: TLS handshake error" {
		t.Errorf("records = %v", recs)
	}
}
