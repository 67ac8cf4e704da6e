//! Template skeletons are not catalog sources. A skeleton's
//! catalog-info.yaml is the template of one (`name: ${{ values.name }}`),
//! so a directory search leaves out the skeleton directories of the
//! templates plat knows: those whose `template.yaml` the search meets,
//! those configured under `templates:` in plat.yaml, and Template entities
//! in the catalog. The directories are what their `fetch:template` and
//! `fetch:plain` steps copy from.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::discover::normalize;
use super::yaml;

/// The file that makes a directory a template directory.
pub const TEMPLATE_FILE: &str = "template.yaml";

/// Actions whose `url` is a skeleton directory.
const SKELETON_ACTIONS: [&str; 2] = ["fetch:template", "fetch:plain"];

/// The local directories a Template document's steps copy from, resolved
/// against `dir`, the template file's directory. Remote and templated
/// `url`s are not local directories.
pub fn dirs(document: &Value, dir: &Path) -> Vec<PathBuf> {
    let is_template = document["kind"] == "Template"
        && document["apiVersion"]
            .as_str()
            .is_some_and(|v| v.starts_with("scaffolder.backstage.io/"));
    if !is_template {
        return Vec::new();
    }
    let Some(steps) = document["spec"]["steps"].as_array() else {
        return Vec::new();
    };
    steps
        .iter()
        .filter(|step| {
            step["action"]
                .as_str()
                .is_some_and(|a| SKELETON_ACTIONS.contains(&a))
        })
        .filter_map(|step| step["input"]["url"].as_str())
        .filter(|url| !url.contains("://") && !url.contains("${{") && !url.starts_with('/'))
        .map(|url| normalize(&dir.join(url)))
        .collect()
}

/// The skeleton directories of the templates in `file` (a template.yaml);
/// none when it cannot be read or holds no Template.
pub fn dirs_of_file(file: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    let dir = file.parent().unwrap_or(Path::new("/"));
    yaml::split_documents(&text)
        .iter()
        .filter_map(|raw| yaml::parse_document(raw).ok().flatten())
        .flat_map(|document| dirs(&document.value, dir))
        .collect()
}

/// Whether a directory search that started in `searched` leaves `file`
/// out: it is in `skeleton`, which the search met on its way down. A search
/// that starts in a skeleton reads it, as a file named on its own is read:
/// the user asked for it.
pub fn hides(skeleton: &Path, file: &Path, searched: &Path) -> bool {
    file.starts_with(skeleton) && skeleton.starts_with(searched) && skeleton != searched
}

/// The skeletons of the templates configured in plat.yaml (`dirs`, each a
/// template directory or a directory of them).
pub fn of_configured(dirs: &[PathBuf]) -> Vec<PathBuf> {
    dirs.iter()
        .flat_map(|dir| template_dirs(&normalize(dir)))
        .flat_map(|dir| dirs_of_file(&dir.join(TEMPLATE_FILE)))
        .collect()
}

/// `dir` itself if it holds a template.yaml, else its subdirectories that
/// do: how a `templates:` entry in plat.yaml is read.
pub fn template_dirs(dir: &Path) -> Vec<PathBuf> {
    if dir.join(TEMPLATE_FILE).is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join(TEMPLATE_FILE).is_file())
        .collect();
    dirs.sort();
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn skeletons_are_the_local_urls_of_fetch_steps() {
        let template = json!({
            "apiVersion": "scaffolder.backstage.io/v1beta3",
            "kind": "Template",
            "spec": {"steps": [
                {"action": "fetch:template", "input": {"url": "./skeleton"}},
                {"action": "fetch:plain", "input": {"url": "../shared/docs/"}},
                {"action": "fetch:template", "input": {"url": "https://github.com/a/b/tree/main/x"}},
                {"action": "fetch:template", "input": {"url": "${{ parameters.where }}"}},
                {"action": "fetch:plain:file", "input": {"url": "./LICENSE"}},
                {"action": "debug:log", "input": {"message": "hi"}},
            ]},
        });
        assert_eq!(
            dirs(&template, Path::new("/repo/templates/svc")),
            [
                PathBuf::from("/repo/templates/svc/skeleton"),
                PathBuf::from("/repo/templates/shared/docs")
            ]
        );
        let component = json!({"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "spec": {"steps": [{"action": "fetch:template", "input": {"url": "./x"}}]}});
        assert!(dirs(&component, Path::new("/repo")).is_empty());
    }

    #[test]
    fn a_search_skips_skeletons_below_it_but_reads_one_it_starts_in() {
        let skeleton = Path::new("/repo/templates/svc/skeleton");
        let file = Path::new("/repo/templates/svc/skeleton/catalog-info.yaml");
        assert!(hides(skeleton, file, Path::new("/repo")));
        assert!(hides(skeleton, file, Path::new("/repo/templates/svc")));
        assert!(!hides(skeleton, file, skeleton));
        assert!(!hides(
            skeleton,
            file,
            Path::new("/repo/templates/svc/skeleton/sub")
        ));
        assert!(!hides(
            skeleton,
            Path::new("/repo/catalog-info.yaml"),
            Path::new("/repo")
        ));
    }

    #[test]
    fn configured_templates_give_their_skeletons() {
        let dir = tempfile::tempdir().unwrap();
        let template = |name: &str, url: &str| {
            format!(
                "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: {name}\nspec:\n  steps:\n    - action: fetch:template\n      input:\n        url: {url}\n"
            )
        };
        for (name, url) in [("a", "./skeleton"), ("b", "../shared")] {
            std::fs::create_dir_all(dir.path().join(name)).unwrap();
            std::fs::write(
                dir.path().join(name).join(TEMPLATE_FILE),
                template(name, url),
            )
            .unwrap();
        }
        let root = normalize(dir.path());
        assert_eq!(
            of_configured(&[dir.path().to_path_buf()]),
            [root.join("a/skeleton"), root.join("shared")]
        );
        assert_eq!(
            of_configured(&[dir.path().join("a")]),
            [root.join("a/skeleton")]
        );
    }
}
