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

/// How to authenticate to a git remote: a token for HTTP(S) (sent as the
/// password, as GitHub expects), else git's credential helpers and, for
/// SSH, the agent.
#[derive(Clone, Default)]
pub struct Credentials {
    pub token: Option<String>,
    /// The user name sent with the token (GitHub accepts `x-access-token`).
    pub username: Option<String>,
}

impl Credentials {
    /// The GitHub integration's token when `url` is on its host; git's
    /// credential helpers and the SSH agent otherwise.
    pub fn for_url(github: Option<&crate::integrations::GitHub>, url: &str) -> Credentials {
        let host = reqwest::Url::parse(url)
            .ok()
            .and_then(|u| crate::integrations::url_host(&u));
        let token = github
            .filter(|g| host.as_deref() == Some(g.host.as_str()))
            .and_then(|g| g.token.clone());
        Credentials {
            token,
            username: None,
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("username", &self.username)
            .finish()
    }
}

/// Callbacks that answer credential requests, each kind once (git2 asks
/// again after a rejection, forever).
fn callbacks(credentials: &Credentials) -> git2::RemoteCallbacks<'_> {
    let mut callbacks = git2::RemoteCallbacks::new();
    let tried = std::cell::RefCell::new(Vec::<git2::CredentialType>::new());
    callbacks.credentials(move |url, username, allowed| {
        let mut tried = tried.borrow_mut();
        let fail = || git2::Error::from_str("the remote rejected the credentials");
        if allowed.contains(git2::CredentialType::USER_PASS_PLAINTEXT) && !tried.contains(&git2::CredentialType::USER_PASS_PLAINTEXT) {
            tried.push(git2::CredentialType::USER_PASS_PLAINTEXT);
            if let Some(token) = &credentials.token {
                let user = credentials.username.as_deref().or(username).unwrap_or("x-access-token");
                return git2::Cred::userpass_plaintext(user, token);
            }
            if let Ok(config) = git2::Config::open_default()
                && let Ok(cred) = git2::Cred::credential_helper(&config, url, username) {
                    return Ok(cred);
                }
            return Err(git2::Error::from_str("the remote wants credentials: configure a token for it, or a git credential helper"));
        }
        if allowed.contains(git2::CredentialType::SSH_KEY) && !tried.contains(&git2::CredentialType::SSH_KEY) {
            tried.push(git2::CredentialType::SSH_KEY);
            return git2::Cred::ssh_key_from_agent(username.unwrap_or("git"));
        }
        if allowed.contains(git2::CredentialType::USERNAME) && !tried.contains(&git2::CredentialType::USERNAME) {
            tried.push(git2::CredentialType::USERNAME);
            return git2::Cred::username(username.unwrap_or("git"));
        }
        Err(fail())
    });
    callbacks
}

/// Fetch options that authenticate as `credentials` say.
pub fn fetch_options(credentials: &Credentials) -> git2::FetchOptions<'_> {
    let mut options = git2::FetchOptions::new();
    options.remote_callbacks(callbacks(credentials));
    options
}

/// A git error in a user's words, secrets left out.
pub fn describe(error: &git2::Error) -> String {
    let message = error.message().to_string();
    match (error.class(), error.code()) {
        (_, git2::ErrorCode::Auth) => format!("authentication failed: {message}"),
        (git2::ErrorClass::Http, _) if message.contains("401") => {
            "authentication failed: the remote answered 401 (wrong or missing token)".into()
        }
        (git2::ErrorClass::Http, _) if message.contains("403") => {
            "the remote refused access (403): the token lacks permission".into()
        }
        _ => message,
    }
}

/// The branches and tags a remote has (`git ls-remote`); empty for a new repository.
pub fn remote_refs(url: &str, credentials: &Credentials) -> Result<Vec<String>, String> {
    let mut remote = git2::Remote::create_detached(url).map_err(|e| describe(&e))?;
    let connection = remote
        .connect_auth(git2::Direction::Fetch, Some(callbacks(credentials)), None)
        .map_err(|e| format!("cannot reach {}: {}", display_url(url), describe(&e)))?;
    let refs = connection
        .list()
        .map_err(|e| describe(&e))?
        .iter()
        .map(|head| head.name().to_string())
        .filter(|name| name.starts_with("refs/"))
        .collect();
    Ok(refs)
}

/// Pushes `branch` of the repository in `dir` to `url`. Never forced: a
/// remote that already has the branch refuses it.
pub fn push(dir: &Path, url: &str, branch: &str, credentials: &Credentials) -> Result<(), String> {
    let repo = Repository::open(dir).map_err(|e| describe(&e))?;
    let mut remote = repo.remote_anonymous(url).map_err(|e| describe(&e))?;
    let rejected = std::cell::RefCell::new(None::<String>);
    let mut callbacks = callbacks(credentials);
    callbacks.push_update_reference(|reference, status| {
        if let Some(status) = status {
            *rejected.borrow_mut() = Some(format!("the remote refused {reference}: {status}"));
        }
        Ok(())
    });
    let mut options = git2::PushOptions::new();
    options.remote_callbacks(callbacks);
    let refspec = format!("refs/heads/{branch}:refs/heads/{branch}");
    remote
        .push(&[refspec.as_str()], Some(&mut options))
        .map_err(|e| format!("git push to {} failed: {}", display_url(url), describe(&e)))?;
    drop(options);
    match rejected.into_inner() {
        Some(reason) => Err(reason),
        None => Ok(()),
    }
}

/// A URL without any user or password in it.
pub fn display_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}
