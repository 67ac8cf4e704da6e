//! Reading one catalog file into text, with the checks that protect the rest
//! of the catalog from it: a size limit, UTF-8, and a byte order mark.

// A finding is the error value here: returned once per bad file, not on a
// hot path, so its size does not matter.
#![allow(clippy::result_large_err)]

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::finding::{Finding, Rule};
use super::yaml::Pos;

/// Files larger than this are refused, local or remote.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Identifies a file whatever path reached it (symlinks, `..`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId(u64, u64);

impl FileId {
    #[cfg(unix)]
    pub fn of(metadata: &std::fs::Metadata, _path: &Path) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId(metadata.dev(), metadata.ino())
    }

    #[cfg(not(unix))]
    pub fn of(_metadata: &std::fs::Metadata, path: &Path) -> FileId {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        path.canonicalize()
            .unwrap_or_else(|_| path.to_path_buf())
            .hash(&mut hasher);
        FileId(0, hasher.finish())
    }
}

/// A file's text, or the finding that explains why there is none.
pub struct SourceText {
    /// Which file it was (for local files).
    pub id: FileId,
    pub text: String,
    /// Warnings about the file that did not stop it from being read.
    pub findings: Vec<Finding>,
}

/// Reads a local file. `display` is how the file is named in findings.
pub fn read_file(path: &Path, display: &str) -> Result<SourceText, Finding> {
    let start = Pos { line: 1, column: 1 };
    let file = File::open(path).map_err(|e| read_error(display, &e))?;
    let metadata = file.metadata().map_err(|e| read_error(display, &e))?;
    if metadata.is_dir() {
        return Err(Finding::new(
            Rule::Read,
            display,
            start,
            "is a directory, not a catalog file",
        )
        .with_hint("point at a file, or list the directory itself as a location to search it"));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(display, metadata.len()));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // Read one byte past the limit: a file may grow between stat and read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(display, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(display, bytes.len() as u64));
    }
    let mut source = decode(bytes, display)?;
    source.id = FileId::of(&metadata, path);
    Ok(source)
}

/// Turns bytes into text: invalid UTF-8 is a finding at the first bad byte;
/// a BOM is dropped with a warning.
pub fn decode(bytes: Vec<u8>, display: &str) -> Result<SourceText, Finding> {
    let mut findings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let bytes = error.as_bytes();
            let valid = error.utf8_error().valid_up_to();
            let pos = position_of(&String::from_utf8_lossy(&bytes[..valid]));
            return Err(Finding::new(
                Rule::Encoding,
                display,
                pos,
                format!(
                    "is not valid UTF-8 (byte 0x{:02x} at offset {valid})",
                    bytes[valid]
                ),
            )
            .with_hint("save the file as UTF-8; Backstage reads catalog files as UTF-8 text"));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            findings.push(
                Finding::new(
                    Rule::ByteOrderMark,
                    display,
                    Pos { line: 1, column: 1 },
                    "starts with a UTF-8 byte order mark; it was ignored",
                )
                .with_hint("save the file as UTF-8 without a BOM"),
            );
            rest.to_string()
        }
        None => text,
    };
    Ok(SourceText {
        id: FileId(0, 0),
        text,
        findings,
    })
}

fn position_of(prefix: &str) -> Pos {
    let line = prefix.matches('\n').count() as u32 + 1;
    let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Pos { line, column }
}

pub fn too_large(display: &str, size: u64) -> Finding {
    Finding::new(
        Rule::FileTooLarge,
        display,
        Pos { line: 1, column: 1 },
        format!(
            "is {} MB, over the {} MB limit for a catalog file; it was not read",
            size.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
    .with_hint("split it into several files, or exclude it from the catalog locations")
}

pub fn read_error(display: &str, error: &std::io::Error) -> Finding {
    let hint = match error.kind() {
        std::io::ErrorKind::PermissionDenied => Some("check the file's permissions"),
        std::io::ErrorKind::NotFound => {
            Some("check the path, or mark the Location `presence: optional`")
        }
        _ => None,
    };
    Finding::new(
        Rule::Read,
        display,
        Pos { line: 1, column: 1 },
        format!("cannot be read: {error}"),
    )
    .with_hint_opt(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_line_and_column() {
        let err = decode(b"a: 1\nb: \xff\n".to_vec(), "f.yaml").err().unwrap();
        assert_eq!(err.rule, Rule::Encoding);
        assert_eq!((err.line, err.column), (2, 4));
    }

    #[test]
    fn a_bom_is_dropped_with_a_warning() {
        let text = decode("\u{feff}a: 1\n".as_bytes().to_vec(), "f.yaml")
            .ok()
            .unwrap();
        assert_eq!(text.text, "a: 1\n");
        assert_eq!(text.findings[0].rule, Rule::ByteOrderMark);
    }

    #[test]
    fn oversize_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        let f = File::create(&path).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        let err = read_file(&path, "big.yaml").err().unwrap();
        assert_eq!(err.rule, Rule::FileTooLarge);
        assert!(err.message.contains("10 MB limit"));
    }
}
