//! QA006: `seoDescription` absent, null, empty or blank.

use crate::findings::Findings;
use serde_json::Value;

use super::{Ctx, PageRule};
use crate::finding::{Applicability, Edit, Fix};
use crate::load::text_map::ScalarStyle;
use crate::load::PageKind;

declare_rule! {
    pub struct MissingSeoDescription {
        code: "QA006",
        name: "missing-seo-description",
        severity: Error,
        fix: Unsafe,
        scope: Page,
        stands_for_schema: true,
        summary: "`seoDescription` absent, null, empty or blank",
    }
}

const POINTER: &str = "/seoDescription";

impl PageRule for MissingSeoDescription {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Findings) {
        let page = &ctx.page.value;
        if !page.is_object() {
            return;
        }
        let (message, range) = match page.get("seoDescription") {
            None => ("`seoDescription` is missing", missing_at(ctx)),
            Some(Value::Null) => ("`seoDescription` is null", value_range(ctx)),
            Some(Value::String(s)) if s.trim().is_empty() => {
                ("`seoDescription` is blank", value_range(ctx))
            }
            // Another type is the schema's to report.
            Some(_) => return,
        };
        let help = "write the one or two sentences search engines show under the page title";
        let fix = fix(ctx);
        let mut finding = ctx.finding(&META, range.clone(), message);
        if page.get("seoDescription").is_none() {
            finding = finding.with_label(ctx.src.location(range), "add `seoDescription` here");
        }
        out.push(finding.with_help(help).with_fix(fix).with_pointer(POINTER));
    }
}

fn value_range(ctx: &Ctx<'_>) -> std::ops::Range<usize> {
    let l = &ctx.page.locator;
    let node = l.get(POINTER);
    // An empty value has no text of its own: show its key.
    match node {
        Some(n) if n.value.is_empty() => n.key.clone().unwrap_or(n.value.clone()),
        Some(n) => n.value.clone(),
        None => missing_at(ctx),
    }
}

/// A missing key is shown where it belongs: at the end of the `description` entry (the
/// fix adds it on the next line), else at the end of the frontmatter.
fn missing_at(ctx: &Ctx<'_>) -> std::ops::Range<usize> {
    let l = &ctx.page.locator;
    let text = &ctx.src.text;
    let end_of_line = |at: usize| {
        let at = at.min(text.len());
        // A block value's range ends after its last line break: stay on that line.
        let before = text[..at].trim_end_matches(['\n', '\r']).len();
        if before < at {
            return before;
        }
        text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
    };
    let at = match l.get("/description") {
        Some(n) => {
            let key_end = n.key.as_ref().map_or(0, |k| k.end);
            end_of_line(n.value.end.max(key_end))
        }
        None => match l.get("") {
            Some(root) => end_of_line(root.value.end),
            None => 0,
        },
    };
    at..at
}

/// Copy a non-empty `description`: a guess at what search engines should show, so unsafe.
fn fix(ctx: &Ctx<'_>) -> Option<Fix> {
    if ctx.page.kind != PageKind::Source {
        return None;
    }
    let description = ctx.page.value.get("description")?.as_str()?.trim();
    if description.is_empty() {
        return None;
    }
    // A JSON string is a valid YAML double-quoted scalar.
    let quoted = serde_json::to_string(description).ok()?;
    let l = &ctx.page.locator;
    let text = &ctx.src.text;
    let edit = match l.get(POINTER) {
        Some(node) => {
            let key_end = node.key.as_ref()?.end;
            // A blank block scalar keeps its header out of the value's span: leave it alone.
            if matches!(node.style, Some(ScalarStyle::Literal | ScalarStyle::Folded)) {
                return None;
            }
            // Replace everything between `seoDescription:` and the end of the value.
            let colon = text[key_end..].find(':')? + key_end + 1;
            let end = if node.value.is_empty() {
                colon
            } else {
                node.value.end.max(colon)
            };
            Edit {
                range: colon..end,
                content: format!(" {quoted}"),
            }
        }
        _ => {
            let desc = l.get("/description")?;
            let key = desc.key.clone()?;
            // YAML breaks lines at CRLF, LF and a lone CR alike.
            let line_start = text[..key.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let indent = &text[line_start..key.start];
            let after = desc.value.end.max(key.end);
            let (eol, newline) = match text[after..].find(['\n', '\r']).map(|i| after + i) {
                Some(i) if text[i..].starts_with("\r\n") => (i + 2, "\r\n"),
                Some(i) => (i + 1, &text[i..i + 1]),
                None => (text.len(), "\n"),
            };
            // The frontmatter's closing `---` line follows: there is always a line break.
            Edit {
                range: eol..eol,
                content: format!("{indent}seoDescription: {quoted}{newline}"),
            }
        }
    };
    Some(Fix {
        applicability: Applicability::Unsafe,
        message: "copy `description` into `seoDescription`".into(),
        edits: vec![edit],
        elsewhere: Vec::new(),
    })
}
