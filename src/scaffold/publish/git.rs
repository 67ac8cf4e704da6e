//! `publish:git`: the workspace pushed to any git remote (a path,
//! file://, https://, ssh:// or user@host:path), as the first commit of a
//! new branch.

use std::path::Path;

use serde_json::{Value as Json, json};

use super::{Plan, Publishers, required, source_dir, string};
use crate::scaffold::git::{self, Credentials};

fn branch(input: &Json) -> String {
    string(input, "defaultBranch").map_or_else(git::default_branch, str::to_string)
}

/// Tokens are for the GitHub integration's host only.
fn credentials(publishers: &Publishers<'_>, url: &str) -> Credentials {
    Credentials::for_url(publishers.integrations.github.as_ref(), url)
}

/// Commits the source directory and pushes it; the commit is made with
/// the author and message the inputs give.
pub fn commit_and_push(
    publishers: &Publishers<'_>,
    input: &Json,
    workspace: &Path,
    url: &str,
    branch: &str,
    credentials: &Credentials,
) -> Result<String, String> {
    let dir = source_dir(workspace, input)?;
    let name = string(input, "gitAuthorName").unwrap_or(&publishers.author.name);
    let email = string(input, "gitAuthorEmail").unwrap_or(&publishers.author.email);
    let author =
        git2::Signature::now(name, email).map_err(|e| format!("git author: {}", e.message()))?;
    let message = string(input, "gitCommitMessage").unwrap_or("initial commit");
    if dir.join(".git").exists() {
        return Err(format!("{} is already a git repository", dir.display()));
    }
    let commit = git::first_commit(&dir, branch, &author, message)?;
    let pushed = git::push(&dir, url, branch, credentials);
    // The workspace is not the user's repository: its .git goes, so that a
    // retry (or a later step) starts clean.
    let _ = std::fs::remove_dir_all(dir.join(".git"));
    pushed?;
    Ok(commit)
}

pub fn publish(
    publishers: &Publishers<'_>,
    input: &Json,
    workspace: &Path,
) -> Result<Json, String> {
    let url = required(input, "remoteUrl")?;
    let branch = branch(input);
    let commit = commit_and_push(
        publishers,
        input,
        workspace,
        url,
        &branch,
        &credentials(publishers, url),
    )?;
    Ok(json!({"remoteUrl": git::display_url(url), "commitHash": commit}))
}

pub fn plan(_publishers: &Publishers<'_>, input: &Json) -> Plan {
    let url = string(input, "remoteUrl").unwrap_or("(remoteUrl)");
    let branch = branch(input);
    Plan {
        sends: vec![format!(
            "git push {} {branch} (a first commit holding the workspace{})",
            git::display_url(url),
            string(input, "sourcePath")
                .map(|p| format!("'s {p}"))
                .unwrap_or_default()
        )],
        output: json!({"remoteUrl": git::display_url(url), "commitHash": "(new commit)"}),
    }
}

pub fn preflight(publishers: &Publishers<'_>, input: &Json) -> Vec<String> {
    let Some(url) = string(input, "remoteUrl") else {
        return vec!["input `remoteUrl` is required".into()];
    };
    match git::remote_refs(url, &credentials(publishers, url)) {
        Ok(refs) if refs.is_empty() => Vec::new(),
        Ok(refs) => vec![format!(
            "{} is not empty (it has {}); plat pushes only into new, empty repositories",
            git::display_url(url),
            refs.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
        )],
        Err(error) => vec![error],
    }
}
