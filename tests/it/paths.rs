//! Page paths agree with Nuxt Content and the real npm `slugify`: `fixtures/paths/table.json`
//! is written by `fixtures/paths/generate.mjs` from the real package (CI regenerates it).

use qalint_workspace::paths::{slugify::slugify, stem_path};

#[derive(serde::Deserialize)]
struct Row {
    file: String,
    slug: String,
    path: String,
}

#[test]
fn paths_and_slugs_agree_with_the_real_packages() {
    let text = std::fs::read_to_string("fixtures/paths/table.json").expect("the table");
    let rows: Vec<Row> = serde_json::from_str(&text).expect("valid JSON");
    assert!(rows.len() > 300, "a table of a few hundred names");
    let mut wrong = Vec::new();
    for row in &rows {
        let last = row.file.rsplit('/').next().unwrap_or(&row.file);
        let slug = slugify(last);
        if slug != row.slug {
            wrong.push(format!(
                "slugify({:?}) = {slug:?}, npm says {:?}",
                last, row.slug
            ));
        }
        let path = stem_path(&row.file);
        if path != row.path {
            wrong.push(format!(
                "path of {:?} = {path:?}, Nuxt says {:?}",
                row.file, row.path
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} differences:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A thread keeps its last folder's slugs: a path is the same whichever path came before it.
#[test]
fn a_path_does_not_depend_on_the_one_before() {
    let text = std::fs::read_to_string("fixtures/paths/table.json").expect("the table");
    let rows: Vec<Row> = serde_json::from_str(&text).expect("valid JSON");
    let mut files: Vec<&str> = rows.iter().map(|r| r.file.as_str()).collect();
    files.extend([
        "a:b/c:d.md",
        "a:b/c.md",
        "a/b:c.md",
        "/x.md",
        "x.md",
        "a/index.md",
        "a/",
    ]);
    let forward: Vec<String> = files.iter().map(|f| stem_path(f)).collect();
    let backward: Vec<String> = files.iter().rev().map(|f| stem_path(f)).collect();
    let backward: Vec<String> = backward.into_iter().rev().collect();
    assert_eq!(forward, backward);
    assert_eq!(stem_path("a:b/c:d.md"), "/a/b/c/d");
    assert_eq!(stem_path("a/index.md"), "/a");
}

#[test]
fn nuxt_content_test_vectors() {
    for (file, path) in [
        ("3.index.md", "/"),
        ("1.blog/3.index.draft.md", "/blog"),
        ("1.blog/_4.the-post.md", "/blog/_4.the-post"),
        ("1.0.0/doc.md", "/1.0.0/doc"),
        ("1.one/file?param=value#hash.md", "/one/fileparamvaluehash"),
        ("indexer.draft.md", "/indexer"),
        ("فرهنگ/فارسی/فرهنگ.md", "/frhng/farsy/frhng"),
        ("1.python/2.Intro File.md", "/python/intro-file"),
        ("python/Q & A.md", "/python/q-and-a"),
        ("python/Café.md", "/python/cafe"),
    ] {
        assert_eq!(stem_path(file), path, "{file}");
    }
}
