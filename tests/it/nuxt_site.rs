//! A site as Nuxt Content builds it (fixtures/nuxt-site: sources, the real build output),
//! with `node_modules` and `dist` beside them: each world gives its own findings, once, and a
//! payload's findings name the source page it was built from (found by the path Nuxt gave it).

use crate::common;

use common::{copy_tree, fixtures, qalint, stdout, write_files};

const BROKEN: &str = "---\ntitle: [unclosed\n---\n";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixtures().join("nuxt-site"), dir.path());
    // No .gitignore: these are skipped by default all the same.
    write_files(
        dir.path(),
        &[
            ("node_modules/some-pkg/README.md", BROKEN),
            ("node_modules/some-pkg/_payload.json", "[oops"),
            ("dist/page.md", BROKEN),
            (".nuxt/x.md", BROKEN),
            (".data/content/x.md", BROKEN),
        ],
    );
    dir
}

const SOURCES: [&str; 3] = [
    "content/1.rust/2.Basics Part/Q & A Café.md:14:5: QA004 [broken-sibling-path] /rust/basics-part/3.Intro File is not the path of any page",
    "content/python/concurrency/2.gil.md:10:8: QA005 [order-gap] [*] order 3 leaves a gap in python/concurrency (orders 1, 3): expected 2",
    "content/python/concurrency/asyncio.md:22:7: QA007 [unlabeled-code-fence] code fence has no language",
];

const BUILD: [&str; 3] = [
    ".output/public/python/concurrency/asyncio/_payload.json:1:817: QA007 [unlabeled-code-fence] code fence has no language (built from content/python/concurrency/asyncio.md)",
    ".output/public/python/concurrency/gil/_payload.json:1:654: QA005 [order-gap] order 3 leaves a gap in python/concurrency (orders 1, 3): expected 2 (built from content/python/concurrency/2.gil.md)",
    ".output/public/rust/basics-part/q-and-a-cafe/_payload.json:1:829: QA004 [broken-sibling-path] /rust/basics-part/3.Intro File is not the path of any page (built from content/1.rust/2.Basics Part/Q & A Café.md)",
];

fn lines(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "concise"];
    all.extend(args);
    let out = qalint(dir, &all);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    stdout(&out).lines().map(str::to_string).collect()
}

#[test]
fn the_sources_alone_by_default() {
    let site = site();
    assert_eq!(lines(site.path(), &[]), SOURCES);
}

#[test]
fn the_build_output_when_named() {
    let site = site();
    assert_eq!(lines(site.path(), &[".output/public"]), BUILD);
}

#[test]
fn both_worlds_each_once() {
    let site = site();
    let both = lines(site.path(), &["content", ".output/public"]);
    let mut expected: Vec<&str> = SOURCES.iter().chain(BUILD.iter()).copied().collect();
    expected.sort();
    let mut both_sorted = both.clone();
    both_sorted.sort();
    assert_eq!(both_sorted, expected);
}

#[test]
fn one_payload_named_sees_its_whole_build_output() {
    let site = site();
    let cafe = ".output/public/rust/basics-part/q-and-a-cafe/_payload.json";
    assert_eq!(lines(site.path(), &[cafe]), [BUILD[2]]);
    // Its other link, to /rust/basics-part/intro-file, is a page of that build: no finding.
    let intro = ".output/public/rust/basics-part/intro-file/_payload.json";
    let out = qalint(site.path(), &["--format", "concise", intro]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_link_written_as_the_file_name_suggests_the_path_nuxt_serves() {
    let site = site();
    let out = qalint(site.path(), &["content/1.rust"]);
    let text = stdout(&out);
    assert!(
        text.contains("did you mean /rust/basics-part/intro-file?"),
        "{text}"
    );
}

#[test]
fn default_excludes_are_walked_when_named() {
    let site = site();
    let out = qalint(site.path(), &["--format", "concise", "node_modules"]);
    assert_eq!(
        stdout(&out).lines().count(),
        2,
        "the README and the payload: {}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1));
}
