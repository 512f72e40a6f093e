//! The docs' claims, run: the README's first lines give the two commands, every command of the
//! usage page works on a copy of the fixture site, and the pre-commit `rev` and the Action's
//! `@` on the CI page name the current release.

use crate::common;

use common::{copy_tree, fixtures, run_with_input, stderr, stdout};

const README: &str = include_str!("../../README.md");
const USAGE: &str = include_str!("../../docs/src/usage.md");
const CI: &str = include_str!("../../docs/src/ci.md");

/// The lines of the first ```sh block after `heading` in `text`.
fn sh_block(text: &'static str, heading: &str) -> Vec<&'static str> {
    let after = text
        .split_once(heading)
        .map(|(_, rest)| rest)
        .expect("the page has the heading");
    let block = after
        .split_once("```sh\n")
        .and_then(|(_, rest)| rest.split_once("```\n"))
        .map(|(block, _)| block)
        .expect("a sh block follows");
    block.lines().collect()
}

/// A README command: its arguments, and the file it reads on standard input (`< file`).
fn parse(line: &str) -> (Vec<&str>, Option<&str>) {
    let code = line.split(" #").next().unwrap_or(line);
    let mut words = code.split_whitespace();
    assert_eq!(words.next(), Some("qalint"), "{line}");
    let mut args = Vec::new();
    let mut input = None;
    while let Some(w) = words.next() {
        match w {
            "<" => input = words.next(),
            ">" => {
                words.next();
            }
            w => args.push(w),
        }
    }
    (args, input)
}

#[test]
fn every_usage_example_runs() {
    let lines = sh_block(USAGE, "# Usage");
    assert!(lines.len() > 20, "the usage block was found");
    for line in lines {
        let (args, input) = parse(line);
        if args.first() == Some(&"server") {
            continue; // the language server waits for a client: tests/server.rs drives it
        }
        let site = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixtures().join("site"), site.path());
        std::fs::copy(
            fixtures().join("../schemas/page.schema.json"),
            site.path().join("my.schema.json"),
        )
        .expect("copy the schema");
        if args.contains(&"--init") {
            // A project that has no configuration yet, as where a user first runs it.
            std::fs::remove_file(site.path().join("qalint.toml")).expect("remove");
        }
        let cmd = common::command(site.path(), &args);
        let input = input.map(|f| std::fs::read(site.path().join(f)).expect("the input file"));
        let o = run_with_input(cmd, input);
        let code = o.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "`{line}` exited {code:?}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("error:"), "`{line}`: {}", stderr(&o));
        // Each prints something: findings, a page, a schema, a script or a summary.
        assert!(
            !(stdout(&o).is_empty() && stderr(&o).is_empty()),
            "`{line}` printed nothing"
        );
    }
}

/// Every `qalint` command in a `sh` block of the README and the docs (with or without `npx`,
/// as a user types it after `npm install`): the usage page's are run above; the others here.
#[test]
fn every_qalint_command_in_the_docs_runs() {
    let mut pages: Vec<std::path::PathBuf> =
        ignore::WalkBuilder::new(fixtures().join("../docs/src"))
            .build()
            .flatten()
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("usage.md"))
            .collect();
    pages.push(fixtures().join("../README.md"));
    let mut ran = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("read");
        let mut in_sh = false;
        for line in text.lines() {
            let t = line.trim();
            if t.starts_with("```") {
                in_sh = t == "```sh";
                continue;
            }
            let Some(command) = (in_sh)
                .then(|| t.strip_prefix("npx ").unwrap_or(t))
                .filter(|c| c.starts_with("qalint"))
            else {
                continue;
            };
            let (args, _) = parse(command);
            let site = tempfile::tempdir().expect("temp dir");
            copy_tree(&fixtures().join("site"), site.path());
            let o = common::run_limited(common::command(site.path(), &args));
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "{}: `{t}` exited {:?}: {}",
                page.display(),
                o.status.code(),
                stderr(&o)
            );
            ran += 1;
        }
    }
    assert!(ran >= 5, "the docs' commands were found ({ran})");
}

#[test]
fn the_first_lines_give_the_two_commands() {
    let first = sh_block(README, "# qalint");
    assert_eq!(first.len(), 2);
    assert!(first[0].starts_with("cargo run --release -- fixtures/site"));
    assert!(first[1].starts_with("cargo test"));
}

#[test]
fn the_pre_commit_rev_and_the_action_name_the_current_release() {
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    let rev = CI
        .lines()
        .find_map(|l| l.trim().strip_prefix("rev: "))
        .expect("a pre-commit rev");
    assert_eq!(rev.split_whitespace().next(), Some(tag.as_str()));
    let uses = CI
        .lines()
        .find_map(|l| l.trim().strip_prefix("- uses: qalint/qalint@"))
        .expect("the Action's uses");
    assert_eq!(uses.split_whitespace().next(), Some(tag.as_str()));
}
