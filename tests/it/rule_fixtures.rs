//! Each rule's own fixtures, found from the rule catalog: `fixtures/rules/<name>/fail/` is a
//! project whose pages break the rule, `pass/` one whose pages keep it (near misses
//! included). What the rule reports on `fail/`, and for a rule with fixes the diff of its
//! fixes, is a snapshot (`snapshots/it__rule_fixtures__<name>.snap`); `pass/` gives no finding
//! of any rule. A new rule needs its two folders and nothing else here.

use std::path::Path;

use crate::common::{self, qalint, stderr, stdout};
use qalint_workspace::rules::{self, FixAvailability};

/// A copy of `from` in a temporary folder (a run never writes into the fixtures).
fn copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in ignore::WalkBuilder::new(from)
        .hidden(false)
        .build()
        .flatten()
    {
        let rel = entry.path().strip_prefix(from).expect("below the fixture");
        let to = dir.path().join(rel);
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            std::fs::create_dir_all(&to).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy file");
        }
    }
    dir
}

#[test]
fn every_rule_reports_its_failing_fixtures_and_not_its_passing_ones() {
    let root = common::fixtures().join("rules");
    for rule in rules::ALL {
        let meta = rule.meta();
        let (code, name) = (meta.code(), meta.name());
        let fail = root.join(name).join("fail");
        let pass = root.join(name).join("pass");
        assert!(
            fail.is_dir() && pass.is_dir(),
            "{code}: a rule has fixtures in fixtures/rules/{name}/fail and /pass"
        );

        let dir = copy(&fail);
        let o = qalint(
            dir.path(),
            &["--format", "concise", "--quiet", "--select", code],
        );
        let found = stdout(&o);
        assert!(
            !found.is_empty(),
            "{code}: its failing fixtures give findings"
        );
        for line in found.lines() {
            assert!(
                line.contains(&format!(" {code} [{name}]")),
                "{code}: {line}"
            );
        }
        let errors = found.lines().any(|l| !l.contains(": warning: "));
        assert_eq!(
            o.status.code(),
            Some(i32::from(errors)),
            "{code}: {}",
            stderr(&o)
        );
        let mut snapshot = format!("$ qalint --select {code}\n{found}");
        if meta.fix != FixAvailability::None {
            let args = ["--diff", "--unsafe-fixes", "--quiet", "--select", code];
            let diff = qalint(dir.path(), &args);
            assert_eq!(
                diff.status.code(),
                Some(1),
                "{code}: --diff has fixes to show"
            );
            snapshot.push_str(&format!(
                "\n$ qalint --diff --unsafe-fixes --select {code}\n{}",
                stdout(&diff)
            ));
        }
        insta::assert_snapshot!(name, snapshot);

        let dir = copy(&pass);
        let o = qalint(dir.path(), &["--format", "concise"]);
        assert_eq!(o.status.code(), Some(0), "{code}: {}", stdout(&o));
        assert_eq!(
            stdout(&o),
            "",
            "{code}: its passing fixtures give no finding"
        );
    }
}
