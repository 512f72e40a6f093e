//! Replays the inputs the fuzzers found interesting (fuzz/regressions/<target>/) and every
//! fixture against the fuzz targets' invariants (qalint_workspace::fuzz_checks). CI does not fuzz; this
//! keeps what fuzzing found fixed.

use std::path::Path;

use qalint_workspace::fuzz_checks;

fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    ignore::WalkBuilder::new(dir)
        .hidden(false)
        .build()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = inputs(&root.join("fuzz/regressions").join(target));
    files.extend(
        inputs(&root.join("fixtures"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "json")),
    );
    assert!(files.len() > 20, "{target}: {} inputs", files.len());
    let broken: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = std::fs::read(file).expect("read");
            std::panic::catch_unwind(|| check(&data)).is_err()
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        broken.is_empty(),
        "{target}: these break an invariant: {broken:#?}"
    );
}

#[test]
fn frontmatter_inputs() {
    replay("frontmatter", fuzz_checks::frontmatter);
}

#[test]
fn devalue_inputs() {
    replay("devalue", fuzz_checks::devalue);
}

#[test]
fn check_page_inputs() {
    replay("check_page", fuzz_checks::check_page);
}

#[test]
fn fix_inputs() {
    replay("fix", fuzz_checks::fix);
}
