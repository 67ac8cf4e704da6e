//! What can go wrong with a preview environment, each with what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error("{key}: {message}")]
    Config { key: String, message: String },
    #[error("no Kubernetes cluster is configured; plat looked at:\n  {}", tried.join("\n  "))]
    NoCluster { tried: Vec<String> },
    #[error("cannot read the kubeconfig {}: {source}", path.display())]
    KubeconfigUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: not a valid kubeconfig: {message}", path.display())]
    KubeconfigSyntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the kubeconfig {files} sets no current-context")]
    NoContext { files: String, known: Vec<String> },
    #[error("there is no context `{context}` in the kubeconfig {files}")]
    UnknownContext {
        context: String,
        files: String,
        known: Vec<String>,
    },
    #[error("context `{context}` in the kubeconfig {files} {}", match cluster {
        Some(cluster) => format!("names cluster `{cluster}`, which is not defined there"),
        None => "names no cluster".into(),
    })]
    ContextWithoutCluster {
        context: String,
        cluster: Option<String>,
        files: String,
    },
    #[error("the kubeconfig {files}{}: {message}", if context.is_empty() { String::new() } else { format!(", context `{context}`") })]
    KubeconfigInvalid {
        files: String,
        context: String,
        message: String,
    },
    #[error("cannot use the in-cluster configuration: {message}")]
    InCluster { message: String },
    #[error("cannot reach the cluster of context `{context}` ({server}): {message}")]
    Unreachable {
        context: String,
        server: String,
        message: String,
    },
    #[error("the cluster of context `{context}` rejected the credentials (401 Unauthorized)")]
    Unauthorized { context: String },
    #[error("context `{context}`: not allowed to {verb} {resource}{}: {message}", namespace.as_ref().map(|n| format!(" in namespace {n}")).unwrap_or_default())]
    Forbidden {
        context: String,
        verb: String,
        resource: String,
        namespace: Option<String>,
        message: String,
    },
    #[error(
        "namespace {namespace} is not managed by plat (it lacks the label app.kubernetes.io/managed-by=plat); plat leaves it alone"
    )]
    NotManaged { namespace: String },
    #[error("there is no preview environment {namespace}")]
    NotFound { namespace: String },
    #[error("no manifests: {}", tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    NoManifests { tried: Vec<PathBuf> },
    #[error("{}:{line}:{column}: {message}", file.display())]
    Manifest {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: the cluster does not serve {kind} ({api_version})", file.display())]
    UnknownKind {
        file: PathBuf,
        api_version: String,
        kind: String,
    },
    #[error("{object}: {message}")]
    Conflict { object: String, message: String },
    #[error("{object}: {message}")]
    Rollout { object: String, message: String },
    #[error("timed out after {timeout} waiting for: {}", waiting.join("; "))]
    Timeout {
        timeout: String,
        waiting: Vec<String>,
    },
    #[error("{what}: {message}")]
    Api { what: String, message: String },
    #[error("which service? {message}")]
    NoService { message: String },
}

impl PreviewError {
    /// Usage and configuration problems (exit 2) rather than failures (exit 1).
    pub fn is_usage(&self) -> bool {
        !matches!(
            self,
            PreviewError::NotFound { .. }
                | PreviewError::Conflict { .. }
                | PreviewError::Rollout { .. }
                | PreviewError::Timeout { .. }
                | PreviewError::Api { .. }
        )
    }

    pub fn hint(&self) -> Option<String> {
        Some(match self {
            PreviewError::Config { .. } => "fix it in plat.yaml's `environments:` (the README's Configuration section shows every key)".into(),
            PreviewError::NoCluster { .. } => "point plat at a cluster: pass --kubeconfig FILE, set KUBECONFIG=FILE, or write ~/.kube/config (kind, k3d, minikube and the clouds' CLIs do); --context NAME picks a context in it".into(),
            PreviewError::KubeconfigUnreadable { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                "check the path given to --kubeconfig".into()
            }
            PreviewError::KubeconfigUnreadable { .. } => "check that it is a file you can read, or point --kubeconfig or KUBECONFIG at another one".into(),
            PreviewError::KubeconfigSyntax { .. } => "fix the kubeconfig at that position (`kubectl config view` shows how kubectl reads it)".into(),
            PreviewError::NoContext { known, .. } if known.is_empty() => {
                "it defines no contexts: add one with `kubectl config set-context NAME --cluster CLUSTER`".into()
            }
            PreviewError::NoContext { known, .. } => format!(
                "pass --context NAME (it has: {}), or set one with `kubectl config use-context NAME`",
                known.join(", ")
            ),
            PreviewError::UnknownContext { known, .. } if known.is_empty() => {
                "it defines no contexts: add one with `kubectl config set-context NAME --cluster CLUSTER`".into()
            }
            PreviewError::UnknownContext { known, .. } => {
                format!("its contexts are: {}; pass one with --context", known.join(", "))
            }
            PreviewError::ContextWithoutCluster { .. } => {
                "add the cluster (`kubectl config set-cluster NAME --server URL`) and name it in the context, or pass another --context".into()
            }
            PreviewError::KubeconfigInvalid { .. } => {
                "fix the kubeconfig; `kubectl get namespaces` with the same file and context shows whether kubectl can use it".into()
            }
            PreviewError::InCluster { .. } => {
                "check the pod's service account (mounted at /var/run/secrets/kubernetes.io/serviceaccount/), or pass --kubeconfig FILE".into()
            }
            PreviewError::Unreachable { context, .. } => format!("check that the cluster is up and that `kubectl --context {context} get namespaces` works"),
            PreviewError::Unauthorized { context } => format!("refresh the credentials of context `{context}` (kubectl --context {context} get namespaces)"),
            PreviewError::Forbidden { verb, resource, .. } => format!("ask for RBAC permission to {verb} {resource}, or use a context that has it"),
            PreviewError::NotManaged { .. } => {
                "choose another namespace pattern (environments.namespace), or delete it yourself if it is yours".into()
            }
            PreviewError::NotFound { .. } => "`plat env ls` lists the preview environments".into(),
            PreviewError::NoManifests { .. } => "put the service's manifests in deploy/ or k8s/ next to its catalog-info.yaml, or set environments.manifests".into(),
            PreviewError::Manifest { .. } => "fix the manifest at that position".into(),
            PreviewError::UnknownKind { .. } => "check apiVersion and kind (`kubectl api-resources` lists what the cluster serves)".into(),
            PreviewError::Conflict { .. } => "another field manager owns these fields; --force-conflicts takes them over".into(),
            PreviewError::Rollout { .. } => "look at the pods: kubectl -n NAMESPACE describe pods".into(),
            PreviewError::Timeout { .. } => "raise --timeout, or look at the pods: kubectl -n NAMESPACE get pods".into(),
            PreviewError::Api { .. } => return None,
            PreviewError::NoService { .. } => "pass --service NAME".into(),
        })
    }
}
