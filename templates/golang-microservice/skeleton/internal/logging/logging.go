// Package logging writes structured logs: one JSON object per line, with the
// same field names and level values as the standard library's log/slog
// (time, level, msg, then key-value pairs), so log pipelines can parse them
// and the service can move to log/slog once its go directive is 1.21 or later.
package logging

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"
	"time"
)

// Level is a log level. The values match log/slog's.
type Level int

// The log levels.
const (
	LevelDebug Level = -4
	LevelInfo  Level = 0
	LevelWarn  Level = 4
	LevelError Level = 8
)

// String returns the level's name as log/slog writes it.
func (l Level) String() string {
	switch {
	case l < LevelInfo:
		return "DEBUG"
	case l < LevelWarn:
		return "INFO"
	case l < LevelError:
		return "WARN"
	default:
		return "ERROR"
	}
}

// ParseLevel reads debug, info, warn or error (in any case).
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return LevelDebug, nil
	case "info", "":
		return LevelInfo, nil
	case "warn", "warning":
		return LevelWarn, nil
	case "error":
		return LevelError, nil
	}
	return LevelInfo, fmt.Errorf("unknown log level %q", s)
}

// Logger writes leveled JSON log lines. It is safe for concurrent use.
type Logger struct {
	out   *output
	level Level
	attrs []byte // pre-encoded `,"key":value` pairs added by With
}

type output struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

// New returns a logger writing records at level or above to w.
func New(w io.Writer, level Level) *Logger {
	return &Logger{out: &output{w: w, now: time.Now}, level: level}
}

// Discard returns a logger that writes nothing, for tests.
func Discard() *Logger {
	return New(io.Discard, LevelError+1)
}

// With returns a logger that adds the key-value pairs to every record.
func (l *Logger) With(kv ...any) *Logger {
	attrs := make([]byte, len(l.attrs), len(l.attrs)+64)
	copy(attrs, l.attrs)
	return &Logger{out: l.out, level: l.level, attrs: appendPairs(attrs, kv)}
}

// Enabled reports whether records at level are written.
func (l *Logger) Enabled(level Level) bool {
	return level >= l.level
}

// Debug logs at LevelDebug.
func (l *Logger) Debug(msg string, kv ...any) { l.Log(LevelDebug, msg, kv...) }

// Info logs at LevelInfo.
func (l *Logger) Info(msg string, kv ...any) { l.Log(LevelInfo, msg, kv...) }

// Warn logs at LevelWarn.
func (l *Logger) Warn(msg string, kv ...any) { l.Log(LevelWarn, msg, kv...) }

// Error logs at LevelError.
func (l *Logger) Error(msg string, kv ...any) { l.Log(LevelError, msg, kv...) }

// Log writes one record if level is enabled. kv holds alternating keys
// (strings) and values; a key without a value is logged as "!BADKEY", as
// log/slog does.
func (l *Logger) Log(level Level, msg string, kv ...any) {
	if !l.Enabled(level) {
		return
	}
	buf := make([]byte, 0, 256)
	buf = append(buf, `{"time":`...)
	buf = appendValue(buf, l.out.now().UTC().Format(time.RFC3339Nano))
	buf = append(buf, `,"level":`...)
	buf = appendValue(buf, level.String())
	buf = append(buf, `,"msg":`...)
	buf = appendValue(buf, msg)
	buf = append(buf, l.attrs...)
	buf = appendPairs(buf, kv)
	buf = append(buf, "}\n"...)

	l.out.mu.Lock()
	defer l.out.mu.Unlock()
	_, _ = l.out.w.Write(buf)
}

// StdLogger returns a *log.Logger that writes each line as a record at
// level, for APIs such as http.Server.ErrorLog.
func (l *Logger) StdLogger(level Level) *log.Logger {
	return log.New(stdWriter{l, level}, "", 0)
}

type stdWriter struct {
	l     *Logger
	level Level
}

func (w stdWriter) Write(p []byte) (int, error) {
	w.l.Log(w.level, strings.TrimSpace(string(p)))
	return len(p), nil
}

func appendPairs(buf []byte, kv []any) []byte {
	for i := 0; i < len(kv); i += 2 {
		key, ok := kv[i].(string)
		if !ok || i+1 == len(kv) {
			buf = append(buf, `,"!BADKEY":`...)
			buf = appendValue(buf, kv[i])
			i--
			continue
		}
		buf = append(buf, ',')
		buf = appendValue(buf, key)
		buf = append(buf, ':')
		buf = appendValue(buf, kv[i+1])
	}
	return buf
}

func appendValue(buf []byte, v any) []byte {
	switch x := v.(type) {
	case error:
		v = x.Error()
	case time.Duration:
		v = x.String()
	case fmt.Stringer:
		v = x.String()
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(fmt.Sprint(v))
	}
	return append(buf, b...)
}
