//! Output formats. Findings go to standard output; the summary line to standard error.

mod concise;
pub mod github;
mod json;
mod pretty;
mod sarif;
mod statistics;

pub use statistics::write as write_statistics;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::finding::Finding;
use crate::source::SourceFile;

/// An output format (the command line names them: `--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Source excerpts with the exact span underlined (miette).
    Pretty,
    /// One line per finding: `path:line:col: CODE [rule] message`.
    Concise,
    /// A JSON array, sorted by file, line, column.
    Json,
    /// GitHub Actions annotations (the default when GITHUB_ACTIONS=true).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

/// Everything a reporter needs besides the findings.
pub struct Style {
    pub cwd: PathBuf,
    pub color: bool,
    /// `--unsafe-fixes`: unsafe fixes count as available.
    pub unsafe_fixes: bool,
}

/// Whether a finding's fix is one `--fix` applies with these settings.
/// Whether a character of a page's text must not reach a terminal as it is: control
/// characters (an escape sequence can clear the screen or set the title, a line break can
/// forge an output line) and the bidirectional overrides that reorder what is shown.
fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from a page for one line of a text output: what `unprintable` names is written as
/// an escape (`\n`, `\u{1b}`). JSON and SARIF keep the exact text. `keep_breaks` leaves line
/// breaks and tabs (a format that encodes them itself).
pub fn printable(text: &str, keep_breaks: bool) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| unprintable(c) && !(keep_breaks && matches!(c, '\n' | '\r' | '\t'));
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            c if !escaped(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A source excerpt with each unprintable character but line breaks and tabs replaced by a
/// placeholder of the same length in bytes, so the spans into it still hold.
pub fn neutralized(text: String) -> String {
    if !text
        .chars()
        .any(|c| unprintable(c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        return text;
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => c,
            c if unprintable(c) => match c.len_utf8() {
                1 => '?',
                2 => '\u{bf}',
                _ => '\u{fffd}',
            },
            c => c,
        })
        .collect()
}

pub fn fix_shown(f: &Finding, unsafe_fixes: bool) -> bool {
    f.fix.as_ref().is_some_and(|x| x.applies(unsafe_fixes))
}

/// How a file is named in output: relative to the current directory when below it, with `/`.
pub fn display_path(file: &Path, cwd: &Path) -> String {
    let rel = file.strip_prefix(cwd).unwrap_or(file);
    let s = rel.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// ` (built from content/python/basics/intro.md)` for a payload finding whose source page is
/// known, else nothing: the payload is build output, the fix belongs in the source.
pub fn built_from(f: &Finding, cwd: &Path) -> String {
    f.origin
        .as_ref()
        .map(|o| format!(" (built from {})", display_path(o, cwd)))
        .unwrap_or_default()
}

/// Where an edit of `f`'s fix lies in `path`: from the finding's own location when the edit
/// starts and ends where the finding does (most fixes rewrite or extend what they report),
/// else from the file read back.
pub fn edit_location(
    f: &Finding,
    path: &std::sync::Arc<PathBuf>,
    edit: &crate::finding::Edit,
    sources: &mut Sources,
) -> crate::source::Location {
    let l = &f.location;
    let at = |offset: usize| {
        if offset == l.range.start {
            Some(l.start)
        } else if offset == l.range.end {
            Some(l.end)
        } else {
            None
        }
    };
    if std::sync::Arc::ptr_eq(path, &f.file) {
        if let (Some(start), Some(end)) = (at(edit.range.start), at(edit.range.end)) {
            return crate::source::Location {
                range: edit.range.clone(),
                start,
                end,
            };
        }
    }
    sources
        .get(path)
        .map(|s| s.location(edit.range.clone()))
        .unwrap_or_default()
}

/// The display name of each finding's file, worked out once a file (findings come sorted by
/// file, sharing its `Arc`).
#[derive(Default)]
pub struct Names {
    last: Option<(std::sync::Arc<PathBuf>, String)>,
}

impl Names {
    pub fn of(&mut self, file: &std::sync::Arc<PathBuf>, cwd: &Path) -> &str {
        let same = self
            .last
            .as_ref()
            .is_some_and(|(f, _)| std::sync::Arc::ptr_eq(f, file));
        if !same {
            self.last = Some((file.clone(), display_path(file, cwd)));
        }
        self.last.as_ref().map_or("", |(_, name)| name.as_str())
    }
}

/// Files read back for excerpts and edit positions. Findings come sorted by file, so only the
/// last few files read are kept: output of thousands of findings does not hold every file
/// with one in memory.
#[derive(Default)]
pub struct Sources {
    /// Texts given by the caller (standard input): kept for the whole output.
    given: HashMap<PathBuf, std::sync::Arc<SourceFile>>,
    /// How a file is read back (the workspace's bounded read); none here, which reads
    /// nothing: only the given texts are shown.
    read: Option<fn(&Path) -> Option<String>>,
    /// Files read back, the most recent last; `None` when a file cannot be read.
    recent: std::collections::VecDeque<(PathBuf, Option<SourceFile>)>,
    /// The bytes of text in `recent`.
    recent_bytes: usize,
}

/// How many files read back are kept: a finding's fix may edit every page of its topic.
const RECENT: usize = 64;

/// How much text they may hold together (a page may be up to 64 MB): the newest file is
/// always kept.
const RECENT_BYTES: usize = 32 * 1024 * 1024;

impl Sources {
    /// Sources that read a file back with `read` when no text was given for it.
    pub fn reading(read: fn(&Path) -> Option<String>) -> Sources {
        Sources {
            read: Some(read),
            ..Sources::default()
        }
    }

    pub fn get(&mut self, path: &Path) -> Option<&SourceFile> {
        if let Some(given) = self.given.get(path) {
            return Some(given);
        }
        let at = match self
            .recent
            .iter()
            .position(|(p, _)| p.as_os_str() == path.as_os_str())
        {
            Some(at) => at,
            None => {
                let src = self
                    .read
                    .and_then(|read| read(path))
                    .map(|t| SourceFile::new(path, t));
                let size = |s: &Option<SourceFile>| s.as_ref().map_or(0, |s| s.text.len());
                let bytes = size(&src);
                while !self.recent.is_empty()
                    && (self.recent.len() >= RECENT || self.recent_bytes + bytes > RECENT_BYTES)
                {
                    if let Some((_, old)) = self.recent.pop_front() {
                        self.recent_bytes -= size(&old);
                    }
                }
                self.recent_bytes += bytes;
                self.recent.push_back((path.to_path_buf(), src));
                self.recent.len() - 1
            }
        };
        self.recent.get(at).and_then(|(_, s)| s.as_ref())
    }

    /// Provide a file's text (standard input, or text already in memory).
    pub fn insert(&mut self, src: SourceFile) {
        self.given
            .insert(src.path.clone(), std::sync::Arc::new(src));
    }

    /// Sources for another thread: the given texts, none of the files read back.
    pub fn fork(&self) -> Sources {
        Sources {
            given: self.given.clone(),
            read: self.read,
            ..Sources::default()
        }
    }
}

/// An output format's writer, as ruff's `Emitter`: the findings (sorted, as a run gives
/// them), how to show them, and the files' texts for excerpts and positions.
pub trait Emitter {
    fn emit(
        &self,
        findings: &[Finding],
        style: &Style,
        sources: &mut Sources,
        out: &mut dyn Write,
    ) -> std::io::Result<()>;
}

impl Format {
    /// The format's [`Emitter`].
    pub fn emitter(self) -> &'static dyn Emitter {
        match self {
            Format::Pretty => &pretty::Pretty,
            Format::Concise => &concise::Concise,
            Format::Json => &json::Json,
            Format::Github => &github::Github,
            Format::Sarif => &sarif::Sarif,
        }
    }
}

/// Writes `findings` in `format` (its [`Emitter`]).
pub fn write(
    findings: &[Finding],
    format: Format,
    style: &Style,
    sources: &mut Sources,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    format.emitter().emit(findings, style, sources, out)
}

/// `Fixed 3 problems in 2 files.` (`others`: what to add inside the sentence, as
/// ` (1 not named: a.md)`).
pub fn fixed_summary(problems: usize, files: usize, others: &str) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "Fixed {problems} problem{} in {files} file{}{others}.",
        plural(problems),
        plural(files)
    )
}

/// `Found 7 problems in 3 files (2 fixable with --fix).` With `unsafe_fixes`, the unsafe
/// fixes count as fixable with `--fix` (ruff's wording); without, they are named apart.
pub fn summary(findings: &[Finding], files_checked: usize, unsafe_fixes: bool) -> String {
    if findings.is_empty() {
        let s = if files_checked == 1 { "" } else { "s" };
        return format!("All checks passed ({files_checked} file{s} checked).");
    }
    // Findings come sorted by file, sharing its `Arc`: a file starts where the Arc changes.
    let files = 1 + findings
        .windows(2)
        .filter(|w| !std::sync::Arc::ptr_eq(&w[0].file, &w[1].file) && w[0].file != w[1].file)
        .count();
    let fixable = |applied: bool| {
        findings
            .iter()
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applies(unsafe_fixes) == applied)
            })
            .count()
    };
    // With `unsafe_fixes`, every fix applies; without, the unsafe ones are named apart.
    let (safe, unsafe_) = (fixable(true), fixable(false));
    let n = findings.len();
    let mut s = format!(
        "Found {n} problem{} in {} file{}",
        if n == 1 { "" } else { "s" },
        files,
        if files == 1 { "" } else { "s" }
    );
    let fix = if unsafe_fixes {
        "--fix --unsafe-fixes"
    } else {
        "--fix"
    };
    match (safe, unsafe_) {
        (0, 0) => s.push('.'),
        (safe, 0) => s.push_str(&format!(" ({safe} fixable with {fix}).")),
        (0, u) => s.push_str(&format!(" ({u} fixable with --fix --unsafe-fixes).")),
        (safe, u) => s.push_str(&format!(
            " ({safe} fixable with --fix, {u} more with --unsafe-fixes)."
        )),
    }
    s
}

#[cfg(test)]
mod sources_tests {
    use super::{Sources, RECENT, RECENT_BYTES};
    use std::path::{Path, PathBuf};

    /// A reader without a disk: a file named `big-…` holds half the byte budget and a byte.
    fn read(path: &Path) -> Option<String> {
        let big = path.to_string_lossy().contains("big-");
        Some(match big {
            true => "y".repeat(RECENT_BYTES / 2 + 1),
            false => "x\n".into(),
        })
    }

    /// Files read back are kept up to a count and a size: the newest always, the oldest go.
    #[test]
    fn files_read_back_are_bounded_by_count_and_bytes() {
        let mut sources = Sources::reading(read);
        for i in 0..RECENT + 6 {
            let path = PathBuf::from(format!("/p/{i}.md"));
            assert!(sources.get(&path).is_some());
        }
        assert_eq!(sources.recent.len(), RECENT);
        assert_eq!(sources.recent_bytes, 2 * RECENT);
        let big = RECENT_BYTES / 2 + 1;
        for name in ["/p/big-a.md", "/p/big-b.md"] {
            assert_eq!(
                sources.get(Path::new(name)).map(|s| s.text.len()),
                Some(big)
            );
        }
        // `big-b.md` alone: `big-a.md` and the small files made room for it.
        assert_eq!(sources.recent.len(), 1);
        assert_eq!(sources.recent_bytes, big);
    }

    /// Without a reader (the core's own), only given texts are shown.
    #[test]
    fn sources_without_a_reader_read_nothing() {
        assert!(Sources::default().get(Path::new("/etc/hostname")).is_none());
    }
}
