package config

import (
	"strings"
	"testing"
	"time"
)

// env returns a lookup function over the required variables plus vars.
func env(vars map[string]string) func(string) (string, bool) {
	all := map[string]string{}
{%- if values.database != "none" %}
	all["DATABASE_URL"] = "db://user:secret@localhost/app"
{%- endif %}
{%- if values.cache == "redis" %}
	all["REDIS_URL"] = "redis://:secret@localhost:6379/0"
{%- endif %}
	for k, v := range vars {
		all[k] = v
	}
	return func(name string) (string, bool) {
		v, ok := all[name]
		return v, ok
	}
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Port != DefaultPort {
		t.Errorf("Port = %d, want %d", cfg.Port, DefaultPort)
	}
	if cfg.LogLevel != "info" {
		t.Errorf("LogLevel = %q, want info", cfg.LogLevel)
	}
	if cfg.ShutdownTimeout != DefaultShutdownTimeout {
		t.Errorf("ShutdownTimeout = %v, want %v", cfg.ShutdownTimeout, DefaultShutdownTimeout)
	}
	if cfg.DrainDelay != 0 {
		t.Errorf("DrainDelay = %v, want 0", cfg.DrainDelay)
	}
	if got := cfg.Addr(); got != ":8080" {
		t.Errorf("Addr() = %q, want :8080", got)
	}
}

func TestLoadOverrides(t *testing.T) {
	cfg, err := Load(env(map[string]string{
		"PORT":                 "9090",
		"LOG_LEVEL":            "DEBUG",
		"SHUTDOWN_TIMEOUT":     "30s",
		"SHUTDOWN_DRAIN_DELAY": "5s",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Port != 9090 || cfg.LogLevel != "debug" || cfg.ShutdownTimeout != 30*time.Second || cfg.DrainDelay != 5*time.Second {
		t.Errorf("Load = %+v", cfg)
	}
}

func TestLoadEmptyMeansDefault(t *testing.T) {
	cfg, err := Load(env(map[string]string{"PORT": "", "LOG_LEVEL": "  "}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Port != DefaultPort || cfg.LogLevel != DefaultLogLevel {
		t.Errorf("Load = %+v", cfg)
	}
}

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"port not a number", map[string]string{"PORT": "http"}, "PORT"},
		{"port out of range", map[string]string{"PORT": "70000"}, "PORT"},
		{"port zero", map[string]string{"PORT": "0"}, "PORT"},
		{"unknown log level", map[string]string{"LOG_LEVEL": "verbose"}, "LOG_LEVEL"},
		{"bad timeout", map[string]string{"SHUTDOWN_TIMEOUT": "15"}, "SHUTDOWN_TIMEOUT"},
		{"negative drain delay", map[string]string{"SHUTDOWN_DRAIN_DELAY": "-1s"}, "SHUTDOWN_DRAIN_DELAY"},
{%- if values.database != "none" %}
		{"missing database url", map[string]string{"DATABASE_URL": ""}, "DATABASE_URL: required"},
{%- endif %}
{%- if values.cache == "redis" %}
		{"missing redis url", map[string]string{"REDIS_URL": ""}, "REDIS_URL: required"},
		{"redis url with wrong scheme", map[string]string{"REDIS_URL": "http://localhost:6379"}, "REDIS_URL"},
{%- endif %}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.vars))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestLoadReportsAllProblems(t *testing.T) {
	_, err := Load(env(map[string]string{"PORT": "x", "LOG_LEVEL": "y"}))
	if err == nil {
		t.Fatal("Load succeeded, want an error")
	}
	for _, want := range []string{"PORT", "LOG_LEVEL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestLogFieldsHoldNoSecrets(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	fields := cfg.LogFields()
	if len(fields)%2 != 0 {
		t.Fatalf("LogFields has an odd length: %v", fields)
	}
	for _, f := range fields {
		if s, ok := f.(string); ok && strings.Contains(s, "secret") {
			t.Errorf("LogFields leaks a secret: %v", fields)
		}
	}
}
