//! plat.yaml: found in the start directory or its parents (as git finds
//! .git), else `$PLAT_CONFIG`, else `$XDG_CONFIG_HOME/plat/config.yaml`.
//! Paths in it are relative to the file. Unknown keys are errors.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

mod edit;

pub use edit::add_catalog_location;

pub const FILE_NAMES: [&str; 2] = ["plat.yaml", ".plat.yaml"];

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub catalog: CatalogConfig,
    #[serde(default)]
    pub integrations: IntegrationsConfig,
    #[serde(default)]
    pub http: HttpConfig,
    /// Template directories and git repositories (`URL#ref`), relative to
    /// the config file.
    #[serde(default)]
    pub templates: Vec<String>,
    #[serde(default)]
    pub environments: EnvironmentsConfig,
    #[serde(default)]
    pub dora: DoraConfig,
    #[serde(default)]
    pub kubernetes: KubernetesConfig,
}

/// `plat status`: which clusters to read, like Backstage's
/// `kubernetes.clusterLocatorMethods` (type `config`), with kubeconfig
/// contexts in place of URLs and tokens.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct KubernetesConfig {
    /// Read concurrently, in this order.
    #[serde(default)]
    pub clusters: Vec<KubernetesCluster>,
}

/// One cluster: a context name, or a mapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KubernetesCluster {
    /// Shown in output and matched by `--context` (default: the context).
    pub name: Option<String>,
    /// The kubeconfig context (default: the kubeconfig's current context).
    pub context: Option<String>,
    /// The kubeconfig file, relative to plat.yaml; `~/` is the home
    /// directory (default: `$KUBECONFIG`, else `~/.kube/config`).
    pub kubeconfig: Option<String>,
    /// The namespace read when the entity names none (default: all).
    pub namespace: Option<String>,
}

impl<'de> Deserialize<'de> for KubernetesCluster {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<KubernetesCluster, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct ClusterVisitor;
        const FIELDS: &[&str] = &["name", "context", "kubeconfig", "namespace"];
        impl<'de> Visitor<'de> for ClusterVisitor {
            type Value = KubernetesCluster;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a kubeconfig context, or a mapping with `context`, `kubeconfig`, `name` and `namespace`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<KubernetesCluster, E> {
                Ok(KubernetesCluster {
                    context: Some(text.to_string()),
                    ..KubernetesCluster::default()
                })
            }
            fn visit_map<M: MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<KubernetesCluster, M::Error> {
                let mut cluster = KubernetesCluster::default();
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "name" => &mut cluster.name,
                        "context" => &mut cluster.context,
                        "kubeconfig" => &mut cluster.kubeconfig,
                        "namespace" => &mut cluster.namespace,
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    };
                    *slot = Some(map.next_value()?);
                }
                if cluster.context.is_none() && cluster.kubeconfig.is_none() {
                    return Err(de::Error::custom(
                        "a cluster names a `context`, a `kubeconfig`, or both",
                    ));
                }
                Ok(cluster)
            }
        }
        deserializer.deserialize_any(ClusterVisitor)
    }
}

/// `plat dora`: defaults for every service, and per-service overrides.
/// The service keys are repeated from [`DoraServiceConfig`] rather than
/// flattened in: serde cannot refuse unknown keys through `flatten`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DoraConfig {
    /// The environment measured (default `production`).
    pub environment: Option<String>,
    /// The window (default `30d`).
    pub since: Option<ConfigDuration>,
    #[serde(default)]
    pub levels: DoraLevelsConfig,
    pub repo: Option<String>,
    pub deployments: Option<String>,
    pub tags: Option<String>,
    pub incidents: Option<Vec<String>>,
    pub incident_label: Option<String>,
    pub pull_requests: Option<bool>,
    /// Per service (by entity name): the same keys as above, which win.
    #[serde(default)]
    pub services: std::collections::BTreeMap<String, DoraServiceConfig>,
}

/// Where one service's data comes from.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DoraServiceConfig {
    /// A clone of the service's repository, relative to plat.yaml.
    pub repo: Option<String>,
    /// `tags` (default), `github`, or a records file (YAML, JSON lines, CSV).
    pub deployments: Option<String>,
    /// The glob tags match (default `v*`).
    pub tags: Option<String>,
    /// `github`, `pagerduty`, or records files.
    pub incidents: Option<Vec<String>>,
    /// The label of incident issues on GitHub (default `incident`).
    pub incident_label: Option<String>,
    /// Read merged pull requests for squash merges' first commits.
    pub pull_requests: Option<bool>,
}

impl DoraConfig {
    /// The settings of `service`: its own, else the defaults.
    pub fn service(&self, service: &str) -> DoraServiceConfig {
        let own = self.services.get(service).cloned().unwrap_or_default();
        DoraServiceConfig {
            repo: own.repo.or_else(|| self.repo.clone()),
            deployments: own.deployments.or_else(|| self.deployments.clone()),
            tags: own.tags.or_else(|| self.tags.clone()),
            incidents: own.incidents.or_else(|| self.incidents.clone()),
            incident_label: own.incident_label.or_else(|| self.incident_label.clone()),
            pull_requests: own.pull_requests.or(self.pull_requests),
        }
    }
}

/// Overrides of the performance levels' thresholds, per metric.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DoraLevelsConfig {
    /// At least: `1/day`, `1/week`, `1/month` or deployments per day.
    pub deployment_frequency: Option<ThresholdsConfig>,
    /// Less than: durations (`1d`, `1w`, `30d`).
    pub lead_time: Option<ThresholdsConfig>,
    /// At most: `5%` or a fraction.
    pub change_failure_rate: Option<ThresholdsConfig>,
    /// Less than: durations (`1h`, `1d`, `1w`).
    pub recovery_time: Option<ThresholdsConfig>,
    /// At most: `5%` or a fraction.
    pub rework_rate: Option<ThresholdsConfig>,
}

/// The bounds of elite, high and medium.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ThresholdsConfig {
    pub elite: String,
    pub high: String,
    pub medium: String,
}

/// `plat env`: preview environments.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentsConfig {
    /// The namespace name, a minijinja template with `pr` and `service`
    /// (default `pr-{{ pr }}-{{ service }}`).
    pub namespace: Option<String>,
    /// The manifests directory, relative to the service's catalog-info.yaml
    /// (default `deploy/`, then `k8s/`).
    pub manifests: Option<String>,
    /// Hosts are `<namespace>.<domain>`.
    pub domain: Option<String>,
    /// How long an environment lives (default `48h`).
    pub ttl: Option<ConfigDuration>,
}

impl EnvironmentsConfig {
    /// `namespace`, or its default.
    pub fn namespace_pattern(&self) -> String {
        self.namespace
            .clone()
            .unwrap_or_else(|| "pr-{{ pr }}-{{ service }}".into())
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CatalogConfig {
    /// Files, directories, globs, URLs and Backstage servers; paths are
    /// relative to the config file.
    #[serde(default)]
    pub locations: Vec<LocationEntry>,
    #[serde(default)]
    pub cache: CatalogCacheConfig,
}

/// `catalog.cache`: how long remote catalog files are used from the HTTP
/// cache without asking their servers.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CatalogCacheConfig {
    /// Whatever the servers say: `0` revalidates every time, `5m` uses a
    /// response for five minutes after it arrived or was revalidated.
    pub max_age: Option<MaxAge>,
}

/// `catalog.cache.maxAge`: `0` (revalidate every time) or a duration
/// (`5m`, or a number of seconds), checked when the file is read, as
/// [`ConfigDuration`]s are, so that a bad one is reported at its line and
/// column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxAge(pub std::time::Duration);

impl<'de> Deserialize<'de> for MaxAge {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Seconds(u64),
            Text(String),
        }
        let text = match Written::deserialize(deserializer)? {
            Written::Seconds(seconds) => format!("{seconds}s"),
            Written::Text(text) => text,
        };
        if matches!(text.trim(), "0" | "0s") {
            return Ok(MaxAge(std::time::Duration::ZERO));
        }
        crate::time::parse_duration(&text).map(MaxAge).map_err(|e| {
            serde::de::Error::custom(format!("maxAge `{text}` {e}; {}, or 0", e.hint()))
        })
    }
}

/// One entry of `catalog.locations`: a path, glob or URL as a string, or a
/// mapping `{target, presence}` or `{backstage: URL}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocationEntry {
    Target { target: String, optional: bool },
    Backstage(String),
}

impl<'de> Deserialize<'de> for LocationEntry {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<LocationEntry, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct EntryVisitor;
        const FIELDS: &[&str] = &["target", "presence", "backstage"];
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = LocationEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a path, glob or URL, or a mapping with `target` (and `presence`) or `backstage`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<LocationEntry, E> {
                Ok(LocationEntry::Target {
                    target: text.to_string(),
                    optional: false,
                })
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<LocationEntry, M::Error> {
                let (mut target, mut presence, mut backstage) =
                    (None::<String>, None::<String>, None::<String>);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "target" => target = Some(map.next_value()?),
                        "presence" => presence = Some(map.next_value()?),
                        "backstage" => backstage = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    }
                }
                let optional = match presence.as_deref() {
                    None | Some("required") => false,
                    Some("optional") => true,
                    Some(other) => {
                        return Err(de::Error::unknown_variant(other, &["required", "optional"]));
                    }
                };
                match (target, backstage) {
                    (Some(target), None) => Ok(LocationEntry::Target { target, optional }),
                    (None, Some(url)) if presence.is_none() => Ok(LocationEntry::Backstage(url)),
                    (None, None) => Err(de::Error::missing_field("target")),
                    _ => Err(de::Error::custom(
                        "a location has either `target` or `backstage`, not both (and `presence` goes with `target`)",
                    )),
                }
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IntegrationsConfig {
    pub github: Option<GitHubConfig>,
    pub backstage: Option<BackstageConfig>,
    pub pagerduty: Option<PagerDutyConfig>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PagerDutyConfig {
    /// Default `https://api.pagerduty.com`.
    pub api_base_url: Option<String>,
    pub token: Option<Secret>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GitHubConfig {
    /// The web host repositories' URLs name (default `github.com`).
    pub host: Option<String>,
    /// Default `https://api.github.com`, or `https://HOST/api/v3`.
    pub api_base_url: Option<String>,
    pub token: Option<Secret>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BackstageConfig {
    pub base_url: Option<String>,
    pub token: Option<Secret>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HttpConfig {
    /// Requests in flight at once (default 16).
    pub concurrency: Option<usize>,
    /// Per request, e.g. `30s` (the default).
    pub timeout: Option<ConfigDuration>,
    /// Default `10s`.
    pub connect_timeout: Option<ConfigDuration>,
    /// Retries after a failed attempt (default 3).
    pub retries: Option<u32>,
}

/// A credential in config: `env:NAME` (read from the environment, the way
/// to write it) or the value itself. Never printed.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The value; `None` when it names an environment variable that is not set.
    pub fn resolve(&self) -> Option<String> {
        match self.0.strip_prefix("env:") {
            Some(name) => std::env::var(name).ok().filter(|v| !v.is_empty()),
            None => Some(self.0.clone()).filter(|v| !v.is_empty()),
        }
    }

    /// The environment variable it names, for hints.
    pub fn variable(&self) -> Option<&str> {
        self.0.strip_prefix("env:")
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.variable() {
            Some(name) => write!(f, "Secret(env:{name})"),
            None => f.write_str("Secret(<redacted>)"),
        }
    }
}

/// A duration in plat.yaml (`48h`, `30s`, `1h 30m`), checked by
/// [`crate::time::parse_duration`] when the file is read, so that a bad one
/// is reported at its line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigDuration(pub std::time::Duration);

impl<'de> Deserialize<'de> for ConfigDuration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        crate::time::parse_duration(&text)
            .map(ConfigDuration)
            .map_err(|e| serde::de::Error::custom(format!("`{text}` {e}; {}", e.hint())))
    }
}

/// The configuration in effect and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// Paths in the config are relative to this directory; it is also the
    /// catalog root. Without a config file: the start directory.
    pub dir: PathBuf,
    pub config: Config,
}

/// Where to look, so tests and callers need not touch the real environment.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub start_dir: PathBuf,
    /// `--config`.
    pub explicit: Option<PathBuf>,
    /// `$PLAT_CONFIG`.
    pub env_config: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME`, or `~/.config`.
    pub config_home: Option<PathBuf>,
}

impl Search {
    pub fn from_env(start_dir: PathBuf, explicit: Option<PathBuf>) -> Search {
        let non_empty = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Search {
            start_dir,
            explicit,
            env_config: non_empty("PLAT_CONFIG"),
            config_home: non_empty("XDG_CONFIG_HOME")
                .or_else(|| non_empty("HOME").map(|h| h.join(".config"))),
        }
    }

    /// The config file that applies, if any.
    pub fn find(&self) -> Option<PathBuf> {
        if let Some(explicit) = &self.explicit {
            return Some(self.start_dir.join(explicit));
        }
        for dir in self.start_dir.ancestors() {
            for name in FILE_NAMES {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
        }
        if let Some(env) = &self.env_config {
            return Some(self.start_dir.join(env));
        }
        self.config_home
            .as_ref()
            .map(|home| home.join("plat").join("config.yaml"))
            .filter(|p| p.is_file())
    }
}

pub fn load(search: &Search) -> Result<Loaded> {
    let Some(path) = search.find() else {
        return Ok(Loaded {
            path: None,
            dir: search.start_dir.clone(),
            config: Config::default(),
        });
    };
    let text = std::fs::read_to_string(&path).map_err(|source| Error::ConfigRead {
        path: path.clone(),
        source,
    })?;
    let config = parse(&text, &path)?;
    let dir = path
        .parent()
        .map_or_else(|| search.start_dir.clone(), Path::to_path_buf);
    Ok(Loaded {
        path: Some(path),
        dir,
        config,
    })
}

pub fn parse(text: &str, path: &Path) -> Result<Config> {
    let only_comments = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
    if only_comments {
        return Ok(Config::default());
    }
    serde_norway::from_str(text).map_err(|error| {
        let (line, column, message) = yaml_error(&error);
        Error::ConfigSyntax {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    })
}

/// A serde_norway error as (line, column, message): serde_norway appends
/// the position to the message; plat puts it in front, as `file:line:column`.
pub fn yaml_error(error: &serde_norway::Error) -> (usize, usize, String) {
    let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    (line, column, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_cache_max_age_is_seconds_or_a_duration() {
        let parsed = |text: &str| parse(text, Path::new("plat.yaml")).unwrap().catalog.cache;
        assert_eq!(
            parsed("catalog:\n  cache:\n    maxAge: 0\n").max_age,
            Some(MaxAge(std::time::Duration::ZERO))
        );
        assert_eq!(
            parsed("catalog:\n  cache:\n    maxAge: 5m\n").max_age,
            Some(MaxAge(std::time::Duration::from_secs(300)))
        );
        assert_eq!(
            parsed("catalog:\n  cache:\n    maxAge: 90\n").max_age,
            Some(MaxAge(std::time::Duration::from_secs(90)))
        );
        assert!(
            parse(
                "catalog:\n  cache:\n    maxAge: soon\n",
                Path::new("plat.yaml")
            )
            .is_err()
        );
        assert_eq!(parsed("catalog: {}\n").max_age, None);
        assert!(parse("catalog:\n  cache:\n    ttl: 5m\n", Path::new("plat.yaml")).is_err());
    }

    #[test]
    fn parses_locations() {
        let c = parse(
            "catalog:\n  locations:\n    - ./a\n    - target: https://x.example/c.yaml\n      presence: optional\n    - backstage: https://backstage.example.com\n",
            Path::new("plat.yaml"),
        )
        .unwrap();
        assert_eq!(
            c.catalog.locations,
            [
                LocationEntry::Target {
                    target: "./a".into(),
                    optional: false
                },
                LocationEntry::Target {
                    target: "https://x.example/c.yaml".into(),
                    optional: true
                },
                LocationEntry::Backstage("https://backstage.example.com".into()),
            ]
        );
    }

    #[test]
    fn location_mappings_name_unknown_keys() {
        let e = parse(
            "catalog:\n  locations:\n    - targte: x\n",
            Path::new("plat.yaml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown field `targte`"), "{e}");
        let e = parse(
            "catalog:\n  locations:\n    - target: x\n      presence: maybe\n",
            Path::new("plat.yaml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("maybe"), "{e}");
    }

    #[test]
    fn integrations_and_secrets() {
        let c = parse(
            "integrations:\n  github:\n    token: env:PLAT_TEST_NO_SUCH_VAR\n    apiBaseUrl: https://ghe.example.com/api/v3\n  backstage:\n    baseUrl: https://b.example.com\n    token: literal\nhttp:\n  concurrency: 4\n  timeout: 5s\n",
            Path::new("plat.yaml"),
        )
        .unwrap();
        let github = c.integrations.github.unwrap();
        assert_eq!(github.token.as_ref().unwrap().resolve(), None);
        assert_eq!(
            format!("{:?}", github.token.unwrap()),
            "Secret(env:PLAT_TEST_NO_SUCH_VAR)"
        );
        let backstage = c.integrations.backstage.unwrap();
        assert_eq!(format!("{:?}", backstage.token), "Some(Secret(<redacted>))");
        assert_eq!(c.http.concurrency, Some(4));
        assert_eq!(
            c.http.timeout,
            Some(ConfigDuration(std::time::Duration::from_secs(5)))
        );
    }

    #[test]
    fn durations_are_checked_where_they_are_written() {
        let e = parse("environments:\n  ttl: 99999999d\n", Path::new("plat.yaml")).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("plat.yaml:2:"), "{text}");
        assert!(
            text.contains(
                "`99999999d` is out of range: a duration must be more than 0 and at most 36500d"
            ),
            "{text}"
        );
        let e = parse("http:\n  timeout: soon\n", Path::new("plat.yaml")).unwrap_err();
        assert!(e.to_string().contains("`soon` is not a duration"), "{e}");
    }

    #[test]
    fn kubernetes_clusters_are_contexts_or_mappings() {
        let c = parse(
            "kubernetes:\n  clusters:\n    - prod-eu\n    - name: staging\n      context: gke_acme_staging\n      kubeconfig: ~/.kube/staging\n      namespace: payments\n",
            Path::new("plat.yaml"),
        )
        .unwrap();
        assert_eq!(
            c.kubernetes.clusters,
            [
                KubernetesCluster {
                    context: Some("prod-eu".into()),
                    ..KubernetesCluster::default()
                },
                KubernetesCluster {
                    name: Some("staging".into()),
                    context: Some("gke_acme_staging".into()),
                    kubeconfig: Some("~/.kube/staging".into()),
                    namespace: Some("payments".into()),
                },
            ]
        );
        let e = parse(
            "kubernetes:\n  clusters:\n    - contxt: prod\n",
            Path::new("plat.yaml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown field `contxt`"), "{e}");
        let e = parse(
            "kubernetes:\n  clusters:\n    - name: prod\n",
            Path::new("plat.yaml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("names a `context`"), "{e}");
    }

    #[test]
    fn empty_config_is_default() {
        assert_eq!(
            parse("# nothing\n", Path::new("p")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn unknown_keys_name_the_key_and_position() {
        let e = parse("catalog:\n  locatons: []\n", Path::new("plat.yaml")).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("plat.yaml:2:3"), "{text}");
        assert!(text.contains("unknown field `locatons`"), "{text}");
        let e = parse("catalogue: {}\n", Path::new("plat.yaml")).unwrap_err();
        assert!(e.to_string().contains("unknown field `catalogue`"), "{e}");
    }

    #[test]
    fn wrong_types_are_errors() {
        let e = parse("catalog:\n  locations: ./a\n", Path::new("plat.yaml")).unwrap_err();
        assert!(e.to_string().contains("plat.yaml:2:"), "{e}");
    }

    #[test]
    fn search_walks_up_then_env_then_xdg() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("repo/sub/deeper")).unwrap();
        std::fs::write(root.join("repo/.plat.yaml"), "").unwrap();
        std::fs::create_dir_all(root.join("xdg/plat")).unwrap();
        std::fs::write(root.join("xdg/plat/config.yaml"), "").unwrap();
        let mut search = Search {
            start_dir: root.join("repo/sub/deeper"),
            explicit: None,
            env_config: None,
            config_home: Some(root.join("xdg")),
        };
        assert_eq!(search.find(), Some(root.join("repo/.plat.yaml")));
        search.start_dir = root.join("xdg");
        assert_eq!(search.find(), Some(root.join("xdg/plat/config.yaml")));
        search.env_config = Some(root.join("env.yaml"));
        assert_eq!(search.find(), Some(root.join("env.yaml")));
        search.explicit = Some(PathBuf::from("given.yaml"));
        assert_eq!(search.find(), Some(root.join("xdg/given.yaml")));
    }
}
