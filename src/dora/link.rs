//! Which deployment caused an incident: the one its record names
//! (caused-by), else the latest successful deployment before it opened
//! (Apache DevLake's rule).

use super::model::{Deployment, Incident, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRule {
    /// The incident names the version or commit.
    CausedBy,
    /// The latest successful deployment before the incident opened.
    LatestBefore,
    /// The incident names a version or commit no deployment has; the
    /// latest deployment before it is used instead.
    CausedByUnknown,
}

impl LinkRule {
    pub fn describe(self) -> &'static str {
        match self {
            LinkRule::CausedBy => "caused-by",
            LinkRule::LatestBefore => "latest successful deployment before it opened",
            LinkRule::CausedByUnknown => {
                "caused-by names no deployment; latest successful deployment before it opened"
            }
        }
    }
}

/// An incident and the deployment (index) it is put down to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub incident: usize,
    /// None when no deployment came before it.
    pub deployment: Option<usize>,
    pub rule: LinkRule,
}

/// Whether a deployment is the version or commit `name`.
fn is(deployment: &Deployment, name: &str) -> bool {
    let name = name.trim();
    if deployment.version.as_deref() == Some(name) {
        return true;
    }
    // An abbreviated sha names a commit as git abbreviates it (7+ hex digits).
    let hex = name.len() >= 7 && name.chars().all(|c| c.is_ascii_hexdigit());
    hex && deployment.sha.as_deref().is_some_and(|sha| {
        sha.to_ascii_lowercase()
            .starts_with(&name.to_ascii_lowercase())
    })
}

/// Links every incident; `deployments` sorted by time.
pub fn link_incidents(deployments: &[Deployment], incidents: &[Incident]) -> Vec<Link> {
    incidents
        .iter()
        .enumerate()
        .map(|(index, incident)| {
            let latest_before = || {
                deployments
                    .iter()
                    .rposition(|d| d.status == Status::Success && d.time <= incident.opened)
            };
            match &incident.caused_by {
                // A version deployed more than once: the latest deployment of it
                // before the incident opened.
                Some(name) => match deployments
                    .iter()
                    .rposition(|d| is(d, name) && d.time <= incident.opened)
                    .or_else(|| deployments.iter().position(|d| is(d, name)))
                {
                    Some(found) => Link {
                        incident: index,
                        deployment: Some(found),
                        rule: LinkRule::CausedBy,
                    },
                    None => Link {
                        incident: index,
                        deployment: latest_before(),
                        rule: LinkRule::CausedByUnknown,
                    },
                },
                None => Link {
                    incident: index,
                    deployment: latest_before(),
                    rule: LinkRule::LatestBefore,
                },
            }
        })
        .collect()
}
