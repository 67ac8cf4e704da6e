//! `plat update`: a project made by `plat new` brought up to its template's
//! newer version. Both versions are rendered (workspace steps only, as
//! `plat new --output` runs them) with the recorded values, and the
//! template's change (new against base) is merged into the project by
//! [`super::update_plan`]. The record itself is one of the files: the base
//! holds the project's record, the new version the rewritten one, so that
//! an update writes it with the rest or not at all.

use std::path::Path;

use serde_json::{Map, Value as Json};

use super::record::{RECORD_FILE, Record};
use super::run::{Mode, Run};
use super::update_plan::{self, File, Files, PlanOptions, UpdatePlan};
use super::versions::Version;

#[derive(Debug, thiserror::Error)]
pub enum UpdateRunError {
    #[error("rendering {template} ({version}): {message}")]
    Render {
        template: String,
        version: String,
        message: String,
    },
    #[error(transparent)]
    Plan(#[from] update_plan::UpdateError),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

impl UpdateRunError {
    pub fn hint(&self) -> Option<String> {
        match self {
            UpdateRunError::Render { .. } => Some(
                "the values recorded in .plat/template.yaml (and --set) must suit both versions; nothing was changed".into(),
            ),
            UpdateRunError::Plan(error) => error.hint(),
            UpdateRunError::Read { .. } => None,
        }
    }
}

/// What both versions are rendered with.
pub struct Inputs<'a> {
    /// The recorded values, for the base.
    pub base_values: &'a Map<String, Json>,
    /// The values for the new version (recorded, new parameters, `--set`).
    pub new_values: &'a Map<String, Json>,
    /// The new values without password fields: what the record keeps.
    pub kept_values: &'a Map<String, Json>,
    pub secrets: &'a Map<String, Json>,
    pub user: &'a Json,
    pub masked: &'a [String],
}

/// The update, planned: what each file becomes, and the record written with it.
pub struct Planned {
    pub plan: UpdatePlan,
    pub record: Record,
}

/// Renders the base and the new version and plans the merge into `project`.
pub fn plan(
    project: &Path,
    record: &Record,
    base: &Version,
    new: &Version,
    inputs: &Inputs<'_>,
    options: &PlanOptions,
) -> Result<Planned, UpdateRunError> {
    let mut base_files = render(base, inputs.base_values, inputs)?;
    let mut new_files = render(new, inputs.new_values, inputs)?;
    let path = project.join(RECORD_FILE);
    let recorded = std::fs::read(&path).map_err(|source| UpdateRunError::Read {
        path: path.clone(),
        source,
    })?;
    let updated = Record {
        repository: new.repository.clone(),
        digest: new.digest.clone(),
        plat: env!("CARGO_PKG_VERSION").to_string(),
        values: inputs.kept_values.clone(),
        ..record.clone()
    };
    base_files.insert(RECORD_FILE.into(), File::new(recorded));
    new_files.insert(RECORD_FILE.into(), File::new(updated.to_yaml()));
    let plan = update_plan::plan(&base_files, &new_files, project, options)?;
    Ok(Planned {
        plan,
        record: updated,
    })
}

/// The files a version makes, rendered in a scratch workspace.
fn render(
    version: &Version,
    values: &Map<String, Json>,
    inputs: &Inputs<'_>,
) -> Result<Files, UpdateRunError> {
    let fail = |message: String| UpdateRunError::Render {
        template: version.template.name.clone(),
        version: version
            .repository
            .as_ref()
            .map(|r| r.commit.chars().take(12).collect())
            .unwrap_or_else(|| version.digest.chars().take(19).collect()),
        message,
    };
    let workspace =
        crate::interrupt::TempDir::scratch("plat-update-").map_err(|e| fail(e.to_string()))?;
    let mut values = values.clone();
    super::params::Parameters {
        pages: &version.template.pages,
    }
    .apply_defaults(&mut values);
    let run = Run {
        template: &version.template,
        parameters: Json::Object(values),
        secrets: inputs.secrets.clone(),
        user: inputs.user.clone(),
        masked: inputs.masked.to_vec(),
        mode: Mode::Local,
        resumed: Vec::new(),
        record: None,
    };
    run.execute(workspace.path(), &|_| {})
        .map_err(|e| fail(e.to_string()))?;
    update_plan::read_tree(workspace.path()).map_err(|e| fail(e.to_string()))
}

/// What git reports changed or untracked in `project` (ignored files left
/// out; in a repository's subdirectory, only under it); `None` when
/// `project` is in no git repository.
pub fn uncommitted(project: &Path) -> Option<Vec<String>> {
    let repository = git2::Repository::discover(project).ok()?;
    let root = std::fs::canonicalize(repository.workdir()?).ok()?;
    let here = std::fs::canonicalize(project).ok()?;
    let mut options = git2::StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false);
    if let Ok(inside) = here.strip_prefix(&root)
        && !inside.as_os_str().is_empty()
    {
        options.pathspec(inside);
    }
    let statuses = repository.statuses(Some(&mut options)).ok()?;
    Some(
        statuses
            .iter()
            .filter(|s| s.status() != git2::Status::CURRENT)
            .filter_map(|s| s.path().ok().map(str::to_string))
            .collect(),
    )
}
