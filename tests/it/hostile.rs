//! Hostile input: each case gives a finding or is passed over, never a panic, a hang or
//! unbounded memory, and the other files of the run are still checked.

use crate::common;

use common::{brief, lint};

/// A page with exactly one finding (QA007 on line 17, column 9: inside the quotes), to prove the run went on.
const CANARY: &str = "---
title: Canary
description: \"\"
framework: Go
frameworkSlug: go
topic: Basics
topicSlug: basics
subtopic: Canary
difficulty: easy
order: 1
updated: 2026-06-18
seoDescription: \"Still checked.\"
questions:
  - id: canary
    difficulty: easy
    q: Still checked?
    a: \"```\\nyes\\n```\"
---
";

/// Lints `files` beside the canary; returns the findings of the hostile file only.
fn run_with_canary(name: &str, bytes: &[u8]) -> Vec<String> {
    let dir = common::project(&[("content/go/basics/canary.md", CANARY)]);
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write");
    let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
    let all = brief(&findings);
    assert!(
        all.contains(&"QA007 canary.md:17:9".to_string()),
        "the canary is still checked: {all:?}"
    );
    findings
        .iter()
        .filter(|f| f.file.ends_with(name))
        .map(|f| format!("{} {}", f.rule.code, f.message))
        .collect()
}

fn assert_one(found: Vec<String>, expected: &str) {
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(expected), "{found:?}");
}

#[test]
fn non_utf8_bytes() {
    assert_one(
        run_with_canary("content/a/b/latin1.md", b"---\ntitle: caf\xe9\n---\n"),
        "QA000 file is not valid UTF-8",
    );
}

#[test]
fn empty_file_is_passed_over() {
    assert_eq!(
        run_with_canary("content/a/b/empty.md", b""),
        Vec::<String>::new()
    );
}

#[test]
fn frontmatter_never_closed() {
    assert_one(
        run_with_canary("content/a/b/open.md", b"---\ntitle: x\n"),
        "QA000 frontmatter opened",
    );
}

#[test]
fn tabs_in_yaml_indentation() {
    assert_one(
        run_with_canary("content/a/b/tabs.md", b"---\nquestions:\n\t- id: a\n---\n"),
        "QA000 invalid YAML: tabs",
    );
}

#[test]
fn yaml_alias_bomb_is_not_expanded_without_bound() {
    let mut yaml = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        yaml.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            [prev.as_str(); 10].join(", ")
        ));
    }
    yaml.push_str("---\n");
    assert_one(
        run_with_canary("content/a/b/bomb.md", yaml.as_bytes()),
        "QA000 YAML aliases expand to more than",
    );
}

/// One 1 MB string aliased 100,000 times (a 1.3 MB page) would be 100 GB of values: the text
/// the aliases add is bounded, and qalint answers at once.
#[test]
fn yaml_alias_bytes_are_bounded() {
    let mut yaml = format!("---\nbig: &big \"{}\"\nmany:\n", "x".repeat(1 << 20));
    yaml.push_str(&"  - *big\n".repeat(100_000));
    yaml.push_str("---\n");
    assert_one(
        run_with_canary("content/a/b/bomb.md", yaml.as_bytes()),
        "QA000 YAML aliases expand to more than 128 MB of text",
    );
}

#[test]
fn yaml_nested_50000_levels() {
    let block = format!("---\n{}x\n---\n", "- ".repeat(50_000));
    assert_one(
        run_with_canary("content/a/b/deep-block.md", block.as_bytes()),
        "QA000 the YAML nests deeper than 128",
    );
    let flow = format!(
        "---\na: {}{}\n---\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    assert_one(
        run_with_canary("content/a/b/deep-flow.md", flow.as_bytes()),
        "QA000 invalid YAML: recursion limit",
    );
}

#[test]
fn json_nested_100000_levels() {
    let json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_one(
        run_with_canary("out/deep/_payload.json", json.as_bytes()),
        "QA000 invalid JSON: recursion limit",
    );
}

#[test]
fn a_30_mb_page() {
    let line = "      Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n";
    let answer = line.repeat(30 * 1024 * 1024 / line.len());
    let page = CANARY.replace(
        "    a: \"```\\nyes\\n```\"\n",
        &format!("    a: |\n{answer}"),
    );
    assert!(page.len() > 30 * 1024 * 1024);
    let found = run_with_canary(
        "content/go/basics/huge.md",
        page.replace("order: 1", "order: 2").as_bytes(),
    );
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn devalue_index_out_of_range() {
    let p = br#"[{"data":1},{"x":2},{"page":3},{"questions":99}]"#;
    assert_one(
        run_with_canary("out/range/_payload.json", p),
        "QA000 invalid devalue payload: reference to element 99",
    );
}

#[test]
fn devalue_cycle() {
    let p = br#"[{"data":1},{"x":2},{"page":3},{"questions":4,"self":3},[]]"#;
    assert_one(
        run_with_canary("out/cycle/_payload.json", p),
        "QA000 invalid devalue payload: element 3 refers back to itself",
    );
    let wrappers = br#"[{"data":1},["Ref",2],["Ref",1]]"#;
    assert_eq!(
        run_with_canary("out/wrappers/_payload.json", wrappers),
        Vec::<String>::new()
    );
}

#[test]
fn devalue_wrong_type_where_a_page_is_expected() {
    let p = br#"[{"data":1},{"x":2},{"page":3},"not a page"]"#;
    assert_one(
        run_with_canary("out/type/_payload.json", p),
        "QA000 invalid payload page: `page` is not an object",
    );
    let q = br#"[{"data":1},{"x":2},{"page":3},{"questions":4},"not a list"]"#;
    let found = run_with_canary("out/questions/_payload.json", q);
    assert!(
        found.contains(&"QA001 questions: expected a list, found a string".to_string()),
        "{found:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_and_a_folder_named_like_a_page() {
    let dir = common::project(&[("content/go/basics/canary.md", CANARY)]);
    std::os::unix::fs::symlink(".", dir.path().join("content/loop")).expect("symlink");
    std::fs::create_dir_all(dir.path().join("content/x.md")).expect("mkdir");
    let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
    assert_eq!(brief(&findings), ["QA007 canary.md:17:9"]);
}

#[test]
fn a_file_that_disappears_before_it_is_read() {
    let dir = common::project(&[("content/go/basics/canary.md", CANARY)]);
    let engine = common::engine(dir.path());
    let gone = dir.path().join("content/go/basics/gone.md");
    let target = qalint_workspace::discover::Target {
        path: std::sync::Arc::new(gone.clone()),
        kind: qalint_workspace::load::FileKind::Markdown,
    };
    let result = engine.check_file(&target, true);
    let found: Vec<String> = result
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule.code, f.message))
        .collect();
    assert_eq!(
        found,
        ["QA000 file not found (was it deleted during the run?)"]
    );
}

#[test]
fn a_non_utf8_finding_points_at_the_bad_byte() {
    let dir = common::project(&[]);
    let file = dir.path().join("content/a/b/latin1.md");
    common::write_files(dir.path(), &[("content/a/b/ok.md", "no frontmatter\n")]);
    std::fs::write(&file, b"---\ntitle: caf\xe9\n---\n").expect("write");
    let findings = lint(dir.path(), &[file]);
    assert_eq!(brief(&findings), ["QA000 latin1.md:2:11"]);
}

#[test]
fn control_characters_yaml_forbids() {
    // saphyr accepts a vertical tab in a literal block; YAML 1.2 does not, nor does any other
    // reader (a fuzz find: positions inside such a block went wrong).
    assert_one(
        run_with_canary("content/a/b/vt.md", b"---\na: |\n\x0b\n  x\n---\n"),
        "QA000 invalid YAML: the control character U+000B is not allowed in YAML",
    );
}

#[test]
fn a_huge_value_is_quoted_short() {
    // A 50,000-character id breaks the slug pattern: the message quotes 80 characters of it.
    let id = "A".repeat(50_000);
    let page = CANARY
        .replace("id: canary", &format!("id: {id}"))
        .replace("title: Canary", "title: Huge");
    let found = run_with_canary("content/a/b/huge.md", page.as_bytes());
    let slug = found
        .iter()
        .find(|f| f.contains("is not a slug"))
        .expect("the id is reported");
    assert_eq!(
        slug,
        &format!(
            "QA001 questions[0].id: \"{}…\" is not a slug (lowercase ASCII letters, digits and single hyphens)",
            "A".repeat(80)
        )
    );
    assert!(found.iter().all(|f| f.len() < 300), "{found:?}");
}

/// A page's text never drives the terminal: escape sequences and line breaks in its values and
/// keys (YAML's `\e`, `\a`, `\n` in quoted strings) are written escaped by the pretty, concise
/// and github formats, so a page can neither clear the screen, set the title nor forge an
/// output line; JSON keeps the exact text.
#[test]
fn a_pages_text_never_drives_the_terminal() {
    let page =
        "---\ntitle: \"x\"\n\"note\\e]0;pwned\\a\": 1\n\"z\\nfake.md:1:1: QA000 forged\": 1\n\
                difficulty: \"\\e[2J\\e[31mHard\"\n---\n";
    let dir = common::project(&[("content/a/b/p.md", page)]);
    let args = ["--select", "QA001,QA003", "--format"];
    for format in ["concise", "pretty", "github"] {
        let o = common::qalint(dir.path(), &[&args[..], &[format]].concat());
        assert_eq!(o.status.code(), Some(1), "{format}");
        let out = common::stdout(&o);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{format}: {out:?}"
        );
        assert!(out.contains("\\u{1b}[2J\\u{1b}[31mHard"), "{format}: {out}");
        assert!(
            !out.lines().any(|l| l.starts_with("fake.md")),
            "{format}: a line was forged: {out}"
        );
    }
    let concise = common::stdout(&common::qalint(
        dir.path(),
        &[&args[..], &["concise"]].concat(),
    ));
    assert!(
        concise.contains(
            "content/a/b/p.md:3:1: QA001 [schema] unknown key \"note\\u{1b}]0;pwned\\u{7}\"\n"
        ),
        "{concise}"
    );
    let json = common::stdout(&common::qalint(
        dir.path(),
        &[&args[..], &["json"]].concat(),
    ));
    let findings: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(
        findings
            .as_array()
            .expect("a list")
            .iter()
            .any(|f| f["message"]
                == "difficulty `\u{1b}[2J\u{1b}[31mHard` is not one of easy, medium, hard"),
        "{json}"
    );
}

/// One page's report is bounded: past 100 findings of one rule in one file, one finding says
/// how many more there are (a page of a million unlabeled fences gave a million findings).
#[test]
fn one_rule_in_one_file_reports_at_most_100_findings() {
    let page = format!("---\ntitle: x\n---\n{}", "```\nx\n```\n".repeat(250));
    let dir = common::project(&[("content/a/b/p.md", &page)]);
    let o = common::qalint(dir.path(), &["--select", "QA007", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    let out = common::stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 101, "{out}");
    assert_eq!(
        lines[99],
        "content/a/b/p.md:301:1: QA007 [unlabeled-code-fence] code fence has no language"
    );
    assert_eq!(
        lines[100],
        "content/a/b/p.md:304:1: QA007 [unlabeled-code-fence] 150 more QA007 findings in this file are not shown (the first 100 are)"
    );
}

/// A file's name never drives the terminal either, in any format and on standard error:
/// ESC, DEL, a C1 control and U+202E (which reverses what follows) are written escaped.
#[cfg(unix)]
#[test]
fn a_file_name_never_drives_the_terminal() {
    let name = "content/a/b/x\u{1b}[2J\u{7f}\u{9b}\u{202e}dm.md";
    let dir = common::project(&[(name, "---\ntitle: x\ndifficulty: Hard\n---\n")]);
    for format in ["concise", "pretty", "github"] {
        let o = common::qalint(dir.path(), &["--select", "QA003", "--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        let both = format!("{}{}", common::stdout(&o), common::stderr(&o));
        for raw in ['\u{1b}', '\u{7f}', '\u{9b}', '\u{202e}'] {
            assert!(!both.contains(raw), "{format}: {raw:?} in {both:?}");
        }
        assert!(
            common::stdout(&o).contains("x\\u{1b}[2J"),
            "{format}: {both}"
        );
    }
    // A warning on standard error that names the file (a named file no rule reads).
    let o = common::qalint(dir.path(), &["--select", "QA003", name]);
    let err = common::stderr(&o);
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{err:?}"
    );
}

/// A committed `qalint.toml` cannot have a file outside the project read (and its text echoed
/// in messages): its `schema`, and a collection's, must lie in the project, links followed.
#[cfg(unix)]
#[test]
fn a_schema_outside_the_project_is_not_read() {
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("secret.json");
    std::fs::write(&secret, "{\"type\": \"object\", \"title\": \"TOP SECRET\"").expect("write");
    let page = "---\ntitle: x\n---\n";
    for config in [
        format!("schema = {:?}\n", secret.display().to_string()),
        "schema = \"link.json\"\n".to_string(),
        format!(
            "[[collection]]\nname = \"qa\"\ninclude = [\"content/**\"]\nschema = {:?}\n",
            secret.display().to_string()
        ),
    ] {
        let dir = common::project(&[("content/a/b/p.md", page), ("qalint.toml", &config)]);
        std::os::unix::fs::symlink(&secret, dir.path().join("link.json")).expect("link");
        let o = common::qalint(dir.path(), &[]);
        assert_eq!(o.status.code(), Some(2), "{config}");
        let err = common::stderr(&o);
        assert!(err.contains("lies outside the project"), "{config}: {err}");
        assert!(!err.contains("TOP SECRET"), "{err}");
    }
}

/// The cap holds for a collection of another schema too (a data file, a custom schema): 250
/// wrong values in one file give 100 findings and one that counts the rest.
#[test]
fn a_custom_schema_s_findings_are_capped_too() {
    let tags: String = (0..250).map(|i| format!("  - {i}\n")).collect();
    let page = format!("---\ntitle: x\ntags:\n{tags}---\n");
    let schema = r#"{"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}}"#;
    let dir = common::project(&[
        ("content/notes/a.md", &page),
        ("tags.schema.json", schema),
        (
            "qalint.toml",
            "root = true\n[[collection]]\nname = \"notes\"\ninclude = [\"content/notes/**\"]\nschema = \"tags.schema.json\"\n",
        ),
    ]);
    let o = common::qalint(dir.path(), &["--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    let out = common::stdout(&o);
    assert_eq!(out.lines().count(), 101, "{out}");
    assert!(
        out.lines()
            .last()
            .is_some_and(|l| l.contains("150 more QA001 findings in this file are not shown")),
        "{out}"
    );
}
