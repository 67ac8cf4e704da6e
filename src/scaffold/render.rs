//! Rendering a skeleton directory as Backstage's `fetch:template` does:
//! file and directory names are templates too (an entry whose rendered
//! path is empty, starts with `/` or holds `//` because a name rendered
//! empty is skipped; a value that makes the path absolute or puts `//` in
//! it is refused), text files are rendered, binary files and
//! `copyWithoutTemplating` globs are copied, modes are kept, and existing
//! files are left alone unless `replace`.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use serde_json::{Value as Json, json};

use super::expr::{ExprError, Templater};
use super::workspace::{self, PathError};

/// How to render.
pub struct RenderOptions<'a> {
    pub values: &'a Json,
    pub cookiecutter: bool,
    /// Copied as they are (names still rendered).
    pub copy_without_templating: Vec<GlobMatcher>,
    /// Copied as they are, names too.
    pub copy_without_render: Vec<GlobMatcher>,
    /// Only files with this extension are rendered (and lose it).
    pub template_extension: Option<String>,
    /// Overwrite files that already exist in the target.
    pub replace: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// `file:line:column: message`.
    #[error(
        "{path}{}: {}",
        .error.position.map(|(line, column)| format!(":{line}:{column}")).unwrap_or_default(),
        .error.message
    )]
    Expression { path: String, error: ExprError },
    #[error(transparent)]
    Path(#[from] PathError),
    /// A value, not an empty name, gave the path the shape Backstage skips.
    #[error(
        "skeleton entry `{entry}` renders to `{rendered}`, {}; a value may not do that (only a name that renders empty leaves an entry out)",
        if rendered.starts_with('/') { "an absolute path" } else { "a path with an empty segment (`//`)" }
    )]
    Name { entry: String, rendered: String },
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("invalid glob `{glob}`: {error}")]
    Glob { glob: String, error: String },
}

/// Compiles minimatch-style globs (`*` stays within a directory, dotfiles
/// match).
pub fn globs(patterns: &[String]) -> Result<Vec<GlobMatcher>, RenderError> {
    patterns
        .iter()
        .map(|g| {
            GlobBuilder::new(g.trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .map(|glob| glob.compile_matcher())
                .map_err(|e| RenderError::Glob {
                    glob: g.clone(),
                    error: e.to_string(),
                })
        })
        .collect()
}

/// Renders `skeleton` into `out` (which must exist); returns the files
/// written, relative to `out`.
pub fn render(
    skeleton: &Path,
    out: &Path,
    options: &RenderOptions<'_>,
) -> Result<Vec<String>, RenderError> {
    let templater = if options.cookiecutter {
        Templater::cookiecutter()
    } else {
        Templater::backstage()
    };
    let context = if options.cookiecutter {
        json!({"cookiecutter": options.values})
    } else {
        json!({"values": options.values})
    };
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |error| RenderError::Io { path, error }
    };
    // First the names: every entry's target, checked, directories made;
    // then the files' contents, on every core (skeletons hold thousands).
    let mut resolver = workspace::Resolver::new(out);
    let mut jobs = Vec::new();
    let mut targets = std::collections::HashSet::new();
    let mut collision = false;
    for (rel, kind) in entries(skeleton).map_err(io(skeleton))? {
        let raw = options.copy_without_render.iter().any(|g| g.is_match(&rel));
        let mut target = if raw {
            rel.clone()
        } else {
            templater
                .render(&rel, &context)
                .map_err(|error| RenderError::Expression {
                    path: rel.clone(),
                    error,
                })?
        };
        if !raw && skipped_shape(&target) {
            // Backstage skips these shapes: it is how a template leaves an
            // entry out, by a name that renders empty. A value that makes
            // the path absolute or puts `//` in it must not lose the entry
            // silently.
            if names_render_empty(&rel, &templater, &context) {
                continue;
            }
            return Err(RenderError::Name {
                entry: rel,
                rendered: target,
            });
        }
        let mut templated = !raw
            && !options
                .copy_without_templating
                .iter()
                .any(|g| g.is_match(&rel));
        if let Some(extension) = &options.template_extension {
            match target.strip_suffix(extension.as_str()) {
                Some(stripped) if kind == Kind::File => target = stripped.to_string(),
                _ => templated = false,
            }
        }
        // Files are created exclusively (or replaced after removing what is
        // there), never followed: only directories need checking.
        let dest = match kind {
            Kind::File => resolver.resolve_for_writing(&target)?,
            Kind::Dir | Kind::Link => resolver.resolve(&target)?,
        };
        if kind == Kind::Dir {
            resolver.create_dir_all(&dest).map_err(io(&dest))?;
            continue;
        }
        if let Some(parent) = dest.parent() {
            resolver.create_dir_all(parent).map_err(io(parent))?;
        }
        collision |= !targets.insert(dest.clone());
        jobs.push(Job {
            source: skeleton.join(&rel),
            rel,
            dest,
            target,
            kind,
            templated,
        });
    }
    let write = |job: &Job| -> Result<Option<String>, RenderError> {
        if job.kind == Kind::Link {
            if job.dest.symlink_metadata().is_ok() {
                if !options.replace {
                    return Ok(None);
                }
                std::fs::remove_file(&job.dest).map_err(io(&job.dest))?;
            }
            copy_link(&job.source, &job.dest, out, &job.target)?;
            return Ok(Some(job.target.clone()));
        }
        let (bytes, permissions) = read_with_mode(&job.source).map_err(io(&job.source))?;
        let content = match (
            job.templated && !is_binary(&bytes),
            std::str::from_utf8(&bytes),
        ) {
            (true, Ok(text)) => templater
                .render(text, &context)
                .map_err(|error| RenderError::Expression {
                    path: job.rel.clone(),
                    error,
                })?
                .into_bytes(),
            _ => bytes,
        };
        let wrote =
            write_new(&job.dest, &content, permissions, options.replace).map_err(io(&job.dest))?;
        Ok(wrote.then(|| job.target.clone()))
    };
    // Two entries naming the same file: the walk's order decides, as in Backstage.
    let threads = if collision {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8)
    };
    let results = in_parallel(&jobs, threads, &write);
    let mut written = Vec::new();
    for result in results {
        if let Some(target) = result? {
            written.push(target);
        }
    }
    Ok(written)
}

/// The rendered paths Backstage's `fetch:template` skips (its
/// `containsSkippedContent`): empty, starting with `/`, or holding `//`.
fn skipped_shape(target: &str) -> bool {
    target.is_empty() || target.starts_with('/') || target.contains("//")
}

/// Whether one of the names in `rel` renders empty on its own: the entry is
/// left out on purpose. A name that cannot be rendered alone (a tag that
/// spans two names) counts as empty, as Backstage would skip the entry.
fn names_render_empty(rel: &str, templater: &Templater, context: &Json) -> bool {
    rel.split('/').any(
        |name| !matches!(templater.render(name, context), Ok(rendered) if !rendered.is_empty()),
    )
}

/// A file or symlink to write.
struct Job {
    rel: String,
    source: PathBuf,
    dest: PathBuf,
    target: String,
    kind: Kind,
    templated: bool,
}

/// `work` on every item, on `threads` threads; results in the items' order.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: &(dyn Fn(&T) -> R + Sync),
) -> Vec<R> {
    if threads <= 1 || items.len() < 64 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, work(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// A file's bytes and mode, through one open file (one stat, one read).
fn read_with_mode(path: &Path) -> std::io::Result<(Vec<u8>, std::fs::Permissions)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    let mut bytes = vec![0; usize::try_from(metadata.len()).unwrap_or(0)];
    file.read_exact(&mut bytes)?;
    Ok((bytes, metadata.permissions()))
}

/// Writes a new file with `permissions`. An existing one (or a symlink,
/// which is never followed) is kept, unless `replace`; returns whether it
/// wrote.
fn write_new(
    path: &Path,
    bytes: &[u8],
    permissions: std::fs::Permissions,
    replace: bool,
) -> std::io::Result<bool> {
    use std::io::Write;
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut file = match open() {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            if !replace {
                return Ok(false);
            }
            std::fs::remove_file(path)?;
            open()?
        }
        Err(e) => return Err(e),
    };
    file.write_all(bytes)?;
    // The skeleton's mode exactly, whatever the umask (set on the open file,
    // and only when the default one differs).
    if Some(&permissions) != default_permissions() {
        file.set_permissions(permissions)?;
    }
    Ok(true)
}

/// The mode a new file gets (0o666 less the umask), read once; `None`
/// where it cannot be known.
fn default_permissions() -> Option<&'static std::fs::Permissions> {
    static DEFAULT: std::sync::OnceLock<Option<std::fs::Permissions>> = std::sync::OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let status = std::fs::read_to_string("/proc/self/status").ok()?;
                let umask = status
                    .lines()
                    .find_map(|l| l.strip_prefix("Umask:"))?
                    .trim();
                let umask = u32::from_str_radix(umask, 8).ok()?;
                Some(std::fs::Permissions::from_mode(0o100666 & !umask))
            }
            #[cfg(not(unix))]
            None
        })
        .as_ref()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    Link,
}

/// Every entry under `dir`, relative, in the order the reference renderer
/// walks (each directory's entries sorted, directories before their
/// contents).
fn entries(dir: &Path) -> std::io::Result<Vec<(String, Kind)>> {
    let mut out = Vec::new();
    walk(dir, "", &mut out)?;
    Ok(out)
}

fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, Kind)>) -> std::io::Result<()> {
    let mut names: Vec<(String, std::fs::FileType)> = std::fs::read_dir(dir)?
        .map(|e| e.and_then(|e| Ok((e.file_name().to_string_lossy().into_owned(), e.file_type()?))))
        .collect::<Result<_, _>>()?;
    // JavaScript's localeCompare puts `docs` before `README.md`.
    names.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then(a.0.cmp(&b.0))
    });
    for (name, file_type) in names {
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if file_type.is_symlink() {
            out.push((child, Kind::Link));
        } else if file_type.is_dir() {
            out.push((child.clone(), Kind::Dir));
            walk(&dir.join(&name), &child, out)?;
        } else {
            out.push((child, Kind::File));
        }
    }
    Ok(())
}

/// Recreates a symlink, unless it would point out of the output.
fn copy_link(source: &Path, dest: &Path, out: &Path, target: &str) -> Result<(), RenderError> {
    let link = std::fs::read_link(source).map_err(|error| RenderError::Io {
        path: source.display().to_string(),
        error,
    })?;
    let parent = Path::new(target).parent().unwrap_or(Path::new(""));
    let points_to = parent.join(&link);
    workspace::resolve(out, &points_to.to_string_lossy()).map_err(|_| PathError {
        path: target.to_string(),
        reason: "is a symlink that points out of the workspace",
    })?;
    #[cfg(unix)]
    std::os::unix::fs::symlink(&link, dest).map_err(|error| RenderError::Io {
        path: dest.display().to_string(),
        error,
    })?;
    #[cfg(not(unix))]
    std::fs::copy(source, dest).map_err(|error| RenderError::Io {
        path: dest.display().to_string(),
        error,
    })?;
    Ok(())
}

/// The `isbinaryfile` package's test: a NUL byte, or more than 10%
/// suspicious control bytes, in the first 512 bytes (valid UTF-8
/// sequences are text).
pub fn is_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    if sample.is_empty() || sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return false;
    }
    if sample.starts_with(b"%PDF-") {
        return true;
    }
    let mut suspicious = 0;
    let mut i = 0;
    while i < sample.len() {
        let byte = sample[i];
        if byte == 0 {
            return true;
        }
        if byte >= 0x80 {
            // A multi-byte UTF-8 sequence counts as text when it is valid.
            let len = match byte {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 0,
            };
            if len > 0
                && i + len <= sample.len()
                && std::str::from_utf8(&sample[i..i + len]).is_ok()
            {
                i += len;
                continue;
            }
            suspicious += 1;
        } else if byte < 7 || (byte > 14 && byte < 32) {
            suspicious += 1;
        }
        i += 1;
    }
    suspicious * 100 / sample.len() > 10
}

/// Writes `bytes` to `relative` inside `base` (for actions that create files).
pub fn write_inside(base: &Path, relative: &str, bytes: &[u8]) -> Result<PathBuf, RenderError> {
    let path = workspace::resolve(base, relative)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|error| RenderError::Io {
            path: parent.display().to_string(),
            error,
        })?;
    }
    std::fs::write(&path, bytes).map_err(|error| RenderError::Io {
        path: path.display().to_string(),
        error,
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skeleton() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let w = |rel: &str, text: &[u8]| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        w("README.md", b"# ${{ values.name }}\n");
        w(
            "${{ values.name }}/main.go",
            b"package ${{ values.name }}\n",
        );
        w("${{ 'postgres.yaml' if values.db else '' }}", b"db\n");
        w("static/logo.png", &[0x89, b'P', b'N', b'G', 0, 0, 1]);
        w("raw/keep.txt", b"${{ not rendered }}\n");
        dir
    }

    fn render_with(values: Json, without: &[&str]) -> (tempfile::TempDir, Vec<String>) {
        let skeleton = skeleton();
        let out = tempfile::tempdir().unwrap();
        let options = RenderOptions {
            values: &values,
            cookiecutter: false,
            copy_without_templating: globs(
                &without.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )
            .unwrap(),
            copy_without_render: Vec::new(),
            template_extension: None,
            replace: false,
        };
        let written = render(skeleton.path(), out.path(), &options).unwrap();
        (out, written)
    }

    #[test]
    fn renders_names_and_contents() {
        let (out, written) =
            render_with(serde_json::json!({"name": "svc", "db": false}), &["raw/**"]);
        assert_eq!(
            std::fs::read_to_string(out.path().join("README.md")).unwrap(),
            "# svc\n"
        );
        assert_eq!(
            std::fs::read_to_string(out.path().join("svc/main.go")).unwrap(),
            "package svc\n"
        );
        assert_eq!(
            std::fs::read_to_string(out.path().join("raw/keep.txt")).unwrap(),
            "${{ not rendered }}\n"
        );
        assert_eq!(
            std::fs::read(out.path().join("static/logo.png")).unwrap()[..4],
            [0x89, b'P', b'N', b'G']
        );
        assert!(
            !written.iter().any(|w| w.contains("postgres")),
            "an empty name is skipped: {written:?}"
        );
        let (out, _) = render_with(serde_json::json!({"name": "svc", "db": true}), &[]);
        assert!(out.path().join("postgres.yaml").exists());
    }

    #[test]
    fn rendered_names_may_not_escape() {
        let skeleton = tempfile::tempdir().unwrap();
        std::fs::write(skeleton.path().join("${{ values.path }}"), "x").unwrap();
        let out = tempfile::tempdir().unwrap();
        let values = serde_json::json!({"path": "../../escaped.txt"});
        let options = RenderOptions {
            values: &values,
            cookiecutter: false,
            copy_without_templating: vec![],
            copy_without_render: vec![],
            template_extension: None,
            replace: false,
        };
        let error = render(skeleton.path(), out.path(), &options).unwrap_err();
        assert!(
            error.to_string().contains("leaves the workspace"),
            "{error}"
        );
    }

    #[test]
    fn binary_detection() {
        assert!(!is_binary(b"plain text\nwith lines\n"));
        assert!(!is_binary("héllo wörld ✓".as_bytes()));
        assert!(is_binary(&[0x89, b'P', b'N', b'G', 0]));
        assert!(is_binary(&[1, 2, 3, 4, 5, 6, b'a']));
    }
}
