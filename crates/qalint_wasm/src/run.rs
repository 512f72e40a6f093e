//! A run over many pages at once, for the `qalint` command where no native binary runs (the
//! npm launcher's fallback): the pages' findings in one output, as `qalint --format …` writes
//! them, the summary line, and with `fix` the fixed texts. Each page is checked on its own:
//! the cross-file rules need the site's index, which only the native binary builds.

use qalint_linter::finding::{Finding, Severity};
use qalint_linter::report::{self, Format};
use serde::Deserialize;
use serde_json::json;

use super::{reply, workspace_of};

/// A page: its text, or its bytes when they are not UTF-8 (said as the binary says it).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Page {
    pub path: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub bytes: Option<Vec<u8>>,
}

/// The pages (paths relative to where the command runs) and what the command line said.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RunRequest {
    pub pages: Vec<Page>,
    pub format: String,
    #[serde(default)]
    pub fix: bool,
    #[serde(default)]
    pub unsafe_fixes: bool,
    #[serde(default)]
    pub config: Option<String>,
    #[serde(default)]
    pub schema: Option<String>,
}

fn format_named(name: &str) -> Result<Format, String> {
    Ok(match name {
        "pretty" => Format::Pretty,
        "concise" => Format::Concise,
        "json" => Format::Json,
        "github" => Format::Github,
        "sarif" => Format::Sarif,
        other => {
            return Err(format!(
                "`{other}` is not a format (pretty, concise, json, github, sarif)"
            ))
        }
    })
}

/// `{"output", "summary", "fixedSummary", "errors", "warnings", "fixed": [{"path", "text",
/// "applied"}], "notFixed": [{"path", "error"}]}`, or `{"error"}`.
pub fn run(request: &str) -> String {
    let answer = serde_json::from_str::<RunRequest>(request)
        .map_err(|e| format!("a request qalint cannot read: {e}"))
        .and_then(|r| {
            let format = format_named(&r.format)?;
            let ws = workspace_of(&r.config, &r.schema)?;
            // A page given as bytes is checked as the bytes it is, and never fixed.
            let mut texts: Vec<(String, String)> = Vec::new();
            let mut unreadable: Vec<Vec<Finding>> = Vec::new();
            for page in r.pages {
                match (page.text, page.bytes) {
                    (Some(text), None) => texts.push((page.path, text)),
                    (None, Some(bytes)) => {
                        unreadable.push(ws.check_bytes(&page.path, bytes).0);
                    }
                    _ => return Err(format!("{}: give its text or its bytes", page.path)),
                }
            }
            let mut fixed = Vec::new();
            let mut not_fixed = Vec::new();
            let mut problems = 0;
            if r.fix {
                for (path, text) in &mut texts {
                    match ws.fix(path, text, r.unsafe_fixes) {
                        Some(f) if f.error.is_some() => not_fixed
                            .push(json!({ "path": path, "error": f.error.unwrap_or_default() })),
                        Some(f) => {
                            problems += f.applied;
                            fixed.push(json!({ "path": path, "text": f.fixed, "applied": f.applied }));
                            *text = f.fixed;
                        }
                        None => {}
                    }
                }
            }
            let mut findings: Vec<Finding> = Vec::new();
            let mut pages_in = 0;
            for (path, text) in &texts {
                let (found, holds_page) = ws.check_page(path, text);
                pages_in += usize::from(holds_page);
                findings.extend(found);
            }
            let files = texts.len() + unreadable.len();
            // Shown without an excerpt, as the binary shows a file it cannot read back.
            for found in unreadable {
                pages_in += 1;
                findings.extend(found);
            }
            findings.sort_by(Finding::output_order);
            let pages: Vec<(&str, &str)> =
                texts.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
            let output = ws.render(&pages, &findings, format, r.unsafe_fixes);
            // The summary line, in the formats the command line says it in.
            let summary = matches!(format, Format::Pretty | Format::Concise | Format::Github)
                .then(|| match (findings.is_empty(), pages_in) {
                    (true, 0) => {
                        let s = if files == 1 { "" } else { "s" };
                        format!("No pages checked ({files} file{s} read).")
                    }
                    _ => report::summary(&findings, files, r.unsafe_fixes),
                });
            let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
            Ok(json!({
                "output": output,
                "summary": summary,
                "fixedSummary": (problems > 0).then(|| report::fixed_summary(problems, fixed.len(), "")),
                "errors": errors,
                "warnings": findings.len() - errors,
                "fixed": fixed,
                "notFixed": not_fixed,
            })
            .to_string())
        });
    reply(answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn page(difficulty: &str) -> String {
        format!(
            "---\ntitle: Loops\ndescription: \"Loops.\"\nframework: Python\n\
             frameworkSlug: python\ntopic: Basics\ntopicSlug: basics\nsubtopic: Loops\n\
             difficulty: {difficulty}\norder: 1\nupdated: 2026-06-18\nseoDescription: \"Loops.\"\n\
             questions:\n  - id: for\n    difficulty: easy\n    q: For?\n    a: A loop.\n---\n"
        )
    }

    fn answer(request: Value) -> Value {
        serde_json::from_str(&run(&request.to_string())).expect("json")
    }

    #[test]
    fn pages_are_reported_together_in_the_command_line_s_words() {
        let a = answer(json!({
            "pages": [
                { "path": "content/python/basics/b.md", "text": page("Hard") },
                { "path": "content/python/basics/a.md", "text": page("Easy") },
            ],
            "format": "concise",
        }));
        assert_eq!(
            a["output"],
            "content/python/basics/a.md:9:13: QA003 [bad-difficulty] [*] difficulty `Easy` is not one of easy, medium, hard\n\
             content/python/basics/b.md:9:13: QA003 [bad-difficulty] [*] difficulty `Hard` is not one of easy, medium, hard\n"
        );
        assert_eq!(
            a["summary"],
            "Found 2 problems in 2 files (2 fixable with --fix)."
        );
        assert_eq!(
            (a["errors"].as_u64(), a["warnings"].as_u64()),
            (Some(2), Some(0))
        );
    }

    #[test]
    fn fix_gives_the_fixed_texts_and_what_remains() {
        let a = answer(json!({
            "pages": [{ "path": "content/python/basics/a.md", "text": page("Hard") }],
            "format": "json",
            "fix": true,
        }));
        assert_eq!(a["fixed"][0]["text"], page("hard"));
        assert_eq!(a["fixed"][0]["applied"], 1);
        assert_eq!(a["fixedSummary"], "Fixed 1 problem in 1 file.");
        assert_eq!(a["output"], "[]\n");
        assert_eq!(a["summary"], Value::Null);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_a_finding_at_the_first_bad_byte() {
        let a = answer(json!({
            "pages": [{ "path": "content/a/b/c.md", "bytes": b"---\ntitle: caf\xe9\n---\n".to_vec() }],
            "format": "concise",
        }));
        assert_eq!(
            a["output"],
            "content/a/b/c.md:2:11: QA000 [invalid-syntax] file is not valid UTF-8 (invalid byte 0xE9)\n"
        );
    }

    #[test]
    fn a_file_without_a_page_and_a_bad_format_are_said() {
        let a = answer(json!({
            "pages": [{ "path": "content/readme.md", "text": "# Hello\n" }],
            "format": "pretty",
        }));
        assert_eq!(a["summary"], "No pages checked (1 file read).");
        let a = answer(json!({ "pages": [], "format": "xml" }));
        assert!(a["error"]
            .as_str()
            .is_some_and(|e| e.contains("not a format")));
    }
}
