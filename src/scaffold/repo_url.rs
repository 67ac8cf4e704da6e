//! Repository URLs as the scaffolder writes them: `host?owner=o&repo=r`
//! (what RepoUrlPicker produces), parsed as Backstage's `parseRepoUrl` does,
//! with its error messages.

use serde::Serialize;

/// The parts of a repository URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepoSpec {
    pub host: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub repo: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

/// Which SCM a host is, as Backstage's default integrations know them.
pub fn integration_type(host: &str) -> Option<&'static str> {
    let bare = host.split(':').next().unwrap_or(host);
    Some(match bare {
        "github.com" | "www.github.com" => "github",
        "gitlab.com" => "gitlab",
        "bitbucket.org" | "www.bitbucket.org" => "bitbucket",
        "dev.azure.com" => "azure",
        "gitea.com" => "gitea",
        // Any other host is what plat.yaml's GitHub integration names (or a
        // git server on the local network): treated as GitHub-like.
        _ if !bare.is_empty() => "github",
        _ => return None,
    })
}

pub fn parse(repo_url: &str) -> Result<RepoSpec, String> {
    let parsed = url::Url::parse(&format!("https://{repo_url}"))
        .map_err(|e| format!("Invalid repo URL passed to publisher, got {repo_url}, {e}"))?;
    let host = crate::integrations::url_host(&parsed).unwrap_or_default();
    let param = |name: &str| {
        parsed
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .filter(|v| !v.is_empty())
    };
    let kind = integration_type(&host).ok_or_else(|| {
        format!("No matching integration configuration for host {host}, please check your integrations config")
    })?;
    let require = |names: &[&str]| {
        for name in names {
            if param(name).is_none() {
                return Err(format!(
                    "Invalid repo URL passed to publisher: {parsed}, missing {name}"
                ));
            }
        }
        Ok(())
    };
    match kind {
        "bitbucket" => {
            if host == "www.bitbucket.org" {
                require(&["workspace"])?;
            }
            require(&["project", "repo"])?;
        }
        "azure" => require(&["project", "repo"])?,
        "gitlab" if param("project").is_some() => {}
        _ => require(&["owner", "repo"])?,
    }
    Ok(RepoSpec {
        owner: param("owner"),
        repo: param("repo").unwrap_or_default(),
        organization: param("organization"),
        workspace: param("workspace"),
        project: param("project"),
        host,
    })
}

/// What RepoUrlPicker builds from its three answers.
pub fn build(host: &str, owner: &str, repo: &str) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("owner", owner).append_pair("repo", repo);
    format!("{host}?{}", query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_github_style_urls() {
        let spec = parse("github.com?owner=acme&repo=payments").unwrap();
        assert_eq!(
            (
                spec.host.as_str(),
                spec.owner.as_deref(),
                spec.repo.as_str()
            ),
            ("github.com", Some("acme"), "payments")
        );
        assert_eq!(
            parse("ghe.example.com:8443?owner=o&repo=r").unwrap().host,
            "ghe.example.com:8443"
        );
    }

    #[test]
    fn errors_say_what_is_missing_as_backstage_does() {
        assert_eq!(
            parse("github.com?owner=owner").unwrap_err(),
            "Invalid repo URL passed to publisher: https://github.com/?owner=owner, missing repo"
        );
        assert_eq!(
            parse("github.com?repo=repo").unwrap_err(),
            "Invalid repo URL passed to publisher: https://github.com/?repo=repo, missing owner"
        );
        assert!(
            parse("dev.azure.com?repo=r")
                .unwrap_err()
                .ends_with("missing project")
        );
    }

    #[test]
    fn build_round_trips() {
        let url = build("github.com", "acme", "pay ments");
        assert_eq!(url, "github.com?owner=acme&repo=pay+ments");
        assert_eq!(parse(&url).unwrap().repo, "pay ments");
    }
}
