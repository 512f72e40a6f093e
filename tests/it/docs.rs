//! The docs hold together: every relative link of the docs site, the README and the
//! contributor documents leads to a file that exists and, with `#anchor`, to a heading in it;
//! every page is in the book's table of contents; every rule has its page; the command-line
//! reference is the binary's own help (`QALINT_UPDATE_DOCS=1 cargo test --test it docs::`
//! writes it anew).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::{self, stdout};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The Markdown files whose links are checked.
fn documents() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(root().join("docs/src"))
        .build()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    for top in [
        "README.md",
        "ARCHITECTURE.md",
        "CONTRIBUTING.md",
        "CHANGELOG.md",
        "npm/qalint/README.md",
        "npm/nuxt/README.md",
        "pypi/README.md",
    ] {
        files.push(root().join(top));
    }
    files.sort();
    files
}

/// A heading's anchor as GitHub and mdBook make it: lowercase, spaces to `-`, punctuation gone.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown file's headings (outside code blocks).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut fenced = false;
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && line.starts_with('#') {
            out.insert(anchor(line.trim_start_matches('#')));
        }
    }
    out
}

/// The link targets of a Markdown text (outside code), `[text](target)` and includes.
fn links(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if let Some(include) = line.trim().strip_prefix("{{#include ") {
            out.push(include.trim_end_matches("}}").trim().to_string());
            continue;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            out.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    out
}

#[test]
fn every_link_leads_somewhere() {
    let mut broken = Vec::new();
    for file in documents() {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        for link in links(&text) {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let target = match path {
                "" => file.clone(),
                p => file.parent().expect("a folder").join(p),
            };
            if !target.exists() {
                broken.push(format!("{}: {link} (no such file)", file.display()));
                continue;
            }
            if let Some(fragment) = fragment {
                let text = std::fs::read_to_string(&target).unwrap_or_default();
                if !anchors(&text).contains(fragment) {
                    broken.push(format!("{}: {link} (no such heading)", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// The checker above is no stub: it finds links of every form and skips code.
#[test]
fn links_and_anchors_are_read_as_markdown_has_them() {
    let text =
        "# The Nuxt module\n[a](b.md) and [c](d.md#the-nuxt-module)\n```sh\n[x](y.md)\n```\n\
                {{#include ../../rules/x.md}}\n## qalint.toml keys\n";
    assert_eq!(
        links(text),
        ["b.md", "d.md#the-nuxt-module", "../../rules/x.md"]
    );
    let found: Vec<String> = anchors(text).into_iter().collect();
    assert_eq!(found, ["qalinttoml-keys", "the-nuxt-module"]);
}

#[test]
fn every_page_is_in_the_book_and_every_rule_has_one() {
    let src = root().join("docs/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).expect("SUMMARY.md");
    let listed: BTreeSet<String> = links(&summary).into_iter().collect();
    for file in documents().iter().filter(|f| f.starts_with(&src)) {
        let rel = file
            .strip_prefix(&src)
            .expect("below src")
            .to_string_lossy()
            .into_owned();
        if rel != "SUMMARY.md" {
            assert!(listed.contains(&rel), "{rel} is not in SUMMARY.md");
        }
    }
    for rule in qalint_workspace::rules::ALL {
        let name = rule.meta().name();
        let page = src.join(format!("rules/{name}.md"));
        let text = std::fs::read_to_string(&page).unwrap_or_default();
        assert_eq!(
            text,
            format!("{{{{#include ../../../rules/{name}.md}}}}\n"),
            "docs/src/rules/{name}.md includes the rule's page"
        );
    }
}

/// `qalint --help` and each command's, as the command-line reference shows them.
fn cli_reference() -> String {
    let mut out = String::from(
        "# Command line\n\nWhat `qalint --help` and each command's `--help` print (written from the \
         binary by tests/it/docs.rs, which fails when they differ).\n",
    );
    let dir = tempfile::tempdir().expect("temp dir");
    for command in [
        vec![],
        vec!["check"],
        vec!["rule"],
        vec!["server"],
        vec!["completions"],
        vec!["nuxt-collections"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let o = common::qalint(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let title = format!("qalint {}", command.join(" "));
        out.push_str(&format!(
            "\n## `{}`\n\n```text\n{}```\n",
            title.trim(),
            stdout(&o)
        ));
    }
    out
}

#[test]
fn the_command_line_reference_is_the_binarys_help() {
    let path = root().join("docs/src/reference/cli.md");
    let want = cli_reference();
    if std::env::var_os("QALINT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write the reference");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/src/reference/cli.md is not the binary's help: QALINT_UPDATE_DOCS=1 cargo test --test it docs::"
    );
}

/// The release's notes are the changelog's section for its version, and a version the
/// changelog does not name stops the release.
#[test]
fn the_release_notes_come_from_the_changelog() {
    let run = |version: &str| {
        std::process::Command::new("bash")
            .arg(root().join("scripts/release-notes.sh"))
            .arg(version)
            .output()
            .expect("bash runs")
    };
    let released = run(env!("CARGO_PKG_VERSION"));
    assert_eq!(
        released.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&released.stderr)
    );
    let notes = String::from_utf8_lossy(&released.stdout);
    assert!(
        !notes.trim().is_empty() && !notes.contains("## ["),
        "{notes}"
    );
    let unreleased = run("Unreleased");
    assert!(String::from_utf8_lossy(&unreleased.stdout).contains("### Added"));
    let missing = run("9.9.9");
    assert_eq!(missing.status.code(), Some(1));
}
