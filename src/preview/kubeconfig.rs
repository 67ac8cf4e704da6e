//! Which cluster plat talks to, found as kubectl finds it: `--kubeconfig`,
//! else the files in `KUBECONFIG` (merged; missing ones skipped), else
//! `~/.kube/config`, else the pod's service account (in-cluster); the
//! context from `--context`, else the file's current-context. Every way
//! this can fail is said in plat's words, with the file and what to do.

use std::path::{Path, PathBuf};

use kube::Config;
use kube::config::{InClusterError, KubeConfigOptions, Kubeconfig, KubeconfigError, LoadDataError};
use serde_json::Value as Json;

use super::{ClusterOptions, PreviewError};

/// A configuration found.
pub struct Loaded {
    pub config: Config,
    /// The context's name, for messages.
    pub context: String,
    /// The kubeconfig files read (none in-cluster).
    pub files: Vec<PathBuf>,
}

pub async fn load(options: &ClusterOptions) -> Result<Loaded, PreviewError> {
    let files = match &options.kubeconfig {
        Some(path) => vec![path.clone()],
        None => match search()? {
            Some(files) => files,
            None => return in_cluster(options),
        },
    };
    let mut merged = Kubeconfig::default();
    for path in &files {
        let file = read(path)?;
        merged = merged
            .merge(file)
            .map_err(|e| invalid(&files, "", describe(&e)))?;
    }
    let context = choose_context(&merged, options.context.as_deref(), &files)?;
    let wanted = KubeConfigOptions {
        context: Some(context.clone()),
        ..KubeConfigOptions::default()
    };
    let config = Config::from_custom_kubeconfig(merged, &wanted)
        .await
        .map_err(|e| invalid(&files, &context, describe(&e)))?;
    Ok(Loaded {
        config,
        context,
        files,
    })
}

/// A problem with the configuration that only shows when the client is
/// built from it (a client certificate file that is missing, a key that
/// is not a key, ...).
pub fn client_error(files: &[PathBuf], context: &str, error: kube::Error) -> PreviewError {
    let message = match &error {
        kube::Error::InferKubeconfig(e) => describe(e),
        other => other.to_string(),
    };
    invalid(files, context, message)
}

fn invalid(files: &[PathBuf], context: &str, message: String) -> PreviewError {
    PreviewError::KubeconfigInvalid {
        files: paths(files),
        context: context.to_string(),
        message,
    }
}

/// The kubeconfig files kubectl would read, or `None` when there are none
/// (then in-cluster is tried). The error lists everything looked at.
fn search() -> Result<Option<Vec<PathBuf>>, PreviewError> {
    let listed: Vec<PathBuf> = std::env::var_os("KUBECONFIG")
        .map(|value| {
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    if !listed.is_empty() {
        // kubectl skips files in KUBECONFIG that do not exist.
        let existing: Vec<PathBuf> = listed.iter().filter(|p| exists(p)).cloned().collect();
        if !existing.is_empty() {
            return Ok(Some(existing));
        }
        let what = if listed.len() == 1 {
            "does not exist"
        } else {
            "none of these files exists"
        };
        return Err(nothing_found(vec![
            format!("KUBECONFIG={}: {what}", value_of(&listed)),
            "~/.kube/config: not read, because KUBECONFIG is set".into(),
        ]));
    }
    let home = std::env::home_dir().map(|h| h.join(".kube").join("config"));
    match home {
        Some(path) if exists(&path) => Ok(Some(vec![path])),
        home => {
            let home = match home {
                Some(path) => format!("{} does not exist", path.display()),
                None => "no home directory (HOME is not set)".into(),
            };
            // No file: in a pod, its service account is next.
            if in_pod() {
                return Ok(None);
            }
            Err(nothing_found(vec![
                "KUBECONFIG: not set".into(),
                format!("~/.kube/config: {home}"),
            ]))
        }
    }
}

fn exists(path: &Path) -> bool {
    // A file that exists but cannot be read is reported by `read`, not skipped.
    std::fs::symlink_metadata(path).is_ok()
}

/// The paths as KUBECONFIG lists them.
fn value_of(files: &[PathBuf]) -> String {
    std::env::join_paths(files)
        .map(|v| v.to_string_lossy().into_owned())
        .unwrap_or_else(|_| paths(files))
}

const SERVICE_HOST: &str = "KUBERNETES_SERVICE_HOST";
const SERVICE_PORT: &str = "KUBERNETES_SERVICE_PORT";
const SERVICE_ACCOUNT: &str = "/var/run/secrets/kubernetes.io/serviceaccount/";

/// In a pod, Kubernetes sets these (client-go requires both).
fn in_pod() -> bool {
    std::env::var_os(SERVICE_HOST).is_some() && std::env::var_os(SERVICE_PORT).is_some()
}

fn nothing_found(mut tried: Vec<String>) -> PreviewError {
    tried.push(format!(
        "in-cluster: {SERVICE_HOST} and {SERVICE_PORT} are not set (plat is not running in a pod)"
    ));
    PreviewError::NoCluster { tried }
}

fn in_cluster(options: &ClusterOptions) -> Result<Loaded, PreviewError> {
    let config = Config::incluster().map_err(|e| PreviewError::InCluster {
        message: describe_in_cluster(&e),
    })?;
    let context = options
        .context
        .clone()
        .unwrap_or_else(|| "in-cluster".into());
    Ok(Loaded {
        config,
        context,
        files: Vec::new(),
    })
}

/// One kubeconfig file. kube reads it (and resolves its relative paths);
/// plat checks it first for a message with the line and column.
fn read(path: &Path) -> Result<Kubeconfig, PreviewError> {
    let unreadable = |source| PreviewError::KubeconfigUnreadable {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(unreadable)?;
    // kube also reads UTF-16 files; those are left to its own check.
    if let Ok(text) = std::str::from_utf8(&bytes) {
        check_yaml(path, text)?;
    }
    Kubeconfig::read_from(path).map_err(|e| match e {
        KubeconfigError::ReadConfig(source, _) => unreadable(source),
        other => PreviewError::KubeconfigSyntax {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: describe(&other),
        },
    })
}

/// Each document must be YAML and shaped as a kubeconfig.
fn check_yaml(path: &Path, text: &str) -> Result<(), PreviewError> {
    for document in crate::catalog::yaml::split_documents(text) {
        let Err(error) = serde_norway::from_str::<Kubeconfig>(document.text) else {
            continue;
        };
        // An empty document is an empty kubeconfig, as kube reads it.
        if serde_norway::from_str::<Json>(document.text).is_ok_and(|v| v.is_null()) {
            continue;
        }
        let (line, column, message) = crate::config::yaml_error(&error);
        return Err(PreviewError::KubeconfigSyntax {
            path: path.to_path_buf(),
            line: document.first_line + line,
            column,
            message,
        });
    }
    Ok(())
}

/// `--context`, else the current-context; it must exist and name a
/// cluster that has a server.
fn choose_context(
    config: &Kubeconfig,
    wanted: Option<&str>,
    files: &[PathBuf],
) -> Result<String, PreviewError> {
    let known: Vec<String> = config.contexts.iter().map(|c| c.name.clone()).collect();
    let Some(name) = wanted
        .map(str::to_string)
        .or_else(|| config.current_context.clone().filter(|c| !c.is_empty()))
    else {
        return Err(PreviewError::NoContext {
            files: paths(files),
            known,
        });
    };
    let Some(found) = config.contexts.iter().find(|c| c.name == name) else {
        return Err(PreviewError::UnknownContext {
            context: name,
            files: paths(files),
            known,
        });
    };
    let cluster_name = found
        .context
        .as_ref()
        .map(|c| c.cluster.clone())
        .filter(|c| !c.is_empty());
    let cluster = cluster_name.as_ref().and_then(|wanted| {
        config
            .clusters
            .iter()
            .find(|c| &c.name == wanted)
            .and_then(|c| c.cluster.as_ref())
    });
    let Some(cluster) = cluster else {
        return Err(PreviewError::ContextWithoutCluster {
            context: name,
            cluster: cluster_name,
            files: paths(files),
        });
    };
    if cluster.server.as_deref().is_none_or(str::is_empty) {
        return Err(invalid(
            files,
            &name,
            format!(
                "cluster `{}` has no server",
                cluster_name.unwrap_or_default()
            ),
        ));
    }
    Ok(name)
}

fn describe_in_cluster(error: &InClusterError) -> String {
    match error {
        InClusterError::ReadEnvironmentVariable(e) => {
            format!("{SERVICE_HOST}, {SERVICE_PORT}: {e}")
        }
        InClusterError::ParseClusterPort(e) => format!("{SERVICE_PORT} is not a port: {e}"),
        InClusterError::ParseClusterUrl(e) => format!("{SERVICE_HOST} does not make a URL: {e}"),
        InClusterError::ReadDefaultNamespace(e) => {
            format!("cannot read {SERVICE_ACCOUNT}namespace: {e}")
        }
        InClusterError::ReadCertificateBundle(e) => {
            format!("cannot read {SERVICE_ACCOUNT}ca.crt: {e}")
        }
        InClusterError::ParseCertificates(e) => format!("{SERVICE_ACCOUNT}ca.crt is not PEM: {e}"),
    }
}

fn paths(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// kube's errors, said without its quoting of paths (`'"/x"'`).
fn describe(error: &KubeconfigError) -> String {
    let data = |what: &str, error: &LoadDataError| match error {
        LoadDataError::DecodeBase64(e) => format!("{what}-data is not base64: {e}"),
        LoadDataError::ReadFile(e, path) => {
            format!("cannot read {what} {}: {e}", path.display())
        }
        LoadDataError::NoBase64DataOrFile => format!("{what} has neither data nor a file"),
    };
    match error {
        KubeconfigError::ReadConfig(e, path) => format!("cannot read {}: {e}", path.display()),
        KubeconfigError::Parse(e) => {
            let text = e.to_string();
            format!(
                "not valid YAML: {}",
                text.lines().next().unwrap_or_default()
            )
        }
        KubeconfigError::KindMismatch => "the files disagree on `kind`".into(),
        KubeconfigError::ApiVersionMismatch => "the files disagree on `apiVersion`".into(),
        KubeconfigError::CurrentContextNotSet => "no current-context is set".into(),
        KubeconfigError::LoadContext(name) => format!("there is no context `{name}`"),
        KubeconfigError::LoadClusterOfContext(name) => format!("there is no cluster `{name}`"),
        KubeconfigError::FindPath => "no home directory to find ~/.kube/config in".into(),
        KubeconfigError::MissingClusterUrl => "the cluster has no server".into(),
        KubeconfigError::ParseClusterUrl(e) => format!("the cluster's server is not a URL: {e}"),
        KubeconfigError::ParseProxyUrl(e) => format!("proxy-url is not a URL: {e}"),
        KubeconfigError::LoadCertificateAuthority(e) => data("certificate-authority", e),
        KubeconfigError::LoadClientCertificate(e) => data("client-certificate", e),
        KubeconfigError::LoadClientKey(e) => data("client-key", e),
        KubeconfigError::ParseCertificates(e) => {
            format!("the certificate authority is not PEM: {e}")
        }
    }
}
