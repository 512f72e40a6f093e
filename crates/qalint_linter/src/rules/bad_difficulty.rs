//! QA003: a page or question `difficulty` other than `easy`, `medium`, `hard`.

use super::{Ctx, PageRule};
use crate::finding::{Applicability, Edit, Fix};
use crate::findings::Findings;
use crate::load::PageKind;
use crate::suggest::did_you_mean;

declare_rule! {
    pub struct BadDifficulty {
        code: "QA003",
        name: "bad-difficulty",
        severity: Error,
        fix: SafeAndUnsafe,
        scope: Page,
        stands_for_schema: true,
        summary: "a `difficulty` other than easy, medium, hard",
    }
}

pub const LEVELS: [&str; 3] = ["easy", "medium", "hard"];

/// Words authors use for a level: a guess, so only an unsafe fix.
const SYNONYMS: [(&str, &str); 5] = [
    ("beginner", "easy"),
    ("basic", "easy"),
    ("intermediate", "medium"),
    ("advanced", "hard"),
    ("expert", "hard"),
];

impl PageRule for BadDifficulty {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Findings) {
        let v = &ctx.page.value;
        if let Some(written) = unknown_level(v.get("difficulty")) {
            check_one(ctx, "/difficulty", written, out);
        }
        if let Some(questions) = v.get("questions").and_then(|q| q.as_array()) {
            for (n, q) in questions.iter().enumerate() {
                // The pointer is spelled out only for a level to report.
                if let Some(written) = unknown_level(q.get("difficulty")) {
                    check_one(ctx, &format!("/questions/{n}/difficulty"), written, out);
                }
            }
        }
    }
}

/// The canonical level for a written one, and whether that is certain.
pub fn canonical(written: &str) -> Option<(&'static str, Applicability)> {
    let word = written.trim().to_lowercase();
    if let Some(level) = LEVELS.iter().find(|l| **l == word) {
        return Some((level, Applicability::Safe));
    }
    SYNONYMS
        .iter()
        .find(|(s, _)| *s == word)
        .map(|(_, l)| (*l, Applicability::Unsafe))
}

/// The written level when it is a string and not a level. Only strings: a number or a list
/// here is the schema's to report.
fn unknown_level(value: Option<&serde_json::Value>) -> Option<&str> {
    value
        .and_then(|v| v.as_str())
        .filter(|written| !LEVELS.contains(written))
}

fn check_one(ctx: &Ctx<'_>, pointer: &str, written: &str, out: &mut Findings) {
    let range = ctx.in_string(pointer, written, 0..written.len());
    let message = format!(
        "difficulty `{}` is not one of easy, medium, hard",
        crate::quote::short(written)
    );
    let guess = canonical(written);
    let help = match guess
        .map(|g| g.0)
        .or_else(|| did_you_mean(written.trim(), LEVELS))
    {
        Some(level) => format!("did you mean `{level}`?"),
        None => "use easy, medium or hard".to_string(),
    };
    let fix = guess
        .filter(|_| ctx.page.kind == PageKind::Source)
        .map(|(level, applicability)| Fix {
            applicability,
            message: format!("replace `{written}` with `{level}`"),
            edits: vec![Edit {
                range: range.clone(),
                content: level.to_string(),
            }],
            elsewhere: Vec::new(),
        });
    out.push(
        ctx.finding(&META, range, message)
            .with_help(help)
            .with_fix(fix)
            .with_pointer(pointer),
    );
}
