//! A service's git history: tags as deployments, and the commits each
//! deployment first brought to production.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};
use jiff::Timestamp;
use rustc_hash::FxHashSet;

use super::ancestry::{self, Ancestry, Node};
use super::error::DoraError;
use super::model::{Change, Deployment, Status};

/// A change found by the walk: the commit, and its author time when the
/// walk read the object anyway.
type Found = (Node, Option<Timestamp>);

pub struct GitHistory {
    repo: Repository,
    path: PathBuf,
}

/// Metrics only read history: hashing every object again to verify it
/// costs more than reading it (a corrupt object still fails to parse).
fn read_only_tuning() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| git2::opts::strict_hash_verification(false));
}

impl GitHistory {
    pub fn open(path: &Path) -> Result<GitHistory, DoraError> {
        read_only_tuning();
        let repo = Repository::open(path).map_err(|e| DoraError::NotARepository {
            repo: path.to_path_buf(),
            message: e.message().to_string(),
        })?;
        Ok(GitHistory {
            repo,
            path: path.to_path_buf(),
        })
    }

    /// The repository that holds `dir`, if any.
    pub fn discover(dir: &Path) -> Option<GitHistory> {
        read_only_tuning();
        let repo = Repository::discover(dir).ok()?;
        let path = repo.workdir().unwrap_or(repo.path()).to_path_buf();
        Some(GitHistory { repo, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A commit by sha (full or abbreviated), tag or other revision.
    pub fn resolve(&self, revision: &str) -> Option<Oid> {
        let object = self.repo.revparse_single(revision).ok()?;
        object.peel_to_commit().ok().map(|c| c.id())
    }

    /// A commit's subject (its message's first line) and author name, for
    /// listings; `None` when `sha` is not a commit here.
    pub fn commit_summary(&self, sha: &str) -> Option<(String, String)> {
        let commit = Oid::from_str(sha)
            .ok()
            .and_then(|oid| self.repo.find_commit(oid).ok())?;
        // Not UTF-8 (a legacy encoding): shown lossily rather than left out.
        let subject = commit
            .summary_bytes()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default();
        let author = String::from_utf8_lossy(commit.author().name_bytes()).into_owned();
        Some((subject, author))
    }

    /// Tags matching `pattern` (a glob over the tag name), each a successful
    /// deployment at the annotated tag's time, else its commit's. Tags on
    /// one commit are one deployment, at the earliest of their times.
    pub fn tag_deployments(&self, pattern: &str) -> Result<Vec<Deployment>, DoraError> {
        let glob = globset::Glob::new(pattern)
            .map_err(|e| DoraError::Config {
                key: "dora.tags".into(),
                message: format!("`{pattern}` is not a glob: {e}"),
            })?
            .compile_matcher();
        let mut found: Vec<(Oid, Timestamp, String, Option<String>)> = Vec::new();
        let git_error = |e: git2::Error| DoraError::Git {
            repo: self.path.clone(),
            message: e.message().to_string(),
        };
        let names = self.repo.tag_names(None).map_err(git_error)?;
        for name in names.iter().flatten().flatten() {
            if !glob.is_match(name) {
                continue;
            }
            let Ok(object) = self.repo.revparse_single(&format!("refs/tags/{name}")) else {
                continue;
            };
            let tagger = match object.kind() {
                Some(ObjectType::Tag) => object.as_tag().and_then(|t| t.tagger()),
                _ => None,
            };
            let tagged_time = tagger.as_ref().map(|s| s.when().seconds());
            let by = tagger
                .as_ref()
                .map(|s| String::from_utf8_lossy(s.name_bytes()).into_owned());
            let Ok(commit) = object.peel_to_commit() else {
                continue;
            };
            let seconds = tagged_time.unwrap_or_else(|| commit.committer().when().seconds());
            let time = crate::time::from_second(seconds).map_err(|e| DoraError::Git {
                repo: self.path.clone(),
                message: format!("tag `{name}`: its time ({seconds} s since 1970) {e}"),
            })?;
            found.push((commit.id(), time, name.to_string(), by));
        }
        found.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.2.cmp(&b.2)));
        let mut seen = FxHashSet::default();
        Ok(found
            .into_iter()
            .filter(|(oid, _, _, _)| seen.insert(*oid))
            .map(|(oid, time, name, by)| Deployment {
                time,
                version: Some(name.clone()),
                sha: Some(oid.to_string()),
                status: Status::Success,
                unplanned: false,
                by,
                origin: format!("tag {name}"),
                changes: Vec::new(),
            })
            .collect())
    }

    /// Fills in the changes of each successful deployment at or after
    /// `from` (and before `until`): the commits it reaches that no earlier
    /// successful deployment reached (merge commits are not changes; their
    /// branches' commits are). `deployments` must be sorted by time.
    /// Returns the deployments whose version or sha is not in the
    /// repository.
    pub fn assign_changes(
        &self,
        deployments: &mut [Deployment],
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<String>, DoraError> {
        let git_error = |e: git2::Error| DoraError::Git {
            repo: self.path.clone(),
            message: e.message().to_string(),
        };
        let mut unknown = Vec::new();
        let mut tips: Vec<Option<Oid>> = Vec::with_capacity(deployments.len());
        for deployment in deployments.iter_mut() {
            let counted = deployment.time < until && deployment.status == Status::Success;
            let revision = deployment.sha.as_deref().or(deployment.version.as_deref());
            let tip = if counted {
                revision.and_then(|r| self.resolve(r))
            } else {
                None
            };
            if counted && tip.is_none() {
                unknown.push(deployment.origin.clone());
            }
            if let (Some(tip), None) = (tip, &deployment.sha) {
                deployment.sha = Some(tip.to_string());
            }
            tips.push(tip);
        }
        // The commits that deployments from `from` on may bring: reachable
        // from them and not from any earlier deployment. libgit2 stops the
        // walk where the hidden history begins, so a window costs what is
        // in it, not the whole history. With nothing before the window,
        // everything reachable is fresh and the walk below is the only one.
        let window_starts = deployments
            .iter()
            .zip(&tips)
            .any(|(d, t)| t.is_some() && d.time >= from);
        if !window_starts {
            return Ok(unknown);
        }
        let earlier = deployments
            .iter()
            .zip(&tips)
            .any(|(d, t)| t.is_some() && d.time < from);
        let mut fresh: Option<FxHashSet<Oid>> = None;
        if earlier {
            let mut walk = self.repo.revwalk().map_err(git_error)?;
            for (deployment, tip) in deployments.iter().zip(&tips) {
                match tip {
                    Some(tip) if deployment.time < from => walk.hide(*tip).map_err(git_error)?,
                    Some(tip) => walk.push(*tip).map_err(git_error)?,
                    None => {}
                }
            }
            let mut set = FxHashSet::default();
            for oid in walk {
                set.insert(oid.map_err(git_error)?);
            }
            fresh = Some(set);
        }
        let ancestry = Ancestry::new(&self.repo).map_err(git_error)?;
        let unreadable = |oid: Oid, reason: String| DoraError::Git {
            repo: self.path.clone(),
            message: format!("commit {oid} {reason}"),
        };
        // Taking a commit marks it: a deployment before has it.
        let mut taken_in_graph = vec![false; ancestry.graph_len()];
        let mut seen: FxHashSet<Oid> = FxHashSet::default();
        let mut take = |node: Node| match (&mut fresh, node) {
            (Some(fresh), node) => fresh.remove(&ancestry.id(node)),
            (None, Node::Graph(position)) => {
                !std::mem::replace(&mut taken_in_graph[position as usize], true)
            }
            (None, Node::Object(oid)) => seen.insert(oid),
        };
        // First the graph walk, which gives each deployment its commits;
        // then the author times, which only the objects hold, on all cores.
        // Per deployment (by index): its changes.
        let mut found: Vec<(usize, Vec<Found>)> = Vec::new();
        let mut stack: Vec<Node> = Vec::new();
        for (index, (deployment, tip)) in deployments.iter().zip(tips).enumerate() {
            let Some(tip) = tip else { continue };
            if deployment.time < from {
                continue;
            }
            let mut changes = Vec::new();
            stack.push(ancestry.node(tip));
            while let Some(node) = stack.pop() {
                if !take(node) {
                    continue;
                }
                let visit = ancestry
                    .visit(node)
                    .map_err(|reason| unreadable(ancestry.id(node), reason))?;
                if visit.parents.len() <= 1 {
                    changes.push((node, visit.author_time));
                }
                stack.extend(visit.parents);
            }
            found.push((index, changes));
        }
        let unknown_times: Vec<Oid> = found
            .iter()
            .flat_map(|(_, changes)| changes.iter())
            .filter(|(_, time)| time.is_none())
            .map(|(node, _)| ancestry.id(*node))
            .collect();
        let mut times = ancestry::author_times(self.repo.path(), &unknown_times).into_iter();
        let mut ids = unknown_times.into_iter();
        for (index, changes) in found {
            let mut assigned = Vec::with_capacity(changes.len());
            for (node, time) in changes {
                let (oid, time) = match time {
                    Some(time) => (ancestry.id(node), time),
                    None => {
                        let oid = ids.next().expect("one id per unknown time");
                        let time = times
                            .next()
                            .expect("one time per unknown time")
                            .map_err(|reason| unreadable(oid, reason))?;
                        (oid, time)
                    }
                };
                assigned.push(Change {
                    sha: oid.to_string(),
                    committed: time,
                    first_commit: None,
                });
            }
            deployments[index].changes = assigned;
        }
        Ok(unknown)
    }
}
