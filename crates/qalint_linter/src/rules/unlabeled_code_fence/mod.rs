//! QA007: a fenced code block with an empty info string, in an answer or in the body.

mod fence_lines;

use crate::findings::Findings;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

use super::{Ctx, PageRule};
use crate::finding::{Applicability, Edit, Fix};
use crate::load::PageKind;

declare_rule! {
    pub struct UnlabeledCodeFence {
        code: "QA007",
        name: "unlabeled-code-fence",
        severity: Error,
        fix: Unsafe,
        scope: Page,
        summary: "a fenced code block without a language",
    }
}

/// A fence without info string: the range of its opening run (``` or ~~~) in the text, and
/// the code inside it.
pub struct BareFence {
    pub marker: Range<usize>,
    pub code: String,
}

/// Every bare fence of a Markdown text, as CommonMark sees it (nested ones included).
pub fn bare_fences(markdown: &str) -> Vec<BareFence> {
    let mut out = Vec::new();
    each_bare_fence(markdown, |f| out.push(f));
    out
}

/// Gives each bare fence to `found` as the parse meets it: a body of a million fences is
/// reported without holding them all.
pub fn each_bare_fence(markdown: &str, found: impl FnMut(BareFence)) {
    // Most texts label every fence: their lines say so without a parse.
    if fence_lines::may_hold_bare_fence(markdown) {
        parsed_bare_fences(markdown, found);
    }
}

/// [`each_bare_fence`] by CommonMark's parse alone (pulldown-cmark).
fn parsed_bare_fences(markdown: &str, mut found: impl FnMut(BareFence)) {
    let mut open: Option<BareFence> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.trim().is_empty() => {
                let text = &markdown[range.start..];
                let ch = text.chars().next().unwrap_or('`');
                let len = text.chars().take_while(|&c| c == ch).count();
                open = Some(BareFence {
                    marker: range.start..range.start + len,
                    code: String::new(),
                });
            }
            Event::Text(t) => {
                if let Some(f) = &mut open {
                    f.code.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if let Some(f) = open.take() {
                    found(f);
                }
            }
            _ => {}
        }
    }
}

impl PageRule for UnlabeledCodeFence {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Findings) {
        let framework = ctx
            .page
            .value
            .get("frameworkSlug")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        if let Some(questions) = ctx.page.value.get("questions").and_then(|q| q.as_array()) {
            for (n, q) in questions.iter().enumerate() {
                let Some(answer) = q.get("a").and_then(|a| a.as_str()) else {
                    continue;
                };
                let fences = bare_fences(answer);
                if fences.is_empty() {
                    continue;
                }
                let pointer = format!("/questions/{n}/a");
                let markers: Vec<Range<usize>> = fences.iter().map(|f| f.marker.clone()).collect();
                let ranges = ctx.in_string_all(&pointer, answer, &markers);
                for (fence, range) in fences.iter().zip(ranges) {
                    report(ctx, range, fence, framework, out);
                }
            }
        }
        if let Some(body) = ctx.page.body.clone() {
            let text = &ctx.src.text[body.clone()];
            each_bare_fence(text, |fence| {
                let range = fence.marker.start + body.start..fence.marker.end + body.start;
                report(ctx, range, &fence, framework, out);
            });
        }
    }
}

fn report(
    ctx: &Ctx<'_>,
    range: Range<usize>,
    fence: &BareFence,
    framework: &str,
    out: &mut Findings,
) {
    let language = guess_language(
        &fence.code,
        framework,
        &ctx.settings.options.fence_languages,
    );
    let marker = range.clone();
    let fix = (ctx.page.kind == PageKind::Source).then(|| Fix {
        applicability: Applicability::Unsafe,
        message: format!("label the fence `{language}`"),
        edits: vec![Edit {
            range: range.end..range.end,
            content: language.to_string(),
        }],
        elsewhere: Vec::new(),
    });
    out.push(
        ctx.finding(&META, range.clone(), "code fence has no language")
            .with_help(format!(
                "name the language after the fence, e.g. {}{language}",
                &ctx.src.text[marker]
            ))
            .with_fix(fix),
    );
}

/// The language a bare fence most likely holds: what the code says of itself, else the
/// page's framework's usual language (the configured table first), else `text`.
pub fn guess_language<'a>(
    code: &str,
    framework: &str,
    table: &'a HashMap<String, String>,
) -> &'a str {
    if let Some(language) = content_language(code) {
        return language;
    }
    match table.get(framework) {
        Some(language) => language,
        None => framework_language(framework).unwrap_or("text"),
    }
}

/// A language the code names by itself: a shell prompt, JSON, markup, SQL.
fn content_language(code: &str) -> Option<&'static str> {
    let first = code
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if first.starts_with("$ ") || first.starts_with("#!/bin/") {
        return Some("bash");
    }
    if (first.starts_with('{') || first.starts_with('['))
        && serde_json::from_str::<serde_json::Value>(code).is_ok()
    {
        return Some("json");
    }
    if first.starts_with('<') && first.contains('>') {
        return Some("html");
    }
    if first.starts_with("SELECT ") || first.starts_with("CREATE TABLE") {
        return Some("sql");
    }
    None
}

/// A framework slug's usual fence language.
pub fn framework_language(framework: &str) -> Option<&'static str> {
    Some(match framework {
        "python" | "django" | "flask" | "fastapi" | "pandas" | "numpy" => "python",
        "javascript" | "js" | "node" | "nodejs" | "react" | "vue" | "nuxt" | "angular"
        | "express" | "nextjs" | "next" => "javascript",
        "typescript" | "ts" => "typescript",
        "go" | "golang" => "go",
        "rust" => "rust",
        "java" | "spring" | "spring-boot" => "java",
        "kotlin" | "android" => "kotlin",
        "swift" | "ios" | "swiftui" => "swift",
        "csharp" | "c-sharp" | "dotnet" | "aspnet" => "csharp",
        "cpp" | "c-plus-plus" => "cpp",
        "c" => "c",
        "php" | "laravel" => "php",
        "ruby" | "rails" => "ruby",
        "sql" | "postgresql" | "postgres" | "mysql" => "sql",
        "bash" | "shell" | "linux" => "bash",
        "docker" => "dockerfile",
        "kubernetes" | "k8s" => "yaml",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::guess_language;

    fn guess(code: &str, framework: &str) -> String {
        guess_language(code, framework, &Default::default()).to_string()
    }

    #[test]
    fn the_code_names_its_language_only_when_it_is_sure() {
        assert_eq!(guess("$ cargo build\n", "rust"), "bash");
        assert_eq!(guess("{\"a\": [1, 2]}\n", "python"), "json");
        // A JavaScript object literal is not JSON, and a bare number is not a JSON sample.
        assert_eq!(guess("{ a: 1 }\n", "javascript"), "javascript");
        assert_eq!(guess("42\n", "go"), "go");
        assert_eq!(guess("<div>\n  hi\n</div>\n", "vue"), "html");
        // A comparison is not markup.
        assert_eq!(guess("if a > b:\n    pass\n", "python"), "python");
        assert_eq!(guess("SELECT 1;\n", "python"), "sql");
        assert_eq!(guess("CREATE TABLE t (id int);\n", "python"), "sql");
        assert_eq!(guess("x = 1\n", "unknown-framework"), "text");
    }

    #[test]
    fn each_framework_family_has_its_language() {
        let table = [
            ("django", "python"),
            ("nuxt", "javascript"),
            ("ts", "typescript"),
            ("golang", "go"),
            ("rust", "rust"),
            ("spring-boot", "java"),
            ("android", "kotlin"),
            ("swiftui", "swift"),
            ("dotnet", "csharp"),
            ("c-plus-plus", "cpp"),
            ("c", "c"),
            ("laravel", "php"),
            ("rails", "ruby"),
            ("postgres", "sql"),
            ("linux", "bash"),
            ("docker", "dockerfile"),
            ("k8s", "yaml"),
        ];
        for (framework, language) in table {
            assert_eq!(
                super::framework_language(framework),
                Some(language),
                "{framework}"
            );
        }
        assert_eq!(super::framework_language("cobol"), None);
    }
}
