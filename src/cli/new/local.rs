//! Local mode (`--output DIR`): the workspace copied to a new or empty
//! directory, with a first commit.

use std::path::Path;

use crate::error::{Error, Result};
use crate::files::{check_output_dir, copy_dir};
use crate::scaffold::git;

/// Checks the output directory, and makes it.
pub fn prepare_output(dir: &Path, force: bool) -> Result<()> {
    check_output_dir(dir, force)?;
    std::fs::create_dir_all(dir).map_err(Error::Output)
}

/// Copies the workspace to `dir` and makes the first commit there. A new
/// or empty `dir` is filled in a sibling staging directory and renamed into
/// place at the end, so an interruption (Ctrl-C, a full disk) leaves no
/// half-written project; into a non-empty one (`--force`) files are
/// copied in place.
pub fn write_output(
    workspace: &Path,
    dir: &Path,
    force: bool,
    author: &git2::Signature<'_>,
    template: &str,
) -> Result<Option<String>> {
    if check_output_dir(dir, force)? {
        return stage_and_rename(workspace, dir, author, template);
    }
    let existing_repository = dir.join(".git").exists();
    copy_dir(workspace, dir).map_err(Error::Output)?;
    if existing_repository {
        // The user's repository (--force into a clone): plat does not commit into it.
        return Ok(None);
    }
    first_commit(dir, author, template).map(Some)
}

fn first_commit(dir: &Path, author: &git2::Signature<'_>, template: &str) -> Result<String> {
    git::first_commit(
        dir,
        &git::default_branch(),
        author,
        &format!("Initial commit from the {template} template"),
    )
    .map_err(|message| Error::Step { message })
}

fn stage_and_rename(
    workspace: &Path,
    dir: &Path,
    author: &git2::Signature<'_>,
    template: &str,
) -> Result<Option<String>> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(Error::Output)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.plat-partial-"))
        .tempdir_in(parent)
        .map_err(Error::Output)?;
    let _guard = crate::interrupt::remove_on_interrupt(staging.path());
    copy_dir(workspace, staging.path()).map_err(Error::Output)?;
    let commit = first_commit(staging.path(), author, template)?;
    // `dir` is missing or an empty directory, which rename(2) replaces.
    std::fs::rename(staging.path(), dir).map_err(Error::Output)?;
    // The staging directory is now `dir`: nothing left to remove.
    std::mem::forget(staging);
    Ok(Some(commit))
}
