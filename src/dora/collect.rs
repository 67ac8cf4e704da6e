//! Gathers one service's deployments and incidents from the sources its
//! settings name, and the changes each deployment brought.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use jiff::Timestamp;

use super::error::DoraError;
use super::git::GitHistory;
use super::github::GitHubSource;
use super::model::{Deployment, ServiceData};
use super::pagerduty::PagerDutySource;
use super::records::{DeploymentRecord, IncidentRecord, read_deployments, read_incidents};
use super::window::Window;
use crate::config::DoraServiceConfig;
use crate::http::Client;
use crate::integrations::Integrations;

pub const ANNOTATION_GITHUB: &str = "github.com/project-slug";
pub const ANNOTATION_PAGERDUTY: &str = "pagerduty.com/service-id";

/// A service as the catalog describes it.
#[derive(Debug, Clone)]
pub struct Service {
    /// The entity's name.
    pub name: String,
    /// The entity's key (`component:default/name`).
    pub key: String,
    pub github_slug: Option<String>,
    pub pagerduty_id: Option<String>,
    /// The directory of its catalog file, when local.
    pub dir: Option<PathBuf>,
}

/// Records files, each read once however many services use it.
#[derive(Default)]
pub struct RecordFiles {
    deployments: RefCell<HashMap<PathBuf, Rc<Vec<DeploymentRecord>>>>,
    incidents: RefCell<HashMap<PathBuf, Rc<Vec<IncidentRecord>>>>,
}

impl RecordFiles {
    fn deployments(&self, file: &Path) -> Result<Rc<Vec<DeploymentRecord>>, DoraError> {
        if let Some(found) = self.deployments.borrow().get(file) {
            return Ok(found.clone());
        }
        let read = Rc::new(read_deployments(file)?);
        self.deployments
            .borrow_mut()
            .insert(file.to_path_buf(), read.clone());
        Ok(read)
    }

    fn incidents(&self, file: &Path) -> Result<Rc<Vec<IncidentRecord>>, DoraError> {
        if let Some(found) = self.incidents.borrow().get(file) {
            return Ok(found.clone());
        }
        let read = Rc::new(read_incidents(file)?);
        self.incidents
            .borrow_mut()
            .insert(file.to_path_buf(), read.clone());
        Ok(read)
    }
}

/// Where and what to collect.
pub struct Collect<'a> {
    pub environment: &'a str,
    pub window: Window,
    /// plat.yaml's directory: files and repositories are relative to it.
    pub config_dir: &'a Path,
    pub start_dir: &'a Path,
    /// `--repo`.
    pub repo: Option<&'a Path>,
    pub integrations: &'a Integrations,
    pub client: &'a Client,
    pub files: &'a RecordFiles,
}

impl Collect<'_> {
    /// The clone to read: `--repo`, the service's `repo:`, else the
    /// repository holding its catalog file, else the current one.
    fn history(
        &self,
        service: &Service,
        settings: &DoraServiceConfig,
    ) -> Result<Option<GitHistory>, DoraError> {
        if let Some(repo) = self.repo {
            return GitHistory::open(&self.start_dir.join(repo)).map(Some);
        }
        if let Some(repo) = &settings.repo {
            return GitHistory::open(&self.config_dir.join(repo)).map(Some);
        }
        Ok(service
            .dir
            .as_deref()
            .and_then(GitHistory::discover)
            .or_else(|| GitHistory::discover(self.start_dir)))
    }

    fn github(&self, service: &Service, key: &str) -> Result<GitHubSource<'_>, DoraError> {
        let slug = service
            .github_slug
            .clone()
            .ok_or_else(|| DoraError::Config {
                key: key.into(),
                message: format!(
                    "`github` needs the {ANNOTATION_GITHUB} annotation on {}",
                    service.name
                ),
            })?;
        let integration = self
            .integrations
            .github
            .as_ref()
            .expect("GitHub is always configured");
        Ok(GitHubSource {
            client: self.client,
            integration,
            slug,
            service: service.name.clone(),
        })
    }

    fn matches(service: &Service, named: &str) -> bool {
        named.eq_ignore_ascii_case(&service.name) || named.eq_ignore_ascii_case(&service.key)
    }

    /// Everything known about `service` up to the end of the window.
    pub fn service(
        &self,
        service: &Service,
        settings: &DoraServiceConfig,
    ) -> Result<ServiceData, DoraError> {
        let (mut data, _) = self.deployments(service, settings)?;
        self.incidents(service, settings, &mut data)?;
        data.sort();
        Ok(data)
    }

    /// The deployments of `service` up to the end of the window, with the
    /// changes of those from the previous window's start on (no incidents),
    /// and the clone they were read from.
    pub(super) fn deployments(
        &self,
        service: &Service,
        settings: &DoraServiceConfig,
    ) -> Result<(ServiceData, Option<GitHistory>), DoraError> {
        let mut data = ServiceData {
            name: service.name.clone(),
            ..ServiceData::default()
        };
        let history = self.history(service, settings)?;
        let since = self.window.previous().from;
        self.read_deployments(service, settings, history.as_ref(), since, &mut data)?;
        data.sort();
        match &history {
            Some(history) => {
                for origin in
                    history.assign_changes(&mut data.deployments, since, self.window.to)?
                {
                    data.notes.push(format!(
                        "{origin}: its version is not in {}; no lead time",
                        history.path().display()
                    ));
                }
            }
            None => data.notes.push("no git repository: no lead times".into()),
        }
        let token = self
            .integrations
            .github
            .as_ref()
            .is_some_and(|g| g.token.is_some());
        let pull_requests =
            settings.pull_requests.unwrap_or(token) && service.github_slug.is_some();
        if pull_requests && history.is_some() {
            self.squash_merges(service, &mut data)?;
        }
        Ok((data, history))
    }

    /// The latest deployment of `service` at or before the window's end
    /// (successful or failed), without its changes: as little as its source
    /// allows is read (the tags, the records file, GitHub's newest
    /// deployments down to the first successful one). For an at-a-glance
    /// line, with a `client` whose timeout is short.
    pub fn last_deployment(
        &self,
        service: &Service,
        settings: &DoraServiceConfig,
    ) -> Result<Option<Deployment>, DoraError> {
        let mut data = ServiceData::default();
        let history = match settings.deployments.as_deref().unwrap_or("tags") {
            "tags" => self.history(service, settings)?,
            _ => None,
        };
        self.read_deployments(
            service,
            settings,
            history.as_ref(),
            self.window.to,
            &mut data,
        )?;
        data.sort();
        Ok(data
            .deployments
            .into_iter()
            .rev()
            .find(|d| d.time <= self.window.to))
    }

    /// The deployments the service's source holds (GitHub's back to the
    /// first successful one before `since`), unsorted, without changes.
    fn read_deployments(
        &self,
        service: &Service,
        settings: &DoraServiceConfig,
        history: Option<&GitHistory>,
        since: Timestamp,
        data: &mut ServiceData,
    ) -> Result<(), DoraError> {
        match settings.deployments.as_deref().unwrap_or("tags") {
            "tags" => {
                let history = history.ok_or_else(|| DoraError::NotARepository {
                    repo: service
                        .dir
                        .clone()
                        .unwrap_or_else(|| self.start_dir.to_path_buf()),
                    message: format!(
                        "deployments of {} are its git tags, and there is no repository",
                        service.name
                    ),
                })?;
                let pattern = settings.tags.as_deref().unwrap_or("v*");
                data.deployments = history.tag_deployments(pattern)?;
                data.sources.push(format!(
                    "deployments: tags {pattern} in {}",
                    history.path().display()
                ));
            }
            "github" => {
                let github = self.github(service, "dora.deployments")?;
                data.deployments = github.deployments(self.environment, since)?;
                data.sources.push(format!(
                    "deployments: GitHub deployments of {} to {}",
                    github.slug, self.environment
                ));
            }
            file => {
                let path = self.config_dir.join(file);
                let records = self.files.deployments(&path)?;
                data.deployments = records
                    .iter()
                    .filter(|r| Self::matches(service, &r.service))
                    .filter(|r| {
                        r.environment
                            .as_deref()
                            .is_none_or(|e| e.eq_ignore_ascii_case(self.environment))
                    })
                    .map(|r| r.deployment.clone())
                    .collect();
                data.sources
                    .push(format!("deployments: {}", path.display()));
            }
        }
        Ok(())
    }

    /// The incidents of `service` from the sources its settings name.
    fn incidents(
        &self,
        service: &Service,
        settings: &DoraServiceConfig,
        data: &mut ServiceData,
    ) -> Result<(), DoraError> {
        let since = self.window.previous().from;
        let pagerduty_ready = service.pagerduty_id.is_some()
            && self
                .integrations
                .pagerduty
                .as_ref()
                .is_some_and(|p| p.token.is_some());
        let incidents = settings.incidents.clone().unwrap_or_else(|| {
            if pagerduty_ready {
                vec!["pagerduty".into()]
            } else {
                Vec::new()
            }
        });
        for source in &incidents {
            match source.as_str() {
                "github" => {
                    let github = self.github(service, "dora.incidents")?;
                    let label = settings.incident_label.as_deref().unwrap_or("incident");
                    data.incidents.extend(github.incidents(label, since)?);
                    data.sources.push(format!(
                        "incidents: GitHub issues of {} labelled {label}",
                        github.slug
                    ));
                }
                "pagerduty" => {
                    let (Some(id), Some(integration)) =
                        (&service.pagerduty_id, &self.integrations.pagerduty)
                    else {
                        return Err(DoraError::Config {
                            key: "dora.incidents".into(),
                            message: format!(
                                "`pagerduty` needs the {ANNOTATION_PAGERDUTY} annotation on {} and integrations.pagerduty in plat.yaml",
                                service.name
                            ),
                        });
                    };
                    let pagerduty = PagerDutySource {
                        client: self.client,
                        integration,
                        service_id: id.clone(),
                        service: service.name.clone(),
                    };
                    data.incidents
                        .extend(pagerduty.incidents(since, self.window.to)?);
                    data.sources
                        .push(format!("incidents: PagerDuty service {id}"));
                }
                file => {
                    let path = self.config_dir.join(file);
                    let records = self.files.incidents(&path)?;
                    data.incidents.extend(
                        records
                            .iter()
                            .filter(|r| Self::matches(service, &r.service))
                            .map(|r| r.incident.clone()),
                    );
                    data.sources.push(format!("incidents: {}", path.display()));
                }
            }
        }
        Ok(())
    }

    /// Lead times of squash-merged pull requests start at their first commit.
    fn squash_merges(&self, service: &Service, data: &mut ServiceData) -> Result<(), DoraError> {
        let range = Window::new(self.window.previous().from, self.window.to);
        let wanted: HashSet<String> = data
            .deployments
            .iter()
            .filter(|d| range.contains(d.time))
            .flat_map(|d| d.changes.iter().map(|c| c.sha.clone()))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let github = self.github(service, "dora.pullRequests")?;
        let first = github.first_commits(range.from, &wanted)?;
        for change in data
            .deployments
            .iter_mut()
            .flat_map(|d| d.changes.iter_mut())
        {
            if let Some(at) = first.get(&change.sha) {
                change.first_commit = Some(*at);
            }
        }
        data.sources.push(format!(
            "pull requests: GitHub {} ({} squash merges)",
            github.slug,
            first.len()
        ));
        Ok(())
    }
}
