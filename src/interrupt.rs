//! Ctrl-C: what plat was in the middle of making is removed before it
//! exits (130, as shells expect), so an interrupted `plat new` leaves no
//! half-written directory. Only paths plat created are ever registered.
//! What is kept on purpose (a partly published run) is named instead.
//! A step that must not be cut in two (moving an update's files into
//! place) runs in a [`critical_section`]: Ctrl-C then waits for its end.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard};

static CREATED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static NOTES: Mutex<Vec<String>> = Mutex::new(Vec::new());
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Held for reading by critical sections, for writing by the handler.
static CRITICAL: RwLock<()> = RwLock::new(());

/// Installs the handler (once, from `main`).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        // Waits for a critical section to end; held until exit so that no
        // new one starts.
        let _critical = CRITICAL.write();
        // A terminal's Ctrl-C reaches the programs plat runs anyway; a
        // signal sent to plat alone is passed on (with the shell's `kill`,
        // as procps may be missing), before their files are removed.
        // Each gets 5 s to stop, so that it writes nothing into what is
        // about to be removed.
        for pid in CHILDREN.lock().map(|c| c.clone()).unwrap_or_default() {
            let script = format!(
                "kill -INT {pid} 2>/dev/null; i=0; while kill -0 {pid} 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done"
            );
            let _ = std::process::Command::new("sh")
                .args(["-c", &script])
                .status();
        }
        let paths = CREATED.lock().map(|p| p.clone()).unwrap_or_default();
        for path in paths.iter().rev() {
            let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
            let _ = if is_dir {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            };
        }
        crate::output::clear_progress();
        if paths.is_empty() {
            eprintln!("error: interrupted");
        } else {
            eprintln!("error: interrupted; removed what this run had made so far");
        }
        for note in NOTES.lock().map(|n| n.clone()).unwrap_or_default() {
            eprintln!("note: {note}");
        }
        std::process::exit(130);
    });
}

/// Something to tell the user if Ctrl-C comes while the guard lives (what
/// was kept, and how to continue).
pub struct Note {
    text: String,
}

pub fn note_on_interrupt(text: String) -> Note {
    if let Ok(mut notes) = NOTES.lock() {
        notes.push(text.clone());
    }
    Note { text }
}

impl Drop for Note {
    fn drop(&mut self) {
        if let Ok(mut notes) = NOTES.lock() {
            notes.retain(|n| n != &self.text);
        }
    }
}

/// While the returned guard lives, Ctrl-C waits: the handler runs (and
/// removes what is registered) only after the guard is dropped. For short
/// steps that must finish once begun, such as renames into place.
pub fn critical_section() -> Critical {
    Critical {
        _guard: CRITICAL
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    }
}

pub struct Critical {
    _guard: RwLockReadGuard<'static, ()>,
}

/// A directory or file plat made, removed on Ctrl-C while the guard lives.
pub struct Guard {
    path: PathBuf,
}

pub fn remove_on_interrupt(path: &Path) -> Guard {
    if let Ok(mut created) = CREATED.lock() {
        created.push(path.to_path_buf());
    }
    Guard {
        path: path.to_path_buf(),
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(mut created) = CREATED.lock() {
            created.retain(|p| p != &self.path);
        }
    }
}

/// For the thread that waited on a program plat ran: when the program
/// ended because plat is being interrupted, the handler is cleaning up and
/// exits with 130; this waits for that instead of reporting the program's
/// end.
pub fn wait_if_interrupted() {
    if INTERRUPTED.load(Ordering::SeqCst) {
        loop {
            std::thread::park();
        }
    }
}

/// A program plat runs, interrupted with plat while the guard lives.
pub struct ChildGuard {
    pid: u32,
}

pub fn interrupt_with_plat(pid: u32) -> ChildGuard {
    if let Ok(mut children) = CHILDREN.lock() {
        children.push(pid);
    }
    ChildGuard { pid }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Ok(mut children) = CHILDREN.lock() {
            children.retain(|p| *p != self.pid);
        }
    }
}

/// A temporary directory removed when dropped, and on Ctrl-C.
pub struct TempDir {
    dir: tempfile::TempDir,
    _guard: Guard,
}

impl TempDir {
    pub fn new(prefix: &str) -> std::io::Result<TempDir> {
        let dir = tempfile::Builder::new().prefix(prefix).tempdir()?;
        let guard = remove_on_interrupt(dir.path());
        Ok(TempDir { dir, _guard: guard })
    }

    /// For scratch files nobody sees (renders compared, then thrown
    /// away): in memory (/dev/shm) where the system has it and TMPDIR does
    /// not say otherwise, as creating thousands of files on a disk costs
    /// many times more than writing them.
    pub fn scratch(prefix: &str) -> std::io::Result<TempDir> {
        let shm = Path::new("/dev/shm");
        let in_memory = std::env::var_os("TMPDIR").is_none() && shm.is_dir();
        let builder = {
            let mut builder = tempfile::Builder::new();
            builder.prefix(prefix);
            builder
        };
        let dir = match in_memory {
            true => builder.tempdir_in(shm).or_else(|_| builder.tempdir()),
            false => builder.tempdir(),
        }?;
        let guard = remove_on_interrupt(dir.path());
        Ok(TempDir { dir, _guard: guard })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}
