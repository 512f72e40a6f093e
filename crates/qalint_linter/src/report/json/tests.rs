//! The JSON format's own tests: its bytes, field by field.

use super::*;

fn edit(file: &str, content: &str) -> JsonEdit<'static> {
    JsonEdit {
        file: Cow::Owned(file.to_string()),
        line: 3,
        column: 10,
        end_line: 12,
        end_column: 1,
        content: Box::leak(content.to_string().into_boxed_str()),
    }
}

/// Every shape an item takes (no fix, a fix without edits, with one and several edits,
/// with and without `built_from`) and every character serde_json escapes.
#[test]
fn written_as_serde_json_writes_it() {
    let awkward = "quote \" backslash \\ nl \n cr \r tab \t bs \u{8} ff \u{c} nul \0 \
                   us \u{1f} del \u{7f} é 日本 🦀 </script>";
    let fixes = [
        None,
        Some(JsonFix {
            applicability: Applicability::Safe,
            message: "renumber go/basics 1..3",
            edits: vec![],
        }),
        Some(JsonFix {
            applicability: Applicability::Unsafe,
            message: awkward,
            edits: vec![edit("content/a.md", "go")],
        }),
        Some(JsonFix {
            applicability: Applicability::Safe,
            message: "m",
            edits: vec![edit("content/a.md", awkward), edit("b \"q\".md", "")],
        }),
    ];
    let mut items = Vec::new();
    // Strings with one or two characters to escape, of each kind, and none.
    let messages = [
        awkward,
        "plain",
        "two \"quotes\"",
        "one\ttab",
        "two\n\nbreaks",
        "back\\slash",
        "\u{1f}",
    ];
    for (i, fix) in fixes.into_iter().enumerate() {
        for (j, built_from) in [None, Some(format!("content/{awkward}.md"))]
            .into_iter()
            .enumerate()
        {
            items.push(JsonFinding {
                code: "QA007",
                rule: "unlabeled-code-fence",
                severity: if i % 2 == 0 { "error" } else { "warning" },
                message: messages[(2 * i + j) % messages.len()],
                help: (j == 1).then_some(messages[i % messages.len()]),
                file: "content/x y/ü.md",
                line: i,
                column: usize::MAX,
                end_line: 0,
                end_column: 1234567,
                fix: fix.as_ref().map(|f| JsonFix {
                    applicability: f.applicability,
                    message: f.message,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            file: e.file.clone(),
                            ..*e
                        })
                        .collect(),
                }),
                built_from,
            });
        }
    }
    let expected = serde_json::to_string_pretty(&items).expect("serializes");
    let mut written = b"[\n".to_vec();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            written.extend_from_slice(b",\n");
        }
        item.write_pretty(&mut written);
    }
    written.extend_from_slice(b"\n]");
    assert_eq!(String::from_utf8(written).expect("UTF-8"), expected);
}
