// Package config loads the service configuration from environment variables.
//
// Every setting has a safe default except the connection strings of the
// backing services, which must be set. Load reports every invalid setting at
// once, so a misconfigured deployment fails fast with one clear message.
package config

import (
	"fmt"
{%- if values.cache == "redis" %}
	"net/url"
{%- endif %}
	"strconv"
	"strings"
	"time"
)

// Defaults for the optional settings.
const (
	DefaultPort            = 8080
	DefaultLogLevel        = "info"
	DefaultShutdownTimeout = 15 * time.Second
	DefaultDrainDelay      = 0 * time.Second
)

// Config is the service configuration.
type Config struct {
	// Port is the TCP port the HTTP server listens on (PORT).
	Port int

	// LogLevel is the minimum level logged: debug, info, warn or error
	// (LOG_LEVEL).
	LogLevel string

	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// once the server stops accepting connections (SHUTDOWN_TIMEOUT).
	ShutdownTimeout time.Duration

	// DrainDelay is how long the server keeps serving after SIGTERM while
	// reporting not ready, so that load balancers take it out of rotation
	// before it stops accepting connections (SHUTDOWN_DRAIN_DELAY).
	DrainDelay time.Duration
{%- if values.database != "none" %}

	// DatabaseURL is the connection string of the ${{ values.database }}
	// database (DATABASE_URL, required). It is a secret: never log it.
	DatabaseURL string
{%- endif %}
{%- if values.cache == "redis" %}

	// RedisURL is the redis:// or rediss:// URL of the Redis cache
	// (REDIS_URL, required). It may hold a password: never log it.
	RedisURL string
{%- endif %}
}

// Load reads the configuration through lookup, which behaves like
// os.LookupEnv. An empty variable counts as unset.
func Load(lookup func(string) (string, bool)) (Config, error) {
	cfg := Config{
		Port:            DefaultPort,
		LogLevel:        DefaultLogLevel,
		ShutdownTimeout: DefaultShutdownTimeout,
		DrainDelay:      DefaultDrainDelay,
	}
	var problems []string
	get := func(name string) string {
		v, _ := lookup(name)
		return strings.TrimSpace(v)
	}

	if v := get("PORT"); v != "" {
		port, err := strconv.Atoi(v)
		if err != nil || port < 1 || port > 65535 {
			problems = append(problems, fmt.Sprintf("PORT: %q is not a port number (1-65535)", v))
		} else {
			cfg.Port = port
		}
	}

	if v := get("LOG_LEVEL"); v != "" {
		level := strings.ToLower(v)
		switch level {
		case "debug", "info", "warn", "error":
			cfg.LogLevel = level
		default:
			problems = append(problems, fmt.Sprintf("LOG_LEVEL: %q is not one of debug, info, warn, error", v))
		}
	}

	duration := func(name string, target *time.Duration) {
		v := get(name)
		if v == "" {
			return
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			problems = append(problems, fmt.Sprintf("%s: %q is not a duration such as 15s or 1m", name, v))
			return
		}
		*target = d
	}
	duration("SHUTDOWN_TIMEOUT", &cfg.ShutdownTimeout)
	duration("SHUTDOWN_DRAIN_DELAY", &cfg.DrainDelay)
{%- if values.database != "none" %}

	cfg.DatabaseURL = get("DATABASE_URL")
	if cfg.DatabaseURL == "" {
		problems = append(problems, "DATABASE_URL: required")
	}
{%- endif %}
{%- if values.cache == "redis" %}

	cfg.RedisURL = get("REDIS_URL")
	if cfg.RedisURL == "" {
		problems = append(problems, "REDIS_URL: required")
	} else if u, err := url.Parse(cfg.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
		// The URL is not echoed back: it may hold a password.
		problems = append(problems, "REDIS_URL: not a redis:// or rediss:// URL")
	}
{%- endif %}

	if len(problems) > 0 {
		return Config{}, fmt.Errorf("invalid configuration: %s", strings.Join(problems, "; "))
	}
	return cfg, nil
}

// Addr is the address the HTTP server listens on.
func (c Config) Addr() string {
	return ":" + strconv.Itoa(c.Port)
}

// LogFields are the settings that are safe to log, as key-value pairs.
// Secrets (connection strings) are left out on purpose.
func (c Config) LogFields() []any {
	return []any{
		"port", c.Port,
		"log_level", c.LogLevel,
		"shutdown_timeout", c.ShutdownTimeout,
		"drain_delay", c.DrainDelay,
{%- if values.database != "none" %}
		"database_configured", c.DatabaseURL != "",
{%- endif %}
{%- if values.cache == "redis" %}
		"redis_configured", c.RedisURL != "",
{%- endif %}
	}
}
