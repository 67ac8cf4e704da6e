//! Commits' parents and author times, read as cheaply as git allows: the
//! parents from git's commit-graph file (written by `git gc` and `git
//! commit-graph write`) where it holds the commit, else from the commit
//! object; the author times, which the commit-graph does not hold (it has
//! committer times), from the commit objects, read on all cores.

use std::path::Path;

use git2::{Odb, Oid, Repository};
use jiff::Timestamp;
use rayon::prelude::*;

use super::packs::Packs;

/// A commit in a walk: its place in the commit-graph, or its id when the
/// graph does not hold it (written after the graph, or no graph at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Graph(u32),
    Object(Oid),
}

/// What a walk learns of a commit.
pub struct Visit {
    pub parents: Vec<Node>,
    /// Known when the commit object was read for its parents.
    pub author_time: Option<Timestamp>,
}

pub struct Ancestry<'repo> {
    graph: Option<gix_commitgraph::Graph>,
    odb: Odb<'repo>,
}

impl<'repo> Ancestry<'repo> {
    pub fn new(repo: &'repo Repository) -> Result<Ancestry<'repo>, git2::Error> {
        // A missing or unreadable graph only costs speed.
        let graph = gix_commitgraph::at(
            repo.path().join("objects").join("info"),
            gix_hash::Kind::Sha1,
            None,
        )
        .ok();
        Ok(Ancestry {
            graph,
            odb: repo.odb()?,
        })
    }

    pub fn node(&self, oid: Oid) -> Node {
        self.graph
            .as_ref()
            .and_then(|graph| graph.lookup(gix_hash::oid::try_from_bytes(oid.as_bytes()).ok()?))
            .map_or(Node::Object(oid), |position| Node::Graph(position.0))
    }

    pub fn id(&self, node: Node) -> Oid {
        match (node, &self.graph) {
            (Node::Object(oid), _) => oid,
            (Node::Graph(position), Some(graph)) => {
                Oid::from_bytes(graph.id_at(gix_commitgraph::Position(position)).as_bytes())
                    .expect("the graph holds SHA-1 ids")
            }
            (Node::Graph(_), None) => unreachable!("graph positions come from a graph"),
        }
    }

    /// How many positions the graph has (for a visited set indexed by them).
    pub fn graph_len(&self) -> usize {
        self.graph.as_ref().map_or(0, |g| g.num_commits() as usize)
    }

    /// The parents of `node`, in the commit's order; why not when the commit
    /// cannot be read (completing "commit <id> ...").
    pub fn visit(&self, node: Node) -> Result<Visit, String> {
        match (node, &self.graph) {
            (Node::Graph(position), Some(graph)) => {
                let parents = graph
                    .commit_at(gix_commitgraph::Position(position))
                    .iter_parents()
                    .map(|parent| parent.ok().map(|p| Node::Graph(p.0)))
                    .collect::<Option<Vec<Node>>>()
                    .ok_or_else(|| CANNOT_BE_READ.to_string())?;
                Ok(Visit {
                    parents,
                    author_time: None,
                })
            }
            (Node::Graph(_), None) => Err(CANNOT_BE_READ.to_string()),
            (Node::Object(oid), _) => {
                let object = self.odb.read(oid).map_err(|_| CANNOT_BE_READ.to_string())?;
                let commit = RawCommit::parse(object.data())?;
                Ok(Visit {
                    parents: commit.parents.into_iter().map(|p| self.node(p)).collect(),
                    author_time: Some(commit.author_time),
                })
            }
        }
    }
}

/// The author times of `commits`, read on all cores: from the start of
/// each commit in its pack, else (loose or deltified objects) through a
/// libgit2 handle of the worker's own. For a commit that cannot be read,
/// why not (completing "commit <id> ...").
pub fn author_times(repo_path: &Path, commits: &[Oid]) -> Vec<Result<Timestamp, String>> {
    if commits.is_empty() {
        return Vec::new();
    }
    let packs = Packs::open(&repo_path.join("objects"));
    let workers = rayon::current_num_threads().max(1);
    // A few pieces per worker, so that one slow piece does not hold the rest.
    let piece = commits.len().div_ceil(workers * 4).max(256);
    commits
        .par_chunks(piece)
        .flat_map_iter(|chunk| {
            let mut inflater = flate2::Decompress::new(true);
            let mut head = Vec::new();
            // Opened on the first object the packs do not give.
            let mut repo: Option<Option<Repository>> = None;
            let mut times = Vec::with_capacity(chunk.len());
            for oid in chunk {
                let time = if packs.commit_head(*oid, &mut inflater, &mut head) {
                    RawCommit::parse(&head).map(|c| c.author_time)
                } else {
                    let repo = repo
                        .get_or_insert_with(|| Repository::open(repo_path).ok())
                        .as_ref();
                    match repo.and_then(|repo| repo.odb().ok()) {
                        Some(odb) => odb
                            .read(*oid)
                            .map_err(|_| CANNOT_BE_READ.to_string())
                            .and_then(|object| {
                                RawCommit::parse(object.data()).map(|c| c.author_time)
                            }),
                        None => Err(CANNOT_BE_READ.to_string()),
                    }
                };
                times.push(time);
            }
            times
        })
        .collect()
}

/// What the metrics need of a commit, read from its raw object: parsing
/// two kinds of header line is far cheaper than a full commit object.
struct RawCommit {
    parents: Vec<Oid>,
    author_time: Timestamp,
}

impl RawCommit {
    /// The parents and author time; why not when the headers lack them or
    /// the time is out of plat's range (completing "commit <id> ...").
    fn parse(data: &[u8]) -> Result<RawCommit, String> {
        let unreadable = || CANNOT_BE_READ.to_string();
        let mut parents = Vec::new();
        let mut author_time = None;
        for line in data.split(|b| *b == b'\n') {
            if line.is_empty() {
                break; // the headers end at the first empty line
            }
            if let Some(hex) = line.strip_prefix(b"parent ") {
                let hex = std::str::from_utf8(hex).map_err(|_| unreadable())?;
                parents.push(Oid::from_str(hex).map_err(|_| unreadable())?);
            } else if let Some(rest) = line.strip_prefix(b"author ") {
                // `Name <email> 1700000000 +0530`: the time after the last `>`.
                let after = rest
                    .iter()
                    .rposition(|b| *b == b'>')
                    .ok_or_else(unreadable)?;
                let seconds: i64 = std::str::from_utf8(&rest[after + 1..])
                    .ok()
                    .and_then(|text| text.split_whitespace().next()?.parse().ok())
                    .ok_or_else(unreadable)?;
                author_time = Some(crate::time::from_second(seconds).map_err(|e| {
                    format!("has an author time ({seconds} s since 1970) that {e}")
                })?);
                // The parents come before the author: nothing else is needed.
                break;
            }
        }
        Ok(RawCommit {
            parents,
            author_time: author_time.ok_or_else(unreadable)?,
        })
    }
}

/// Why a commit could not be read, when nothing more is known.
const CANNOT_BE_READ: &str = "cannot be read";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_commits() {
        let data = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 1111111111111111111111111111111111111111\nparent 2222222222222222222222222222222222222222\nauthor A <a@b> 1700000000 +0530\ncommitter C <c@d> 1700000100 -0800\n\nparent not-a-header\n";
        let commit = RawCommit::parse(data).unwrap();
        assert_eq!(commit.parents.len(), 2);
        assert_eq!(
            commit.author_time,
            Timestamp::from_second(1_700_000_000).unwrap()
        );
        assert!(RawCommit::parse(b"tree x\n\n").is_err(), "no author");
        let far = RawCommit::parse(b"tree x\nauthor A <a@b> 999999999999 +0000\n\n");
        assert_eq!(
            far.err().as_deref(),
            Some(
                "has an author time (999999999999 s since 1970) that is out of range: times must lie between 0001-01-01T00:00:00Z and 9999-12-30T00:00:00Z"
            )
        );
    }
}
