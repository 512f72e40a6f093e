//! What `stat` tells of a file, so that a file unchanged since the cache saw it is not even
//! read.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// What `stat` says of a file: when all of it is unchanged, so is the content (a write changes
/// the change time, which no one can set), and the file is not even read. When any of it
/// changed (a checkout rewrites modification times), the content digest decides.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Debug)]
pub struct Stat {
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    ino: u64,
    dev: u64,
}

impl Stat {
    /// What `stat` says of the file at `path` (canonical), `None` when it cannot be read.
    /// The path is given relative to the current folder when it lies below it: the kernel
    /// resolves fewer names (a run stats every file of the project to trust its entries).
    #[cfg(unix)]
    pub fn of_path(path: &Path) -> Option<Stat> {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        // The current folder's bytes with a `/` after them: a path below it starts with these
        // (both canonical), compared as bytes, not component by component.
        static CWD: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();
        let cwd = CWD.get_or_init(|| {
            let mut dir = std::env::current_dir().ok()?.canonicalize().ok()?;
            dir.push("");
            Some(dir.into_os_string().into_vec())
        });
        let bytes = path.as_os_str().as_bytes();
        let shorter = match cwd.as_deref().and_then(|c| bytes.strip_prefix(c)) {
            Some(rel) if !rel.is_empty() => Path::new(std::ffi::OsStr::from_bytes(rel)),
            _ => path,
        };
        std::fs::metadata(shorter).ok().map(|meta| Stat::of(&meta))
    }

    /// Without a change time no one can set, a `stat` proves nothing: every file's content
    /// decides (its digest), and no file is skipped unread.
    #[cfg(not(unix))]
    pub fn of_path(_: &Path) -> Option<Stat> {
        None
    }

    /// What `stat` said of a file (an open file's `fstat`, when it was read anyway).
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Stat {
        use std::os::unix::fs::MetadataExt;
        Stat {
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
            ino: meta.ino(),
            dev: meta.dev(),
        }
    }

    /// Recorded, never matched: [`Stat::of_path`] has none to compare it with.
    #[cfg(not(unix))]
    pub fn of(meta: &std::fs::Metadata) -> Stat {
        Stat {
            len: meta.len(),
            mtime: (0, 0),
            ctime: (0, 0),
            ino: 0,
            dev: 0,
        }
    }
}
