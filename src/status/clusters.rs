//! Which clusters `plat status` reads: the one `--context` names, else
//! every cluster in plat.yaml's `kubernetes.clusters`, else the
//! kubeconfig's current context (as kubectl would).

use std::path::{Path, PathBuf};

use crate::config::KubernetesConfig;

use super::StatusError;

/// A cluster to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterChoice {
    /// Shown in output; `None`: the context's name, once connected.
    pub name: Option<String>,
    /// `None`: the kubeconfig's current context.
    pub context: Option<String>,
    /// `None`: `$KUBECONFIG`, else `~/.kube/config`, else in-cluster.
    pub kubeconfig: Option<PathBuf>,
    /// Read when the entity names no namespace; `None`: every namespace.
    pub namespace: Option<String>,
}

/// Where plat.yaml is (its paths are relative to it) and the home
/// directory (for `~/`).
pub struct Places<'a> {
    pub config_dir: &'a Path,
    pub home: Option<&'a Path>,
}

impl Places<'_> {
    fn path(&self, written: &str) -> PathBuf {
        match (written.strip_prefix("~/"), self.home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => self.config_dir.join(written),
        }
    }
}

/// The clusters to read. `context` and `kubeconfig` are the flags: a
/// `--context` that names a configured cluster (by name or context) reads
/// it with its settings; any other is a context of the kubeconfig.
pub fn choose(
    config: &KubernetesConfig,
    places: &Places<'_>,
    context: Option<&str>,
    kubeconfig: Option<&Path>,
) -> Result<Vec<ClusterChoice>, StatusError> {
    let mut configured = Vec::new();
    for (index, cluster) in config.clusters.iter().enumerate() {
        let choice = ClusterChoice {
            name: cluster.name.clone().or_else(|| cluster.context.clone()),
            context: cluster.context.clone(),
            kubeconfig: cluster.kubeconfig.as_deref().map(|k| places.path(k)),
            namespace: cluster.namespace.clone(),
        };
        if let Some(name) = &choice.name
            && configured
                .iter()
                .any(|c: &ClusterChoice| c.name.as_ref() == Some(name))
        {
            return Err(StatusError::Config {
                key: format!("kubernetes.clusters[{index}]"),
                message: format!(
                    "the name `{name}` is used twice; give each cluster its own `name`"
                ),
            });
        }
        configured.push(choice);
    }
    let flag_kubeconfig = |choice: ClusterChoice| ClusterChoice {
        kubeconfig: kubeconfig.map(Path::to_path_buf).or(choice.kubeconfig),
        ..choice
    };
    if let Some(wanted) = context {
        let found = configured
            .into_iter()
            .find(|c| c.name.as_deref() == Some(wanted) || c.context.as_deref() == Some(wanted));
        return Ok(vec![flag_kubeconfig(found.unwrap_or(ClusterChoice {
            name: Some(wanted.to_string()),
            context: Some(wanted.to_string()),
            ..ClusterChoice::default()
        }))]);
    }
    if configured.is_empty() {
        return Ok(vec![flag_kubeconfig(ClusterChoice::default())]);
    }
    Ok(configured.into_iter().map(flag_kubeconfig).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::KubernetesCluster;

    fn config() -> KubernetesConfig {
        KubernetesConfig {
            clusters: vec![
                KubernetesCluster {
                    context: Some("prod-eu".into()),
                    ..KubernetesCluster::default()
                },
                KubernetesCluster {
                    name: Some("staging".into()),
                    context: Some("gke_staging".into()),
                    kubeconfig: Some("~/.kube/staging".into()),
                    namespace: Some("payments".into()),
                },
                KubernetesCluster {
                    name: Some("lab".into()),
                    kubeconfig: Some("kube/lab.yaml".into()),
                    ..KubernetesCluster::default()
                },
            ],
        }
    }

    fn places() -> Places<'static> {
        Places {
            config_dir: Path::new("/repo"),
            home: Some(Path::new("/home/dev")),
        }
    }

    #[test]
    fn every_configured_cluster_with_paths_resolved() {
        let chosen = choose(&config(), &places(), None, None).unwrap();
        assert_eq!(chosen.len(), 3);
        assert_eq!(chosen[0].name.as_deref(), Some("prod-eu"));
        assert_eq!(
            chosen[1].kubeconfig.as_deref(),
            Some(Path::new("/home/dev/.kube/staging"))
        );
        assert_eq!(chosen[1].namespace.as_deref(), Some("payments"));
        assert_eq!(
            chosen[2].kubeconfig.as_deref(),
            Some(Path::new("/repo/kube/lab.yaml"))
        );
        assert_eq!(chosen[2].context, None);
    }

    #[test]
    fn context_picks_a_configured_cluster_or_names_a_kubeconfig_context() {
        let chosen = choose(&config(), &places(), Some("gke_staging"), None).unwrap();
        assert_eq!(chosen[0].name.as_deref(), Some("staging"));
        let chosen = choose(
            &config(),
            &places(),
            Some("minikube"),
            Some(Path::new("/k")),
        )
        .unwrap();
        assert_eq!(
            chosen,
            [ClusterChoice {
                name: Some("minikube".into()),
                context: Some("minikube".into()),
                kubeconfig: Some(PathBuf::from("/k")),
                namespace: None,
            }]
        );
    }

    #[test]
    fn without_configuration_the_current_context() {
        let chosen = choose(&KubernetesConfig::default(), &places(), None, None).unwrap();
        assert_eq!(chosen, [ClusterChoice::default()]);
    }

    #[test]
    fn names_are_unique() {
        let mut config = config();
        config.clusters[2].name = Some("staging".into());
        let error = choose(&config, &places(), None, None).unwrap_err();
        assert!(
            error.to_string().contains("kubernetes.clusters[2]"),
            "{error}"
        );
    }
}
