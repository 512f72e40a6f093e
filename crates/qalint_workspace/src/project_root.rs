//! Where a project begins and which `qalint.toml` files speak for it. A settings file can
//! switch rules off, so it is trusted only where the user put it: anything named
//! `qalint.toml` counts (one that cannot be read stops the run, it is never passed over in
//! silence), but one in a folder every user can write to, put there by someone else (a
//! `/tmp/qalint.toml` above a project outside git), is refused with a warning, as git refuses
//! a repository owned by someone else.

use std::path::{Path, PathBuf};

pub use qalint_linter::config::CONFIG_FILE;

/// What stands as `qalint.toml` in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigIn {
    None,
    /// A file to read (it may still fail to read: that is an error when it is read).
    File(PathBuf),
    /// A file not to trust, and why.
    Refused(String),
}

/// The `qalint.toml` of `dir`: anything by that name (a file, a link, dangling or not, a
/// FIFO, a folder), unless refused.
pub fn config_in(dir: &Path) -> ConfigIn {
    let file = dir.join(CONFIG_FILE);
    let Ok(meta) = std::fs::symlink_metadata(&file) else {
        return ConfigIn::None;
    };
    match refused(dir, &meta) {
        Some(why) => ConfigIn::Refused(format!("{} not read: {why}", file.display())),
        None => ConfigIn::File(file),
    }
}

/// Why a `qalint.toml` whose entry `meta` describes (the entry itself, a link's own owner)
/// is not to be trusted: its folder is writable by other users (its group, or everyone) and
/// either the folder or the file belongs to someone else, as git refuses such a folder.
#[cfg(unix)]
fn refused(dir: &Path, meta: &std::fs::Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let folder = std::fs::metadata(dir).ok()?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    // Someone else's file that every user may rewrite, wherever it lies.
    if meta.mode() & 0o002 != 0 && meta.uid() != me && !meta.file_type().is_symlink() {
        return Some(
            "it is writable by every user and it is not yours (settings that could switch \
             rules off are read only from files others cannot change)"
                .into(),
        );
    }
    let who = match folder.mode() & 0o022 {
        0 => return None,
        m if m & 0o002 != 0 => "every user",
        _ => "its group",
    };
    (folder.uid() != me || meta.uid() != me).then(|| {
        format!(
            "its folder is writable by {who} and it was not put there by you (settings that \
             could switch rules off are read only from your own folders)"
        )
    })
}

#[cfg(not(unix))]
fn refused(_: &Path, _: &std::fs::Metadata) -> Option<String> {
    None
}

/// The project root for work started in `cwd`: see [`project_root_noting`].
pub fn project_root(cwd: &Path) -> PathBuf {
    project_root_noting(cwd, &mut Vec::new())
}

/// The top of the git work tree `dir` lies in (a `.git` folder, or file for a worktree).
pub fn git_top(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|d| d.join(".git").exists())
}

/// The project root: the folder of the nearest `qalint.toml` above `cwd` that says
/// `root = true`, else the top of the git work tree, else the folder of the topmost
/// `qalint.toml`, else `cwd`. A `qalint.toml` without `root = true` is never a boundary: it
/// refines the settings of the files below it, wherever qalint starts. Files refused on the
/// way up are noted in `warnings`.
pub fn project_root_noting(cwd: &Path, warnings: &mut Vec<String>) -> PathBuf {
    let git = git_top(cwd);
    // Folders from `cwd` up to the top of the work tree (or the file system's root).
    let up: Vec<&Path> = match git {
        Some(top) => cwd.ancestors().take_while(|d| d.starts_with(top)).collect(),
        None => cwd.ancestors().collect(),
    };
    let mut topmost = None;
    for dir in &up {
        match config_in(dir) {
            ConfigIn::None => {}
            ConfigIn::Refused(why) => warnings.push(why),
            ConfigIn::File(file) => {
                if says_root(&file) {
                    return dir.to_path_buf();
                }
                topmost = Some(dir.to_path_buf());
            }
        }
    }
    git.map(Path::to_path_buf)
        .or(topmost)
        .unwrap_or_else(|| cwd.to_path_buf())
}

/// The project roots of the files and folders `paths` name (a file's folder's root, a
/// folder's own), sorted, each once. A file that does not exist (an editor's unsaved buffer)
/// counts by its folder.
pub fn roots_of(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .filter_map(|p| match std::fs::canonicalize(p) {
            Ok(p) if p.is_dir() => Some(p),
            Ok(p) => Some(p.parent()?.to_path_buf()),
            Err(_) => std::fs::canonicalize(p.parent()?).ok(),
        })
        .collect();
    // A hook names many files of few folders: each folder's root is looked up once.
    dirs.sort();
    dirs.dedup();
    let mut roots: Vec<PathBuf> = dirs.iter().map(|d| project_root(d)).collect();
    roots.sort();
    roots.dedup();
    roots
}

/// Whether `dir` is a project root by a mark of its own: the top of a git work tree, or a
/// `qalint.toml` (not a folder that is a root only because nothing above it is).
pub fn is_marked_root(dir: &Path) -> bool {
    dir.join(".git").exists() || dir.join(CONFIG_FILE).exists()
}

/// Whether a `qalint.toml` says `root = true` (a file that does not parse says no here; it is
/// reported when its settings are read).
pub fn says_root(file: &Path) -> bool {
    crate::bounded_read::read_to_string(file)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("root").and_then(toml::Value::as_bool))
        .unwrap_or(false)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn anything_named_qalint_toml_counts() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(config_in(dir.path()), ConfigIn::None);
        let file = dir.path().join(CONFIG_FILE);
        std::os::unix::fs::symlink(dir.path().join("gone"), &file).expect("link");
        assert_eq!(config_in(dir.path()), ConfigIn::File(file.clone()));
        std::fs::remove_file(&file).expect("rm");
        std::fs::create_dir(&file).expect("mkdir");
        assert_eq!(config_in(dir.path()), ConfigIn::File(file));
    }

    /// A world-writable folder of the user's own, with the user's own file, is trusted (the
    /// other cases need a second user: tests/trust.rs makes one when run as root).
    #[test]
    fn the_users_own_file_in_an_open_folder_is_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777))
            .expect("chmod");
        std::fs::write(dir.path().join(CONFIG_FILE), "").expect("write");
        assert!(matches!(config_in(dir.path()), ConfigIn::File(_)));
    }
}
