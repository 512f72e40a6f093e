//! The examples in `rules/*.md` are run: a failing example gives findings of its rule only
//! (at the line its fence names), a passing one gives no finding at all. The docs cannot drift.

use crate::common;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use qalint_workspace::rules;

struct Example {
    pass: bool,
    path: String,
    line: Option<usize>,
    text: String,
}

fn examples(doc: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut current: Option<Example> = None;
    for event in Parser::new(doc) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let words: Vec<&str> = info.split_whitespace().collect();
                // A page (md), or a file its example needs beside it (a qalint.toml, a schema).
                let file = words
                    .first()
                    .is_some_and(|w| ["md", "toml", "json"].contains(w));
                if !file || words.len() < 2 || !["pass", "fail"].contains(&words[1]) {
                    continue;
                }
                let attr = |k: &str| {
                    words
                        .iter()
                        .find_map(|w| w.strip_prefix(k))
                        .map(str::to_string)
                };
                current = Some(Example {
                    pass: words[1] == "pass",
                    path: attr("path=").expect("an example names its path"),
                    line: attr("line=").map(|l| l.parse().expect("a line number")),
                    text: String::new(),
                });
            }
            Event::Text(t) => {
                if let Some(e) = &mut current {
                    e.text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn every_rule_has_a_page_with_a_failing_and_a_passing_example() {
    for rule in rules::ALL {
        let meta = rule.meta();
        assert!(
            meta.doc
                .starts_with(&format!("# {} ({})", meta.name(), meta.code())),
            "{} page title",
            meta.code()
        );
        let ex = examples(meta.doc);
        assert!(
            ex.iter().any(|e| e.pass),
            "{} has a passing example",
            meta.code()
        );
        assert!(
            ex.iter().any(|e| !e.pass),
            "{} has a failing example",
            meta.code()
        );
        for heading in ["**What it checks.**", "**Why it matters.**", "**Fix.**"] {
            assert!(
                meta.doc.contains(heading),
                "{} page says {heading}",
                meta.code()
            );
        }
    }
}

#[test]
fn rule_examples_give_the_findings_they_show() {
    for rule in rules::ALL {
        let meta = rule.meta();
        for pass in [false, true] {
            let ex: Vec<Example> = examples(meta.doc)
                .into_iter()
                .filter(|e| e.pass == pass)
                .collect();
            let files: Vec<(&str, &str)> = ex
                .iter()
                .map(|e| (e.path.as_str(), e.text.as_str()))
                .collect();
            let dir = common::project(&files);
            // An example that shows its qalint.toml is checked with it, as a user's run is.
            let findings = match files.iter().any(|(p, _)| *p == "qalint.toml") {
                true => {
                    let root = std::fs::canonicalize(dir.path()).expect("root");
                    let ws = qalint_workspace::Workspace::open(
                        &root,
                        &qalint_workspace::workspace::ConfigChoice::Cascade,
                        Default::default(),
                        false,
                    )
                    .expect("the example's qalint.toml is read");
                    ws.check_paths(&[root]).expect("run succeeds").findings
                }
                false => common::lint(dir.path(), &[dir.path().to_path_buf()]),
            };
            let seen = common::brief(&findings);
            if pass {
                assert!(
                    findings.is_empty(),
                    "{}: passing example gives {seen:?}",
                    meta.code()
                );
                continue;
            }
            assert!(
                !findings.is_empty(),
                "{}: failing example gives nothing",
                meta.code()
            );
            assert!(
                findings.iter().all(|f| f.rule.code == meta.code()),
                "{}: failing example gives {seen:?}",
                meta.code()
            );
            for e in ex.iter().filter(|e| e.line.is_some()) {
                let at_line = findings
                    .iter()
                    .any(|f| f.file.ends_with(&e.path) && Some(f.location.start.line) == e.line);
                assert!(
                    at_line,
                    "{}: expected a finding in {} on line {:?}, got {seen:?}",
                    meta.code(),
                    e.path,
                    e.line
                );
            }
        }
    }
}

/// The ```toml blocks of a page, in order.
fn toml_blocks(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(doc) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "toml" => {
                current = Some(String::new());
            }
            Event::Text(t) => {
                if let Some(c) = &mut current {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn every_rule_page_says_how_to_turn_it_off_and_its_settings_work() {
    use qalint_workspace::finding::Severity;
    for rule in rules::ALL {
        let meta = rule.meta();
        let (_, section) = meta
            .doc
            .split_once("## Turning it off")
            .unwrap_or_else(|| panic!("{} page has no `Turning it off`", meta.code()));
        let blocks = toml_blocks(section);
        assert_eq!(blocks.len(), 2, "{}: two settings shown", meta.code());
        let base = std::path::Path::new("/p");
        let file = base.join("qalint.toml");
        let off = qalint_workspace::config::parse(&file, &blocks[0], base)
            .expect("the page's toml parses");
        // QA000 cannot be turned off: its page shows that the setting leaves it on.
        let always = meta.code() == qalint_workspace::finding::ALWAYS_ON;
        assert_eq!(
            off.settings.rules.enabled(meta),
            always,
            "{} is off",
            meta.code()
        );
        let warn = qalint_workspace::config::parse(&file, &blocks[1], base)
            .expect("the page's toml parses");
        assert!(warn.settings.rules.enabled(meta));
        assert_eq!(warn.settings.rules.severity(meta), Some(Severity::Warning));
        assert!(
            section.contains(&format!("ignore-file[{}]", meta.code())) || meta.code() == "QA000",
            "{} says how to silence one file",
            meta.code()
        );
    }
}

#[test]
fn explain_prints_the_page_for_a_terminal() {
    let site = common::fixtures().join("site");
    for rule in rules::ALL {
        let o = common::qalint(&site, &["--explain", rule.meta().code()]);
        let out = common::stdout(&o);
        assert_eq!(o.status.code(), Some(0));
        assert!(out.ends_with("```\n") || out.ends_with(".\n"), "{out}");
        assert!(!out.contains("path="), "no test attributes: {out}");
        assert!(out.contains("````md\n---\n"), "fences keep their language");
        assert!(out.contains("## Turning it off"));
    }
}
