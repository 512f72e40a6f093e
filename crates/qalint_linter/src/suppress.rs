//! Suppression comments in frontmatter:
//! `# qalint: ignore[rule, …]` at the end of a line silences those rules on that line; on a
//! line of its own, on the entry that follows (a whole question item when one follows);
//! `# qalint: ignore-file[rule, …]` silences them in the whole file. Without `[…]`, every rule.
//! A suppression that silences nothing is reported (QA100), as ruff reports unused `noqa`.

use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::Finding;
use crate::load::{Page, PageKind};
use crate::rules::{self, CommentUse, UnknownRule};
use crate::source::{Location, SourceFile};

const MARKER: &str = "qalint:";

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Suppression {
    /// Rule codes silenced, with the name written for each; empty means every rule.
    #[serde(with = "rule_codes")]
    pub rules: Vec<(&'static str, String)>,
    /// Lines (1-based) silenced; `None` for the whole file.
    pub lines: Option<RangeInclusive<usize>>,
    /// Where the comment is.
    pub location: Location,
    pub used: Vec<bool>,
    pub used_any: bool,
}

impl Suppression {
    fn covers(&self, f: &Finding) -> Option<usize> {
        let line = f.location.start.line;
        if self.lines.as_ref().is_some_and(|l| !l.contains(&line)) {
            return None;
        }
        if self.rules.is_empty() {
            return Some(usize::MAX);
        }
        self.rules.iter().position(|(code, _)| *code == f.rule.code)
    }
}

/// The suppressions of a page's frontmatter, and the rule names they give that no rule has.
pub fn parse(src: &SourceFile, page: &Page) -> (Vec<Suppression>, Vec<UnknownRule>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let Some(body) = &page.body else {
        return (out, problems);
    };
    // memchr's search: this runs over every page's frontmatter, where std's was a visible cost.
    if page.kind != PageKind::Source
        || memchr::memmem::find(&src.text.as_bytes()[..body.start], MARKER.as_bytes()).is_none()
    {
        return (out, problems);
    }
    let strings: Vec<std::ops::Range<usize>> = page
        .locator
        .iter()
        .filter(|(_, n)| n.style.is_some())
        .map(|(_, n)| n.value.clone())
        .collect();
    for line in 0..src.line_count() {
        let start = src.line_start(line);
        if start >= body.start {
            break;
        }
        let end = src.line_start(line + 1).min(body.start);
        let text = &src.text[start..end];
        let Some(hash) = comment_start(text) else {
            continue;
        };
        let at = start + hash;
        if strings.iter().any(|r| r.contains(&at)) {
            continue; // a `#` inside a string, not a comment
        }
        let comment = text[hash + 1..].trim();
        let Some(directive) = comment.strip_prefix(MARKER).map(str::trim) else {
            continue;
        };
        let (file_wide, rest) = match directive.strip_prefix("ignore-file") {
            Some(rest) => (true, rest),
            None => match directive.strip_prefix("ignore") {
                Some(rest) => (false, rest),
                None => continue,
            },
        };
        let location = src.location(at..start + text.trim_end().len());
        let mut rules_named = Vec::new();
        let list = rest
            .trim()
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .unwrap_or("");
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match rules::find(name) {
                Some(r) => rules_named.push((r.meta().code(), name.to_string())),
                None => problems.push(UnknownRule {
                    location: location.clone(),
                    name: name.to_string(),
                }),
            }
        }
        if !list.is_empty() && rules_named.is_empty() {
            continue; // only unknown names: already reported
        }
        let own_line = text[..hash].trim().is_empty();
        let lines = if file_wide {
            None
        } else if own_line {
            Some(entry_after(src, page, line + 1, body.start))
        } else {
            Some(line + 1..=line + 1)
        };
        let used = vec![false; rules_named.len()];
        out.push(Suppression {
            rules: rules_named,
            lines,
            location,
            used,
            used_any: false,
        });
    }
    (out, problems)
}

/// The byte offset of a comment's `#` in a line: at its start or after white space.
fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    (0..b.len()).find(|&i| b[i] == b'#' && (i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t'))
}

/// The lines (1-based) of the entry starting on 0-based line `line` (or the next non-blank,
/// non-comment line): the widest located node that starts there, such as a question item.
fn entry_after(
    src: &SourceFile,
    page: &Page,
    mut line: usize,
    end: usize,
) -> RangeInclusive<usize> {
    while line < src.line_count() && src.line_start(line) < end {
        let t = src.text[src.line_start(line)..src.line_start(line + 1).min(src.text.len())].trim();
        if !t.is_empty() && !t.starts_with('#') {
            break;
        }
        line += 1;
    }
    let first = line + 1;
    let last = page
        .locator
        .iter()
        .filter(|(_, n)| {
            let start = n.key.as_ref().map_or(n.value.start, |k| k.start);
            src.position(start).line == first
        })
        .map(|(_, n)| {
            src.position(n.value.end.saturating_sub(1).max(n.value.start))
                .line
        })
        .max()
        .unwrap_or(first);
    first..=last.max(first)
}

/// Drops the findings the suppressions of their file silence, marking each suppression with
/// what it silenced (for the rules of the suppression scope, which read the marks).
pub fn apply(findings: &mut Vec<Finding>, suppressions: &mut [(Arc<PathBuf>, Vec<Suppression>)]) {
    if suppressions.is_empty() {
        return;
    }
    // Each finding finds its file's suppressions by a hash lookup, not a scan of every file
    // that has some (thousands of findings over hundreds of such files stay linear).
    let by_file: std::collections::HashMap<PathBuf, usize> = suppressions
        .iter()
        .enumerate()
        .map(|(i, (file, _))| (file.to_path_buf(), i))
        .collect();
    findings.retain(|f| {
        let Some((_, list)) = by_file
            .get(f.file.as_path())
            .and_then(|&i| suppressions.get_mut(i))
        else {
            return true;
        };
        // A finding about the comments themselves is never silenced by them.
        if !rules::suppressible(f.rule.code) {
            return true;
        }
        for s in list.iter_mut() {
            if let Some(i) = s.covers(f) {
                s.used_any = true;
                if let Some(u) = s.used.get_mut(i) {
                    *u = true;
                }
                return false;
            }
        }
        true
    });
}

/// Each suppression comment, with what it silenced (once [`apply`] marked them), for the rules
/// of the suppression scope.
pub fn uses(suppressions: &[(Arc<PathBuf>, Vec<Suppression>)]) -> Vec<CommentUse<'_>> {
    suppressions
        .iter()
        .flat_map(|(file, list)| {
            list.iter().map(move |s| CommentUse {
                file,
                location: &s.location,
                silenced_any: s.used_any,
                names: s
                    .rules
                    .iter()
                    .zip(&s.used)
                    .map(|((_, name), used)| (name.as_str(), *used))
                    .collect(),
            })
        })
        .collect()
}

/// Rule codes in the cache: written as text, read back as the rules' own codes.
mod rule_codes {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &[(&'static str, String)], s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<(&'static str, String)>, D::Error> {
        let raw = Vec::<(String, String)>::deserialize(d)?;
        raw.into_iter()
            .map(|(code, name)| {
                crate::rules::find(&code)
                    .map(|r| (r.meta().code(), name))
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown rule {code}")))
            })
            .collect()
    }
}
