//! What `plat new --resume DIR` continues from: a run that failed (or was
//! interrupted) after a step changed something outside the workspace keeps
//! its workspace and this state (`DIR/state.json`, `DIR/workspace/`). Secrets are never
//! written: password parameters are asked for (or passed) again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::location::TemplateLocation;
use super::run::StepReport;

const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub version: u32,
    /// The template's name, found again the way `plat new NAME` finds it.
    pub template: String,
    /// Where the template was read, when it was named by its place
    /// (`plat new PATH` or `URL`); a git repository at the commit read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<TemplateLocation>,
    /// The parameters, without the password ones.
    pub parameters: Json,
    /// Steps that ended, in order (outputs included).
    pub done: Vec<StepReport>,
    /// The step that failed and why; none when the run was interrupted
    /// (the state is written after every step once something is published).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<Failed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failed {
    pub step: String,
    pub action: String,
    pub message: String,
}

impl State {
    pub fn new(
        template: &str,
        source: Option<TemplateLocation>,
        parameters: Json,
        done: Vec<StepReport>,
        failed: Option<Failed>,
    ) -> State {
        State {
            version: VERSION,
            template: template.to_string(),
            source,
            parameters,
            done,
            failed,
        }
    }

    /// Writes `dir/state.json` atomically: it is rewritten after every
    /// step, and an interruption must leave the old state or the new one.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        crate::files::write_atomically(&dir.join("state.json"), (text + "\n").as_bytes())
    }

    /// Reads `dir/state.json`, or says why it cannot be resumed.
    pub fn load(dir: &Path) -> Result<State, String> {
        let file = dir.join("state.json");
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let state: State = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a plat run state: {e}", file.display()))?;
        if state.version != VERSION {
            return Err(format!(
                "{} was written by another plat version (state version {})",
                file.display(),
                state.version
            ));
        }
        if !workspace(dir).is_dir() {
            return Err(format!(
                "{} has no workspace/ directory to continue in",
                dir.display()
            ));
        }
        Ok(state)
    }
}

/// Where a run's files are kept: `DIR/workspace`.
pub fn workspace(dir: &Path) -> PathBuf {
    dir.join("workspace")
}

/// A new directory for a run of `template` under `runs` (the cache's
/// `runs/`), named so that a person can tell runs apart.
pub fn new_run_dir(runs: &Path, template: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(runs)?;
    let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
    let base = format!("{template}-{stamp}");
    for n in 0..1000 {
        let name = if n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let dir = runs.join(name);
        match std::fs::create_dir(&dir) {
            Ok(()) => {
                std::fs::create_dir(workspace(&dir))?;
                return Ok(dir);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "no free directory name for a run under {}",
        runs.display()
    )))
}
