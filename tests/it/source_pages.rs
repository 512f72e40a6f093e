//! Markdown pages: the example from the real site, CRLF and BOM files, and the cross-file
//! equality a pre-commit hook relies on.

use crate::common;

use common::{brief, fixtures, lint};

#[test]
fn the_example_page_gives_no_finding() {
    let site = fixtures().join("site");
    let page = site.join("content/python/concurrency/asyncio.md");
    assert!(lint(&site, std::slice::from_ref(&page)).is_empty());
    // Alone in a tree too: its topic's other pages are simply not there.
    let dir = common::project(&[(
        "content/python/concurrency/asyncio.md",
        &std::fs::read_to_string(&page).expect("read"),
    )]);
    let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
    assert!(findings.is_empty(), "{:?}", brief(&findings));
}

#[test]
fn crlf_and_bom_keep_positions_exact() {
    let site = fixtures().join("site");
    let file = site.join("content/go/basics/intro.md");
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(text.starts_with('\u{feff}') && text.contains("\r\n"));
    let findings = lint(&site, &[file]);
    assert_eq!(
        brief(&findings),
        [
            "QA000 intro.md:1:1",
            "QA006 intro.md:3:32",
            "QA007 intro.md:19:7",
            "QA007 intro.md:26:1"
        ]
    );
    // QA006 points where the key belongs: the end of line 3, the `description` entry (before
    // its CR LF), whatever the BOM and CRLF before it.
    let line3 = text.split("\r\n").nth(2).expect("line 3");
    assert!(line3.starts_with("description:"));
    assert_eq!(findings[1].location.start.column, line3.chars().count() + 1);
    assert_eq!(findings[1].labels[0].message, "add `seoDescription` here");
    assert_eq!(
        findings[2].location.end.column, 10,
        "the ``` run is underlined"
    );
}

#[test]
fn the_same_page_with_lf_and_crlf_gives_the_same_positions() {
    let lf = std::fs::read_to_string(fixtures().join("site/content/javascript/async/callbacks.md"))
        .expect("read");
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let a = common::project(&[("content/javascript/async/callbacks.md", &lf)]);
    let b = common::project(&[("content/javascript/async/callbacks.md", &crlf)]);
    let pos = |d: &tempfile::TempDir| -> Vec<_> {
        lint(d.path(), &[d.path().to_path_buf()])
            .iter()
            .map(|f| (f.rule.code, f.location.start, f.location.end))
            .collect()
    };
    let lf_findings = pos(&a);
    assert_eq!(lf_findings.len(), 6);
    // The BOM is a finding of its own; every other position is the same.
    let mut crlf_findings = pos(&b);
    assert_eq!(crlf_findings.remove(0).0, "QA000");
    assert_eq!(lf_findings, crlf_findings);
}

/// Linting one file gives exactly the findings a whole-tree run gives for that file.
#[test]
fn one_file_gets_the_findings_of_the_whole_tree() {
    let site = fixtures().join("site");
    let whole = lint(&site, std::slice::from_ref(&site));
    let files: std::collections::BTreeSet<_> = whole.iter().map(|f| f.file.clone()).collect();
    assert!(files.len() >= 5);
    for entry in ignore::Walk::new(site.join("content"))
        .flatten()
        .filter(|e| e.path().is_file())
    {
        let path = std::fs::canonicalize(entry.path()).expect("canonical");
        let alone = brief(&lint(&site, &[entry.path().to_path_buf()]));
        let expected: Vec<_> = whole.iter().filter(|f| *f.file == path).cloned().collect();
        assert_eq!(alone, brief(&expected), "{}", entry.path().display());
    }
}

/// A folder holding its own `qalint.toml` is a project of its own: its pages are not numbered
/// or linked against the pages of a sibling project.
#[test]
fn nested_qalint_toml_folders_are_separate_projects() {
    let page =
        std::fs::read_to_string(fixtures().join("site/content/go/basics/intro.md")).expect("read");
    let clean = page
        .trim_start_matches('\u{feff}')
        .replace(
            "description: \"Intro explained.\"",
            "description: \"\"\r\nseoDescription: \"x\"",
        )
        .replace("```\r\n      fmt", "```go\r\n      fmt")
        .replace("~~~\r\ngo run", "~~~go\r\ngo run");
    let dir = common::project(&[
        ("a/qalint.toml", "root = true\n"),
        ("a/content/go/basics/intro.md", &clean),
        ("b/qalint.toml", "root = true\n"),
        ("b/content/go/basics/intro.md", &clean),
        (
            "b/content/go/basics/next.md",
            &clean.replace("order: 1", "order: 2"),
        ),
    ]);
    let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
    assert!(findings.is_empty(), "{:?}", brief(&findings));
    // Without them, the three pages are one topic of one project: orders 1, 1, 2.
    std::fs::remove_file(dir.path().join("a/qalint.toml")).expect("remove");
    std::fs::remove_file(dir.path().join("b/qalint.toml")).expect("remove");

    let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
    assert_eq!(
        findings.iter().filter(|f| f.rule.code == "QA005").count(),
        2,
        "{:?}",
        brief(&findings)
    );
}

/// A key only a build adds is never the did-you-mean of an author's typo.
#[test]
fn build_only_keys_are_never_suggested_for_sources() {
    let page = std::fs::read_to_string(fixtures().join("site/content/python/concurrency/gil.md"))
        .expect("read")
        .replacen("title:", "extensio: md\nseoDescriptio: x\ntitle:", 1);
    let dir = common::project(&[("content/python/concurrency/gil.md", &page)]);
    let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
    let messages: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule.code == "QA001")
        .map(|f| &*f.message)
        .collect();
    assert_eq!(
        messages,
        [
            "unknown key \"extensio\"",
            "unknown key \"seoDescriptio\" — did you mean \"seoDescription\"?"
        ]
    );
}

/// `seoDescription:` with nothing after it is reported at its key (the value has no text).
#[test]
fn an_empty_seo_description_is_shown_at_its_key() {
    let page = std::fs::read_to_string(fixtures().join("site/content/python/concurrency/gil.md"))
        .expect("read");
    let seo = page
        .lines()
        .find(|l| l.starts_with("seoDescription:"))
        .expect("line")
        .to_string();
    let page = page.replacen(&seo, "seoDescription:", 1);
    let line = page
        .lines()
        .position(|l| l == "seoDescription:")
        .expect("line")
        + 1;
    let dir = common::project(&[("content/python/concurrency/gil.md", &page)]);
    let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
    let qa006: Vec<_> = findings.iter().filter(|f| f.rule.code == "QA006").collect();
    assert_eq!(qa006.len(), 1);
    assert_eq!(
        (
            qa006[0].location.start.line,
            qa006[0].location.start.column,
            qa006[0].location.end.column
        ),
        (line, 1, 15),
        "{}",
        qa006[0].message
    );
}

#[test]
fn an_answer_fenced_with_tildes_alone_is_checked() {
    let gil = std::fs::read_to_string(fixtures().join("site/content/python/concurrency/gil.md"))
        .expect("read");
    let tildes = gil
        .replacen("```python\n", "~~~\n", 1)
        .replacen("```\n", "~~~\n", 1);
    assert!(!tildes.contains("``"));
    let dir = common::project(&[("content/python/concurrency/gil.md", &tildes)]);
    let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
    assert_eq!(brief(&findings), ["QA007 gil.md:20:7"]);
}

/// Nuxt Content ends the frontmatter at the first line that starts with `---` (remark-mdc's
/// `indexOf('\n---')`): a `----` or `---x` line there is where Nuxt stops reading, and qalint
/// says so at that line rather than reading on to a later `---`.
#[test]
fn a_line_starting_with_dashes_ends_the_frontmatter_as_for_nuxt() {
    let page =
        std::fs::read_to_string(fixtures().join("site/content/python/concurrency/asyncio.md"))
            .expect("read");
    for line in ["----", "---x", "--- # end"] {
        let text = page.replacen("\nquestions:", &format!("\n{line}\nquestions:"), 1);
        let dir = common::project(&[("content/python/concurrency/asyncio.md", &text)]);
        let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
        let at = text[..text.find(&format!("\n{line}\n")).expect("there")]
            .matches('\n')
            .count()
            + 2;
        assert_eq!(
            brief(&findings),
            [format!("QA000 asyncio.md:{at}:1")],
            "{line}"
        );
        assert!(
            findings[0].message.starts_with(&format!(
                "Nuxt Content ends the frontmatter at this line, since it starts with `---`: `{line}` is not a closing `---`"
            )),
            "{}",
            findings[0].message
        );
    }
}

/// Nuxt Content unflattens dotted keys (`flat`): `seo.description: x` is `seo: {description: x}`
/// and checked as such, and a written value Nuxt does not store is a finding at its key.
#[test]
fn dotted_keys_are_read_as_nuxt_stores_them() {
    let page =
        std::fs::read_to_string(fixtures().join("site/content/python/concurrency/asyncio.md"))
            .expect("read");
    let with = |extra: &str| {
        let text = page.replacen("\nquestions:", &format!("\n{extra}questions:"), 1);
        let dir = common::project(&[("content/python/concurrency/asyncio.md", &text)]);
        let findings = lint(dir.path(), &[dir.path().to_path_buf()]);
        let line = |needle: &str| {
            text[..text.find(needle).expect("there")]
                .matches('\n')
                .count()
                + 1
        };
        (findings, line(extra.lines().last().unwrap_or(extra)))
    };
    // A page's own `seo` (Nuxt's key), written dotted: no unknown key.
    let (findings, _) = with("seo.description: Asyncio questions\n");
    assert!(findings.is_empty(), "{:?}", brief(&findings));
    // A dotted key through a value that is not a mapping is dropped, and said.
    let (findings, line) = with("order.value: 2\n");
    assert_eq!(brief(&findings), [format!("QA001 asyncio.md:{line}:1")]);
    assert_eq!(
        findings[0].message,
        "Nuxt Content drops `order.value`: `order` is set to a value that is not a mapping"
    );
    // Written twice, the later value wins: the earlier is the one lost.
    let (findings, _) = with("seo:\n  description: first\nseo.description: second\n");
    assert_eq!(findings.len(), 1, "{:?}", brief(&findings));
    assert!(findings[0].message.starts_with(
        "Nuxt Content drops this `seo.description`: it is written again further down"
    ));
}

/// A nested `qalint.toml` without `root = true` refines and never splits: in a git work tree
/// whose root has none, linting a page from inside the nested folder sees the whole site (a
/// link to another framework's page resolves), as it does from the top.
#[test]
fn a_nested_qalint_toml_never_splits_the_project() {
    let site = fixtures().join("site/content");
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&site, &dir.path().join("content"));
    std::fs::create_dir(dir.path().join(".git")).expect("a work tree");
    std::fs::write(
        dir.path().join("content/javascript/qalint.toml"),
        "[rules]\nunlabeled-code-fence = \"warning\"\n",
    )
    .expect("write");
    let page = "content/javascript/async/promises.md";
    // A link to a page of another framework: it resolves only in the whole site.
    let text = std::fs::read_to_string(dir.path().join(page)).expect("read");
    let linked = text.replacen(
        "\nquestions:",
        "\nrelated:\n  - /python/concurrency/gil\nquestions:",
        1,
    );
    assert_ne!(linked, text);
    std::fs::write(dir.path().join(page), linked).expect("write");
    let from_top = common::qalint(dir.path(), &["--format", "concise", page]);
    let inside = common::qalint(
        &dir.path().join("content/javascript"),
        &["--format", "concise", "async/promises.md"],
    );
    let top = common::stdout(&from_top);
    assert_eq!(
        common::stdout(&inside),
        top.replace("content/javascript/", ""),
        "{top}"
    );
    assert!(!top.contains("QA004"), "{top}");
}
