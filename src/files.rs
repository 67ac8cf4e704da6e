//! Writing the user's files safely: replacing a file so that a reader, a
//! crash, Ctrl-C or a full disk sees the old contents or the new, never half
//! of them (the new contents go to a temporary file beside it, which is then
//! renamed over it); and the rule for output directories (new or empty,
//! unless `--force`).

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// An output directory must be new or empty, unless `--force`; a file is
/// never replaced by a directory. True when it is new or empty.
pub fn check_output_dir(dir: &Path, force: bool) -> Result<bool, Error> {
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
    Ok(!occupied)
}

/// Copies a directory tree into `to` (made if missing); files of the same
/// name are replaced, nothing else there is touched, symlinks stay links.
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

/// Writes `contents` to `path` atomically. A file that is replaced keeps
/// its permissions (a temporary file is created private); a symlink stays a
/// symlink, its target is replaced.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let resolved = std::fs::canonicalize(path).ok();
    let path = resolved.as_deref().unwrap_or(path);
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(contents)?;
    if let Ok(existing) = std::fs::metadata(path) {
        file.as_file().set_permissions(existing.permissions())?;
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_atomically;

    #[test]
    fn replaces_whole_contents_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plat.yaml");
        write_atomically(&path, b"first\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            write_atomically(&path, b"second\n").unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "the replaced file keeps its mode");
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"second\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left beside it");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles-plat.yaml");
        std::fs::write(&real, "old\n").unwrap();
        let link = dir.path().join("plat.yaml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new\n").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new\n");
    }
}
