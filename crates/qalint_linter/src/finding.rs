//! What a check reports: a finding with its exact place, and the fix it may carry.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::source::{Location, SourceFile};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// How sure a fix is: safe fixes apply with `--fix`, unsafe ones only with `--unsafe-fixes`
/// too (rustc's "machine applicable" against "maybe incorrect").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Unsafe,
    Safe,
}

/// Replace `range` of a file's original text with `content`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    /// Edits on the finding's own file.
    pub edits: Vec<Edit>,
    /// Edits on other files that belong to the same fix (a topic's renumbering): applied
    /// with the finding's own edits, all files or none.
    pub elsewhere: Vec<(Arc<PathBuf>, Vec<Edit>)>,
}

impl Fix {
    /// Whether `--fix` applies this fix: a safe one always, an unsafe one with
    /// `--unsafe-fixes`. The one rule for the fixer, the summary and the statistics.
    pub fn applies(&self, unsafe_fixes: bool) -> bool {
        self.applicability == Applicability::Safe || unsafe_fixes
    }
}

/// A second place that explains a finding (the first use of a duplicated id).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

/// Identifies the rule behind a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleId {
    pub code: &'static str,
    pub name: &'static str,
}

/// The code of invalid-syntax (QA000): a file that cannot be read is always a finding, whatever
/// `--select`, `select`, `ignore` or `"off"` say (ruff reports syntax errors whatever its
/// selection; ESLint's parse errors are fatal).
pub const ALWAYS_ON: &str = "QA000";

/// What names a rule by its code: its id, its catalogue entry. Settings decide by code, so
/// they need nothing of the rule catalogue above them.
pub trait RuleCode {
    fn rule_code(&self) -> &'static str;
}

impl RuleCode for RuleId {
    fn rule_code(&self) -> &'static str {
        self.code
    }
}

/// A finding: the cache keeps it as a type of its own (`cache::stored`), which stores the
/// rule by code and maps it back through the rule catalogue.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// Borrowed when a rule's message is fixed text (no allocation a finding).
    pub message: std::borrow::Cow<'static, str>,
    pub file: Arc<PathBuf>,
    pub location: Location,
    pub help: Option<String>,
    pub labels: Vec<Label>,
    pub fix: Option<Box<Fix>>,
    /// The JSON pointer the finding is about, so that the schema does not report a value a
    /// rule already reported.
    pub pointer: Option<String>,
    /// For a finding in a payload (build output): the source page it was built from, when
    /// the project has it, as that is where the fix belongs. Set on every run, not cached.
    pub origin: Option<Arc<PathBuf>>,
}

impl Finding {
    pub fn new(
        rule: RuleId,
        severity: Severity,
        src: &SourceFile,
        file: &Arc<PathBuf>,
        range: Range<usize>,
        message: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Self {
        Finding {
            rule,
            severity,
            message: message.into(),
            file: file.clone(),
            location: src.location(range),
            help: None,
            labels: Vec::new(),
            fix: None,
            pointer: None,
            origin: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix.map(Box::new);
        self
    }

    pub fn with_label(mut self, location: Location, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    /// Order of output: file (as [`path_order`]), line, column, then code. Two findings of
    /// one file share their `Arc`: most comparisons in a sort never look at a path.
    pub fn output_order(&self, other: &Finding) -> std::cmp::Ordering {
        let place = |f: &Finding| (f.location.start.line, f.location.start.column, f.rule.code);
        if Arc::ptr_eq(&self.file, &other.file) {
            place(self).cmp(&place(other))
        } else {
            path_order(&self.file, &other.file).then_with(|| place(self).cmp(&place(other)))
        }
    }
}

/// The order of `Path`'s `Ord` (by components: `a/b` before `a-b`) for the normal paths the
/// engine holds, from their bytes at once: the first byte that differs decides, a separator
/// ranking below every other byte and the end of a path below both.
pub fn path_order(a: &std::path::Path, b: &std::path::Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    // No path holds a NUL byte: 0 is free to rank the separator below every other byte.
    let rank = |s: &[u8]| s.get(common).map(|&c| if c == b'/' { 0 } else { c });
    rank(a).cmp(&rank(b))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn path_order_is_the_order_of_components() {
        let paths = [
            "/a",
            "/a/b",
            "/a-b",
            "/a.md",
            "/a/b.md",
            "/a/b-c.md",
            "/a b/c",
            "/a/b/c",
            "/ab",
            "/a0",
            "/a/",
            "/",
            "/Z",
            "/a/é",
            "/a/e",
            "/a!/x",
            "/a/b/",
        ];
        for x in paths {
            for y in paths {
                let (x, y) = (Path::new(x), Path::new(y));
                // `/a/` and `/a` are one path to `Path`; the engine never holds the first.
                if x.as_os_str().len() > 1 && x.to_str().is_some_and(|s| s.ends_with('/'))
                    || y.as_os_str().len() > 1 && y.to_str().is_some_and(|s| s.ends_with('/'))
                {
                    continue;
                }
                assert_eq!(super::path_order(x, y), x.cmp(y), "{x:?} {y:?}");
            }
        }
    }
}
