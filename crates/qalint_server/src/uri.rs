//! `file:` URIs and paths, both ways (percent-encoding as RFC 3986 asks).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file:///p` (empty host) or `file://localhost/p`; another host's file is not this
    // machine's (and `file://host/p` is no relative path `host/p`).
    let path = match rest.strip_prefix("localhost") {
        Some(p) if p.starts_with('/') => p,
        _ if rest.starts_with('/') => rest,
        _ => return None,
    };
    let path = path_of(decode(path)?)?;
    // The server knows files by their canonical path, as the engine does: its folders
    // resolved, but not a link at its end (a page replaced by a link is that link, which the
    // discovery rules then judge).
    let resolved = match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir).ok().map(|d| d.join(name)),
        _ => None,
    };
    Some(resolved.unwrap_or(path))
}

#[cfg(unix)]
fn path_of(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

/// `/C:/dir/file.md` is `C:\dir\file.md`.
#[cfg(not(unix))]
fn path_of(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    let text = match text.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => &text[1..],
        _ => &text,
    };
    Some(PathBuf::from(text.replace('/', "\\")))
}

#[cfg(unix)]
fn uri_path(path: &Path) -> Option<std::borrow::Cow<'_, [u8]>> {
    use std::os::unix::ffi::OsStrExt;
    Some(path.as_os_str().as_bytes().into())
}

/// `C:\dir\file.md` is `/C:/dir/file.md`.
#[cfg(not(unix))]
fn uri_path(path: &Path) -> Option<std::borrow::Cow<'_, [u8]>> {
    let text = path.to_str()?;
    let text = text
        .strip_prefix(r"\\?\")
        .unwrap_or(text)
        .replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    Some(text.into_bytes().into())
}

pub fn from_path(path: &Path) -> Option<Uri> {
    let mut s = String::from("file://");
    for &b in uri_path(path)?.iter() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&s).ok()
}

fn decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_spaces_and_accents() {
        let p = Path::new("/tmp/does-not-exist/2.Basics Part/Q & A Café.md");
        let uri = from_path(p).expect("a uri");
        assert_eq!(
            uri.as_str(),
            "file:///tmp/does-not-exist/2.Basics%20Part/Q%20%26%20A%20Caf%C3%A9.md"
        );
        assert_eq!(to_path(&uri).as_deref(), Some(p));
        let on = |u: &str| to_path(&Uri::from_str(u).expect("a uri"));
        assert_eq!(on("file://host/p"), None, "another machine's file");
        assert_eq!(
            on("file://localhost/tmp/x.md").as_deref(),
            Some(Path::new("/tmp/x.md"))
        );
    }
}
