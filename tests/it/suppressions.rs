//! `# qalint: ignore[…]` comments: what they silence, and QA100 for those that silence nothing.

use crate::common;

use common::{qalint, stdout};

const PAGE: &str = "---
# qalint: ignore-file[unlabeled-code-fence]
title: Callbacks
description: \"Callbacks explained.\"
framework: JavaScript
frameworkSlug: javascript
topic: Async
topicSlug: async
subtopic: Callbacks
difficulty: medium
order: 1
updated: 2026-06-18
seoDescription: \"About callbacks.\"
related:
  - /javascript/async/nowhere # qalint: ignore[QA004]
  - /javascript/async/elsewhere
questions:
  # qalint: ignore[duplicate-id, bad-difficulty]
  - id: dup
    difficulty: Hard
    q: One?
    a: |
      ```
      one()
      ```
  - id: dup
    difficulty: easy # qalint: ignore[QA003]
    q: Two? # qalint: ignore[no-such-rule]
    a: \"Not a # qalint: ignore comment, a string.\"
---

~~~
body()
~~~
";

#[test]
fn suppressions_silence_their_rules_where_they_stand() {
    let dir = common::project(&[("content/javascript/async/callbacks.md", PAGE)]);
    let o = qalint(dir.path(), &["--format", "concise"]);
    assert_eq!(
        stdout(&o),
        "content/javascript/async/callbacks.md:16:5: QA004 [broken-sibling-path] /javascript/async/elsewhere is not the path of any page
content/javascript/async/callbacks.md:18:3: warning: QA100 [unused-suppression] this suppression of duplicate-id silences nothing
content/javascript/async/callbacks.md:26:9: QA002 [duplicate-id] duplicate question id `dup` (first used on line 19)
content/javascript/async/callbacks.md:27:22: warning: QA100 [unused-suppression] this suppression of QA003 silences nothing
content/javascript/async/callbacks.md:28:13: warning: QA100 [unused-suppression] `no-such-rule` in this suppression is not a rule (see --list-rules)
"
    );
}

#[test]
fn silenced_findings_are_not_fixed() {
    let dir = common::project(&[("content/javascript/async/callbacks.md", PAGE)]);
    qalint(dir.path(), &["--fix", "--unsafe-fixes"]);
    let after = std::fs::read_to_string(dir.path().join("content/javascript/async/callbacks.md"))
        .expect("read");
    assert_eq!(after, PAGE);
}

#[test]
fn unused_suppressions_are_warnings_and_can_be_switched_off() {
    let page = PAGE
        .replace("  - /javascript/async/elsewhere\n", "")
        .replace(
            "  - id: dup\n    difficulty: easy",
            "  - id: dup2\n    difficulty: easy",
        );
    let dir = common::project(&[("content/javascript/async/callbacks.md", &page)]);
    let o = qalint(dir.path(), &["--format", "concise"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "only warnings remain: {}",
        stdout(&o)
    );
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert!(!lines.is_empty(), "the unused suppressions are reported");
    assert!(
        lines
            .iter()
            .all(|l| l.contains(": warning: QA100 [unused-suppression] ")),
        "{}",
        stdout(&o)
    );
    assert!(
        common::stderr(&o).contains("problem"),
        "a summary counts them: {}",
        common::stderr(&o)
    );
    let o = qalint(dir.path(), &["--format", "concise", "--ignore", "QA100"]);
    assert_eq!(stdout(&o), "");
}
