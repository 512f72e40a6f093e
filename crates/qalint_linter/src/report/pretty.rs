use std::io::Write;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, Severity as MietteSeverity, SourceCode, SourceSpan, SpanContents,
};

/// The [`Emitter`](super::Emitter) of `--format pretty`: source excerpts through miette.
pub struct Pretty;

impl super::Emitter for Pretty {
    fn emit(
        &self,
        findings: &[Finding],
        style: &Style,
        sources: &mut super::Sources,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write(findings, style, sources, out)
    }
}

use super::{display_path, printable, Sources, Style};
use crate::finding::{Finding, Severity};

fn write(
    findings: &[Finding],
    style: &Style,
    sources: &mut Sources,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Text wraps within 100 columns (a long list of allowed keys included).
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(2)
        .with_width(100);
    for f in findings {
        let name = display_path(&f.file, &style.cwd);
        let l = &f.location;
        let name = printable(&name, false).into_owned();
        let mut diag = MietteDiagnostic::new(printable(&f.message, false))
            .with_code(format!("{} [{}]", f.rule.code, f.rule.name))
            .with_severity(match f.severity {
                Severity::Error => MietteSeverity::Error,
                Severity::Warning => MietteSeverity::Warning,
            });
        if let Some(help) = &f.help {
            diag = diag.with_help(printable(help, true));
        }
        // An unsafe fix is shown as one only `--unsafe-fixes` applies, unless it was given.
        let fixable = f.fix.as_ref().map(|x| {
            if super::fix_shown(f, style.unsafe_fixes) {
                printable(&x.message, false).into_owned()
            } else {
                format!(
                    "{} (unsafe fix: add --unsafe-fixes)",
                    printable(&x.message, false)
                )
            }
        });
        let source = sources
            .get(&f.file)
            .filter(|s| l.range.end <= s.text.len())
            .map(|s| s.text.as_str());
        let shown_in_box = source.is_some();
        let rendered = match source {
            Some(full) => {
                // miette is given only the lines it shows (with every label's), not the file:
                // it would scan a whole file for each of its findings. A payload is one line
                // of thousands of characters: a window around the finding is shown (labels
                // outside it are left out).
                let one_line = is_one_line(full);
                let shown = match one_line {
                    true => l.range.clone(),
                    false => f
                        .labels
                        .iter()
                        .map(|x| x.location.range.clone())
                        .fold(l.range.clone(), |a, b| {
                            a.start.min(b.start)..a.end.max(b.end)
                        }),
                };
                let (text, shift, window, lines_before) = window(full, one_line, shown);
                let text = super::neutralized(text);
                let windowed = one_line && window.len() < full.len();
                let moved = |r: &std::ops::Range<usize>| {
                    (r.start >= window.start && r.end <= window.end)
                        .then(|| r.start - window.start + shift..r.end - window.start + shift)
                };
                // A label at the finding's own span joins its text (one line, not two).
                let (same, others): (Vec<_>, Vec<_>) =
                    f.labels.iter().partition(|x| x.location.range == l.range);
                let primary: Vec<String> = same
                    .iter()
                    .map(|x| printable(&x.message, false).into_owned())
                    .chain(fixable.clone())
                    .collect();
                let mut labels = vec![LabeledSpan::new_primary_with_span(
                    (!primary.is_empty()).then(|| primary.join("; ")),
                    moved(&l.range).unwrap_or(shift..shift),
                )];
                labels.extend(others.iter().filter_map(|x| {
                    let r = moved(&x.location.range)?;
                    Some(LabeledSpan::new_with_span(
                        Some(printable(&x.message, false).into_owned()),
                        r,
                    ))
                }));
                let diag = diag.with_labels(labels);
                let report = miette::Report::new(diag).with_source_code(Windowed {
                    text,
                    name: name.clone(),
                    shift,
                    // Only a window of one line needs it: not counted for every finding.
                    chars_before: match windowed {
                        true => full[..window.start].chars().count(),
                        false => 0,
                    },
                    lines_before,
                    windowed,
                });
                let mut s = String::new();
                handler
                    .render_report(&mut s, report.as_ref())
                    .map_err(std::io::Error::other)?;
                s
            }
            None => {
                let mut s = String::new();
                handler
                    .render_report(&mut s, &diag)
                    .map_err(std::io::Error::other)?;
                s
            }
        };
        // The source box names the file, line and column: said once. Without one (no source
        // to show), the place comes first.
        if !shown_in_box {
            writeln!(out, "{name}:{}:{}", l.start.line, l.start.column)?;
        }
        write!(out, "{rendered}")?;
        if let Some(origin) = &f.origin {
            // A payload is build output: where the fix belongs.
            let origin = display_path(origin, &style.cwd);
            writeln!(out, "  built from {}", printable(&origin, false))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The longest line shown whole.
const MAX_LINE: usize = 160;

/// Whether `text` is one line (a payload), perhaps with a line break at its end.
fn is_one_line(text: &str) -> bool {
    !text.trim_end().contains('\n')
}

/// Lines shown around a finding (miette's context lines, and one more).
const CONTEXT: usize = 3;

/// What miette is shown of `text` (one line or not, as [`is_one_line`] says) for `range`: the text, where the file's part starts in it,
/// the file range it shows, and how many lines come before it. For a file of one long line,
/// about [`MAX_LINE`] characters around `range` with `…` on the cut sides; for other files,
/// the lines of `range` and [`CONTEXT`] lines either side.
fn window(
    text: &str,
    one_line: bool,
    range: std::ops::Range<usize>,
) -> (String, usize, std::ops::Range<usize>, usize) {
    if !one_line {
        let bytes = text.as_bytes();
        let start = memchr::memrchr_iter(b'\n', &bytes[..range.start.min(text.len())])
            .nth(CONTEXT)
            .map_or(0, |i| i + 1);
        let end = memchr::memchr_iter(b'\n', &bytes[range.end.min(text.len())..])
            .nth(CONTEXT)
            .map_or(text.len(), |i| range.end + i + 1);
        let lines_before = memchr::memchr_iter(b'\n', &bytes[..start]).count();
        return (text[start..end].to_string(), 0, start..end, lines_before);
    }
    if text.len() <= MAX_LINE {
        return (text.to_string(), 0, 0..text.len(), 0);
    }
    let boundary_down = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let boundary_up = |mut i: usize| {
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        i.min(text.len())
    };
    let around = MAX_LINE.saturating_sub(range.len().min(MAX_LINE)) / 2;
    let start = boundary_down(range.start.saturating_sub(around.max(20)));
    let end = boundary_up((range.end + around.max(20)).min(text.len()));
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    let shift = shown.len();
    shown.push_str(&text[start..end]);
    if end < text.trim_end().len() {
        shown.push('…');
    }
    (shown, shift, start..end, 0)
}

/// A window of a file's text that reports positions as the whole file has them (columns in
/// characters, as qalint's own positions).
struct Windowed {
    text: String,
    name: String,
    /// Bytes of `text` before the window's first character of the file (the `…`).
    shift: usize,
    /// Characters of the file before the window.
    chars_before: usize,
    /// Lines of the file before the window (a window of lines starts at a line's start).
    lines_before: usize,
    /// Whether `text` is a window of a longer line (else the whole file).
    windowed: bool,
}

impl SourceCode for Windowed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // Only a single-line text is ever windowed: the column is the characters before.
        let column = match self.text.get(self.shift..span.offset()) {
            Some(before_span) if before == 0 && self.windowed => {
                self.chars_before + before_span.chars().count()
            }
            _ => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.lines_before,
            column,
            inner.line_count(),
        )))
    }
}
