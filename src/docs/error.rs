//! What can stop `plat docs`, each with what to do. (`plat docs check`
//! turns the same problems into findings instead.)

use std::path::PathBuf;

use crate::catalog::Finding;

#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error("{entity} has no `backstage.io/techdocs-ref` annotation")]
    NoAnnotation {
        entity: String,
        /// The catalog file to add it to.
        file: Option<String>,
    },
    #[error("{entity}: {message}")]
    Reference {
        entity: String,
        message: String,
        hint: Option<String>,
    },
    #[error("{entity}: `{written}` leads out of {}, the directory of its catalog file; refused, as TechDocs refuses it", root.display())]
    DirEscape {
        entity: String,
        written: String,
        root: PathBuf,
    },
    #[error("{entity}: the docs are at {url}, not in a local directory")]
    Remote { entity: String, url: String },
    /// The docs cannot be read: what `plat docs check` would report.
    #[error("{}", at_position(.0))]
    Invalid(Box<Finding>),
    #[error(
        "{entity}: the docs lead out of their directory in {count} place(s); refused, as TechDocs refuses them"
    )]
    Escapes { entity: String, count: usize },
    #[error("mkdocs is not installed (or not on PATH)")]
    MkdocsMissing { detail: Option<String> },
    #[error("the MkDocs plugin `{plugin}` is not installed")]
    PluginMissing { plugin: String },
    #[error("the MkDocs theme `{theme}` is not installed")]
    ThemeMissing { theme: String },
    #[error("mkdocs build failed ({status}):\n{log}")]
    BuildFailed { status: String, log: String },
    #[error("cannot run mkdocs: {0}")]
    Run(#[source] std::io::Error),
    #[error("cannot write the site to {}: {source}", path.display())]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn at_position(finding: &Finding) -> String {
    if finding.line == 0 {
        format!("{}: {}", finding.file, finding.message)
    } else {
        format!(
            "{}:{}:{}: {}",
            finding.file, finding.line, finding.column, finding.message
        )
    }
}

/// The Python package that brings a plugin or theme, where it is well known.
fn package_of(name: &str) -> Option<&'static str> {
    match name {
        "techdocs-core" => Some("mkdocs-techdocs-core"),
        "material" => Some("mkdocs-material"),
        "monorepo" => Some("mkdocs-monorepo-plugin"),
        "mermaid2" => Some("mkdocs-mermaid2-plugin"),
        "kroki" => Some("mkdocs-kroki-plugin"),
        "awesome-pages" => Some("mkdocs-awesome-pages-plugin"),
        _ => None,
    }
}

impl DocsError {
    /// A run of mkdocs that failed; the rest are configuration (exit 2).
    pub fn is_usage(&self) -> bool {
        !matches!(
            self,
            DocsError::BuildFailed { .. } | DocsError::Output { .. }
        )
    }

    pub fn hint(&self) -> Option<String> {
        match self {
            DocsError::NoAnnotation { file, .. } => Some(format!(
                "add `backstage.io/techdocs-ref: dir:.` under metadata.annotations{}, with an mkdocs.yml and docs/index.md beside it (or `backstage.io/techdocs-entity: <kind:namespace/name>` to show another entity's docs)",
                file.as_ref().map(|f| format!(" in {f}")).unwrap_or_default()
            )),
            DocsError::Reference { hint, .. } => hint.clone(),
            DocsError::DirEscape { .. } => Some(
                "point `dir:` at that directory or one below it (`dir:.`, `dir:./handbook`): TechDocs reads nothing above the catalog file, through `..` or a symlink".into(),
            ),
            DocsError::Remote { .. } => Some(
                "plat reads local docs: clone the repository and run plat there, or point the annotation at `dir:` in this catalog".into(),
            ),
            DocsError::Invalid(finding) => finding.hint.clone(),
            DocsError::Escapes { entity, .. } => Some(format!(
                "`plat docs check {entity}` shows each place; move the files into the docs' directory"
            )),
            DocsError::MkdocsMissing { .. } => Some(
                "install MkDocs with TechDocs' plugin: `pip install mkdocs-techdocs-core` (it brings mkdocs itself)".into(),
            ),
            DocsError::PluginMissing { plugin } | DocsError::ThemeMissing { theme: plugin } => {
                Some(match package_of(plugin) {
                    Some(package) => format!("install it: `pip install {package}`"),
                    None => format!(
                        "install the Python package that provides `{plugin}` where mkdocs runs, or remove it from mkdocs.yml"
                    ),
                })
            }
            DocsError::BuildFailed { .. } => {
                Some("fix what mkdocs reports above; `plat docs check` finds broken nav entries and links".into())
            }
            DocsError::Run(_) => Some("check that mkdocs on PATH runs: `mkdocs --version`".into()),
            DocsError::Output { .. } => Some("check the --output directory and the free space there".into()),
        }
    }
}
