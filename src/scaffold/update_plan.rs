//! What `plat update` does to a project, file by file, and doing it. The
//! template's old render (base) and new render (new) are compared with the
//! project's files: what the user left alone takes the new version, what
//! only the user changed stays, what both changed is merged as `git
//! merge-file` merges ([`super::merge`]). Renames follow the template.
//!
//! [`plan`] only reads; [`apply`] writes everything beside its target first
//! and then moves it all into place in one short step that Ctrl-C waits
//! for, so a failed or interrupted update leaves the tree as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::merge::{self, Labels, Merged};
use super::workspace::{PathError, Resolver};

/// One file of a rendered template or of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub bytes: Vec<u8>,
    /// Any execute bit set (the one mode bit git keeps).
    pub executable: bool,
}

impl File {
    pub fn new(bytes: impl Into<Vec<u8>>) -> File {
        File {
            bytes: bytes.into(),
            executable: false,
        }
    }
}

/// A rendered template: relative '/'-separated paths to their files.
pub type Files = BTreeMap<String, File>;

/// Where a conflict's two versions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConflictStyle {
    /// Into the file, between git's conflict markers.
    #[default]
    Markers,
    /// The user's lines stay; the template's change goes to `PATH.rej` as a
    /// unified diff (as `patch` leaves what it could not apply).
    Rej,
}

#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub conflict_style: ConflictStyle,
    /// Written after the conflict markers.
    pub labels: Labels,
}

impl Default for PlanOptions {
    fn default() -> PlanOptions {
        PlanOptions {
            conflict_style: ConflictStyle::Markers,
            labels: Labels {
                ours: "project".into(),
                theirs: "template (new)".into(),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// New in the template.
    Add,
    /// The user had not changed it: the new version replaces it.
    Update,
    /// Both changed it; merged without conflict.
    Merge,
    /// Both changed the same lines: markers in the file, or a `.rej` file.
    Conflict,
    /// Both changed a binary file: the user's is kept.
    BinaryConflict,
    /// Gone from the template, and the user had not changed it.
    Remove,
    /// The user's change stays: the template did not change the file, or
    /// removed it (see [`Note::RemovedByTemplate`]).
    Keep,
    /// The template moved it; the user's file moves along, merged.
    Rename,
    /// The template changed a file the user deleted: not recreated.
    DeletedByUser,
}

/// Why an entry is what it is, when the action alone does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Note {
    /// The template removed the file; kept because the user changed it.
    RemovedByTemplate,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub path: String,
    pub action: Action,
    /// The old path of a rename.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub conflicts: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
    /// What `path` holds afterwards, when it is written.
    #[serde(skip)]
    pub content: Option<File>,
    /// The template's changes that did not apply, written to `PATH.rej`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejects: Option<String>,
    #[serde(skip)]
    pub reject_content: Option<Vec<u8>>,
    /// Unified diff of the project's file against the result (for
    /// `--dry-run`); empty when nothing changes on disk.
    #[serde(skip)]
    pub diff: String,
}

impl Entry {
    fn new(path: &str, action: Action) -> Entry {
        Entry {
            path: path.to_string(),
            action,
            from: None,
            conflicts: 0,
            note: None,
            content: None,
            rejects: None,
            reject_content: None,
            diff: String::new(),
        }
    }

    /// Whether applying it changes anything on disk.
    pub fn writes(&self) -> bool {
        self.content.is_some()
            || self.action == Action::Remove
            || (self.from.is_some() && self.action != Action::DeletedByUser)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct UpdatePlan {
    pub entries: Vec<Entry>,
}

impl UpdatePlan {
    /// Files with conflicts (markers, `.rej` files, binary files kept).
    pub fn conflicts(&self) -> usize {
        self.entries.iter().filter(|e| e.conflicts > 0).count()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the template names {0}")]
    Path(#[from] PathError),
    #[error("{path} is a directory in the project, a file in the template")]
    NotAFile { path: String },
    #[error("{path} exists; plat would write the rejected changes there")]
    RejectExists { path: String },
    #[error("cannot write {}: {source}; nothing was changed", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot move {} into place: {source}; the files were put back as they were", path.display())]
    Commit {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl UpdateError {
    pub fn hint(&self) -> Option<String> {
        match self {
            UpdateError::Read { .. } => Some("check the project's file permissions".into()),
            UpdateError::Path(_) => Some("the template is refused: fix its paths".into()),
            UpdateError::NotAFile { .. } => {
                Some("move the directory away, or rename it in the template".into())
            }
            UpdateError::RejectExists { .. } => {
                Some("remove or rename the old .rej file, or write conflict markers instead".into())
            }
            UpdateError::Write { .. } | UpdateError::Commit { .. } => {
                Some("check the disk space and the permissions of the project's directories".into())
            }
        }
    }
}

/// Reads a rendered template (or any tree) into [`Files`], leaving out
/// `.git` directories and symlinks.
pub fn read_tree(dir: &Path) -> Result<Files, UpdateError> {
    let mut files = Files::new();
    read_tree_into(dir, "", &mut files)?;
    Ok(files)
}

fn read_tree_into(dir: &Path, prefix: &str, files: &mut Files) -> Result<(), UpdateError> {
    let read_error = |source| UpdateError::Read {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        let file_type = entry.file_type().map_err(read_error)?;
        if file_type.is_dir() {
            if name != ".git" {
                read_tree_into(&entry.path(), &format!("{relative}/"), files)?;
            }
        } else if file_type.is_file()
            && let Some(file) = read_file(&entry.path())?
        {
            files.insert(relative, file);
        }
    }
    Ok(())
}

/// A file's bytes and execute bit; None when there is none.
fn read_file(path: &Path) -> Result<Option<File>, UpdateError> {
    let error = |source| UpdateError::Read {
        path: path.to_path_buf(),
        source,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(error(e)),
    };
    let bytes = std::fs::read(path).map_err(error)?;
    Ok(Some(File {
        bytes,
        executable: is_executable(&metadata),
    }))
}

#[cfg(unix)]
fn is_executable(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_: &std::fs::Metadata) -> bool {
    false
}

/// A rename is a path gone from the new render whose old content comes
/// back, at least this similar, at a path new to it (git's default).
const RENAME_SIMILARITY: f64 = 0.5;

/// Pairs compared for renames at most; past it only identical content is
/// a rename (each pair is a diff).
const RENAME_PAIRS: usize = 10_000;

/// Decides, for every path the old or new render names, what the update
/// does to the project in `project`. Reads only.
pub fn plan(
    base: &Files,
    new: &Files,
    project: &Path,
    options: &PlanOptions,
) -> Result<UpdatePlan, UpdateError> {
    let mut project_files = ProjectFiles::new(project);
    let renames = renames(base, new, &mut project_files)?;
    let renamed_to: BTreeSet<&str> = renames.values().map(String::as_str).collect();
    let mut entries = Vec::new();
    let paths: BTreeSet<&String> = base.keys().chain(new.keys()).collect();
    for path in paths {
        if renamed_to.contains(path.as_str()) {
            continue;
        }
        let ours = project_files.read(path)?;
        let entry = if let Some(to) = renames.get(path) {
            rename_entry(path, to, &base[path], &new[to], ours, options)
        } else {
            file_entry(path, base.get(path), new.get(path), ours, options)
        };
        if let Some(mut entry) = entry {
            if entry.reject_content.is_some() {
                let rej = format!("{}.rej", entry.path);
                if project_files.read(&rej)?.is_some() {
                    return Err(UpdateError::RejectExists { path: rej });
                }
                entry.rejects = Some(rej);
            }
            entry.diff = entry_diff(&entry, &mut project_files)?;
            entries.push(entry);
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(UpdatePlan { entries })
}

/// The project's files at the paths the templates name, each read once;
/// never inside `.git`, never outside the project.
struct ProjectFiles {
    resolver: Resolver,
    read: BTreeMap<String, Option<File>>,
}

impl ProjectFiles {
    fn new(project: &Path) -> ProjectFiles {
        ProjectFiles {
            resolver: Resolver::new(project),
            read: BTreeMap::new(),
        }
    }

    fn read(&mut self, path: &str) -> Result<Option<File>, UpdateError> {
        if let Some(file) = self.read.get(path) {
            return Ok(file.clone());
        }
        let file = if path.split('/').any(|part| part == ".git") {
            None
        } else {
            let full = self.resolver.resolve(path)?;
            if full.is_dir() {
                return Err(UpdateError::NotAFile {
                    path: path.to_string(),
                });
            }
            read_file(&full)?
        };
        self.read.insert(path.to_string(), file.clone());
        Ok(file)
    }
}

/// Old path → new path, for paths gone from the new render whose old
/// content reappears at a path that is new to it (and free in the project).
fn renames(
    base: &Files,
    new: &Files,
    project: &mut ProjectFiles,
) -> Result<BTreeMap<String, String>, UpdateError> {
    let gone: Vec<&String> = base.keys().filter(|p| !new.contains_key(*p)).collect();
    let mut added = Vec::new();
    for path in new.keys().filter(|p| !base.contains_key(*p)) {
        if project.read(path)?.is_none() {
            added.push(path);
        }
    }
    if gone.is_empty() || added.is_empty() {
        return Ok(BTreeMap::new());
    }
    let compare_all = gone.len() * added.len() <= RENAME_PAIRS;
    let mut candidates = Vec::new();
    for from in &gone {
        for to in &added {
            let (old, newer) = (&base[*from].bytes, &new[*to].bytes);
            let score = if old == newer {
                1.0
            } else if compare_all && !merge::is_binary(old) && !merge::is_binary(newer) {
                merge::similarity(old, newer)
            } else {
                0.0
            };
            if score >= RENAME_SIMILARITY {
                candidates.push((score, *from, *to));
            }
        }
    }
    // Best pairs first; each path takes part in one rename at most.
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.cmp(b.1))
            .then_with(|| a.2.cmp(b.2))
    });
    let mut renames = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for (_, from, to) in candidates {
        if !renames.contains_key(from) && taken.insert(to) {
            renames.insert(from.clone(), to.clone());
        }
    }
    Ok(renames)
}

/// The entry for a path that is not part of a rename; None when the update
/// leaves it alone.
fn file_entry(
    path: &str,
    base: Option<&File>,
    new: Option<&File>,
    ours: Option<File>,
    options: &PlanOptions,
) -> Option<Entry> {
    let entry = match (base, new) {
        (Some(base), Some(new)) if base == new => {
            // Template unchanged: a user's change stays, listed.
            return ours
                .is_some_and(|ours| ours != *base)
                .then(|| Entry::new(path, Action::Keep));
        }
        (Some(base), Some(new)) => match ours {
            None => Entry::new(path, Action::DeletedByUser),
            Some(ours) if ours == *new => return None,
            Some(ours) if ours == *base => writing(path, Action::Update, new.clone()),
            Some(ours) => merged(path, Action::Merge, base, new, ours, options),
        },
        (Some(base), None) => match ours {
            None => return None,
            Some(ours) if ours == *base => Entry::new(path, Action::Remove),
            Some(_) => Entry {
                note: Some(Note::RemovedByTemplate),
                ..Entry::new(path, Action::Keep)
            },
        },
        (None, Some(new)) => match ours {
            None => writing(path, Action::Add, new.clone()),
            Some(ours) if ours == *new => return None,
            Some(ours) => {
                // The user made a file where the template now adds one:
                // merged from nothing, so lines that differ conflict.
                let empty = File {
                    bytes: Vec::new(),
                    executable: ours.executable,
                };
                merged(path, Action::Merge, &empty, new, ours, options)
            }
        },
        (None, None) => return None,
    };
    Some(entry)
}

fn rename_entry(
    from: &str,
    to: &str,
    base: &File,
    new: &File,
    ours: Option<File>,
    options: &PlanOptions,
) -> Option<Entry> {
    let mut entry = match ours {
        None => Entry::new(to, Action::DeletedByUser),
        Some(ours) if ours == *base => writing(to, Action::Rename, new.clone()),
        Some(ours) => {
            let mut entry = merged(to, Action::Rename, base, new, ours, options);
            entry.action = Action::Rename;
            entry
        }
    };
    entry.from = Some(from.to_string());
    Some(entry)
}

fn writing(path: &str, action: Action, content: File) -> Entry {
    Entry {
        content: Some(content),
        ..Entry::new(path, action)
    }
}

/// Both sides changed the file: a three-way merge; a binary file stays the
/// user's, as a conflict.
fn merged(
    path: &str,
    action: Action,
    base: &File,
    new: &File,
    ours: File,
    options: &PlanOptions,
) -> Entry {
    // The template's change of the execute bit wins, else the user's stays.
    let executable = if base.executable != new.executable {
        new.executable
    } else {
        ours.executable
    };
    if [&base.bytes, &new.bytes, &ours.bytes]
        .iter()
        .any(|b| merge::is_binary(b))
    {
        let mut entry = Entry::new(path, Action::BinaryConflict);
        entry.conflicts = 1;
        if action == Action::Rename {
            entry.content = Some(ours);
        }
        return entry;
    }
    let mut entry = Entry::new(path, action);
    match options.conflict_style {
        ConflictStyle::Markers => {
            let result = merge::merge_text(&base.bytes, &ours.bytes, &new.bytes, &options.labels);
            entry.conflicts = result.conflicts();
            if let Merged::Conflicted { .. } = result {
                entry.action = Action::Conflict;
            }
            let bytes = match result {
                Merged::Clean(bytes) | Merged::Conflicted { content: bytes, .. } => bytes,
            };
            entry.content = Some(File { bytes, executable });
        }
        ConflictStyle::Rej => {
            let result = merge::merge_rejecting(&base.bytes, &ours.bytes, &new.bytes, path);
            entry.conflicts = result.hunks;
            if result.hunks > 0 {
                entry.action = Action::Conflict;
                entry.reject_content = Some(result.rejects);
            }
            entry.content = Some(File {
                bytes: result.content,
                executable,
            });
        }
    }
    entry
}

/// The unified diff of what applying the entry does, as `git diff` shows
/// it (a/ and b/ paths, /dev/null for a side that does not exist).
fn entry_diff(entry: &Entry, project: &mut ProjectFiles) -> Result<String, UpdateError> {
    let old_path = entry.from.as_deref().unwrap_or(&entry.path);
    let old = project.read(old_path)?;
    let new = match entry.action {
        Action::Remove => None,
        _ if entry.writes() => entry.content.clone(),
        _ => return Ok(String::new()),
    };
    let mut out = file_diff(old_path, old.as_ref(), &entry.path, new.as_ref());
    if let (Some(rej), Some(content)) = (&entry.rejects, &entry.reject_content) {
        out.push_str(&file_diff(
            rej,
            None,
            rej,
            Some(&File::new(content.clone())),
        ));
    }
    Ok(out)
}

fn file_diff(old_path: &str, old: Option<&File>, new_path: &str, new: Option<&File>) -> String {
    if old == new && old_path == new_path {
        return String::new();
    }
    let mut out = String::new();
    let mode = |f: &File| if f.executable { "100755" } else { "100644" };
    if let (Some(old), Some(new)) = (old, new)
        && old.executable != new.executable
    {
        out.push_str(&format!("old mode {}\nnew mode {}\n", mode(old), mode(new)));
    }
    if old_path != new_path {
        out.push_str(&format!("rename from {old_path}\nrename to {new_path}\n"));
    }
    let a = old.map_or("/dev/null".to_string(), |_| format!("a/{old_path}"));
    let b = new.map_or("/dev/null".to_string(), |_| format!("b/{new_path}"));
    let empty = Vec::new();
    let (old_bytes, new_bytes) = (
        old.map_or(&empty, |f| &f.bytes),
        new.map_or(&empty, |f| &f.bytes),
    );
    if old_bytes == new_bytes {
        return out;
    }
    if merge::is_binary(old_bytes) || merge::is_binary(new_bytes) {
        out.push_str(&format!("Binary files {a} and {b} differ\n"));
        return out;
    }
    let (old_text, new_text) = (
        String::from_utf8_lossy(old_bytes),
        String::from_utf8_lossy(new_bytes),
    );
    let diff = similar::TextDiff::from_lines(old_text.as_ref(), new_text.as_ref());
    out.push_str(
        &diff
            .unified_diff()
            .context_radius(3)
            .header(&a, &b)
            .to_string(),
    );
    out
}

/// Carries the plan out in `project`. Every new content is first written
/// to a temporary file beside its target; only when all are written are
/// they renamed into place and the removed files removed, in one step that
/// Ctrl-C waits for. A failure before that step removes the temporary
/// files and leaves the tree as it was; a failure inside it (a rename
/// refused) puts back what was already moved.
pub fn apply(plan: &UpdatePlan, project: &Path) -> Result<(), UpdateError> {
    let mut staged = Staged::default();
    let result = stage(plan, project, &mut staged).and_then(|()| staged.commit());
    staged.clean_up();
    result
}

/// A file written beside its target, to be renamed over it.
struct Pending {
    temporary: PathBuf,
    target: PathBuf,
    _guard: crate::interrupt::Guard,
}

/// The original of a file replaced or removed, kept (hard-linked, or
/// copied) until the step is done.
struct Backup {
    backup: PathBuf,
    original: PathBuf,
    _guard: crate::interrupt::Guard,
}

#[derive(Default)]
struct Staged {
    writes: Vec<Pending>,
    removals: Vec<PathBuf>,
    backups: Vec<Backup>,
    /// Directories made for new files, outermost first.
    made_dirs: Vec<(PathBuf, crate::interrupt::Guard)>,
    /// Targets written so far inside the step, for putting back.
    moved: Vec<PathBuf>,
    removed: Vec<PathBuf>,
    committed: bool,
}

fn stage(plan: &UpdatePlan, project: &Path, staged: &mut Staged) -> Result<(), UpdateError> {
    let mut resolver = Resolver::new(project);
    for entry in &plan.entries {
        if let Some(content) = &entry.content {
            let target = resolver.resolve_for_writing(&entry.path)?;
            // Content already there is not rewritten.
            if read_file(&target)?.as_ref() != Some(content) {
                staged.write(&target, content)?;
            }
        }
        if let (Some(rej), Some(content)) = (&entry.rejects, &entry.reject_content) {
            let target = resolver.resolve_for_writing(rej)?;
            staged.write(&target, &File::new(content.clone()))?;
        }
        let removed = match (&entry.from, entry.action) {
            (Some(from), _) if entry.action != Action::DeletedByUser => Some(from.as_str()),
            (None, Action::Remove) => Some(entry.path.as_str()),
            _ => None,
        };
        if let Some(removed) = removed {
            let target = resolver.resolve_for_writing(removed)?;
            staged.back_up(&target)?;
            staged.removals.push(target);
        }
    }
    Ok(())
}

impl Staged {
    fn write(&mut self, target: &Path, content: &File) -> Result<(), UpdateError> {
        let error = |source| UpdateError::Write {
            path: target.to_path_buf(),
            source,
        };
        let dir = target.parent().unwrap_or(Path::new("."));
        self.make_dirs(dir).map_err(error)?;
        let temporary = beside(target, "new");
        let guard = crate::interrupt::remove_on_interrupt(&temporary);
        self.write_new(&temporary, target, content)
            .inspect_err(|_| {
                let _ = std::fs::remove_file(&temporary);
            })
            .map_err(error)?;
        if target.exists() {
            self.back_up(target)?;
        }
        self.writes.push(Pending {
            temporary,
            target: target.to_path_buf(),
            _guard: guard,
        });
        Ok(())
    }

    fn write_new(&self, temporary: &Path, target: &Path, content: &File) -> std::io::Result<()> {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temporary)?;
        file.write_all(&content.bytes)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The replaced file's mode, with the execute bits the content
            // asks for (where read is allowed).
            let mode = match std::fs::metadata(target) {
                Ok(existing) => existing.permissions().mode(),
                Err(_) => file.metadata()?.permissions().mode(),
            } & 0o7777;
            let mode = if content.executable {
                mode | ((mode & 0o444) >> 2)
            } else {
                mode & !0o111
            };
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        file.sync_all()
    }

    fn make_dirs(&mut self, dir: &Path) -> std::io::Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        if let Some(parent) = dir.parent() {
            self.make_dirs(parent)?;
        }
        std::fs::create_dir(dir)?;
        let guard = crate::interrupt::remove_on_interrupt(dir);
        self.made_dirs.push((dir.to_path_buf(), guard));
        Ok(())
    }

    fn back_up(&mut self, original: &Path) -> Result<(), UpdateError> {
        if self.backups.iter().any(|b| b.original == original) {
            return Ok(());
        }
        let backup = beside(original, "old");
        let guard = crate::interrupt::remove_on_interrupt(&backup);
        std::fs::hard_link(original, &backup)
            .or_else(|_| std::fs::copy(original, &backup).map(|_| ()))
            .map_err(|source| UpdateError::Write {
                path: original.to_path_buf(),
                source,
            })?;
        self.backups.push(Backup {
            backup,
            original: original.to_path_buf(),
            _guard: guard,
        });
        Ok(())
    }

    /// The step Ctrl-C waits for: renames into place, then removals.
    fn commit(&mut self) -> Result<(), UpdateError> {
        let _critical = crate::interrupt::critical_section();
        let result = self.move_into_place();
        if result.is_err() {
            self.put_back();
        } else {
            self.committed = true;
            // The moved files are the project's now: not removed on Ctrl-C.
            self.writes.clear();
            self.made_dirs.clear();
        }
        result
    }

    fn move_into_place(&mut self) -> Result<(), UpdateError> {
        for pending in &self.writes {
            std::fs::rename(&pending.temporary, &pending.target).map_err(|source| {
                UpdateError::Commit {
                    path: pending.target.clone(),
                    source,
                }
            })?;
            self.moved.push(pending.target.clone());
        }
        for path in &self.removals {
            // A rename's old path may have been written over by another
            // entry's new file: removed only when still the original.
            if self.moved.contains(path) {
                continue;
            }
            match std::fs::remove_file(path) {
                Ok(()) => self.removed.push(path.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => {
                    return Err(UpdateError::Commit {
                        path: path.clone(),
                        source,
                    });
                }
            }
        }
        Ok(())
    }

    /// Undoes a step that failed half-way, from the backups.
    fn put_back(&mut self) {
        for target in self.moved.iter().chain(&self.removed) {
            match self.backups.iter().find(|b| &b.original == target) {
                Some(backup) => {
                    let _ = std::fs::rename(&backup.backup, target);
                }
                None => {
                    let _ = std::fs::remove_file(target);
                }
            }
        }
    }

    /// Removes what is left of the temporary and backup files, and the
    /// directories made for a failed update.
    fn clean_up(&mut self) {
        for pending in &self.writes {
            let _ = std::fs::remove_file(&pending.temporary);
        }
        for backup in &self.backups {
            let _ = std::fs::remove_file(&backup.backup);
        }
        if !self.committed {
            for (dir, _) in self.made_dirs.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}

/// A name beside `path` for plat's own temporary file: hidden, naming
/// plat and the process, so it can never be a user's file.
fn beside(path: &Path, kind: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(
        ".{name}.plat-update-{kind}-{}-{n}",
        std::process::id()
    ))
}
