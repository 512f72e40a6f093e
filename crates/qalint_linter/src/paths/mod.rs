//! Page paths as Nuxt Content v3 derives them (its path-meta transformer): from the file's
//! stem below the content folder, segment by segment, through [`slugify`].

pub mod slugify;

use std::path::{Component, Path};

/// The path Nuxt Content gives a source file: relative to the nearest `content/` folder above
/// it (else to `content_root`).
pub fn page_path(file: &Path, content_root: &Path) -> String {
    // The nearest `content` folder is the last `/content/` of a path's text: found without
    // parsing every ancestor (this runs for every page of every run).
    if let Some(rel) = file
        .to_str()
        .and_then(|s| s.rfind("/content/").map(|i| &s[i + "/content/".len()..]))
        .filter(|r| is_plain(r))
    {
        return stem_path(rel);
    }
    let base = file
        .ancestors()
        .skip(1)
        .find(|a| a.file_name().is_some_and(|n| n == "content"))
        .unwrap_or(content_root);
    path_below(file, base)
}

/// The path of a source file below the content folder `base`.
pub fn path_below(file: &Path, base: &Path) -> String {
    let rel = file.strip_prefix(base).unwrap_or(file);
    // A canonical relative path is its names joined by `/` already (the common case).
    if let Some(plain) = rel.to_str().filter(|r| is_plain(r)) {
        return stem_path(plain);
    }
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    stem_path(&parts.join("/"))
}

/// A relative path written as its names joined by `/` (no empty, `.` or `..` name).
fn is_plain(rel: &str) -> bool {
    !rel.starts_with('/')
        && !rel
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
}

/// The path of a file named `file` below the content folder (`1.python/2.Intro File.md`):
/// Nuxt's `describeId` then `generatePath`.
pub fn stem_path(file: &str) -> String {
    // describeId splits the id at `/` and `:` alike. The folder's segments are the same for
    // every page of a folder, and pages of a folder come one after another: each thread
    // keeps its last folder's slugs.
    thread_local! {
        static LAST: std::cell::RefCell<(String, String)> = const {
            std::cell::RefCell::new((String::new(), String::new()))
        };
    }
    let (folder, name) = match file.rfind('/') {
        Some(i) => (Some(&file[..i]), &file[i + 1..]),
        None => (None, file),
    };
    let mut joined = String::with_capacity(file.len() + 2);
    if let Some(folder) = folder {
        LAST.with_borrow_mut(|(last, slugs)| {
            if last != folder {
                last.clear();
                last.push_str(folder);
                slugs.clear();
                push_slugs(slugs, folder.split(['/', ':']), false, false);
            }
            joined.push_str(slugs);
        });
    }
    push_slugs(&mut joined, name.split(':'), folder.is_some(), true);
    // ufo's withoutTrailingSlash (one slash; "" stays "") then withLeadingSlash.
    if joined.ends_with('/') {
        joined.pop();
    }
    if !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    joined
}

/// Appends the slug of each part, with `/` between them (and before the first when `sep`);
/// the last part of a `file_name` loses its extension.
fn push_slugs<'a>(
    out: &mut String,
    parts: impl Iterator<Item = &'a str>,
    mut sep: bool,
    file_name: bool,
) {
    let mut parts = parts.peekable();
    while let Some(part) = parts.next() {
        if sep {
            out.push('/');
        }
        sep = true;
        let part = match parts.peek() {
            None if file_name => without_extension(part),
            _ => part,
        };
        out.push_str(&slugify::slugify(refine_segment(part)));
    }
}

/// describeId's `/(.*)\.([^.]+)$/` on the file name: the extension goes, and with it
/// anything before a line break (JavaScript's `.` stops there); a name that is all extension
/// is kept whole.
fn without_extension(name: &str) -> &str {
    let Some(dot) = name.rfind('.') else {
        return name;
    };
    if dot + 1 == name.len() {
        return name;
    }
    let start = name[..dot]
        .rfind(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map_or(0, |i| {
            i + name[i..].chars().next().map_or(1, char::len_utf8)
        });
    match &name[start..dot] {
        "" => name,
        base => base,
    }
}

/// Nuxt's `refineUrlPart`: a version-like segment is kept; else one `digits.` ordering prefix,
/// `index` and a trailing `.draft` go.
fn refine_segment(name: &str) -> &str {
    if is_version(name) {
        return name;
    }
    let name = match name.split_once('.') {
        Some((digits, rest))
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => name,
    };
    if name == "index" || name == "index.draft" {
        return "";
    }
    name.strip_suffix(".draft").unwrap_or(name)
}

/// `^\d+(?:\.\d+)*(?:\.x)?$`
fn is_version(name: &str) -> bool {
    let name = name.strip_suffix(".x").unwrap_or(name);
    !name.is_empty()
        && name
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::{page_path, stem_path};
    use std::path::Path;

    #[test]
    fn paths_follow_nuxt_content() {
        let root = Path::new("/site");
        let at = |f: &str| page_path(Path::new(f), root);
        assert_eq!(
            at("/site/content/python/concurrency/asyncio.md"),
            "/python/concurrency/asyncio"
        );
        assert_eq!(
            at("/site/content/1.python/2.basics/index.md"),
            "/python/basics"
        );
        assert_eq!(at("/site/content/index.md"), "/");
        assert_eq!(at("/site/go/x.md"), "/go/x");
        assert_eq!(
            at("/site/content/1.python/2.Intro File.md"),
            "/python/intro-file"
        );
        assert_eq!(stem_path("1.x/a.md"), "/1.x/a");
    }

    /// The nearest `content` folder found in a path's text is the one its ancestors name.
    #[test]
    fn the_nearest_content_folder_by_text_is_the_nearest_ancestor() {
        let root = Path::new("/site");
        let by_ancestors = |f: &Path| {
            let base = f
                .ancestors()
                .skip(1)
                .find(|a| a.file_name().is_some_and(|n| n == "content"))
                .unwrap_or(root);
            super::path_below(f, base)
        };
        for f in [
            "/site/content/a/b.md",
            "/content/x.md",
            "/site/content/a/content/b.md",
            "/site/content/a/contents/b.md",
            "/site/mycontent/a.md",
            "/site/content.md",
            "/site/content/content.md",
            "/site/a/content//b.md",
            "/site/a/content/./b.md",
            "/site/a/content/../content/b.md",
            "/site/content/1.Go Lang/2.Ünïcode Page.md",
            "/site/x/y.md",
        ] {
            let f = Path::new(f);
            assert_eq!(page_path(f, root), by_ancestors(f), "{f:?}");
        }
    }
}
