//! Building and serving a site with MkDocs, as TechDocs' generator does
//! (`mkdocs build` in the docs' directory). A build goes to a staging
//! directory beside the output and is renamed into place only when it is
//! complete, so no half-made site is ever left behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::LazyLock;

use regex::Regex;

use super::error::DocsError;
use super::mkdocs::MkdocsConfig;
use super::site::Site;
use crate::interrupt;

/// MkDocs, found on PATH.
#[derive(Debug, Clone)]
pub struct Mkdocs {
    pub program: PathBuf,
    /// What `mkdocs --version` says.
    pub version: String,
}

static PLUGIN_MISSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"The "([^"]+)" plugin is not installed"#).expect("a valid regex")
});
static THEME_MISSING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"Unrecognised theme name: '([^']+)'"#).expect("a valid regex"));

/// Finds `mkdocs` on PATH and asks its version (which also proves it runs:
/// a pyenv shim for a Python without it is not MkDocs).
pub fn find_mkdocs() -> Result<Mkdocs, DocsError> {
    let program = std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("mkdocs"))
                .find(|path| path.is_file())
        })
        .ok_or(DocsError::MkdocsMissing { detail: None })?;
    let output = Command::new(&program)
        .arg("--version")
        .output()
        .map_err(|e| DocsError::MkdocsMissing {
            detail: Some(e.to_string()),
        })?;
    if !output.status.success() {
        return Err(DocsError::MkdocsMissing {
            detail: Some(last_lines(&output, 3)),
        });
    }
    // `mkdocs, version 1.6.1 from /path (Python 3.11)`
    let said = String::from_utf8_lossy(&output.stdout);
    let version = said
        .split_once("version ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .map_or_else(|| said.trim().to_string(), |v| format!("mkdocs {v}"));
    Ok(Mkdocs { program, version })
}

/// The config file MkDocs gets: the site's own, or TechDocs' default
/// written to a temporary directory (plat never writes into the docs).
pub struct ConfigFile {
    pub path: PathBuf,
    _temporary: Option<interrupt::TempDir>,
}

pub fn config_file(site: &Site) -> Result<ConfigFile, DocsError> {
    if let Some(path) = &site.config.path {
        return Ok(ConfigFile {
            path: path.clone(),
            _temporary: None,
        });
    }
    let dir = interrupt::TempDir::new("plat-mkdocs-").map_err(DocsError::Run)?;
    let path = dir.path().join("mkdocs.yml");
    let name = site
        .config
        .site_name
        .as_deref()
        .unwrap_or(&site.entity_name);
    std::fs::write(
        &path,
        MkdocsConfig::techdocs_default_yaml(name, &site.docs_dir),
    )
    .map_err(DocsError::Run)?;
    Ok(ConfigFile {
        path,
        _temporary: Some(dir),
    })
}

/// A finished build.
#[derive(Debug, Clone)]
pub struct Built {
    pub output: PathBuf,
    /// MkDocs' WARNING and ERROR lines.
    pub warnings: Vec<String>,
    /// Everything MkDocs printed.
    pub log: String,
}

/// Builds `site` into `output`. `output` must be missing or empty unless
/// `merge`: then the finished site's files are copied over it (files of
/// the same name replaced, nothing deleted).
pub fn build(
    mkdocs: &Mkdocs,
    site: &Site,
    output: &Path,
    merge: bool,
    progress: &dyn Fn(&str),
) -> Result<Built, DocsError> {
    let config = config_file(site)?;
    let output_error = |source| DocsError::Output {
        path: output.to_path_buf(),
        source,
    };
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(output_error)?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.plat-partial-"))
        .tempdir_in(parent)
        .map_err(output_error)?;
    let _guard = interrupt::remove_on_interrupt(staging.path());
    progress(&format!("mkdocs build ({})", mkdocs.version));
    let child = Command::new(&mkdocs.program)
        .arg("build")
        .arg("--config-file")
        .arg(&config.path)
        .arg("--site-dir")
        .arg(staging.path())
        .current_dir(&site.dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(DocsError::Run)?;
    let running = interrupt::interrupt_with_plat(child.id());
    let result = child.wait_with_output().map_err(DocsError::Run)?;
    interrupt::wait_if_interrupted();
    drop(running);
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    if !result.status.success() {
        return Err(failure(&log, &result.status.to_string()));
    }
    let warnings = log
        .lines()
        .filter(|line| line.starts_with("WARNING") || line.starts_with("ERROR"))
        .map(|line| {
            // MkDocs aligns its level names: `WARNING -  message`.
            line.split_once(" -  ")
                .map_or(line, |(_, message)| message)
                .to_string()
        })
        .collect();
    progress("placing the site");
    if merge {
        crate::files::copy_dir(staging.path(), output).map_err(output_error)?;
    } else {
        // `output` is missing or an empty directory, which rename(2) replaces.
        std::fs::rename(staging.path(), output).map_err(output_error)?;
        // The staging directory is now `output`: nothing left to remove.
        std::mem::forget(staging);
    }
    Ok(Built {
        output: output.to_path_buf(),
        warnings,
        log,
    })
}

/// Why a run of mkdocs failed, from what it printed: a plugin or theme that
/// is not installed, else its last lines.
pub fn failure(log: &str, status: &str) -> DocsError {
    if let Some(found) = PLUGIN_MISSING.captures(log) {
        return DocsError::PluginMissing {
            plugin: found[1].to_string(),
        };
    }
    if let Some(found) = THEME_MISSING.captures(log) {
        return DocsError::ThemeMissing {
            theme: found[1].to_string(),
        };
    }
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    DocsError::BuildFailed {
        status: status.to_string(),
        log: lines[lines.len().saturating_sub(20)..].join("\n"),
    }
}

/// `mkdocs serve` for `site`, to run with the terminal attached, and the
/// config file it needs to outlive the command.
pub fn serve_command(
    mkdocs: &Mkdocs,
    site: &Site,
    dev_addr: Option<&str>,
) -> Result<(Command, ConfigFile), DocsError> {
    let config = config_file(site)?;
    let mut command = Command::new(&mkdocs.program);
    command
        .arg("serve")
        .arg("--config-file")
        .arg(&config.path)
        .current_dir(&site.dir);
    if let Some(addr) = dev_addr {
        command.arg("--dev-addr").arg(addr);
    }
    Ok((command, config))
}

fn last_lines(output: &Output, n: usize) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_plugin_or_theme_is_named_with_its_package() {
        // What mkdocs 1.6 prints for each.
        let plugin = failure(
            "ERROR   -  Config value 'plugins': The \"techdocs-core\" plugin is not installed\n\nAborted with a configuration error!\n",
            "exit status: 1",
        );
        assert_eq!(
            plugin.to_string(),
            "the MkDocs plugin `techdocs-core` is not installed"
        );
        assert_eq!(
            plugin.hint().unwrap(),
            "install it: `pip install mkdocs-techdocs-core`"
        );
        let theme = failure(
            "ERROR   -  Config value 'theme': Unrecognised theme name: 'material'. The available installed themes are: mkdocs, readthedocs\n",
            "exit status: 1",
        );
        assert_eq!(
            theme.hint().unwrap(),
            "install it: `pip install mkdocs-material`"
        );
        let other = failure(
            "INFO - building\nERROR - something else\n",
            "exit status: 1",
        );
        assert!(matches!(other, DocsError::BuildFailed { .. }));
        assert!(other.to_string().ends_with("ERROR - something else"));
    }
}
