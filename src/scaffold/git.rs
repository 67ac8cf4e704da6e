//! The local git work plat does for a new project: a repository with one
//! commit holding every file, made with git2 (no `git` program needed).

use std::path::Path;

use git2::{IndexAddOption, Repository, RepositoryInitOptions, Signature};

/// Who a commit is by: `--author "Name <email>"`, else git config's
/// user.name and user.email, else plat's own identity.
pub fn signature(author: Option<&str>) -> Result<Signature<'static>, String> {
    if let Some(author) = author {
        let (name, email) = parse_author(author)?;
        return Signature::now(name, email).map_err(|e| e.message().to_string());
    }
    let config = git2::Config::open_default().ok();
    let get = |key: &str| {
        config
            .as_ref()
            .and_then(|c| c.get_string(key).ok())
            .filter(|v| !v.trim().is_empty())
    };
    let name = get("user.name").unwrap_or_else(|| "plat".into());
    let email = get("user.email").unwrap_or_else(|| "plat@localhost".into());
    Signature::now(&name, &email).map_err(|e| e.message().to_string())
}

/// `Name <email>` split in two.
pub fn parse_author(author: &str) -> Result<(&str, &str), String> {
    let bad = || format!("`{author}` is not in the form \"Name <email>\"");
    let (name, rest) = author.split_once('<').ok_or_else(bad)?;
    let email = rest.strip_suffix('>').ok_or_else(bad)?;
    let name = name.trim();
    if name.is_empty() || email.trim().is_empty() || email.contains(['<', '>']) {
        return Err(bad());
    }
    Ok((name, email.trim()))
}

/// The branch a new repository starts on: git config's init.defaultBranch, else `main`.
pub fn default_branch() -> String {
    git2::Config::open_default()
        .ok()
        .and_then(|c| c.get_string("init.defaultBranch").ok())
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| "main".into())
}

/// Makes `dir` a repository on `branch` whose first commit holds every file
/// in it; returns the commit id.
pub fn first_commit(
    dir: &Path,
    branch: &str,
    author: &Signature<'_>,
    message: &str,
) -> Result<String, String> {
    let mut options = RepositoryInitOptions::new();
    options.initial_head(branch);
    let repo = Repository::init_opts(dir, &options)
        .map_err(|e| format!("git init {}: {}", dir.display(), e.message()))?;
    let mut index = repo.index().map_err(|e| e.message().to_string())?;
    // `force`: a template's .gitignore must not hide the files it rendered.
    index
        .add_all(["*"], IndexAddOption::DEFAULT | IndexAddOption::FORCE, None)
        .map_err(|e| format!("git add: {}", e.message()))?;
    index.write().map_err(|e| e.message().to_string())?;
    let tree_id = index.write_tree().map_err(|e| e.message().to_string())?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(|e| e.message().to_string())?;
    let commit = repo
        .commit(Some("HEAD"), author, author, message, &tree, &[])
        .map_err(|e| format!("git commit: {}", e.message()))?;
    Ok(commit.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors() {
        assert_eq!(
            parse_author("Ada Lovelace <ada@example.com>").unwrap(),
            ("Ada Lovelace", "ada@example.com")
        );
        assert!(parse_author("ada@example.com").is_err());
        assert!(parse_author("<ada@example.com>").is_err());
    }

    #[test]
    fn commits_every_file_even_ignored_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "*.log\n").unwrap();
        std::fs::write(dir.path().join("app.log"), "kept").unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/main.go"), "package main\n").unwrap();
        let author = Signature::now("Ada", "ada@example.com").unwrap();
        let id = first_commit(dir.path(), "trunk", &author, "first").unwrap();
        let repo = Repository::open(dir.path()).unwrap();
        let head = repo.head().unwrap();
        assert_eq!(head.shorthand().ok(), Some("trunk"));
        let commit = repo.find_commit(git2::Oid::from_str(&id).unwrap()).unwrap();
        let tree = commit.tree().unwrap();
        assert!(tree.get_name("app.log").is_some());
        assert!(tree.get_path(Path::new("src/main.go")).is_ok());
        assert_eq!(commit.author().email().ok(), Some("ada@example.com"));
    }
}
