//! Every read qalint makes is bounded: pages, standard input, the schema and configuration
//! files get at most [`MAX_FILE_SIZE`] bytes, and only regular files are opened (a FIFO would
//! block forever, `/dev/zero` never ends).

use std::io::Read;
use std::path::Path;

use qalint_linter::load::{text_of, LoadError};

/// The largest file (or standard input) qalint reads.
pub use qalint_linter::load::MAX_FILE_SIZE;

/// Why a read failed, in words for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

/// What a path is when it is not a regular file or a folder.
pub fn not_a_file(path: &Path) -> Option<&'static str> {
    not_a_file_by(&std::fs::metadata(path).ok()?)
}

/// What `meta` says a path is when it is not a regular file or a folder.
pub fn not_a_file_by(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() || t.is_dir() {
        return None;
    }
    special(t)
}

#[cfg(unix)]
fn special(t: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        Some("not a regular file")
    }
}

#[cfg(not(unix))]
fn special(_: std::fs::FileType) -> Option<&'static str> {
    Some("not a regular file")
}

/// Reads a regular file, at most [`MAX_FILE_SIZE`] bytes.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_file_up_to(path, MAX_FILE_SIZE)
}

/// Reads a regular file of at most `limit` bytes (qalint's own cache may outgrow a page).
pub fn read_file_up_to(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open(path).map_err(|e| ReadError(io_message(&e)))?;
    read_opened_up_to(file, &meta, limit)
}

/// Reads a file qalint wrote itself (its cache), of at most `limit` bytes: a link in its
/// place is refused, not followed.
pub fn read_own_file_up_to(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_own(path).map_err(|e| ReadError(io_message(&e)))?;
    read_opened_up_to(file, &meta, limit)
}

/// Opens a file qalint made (its cache, its key) as [`open`] does, but a link in its place is
/// refused, not followed.
pub fn open_own(path: &Path) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    open_with(path, NO_FOLLOW)
}

/// Opens `path` for reading and asks the open file what it is: one path lookup, not two.
/// Opened without blocking, so a FIFO (which would wait for a writer) is refused at once.
pub fn open(path: &Path) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    open_with(path, 0)
}

#[cfg(unix)]
const NO_FOLLOW: i32 = libc::O_NOFOLLOW;
#[cfg(not(unix))]
const NO_FOLLOW: i32 = 0;

fn open_with(path: &Path, flags: i32) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | flags);
    }
    #[cfg(not(unix))]
    let _ = flags;
    let file = options.open(path)?;
    let meta = file.metadata()?;
    Ok((file, meta))
}

/// Reads a file [`open`] gave, refused unless it is a regular file.
pub fn read_opened(file: std::fs::File, meta: &std::fs::Metadata) -> Result<Vec<u8>, ReadError> {
    read_opened_up_to(file, meta, MAX_FILE_SIZE)
}

fn read_opened_up_to(
    file: std::fs::File,
    meta: &std::fs::Metadata,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    if meta.is_dir() {
        return Err(ReadError("is a folder, not a file; not read".into()));
    }
    if let Some(what) = not_a_file_by(meta) {
        return Err(ReadError(format!(
            "is {what}, not a regular file; not read"
        )));
    }
    // Room for the whole file and the read that tells it ended: one read, no regrowth. The
    // standard library reserves 32 more bytes before that last read when fewer are left,
    // which doubles the buffer: 64 spare bytes keep a 60 MB page at 60 MB.
    let hint = meta.len().min(limit) as usize + 64;
    read_limited_into(file, Vec::with_capacity(hint), limit)
}

/// Reads a regular file as UTF-8 (for configuration and schema files).
pub fn read_to_string(path: &Path) -> Result<String, String> {
    let bytes = read_file(path).map_err(|e| format!("cannot read {}: {}", path.display(), e.0))?;
    String::from_utf8(bytes).map_err(|_| format!("cannot read {}: not valid UTF-8", path.display()))
}

/// Reads at most [`MAX_FILE_SIZE`] bytes: one more is an error, whatever the source claims
/// its size is.
pub fn read_limited(reader: impl Read) -> Result<Vec<u8>, ReadError> {
    read_limited_into(reader, Vec::new(), MAX_FILE_SIZE)
}

fn read_limited_into(
    reader: impl Read,
    mut bytes: Vec<u8>,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError(io_message(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError(format!(
            "larger than the {} MB limit",
            limit / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => format!("permission denied ({e})"),
        _ => format!("cannot read file: {e}"),
    }
}

/// Reads a file as UTF-8 text, refusing what cannot be a page.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    read_text_and_stat(path).map(|(text, _)| text)
}

/// [`read_text`], with what the open file's `fstat` said of it.
pub fn read_text_and_stat(path: &Path) -> Result<(String, std::fs::Metadata), LoadError> {
    let (file, meta) = open(path).map_err(|e| LoadError::new(page_io_message(&e), 0..0))?;
    if meta.is_dir() {
        return Err(LoadError::new("is a directory, not a file", 0..0));
    }
    if meta.len() > MAX_FILE_SIZE {
        let msg = format!(
            "file is {} MB, larger than the {} MB limit for a page",
            meta.len() / (1024 * 1024),
            MAX_FILE_SIZE / (1024 * 1024)
        );
        return Err(LoadError::new(msg, 0..0));
    }
    let bytes = read_opened(file, &meta).map_err(|e| LoadError::new(e.0, 0..0))?;
    Ok((text_of(bytes)?, meta))
}

fn page_io_message(e: &std::io::Error) -> String {
    match e.kind() {
        // The walk found it a moment ago.
        std::io::ErrorKind::NotFound => "file not found (was it deleted during the run?)".into(),
        _ => io_message(e),
    }
}

#[cfg(test)]
mod tests {
    /// A file of exactly the limit is read; one byte more is refused, with the limit said.
    #[test]
    fn a_file_is_read_up_to_its_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f");
        std::fs::write(&path, vec![b'x'; 2 * 1024 * 1024]).expect("write");
        let limit = 2 * 1024 * 1024;
        assert_eq!(
            super::read_file_up_to(&path, limit).map(|b| b.len()),
            Ok(2 * 1024 * 1024)
        );
        let err = super::read_file_up_to(&path, limit - 1).expect_err("too large");
        assert_eq!(err.0, "larger than the 1 MB limit");
    }
}
