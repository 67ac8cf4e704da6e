//! Local mode (`--output DIR`): the workspace copied to a new or empty
//! directory, with a first commit.

use std::path::Path;

use crate::error::{Error, Result};
use crate::scaffold::git;

/// An output directory must be new or empty, unless `--force`; a file is never replaced by a directory.
pub fn prepare_output(dir: &Path, force: bool) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::OutputNotEmpty {
            path: dir.to_path_buf(),
        });
    }
    let occupied = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if occupied && !force {
        return Err(Error::OutputNotEmpty {
            path: dir.to_path_buf(),
        });
    }
    std::fs::create_dir_all(dir).map_err(Error::Output)
}

/// Copies the workspace to `dir` and makes the first commit there.
pub fn write_output(
    workspace: &Path,
    dir: &Path,
    force: bool,
    author: &git2::Signature<'_>,
    template: &str,
) -> Result<Option<String>> {
    prepare_output(dir, force)?;
    let existing_repository = dir.join(".git").exists();
    copy_dir(workspace, dir).map_err(Error::Output)?;
    if existing_repository {
        // The user's repository (--force into a clone): plat does not commit into it.
        return Ok(None);
    }
    let commit = git::first_commit(
        dir,
        &git::default_branch(),
        author,
        &format!("Initial commit from the {template} template"),
    )
    .map_err(|message| Error::Step { message })?;
    Ok(Some(commit))
}

pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else if file_type.is_symlink() {
            let link = std::fs::read_link(entry.path())?;
            let _ = std::fs::remove_file(&target);
            #[cfg(unix)]
            std::os::unix::fs::symlink(link, &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
