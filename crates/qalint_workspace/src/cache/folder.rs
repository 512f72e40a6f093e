//! The cache's folder, handled as a repository could have laid it out: as a symbolic link to
//! somewhere else, with its marker files linked to files outside, or (with `--cache-dir`) as
//! a folder that already holds files of the user's. qalint never writes through a link it
//! did not make: a folder that is a link is not used at all, the marker files are written
//! only into a folder qalint has just created (and never over an existing file), and the
//! cache file itself is replaced by a rename, which replaces a link rather than following it.

use std::path::Path;

/// Why `folder` cannot hold the cache, if it cannot: it is a link, or not a folder. A folder
/// that does not exist yet is fine (it is made when the cache is saved).
pub fn refused(folder: &Path) -> Option<String> {
    match std::fs::symlink_metadata(folder) {
        Ok(m) if m.file_type().is_symlink() => Some(format!(
            "{} is a symbolic link: not used (qalint never writes through a link it did not \
             make); running without a cache",
            folder.display()
        )),
        Ok(m) if !m.is_dir() => Some(format!(
            "{} is not a folder: running without a cache",
            folder.display()
        )),
        _ => None,
    }
}

/// Makes sure `folder` exists and is a real folder, ready for the cache file. When qalint
/// creates it, it gets a `CACHEDIR.TAG` (backup tools skip it) and a `.gitignore` holding
/// `*` (git ignores it), each created new, never over an existing file.
pub fn prepare(folder: &Path) -> Result<(), String> {
    if let Some(parent) = folder.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let created = match std::fs::create_dir(folder) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
        Err(e) => return Err(e.to_string()),
    };
    if let Some(why) = refused(folder) {
        return Err(why);
    }
    if created {
        // Best effort: the cache works without them.
        let _ = create_new(
            &folder.join("CACHEDIR.TAG"),
            b"Signature: 8a477f597d28d172789f06886806bc55\n# qalint's cache: safe to delete.\n",
        );
        let _ = create_new(&folder.join(".gitignore"), b"*\n");
    }
    Ok(())
}

/// Writes a file that must not exist yet: `O_EXCL` refuses an existing file and any link,
/// dangling or not.
fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)?.write_all(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn markers_only_in_a_folder_qalint_made_never_through_links() {
        let top = tempfile::tempdir().expect("temp dir");
        // A new folder gets both markers.
        let fresh = top.path().join("a/b/cache");
        prepare(&fresh).expect("made");
        assert!(fresh.join("CACHEDIR.TAG").is_file());
        assert_eq!(
            std::fs::read(fresh.join(".gitignore")).expect("read"),
            b"*\n"
        );
        // An existing folder with its own .gitignore keeps it, and gets no tag.
        let existing = top.path().join("project");
        std::fs::create_dir(&existing).expect("mkdir");
        std::fs::write(existing.join(".gitignore"), "node_modules/\n").expect("write");
        prepare(&existing).expect("usable");
        assert_eq!(
            std::fs::read_to_string(existing.join(".gitignore")).expect("read"),
            "node_modules/\n"
        );
        assert!(!existing.join("CACHEDIR.TAG").exists());
        // A folder that is a link is refused, and nothing is written where it points.
        let target = top.path().join("target");
        std::fs::create_dir(&target).expect("mkdir");
        let link = top.path().join("link");
        std::os::unix::fs::symlink(&target, &link).expect("link");
        let why = prepare(&link).expect_err("refused");
        assert!(why.contains("is a symbolic link"), "{why}");
        assert!(refused(&link).is_some());
        assert_eq!(std::fs::read_dir(&target).expect("ls").count(), 0);
        // A file where the folder should be is refused too.
        let file = top.path().join("file");
        std::fs::write(&file, "x").expect("write");
        assert!(prepare(&file).is_err());
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "x");
    }

    #[test]
    fn a_new_file_is_never_written_through_a_link() {
        let top = tempfile::tempdir().expect("temp dir");
        let outside = top.path().join("outside");
        std::fs::write(&outside, "keep").expect("write");
        let link = top.path().join("marker");
        std::os::unix::fs::symlink(&outside, &link).expect("link");
        assert!(create_new(&link, b"*\n").is_err());
        assert_eq!(std::fs::read_to_string(&outside).expect("read"), "keep");
        let dangling = top.path().join("dangling");
        std::os::unix::fs::symlink(top.path().join("nowhere"), &dangling).expect("link");
        assert!(create_new(&dangling, b"*\n").is_err());
        assert!(!top.path().join("nowhere").exists());
    }
}

/// The cache folder of the project at `root` outside it, in the user's own cache folder (for
/// a project whose every file a Nuxt collection reads): one folder a project, named by a
/// digest of its path.
pub fn outside(root: &Path) -> Result<std::path::PathBuf, String> {
    let base = dirs::cache_dir()
        .filter(|d| d.is_absolute())
        .ok_or("the user has no cache folder (HOME is not set) to keep the cache in")?;
    let digest = xxhash_rust::xxh3::xxh3_128(root.as_os_str().as_encoded_bytes());
    Ok(base.join("qalint").join("projects").join(format!("{digest:032x}")))
}
