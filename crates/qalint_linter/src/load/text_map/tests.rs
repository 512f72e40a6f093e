use super::{OffsetMap, ScalarStyle};
use crate::load::yaml::load_yaml;
use crate::source::SourceFile;

/// Parses `yaml`, takes the string at `pointer`, and checks that each needle found in the
/// decoded string maps to the place where the same text is written in the file.
fn check(yaml: &str, pointer: &str, needles: &[&str]) {
    let pairs: Vec<(&str, &str)> = needles.iter().map(|n| (*n, *n)).collect();
    check_raw(yaml, pointer, &pairs);
}

/// Like `check`, for needles written differently in the file (escapes): `(decoded, raw)`.
fn check_raw(yaml: &str, pointer: &str, needles: &[(&str, &str)]) {
    let src = SourceFile::new("t.yaml", yaml.to_string());
    let (value, locator, _) =
        load_yaml(&src, src.content_start()..src.text.len()).expect("valid YAML");
    let decoded = value
        .pointer(pointer)
        .and_then(|v| v.as_str())
        .expect("a string");
    let node = locator.get(pointer).expect("located");
    let map = OffsetMap::new(
        &src.text,
        node.value.clone(),
        node.style.expect("a string style"),
        decoded,
    );
    // A map made up to an offset agrees with the whole map on every offset up to it.
    for until in 0..=decoded.len() {
        let part = OffsetMap::up_to(
            &src.text,
            node.value.clone(),
            node.style.expect("a string style"),
            decoded,
            until,
        );
        for d in 0..=until {
            assert_eq!(
                part.to_file(d),
                map.to_file(d),
                "offset {d}, map up to {until}"
            );
        }
    }
    for (needle, raw) in needles {
        let d = decoded
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {decoded:?}"));
        let f = map.to_file(d);
        assert_eq!(
            &src.text[f..(f + raw.len()).min(src.text.len())],
            *raw,
            "needle {needle:?} mapped to {f} in {:?}",
            &src.text
        );
    }
}

#[test]
fn literal_block_lines_map_past_the_indentation() {
    let yaml = "a: |\n  first line\n\n    more indented\n  ```\n  code\n  ```\nb: 1\n";
    check(
        yaml,
        "/a",
        &["first", "line", "more indented", "```", "code"],
    );
}

#[test]
fn literal_block_with_crlf_bom_and_chomping() {
    let yaml = "\u{feff}x:\r\n  a: |-\r\n      deep\r\n      ```\r\n      end\r\n  b: 2\r\n";
    check(yaml, "/x/a", &["deep", "```", "end"]);
    let yaml = "a: |2\n    two extra\n  base\n";
    check(yaml, "/a", &["base"]);
}

#[test]
fn folded_block_and_plain_multiline() {
    check(
        "a: >\n  one\n  two\n\n  three\n",
        "/a",
        &["one", "two", "three"],
    );
    check(
        "a: plain\n  continued here\n   and here\n",
        "/a",
        &["plain", "continued here", "and here"],
    );
}

#[test]
fn single_quoted_with_escaped_quotes_and_folding() {
    check("a: 'it''s here'\n", "/a", &["it", "s here"]);
    check(
        "a: 'first\n  second ''q'' end'\n",
        "/a",
        &["first", "second", "q", "end"],
    );
}

#[test]
fn double_quoted_with_escapes_and_folding() {
    let yaml = "a: \"x\\ny \\\"q\\\" \\u00e9 after \\x41 \\/ end\n  next line\\\n  joined\"\n";
    check(
        yaml,
        "/a",
        &["x", "y ", "q", " after", " end", "next line", "joined"],
    );
    check_raw(
        yaml,
        "/a",
        &[
            ("é", "\\u00e9"),
            ("A", "\\x41"),
            ("\n", "\\n"),
            ("/", "\\/"),
        ],
    );
}

#[test]
fn json_strings_with_escapes_and_surrogates() {
    let text = r#"["a\n\"b\" \u002Fc \ud83d\ude00 é d"]"#;
    let decoded: Vec<String> = serde_json::from_str(text).expect("valid JSON");
    let decoded = &decoded[0];
    let map = OffsetMap::new(text, 1..text.len() - 1, ScalarStyle::Json, decoded);
    for (needle, raw) in [
        ("a", "a"),
        ("b", "b"),
        ("/c", "\\u002Fc"),
        ("😀", "\\ud83d"),
        (" é d", " é d"),
    ] {
        let d = decoded.find(needle).expect("needle");
        let f = map.to_file(d);
        assert!(
            text[f..].starts_with(raw),
            "{needle:?} mapped to {:?}",
            &text[f..]
        );
    }
}

#[test]
fn a_mismatch_falls_back_without_panicking() {
    let map = OffsetMap::new("a: b", 3..4, ScalarStyle::Plain, "zzz");
    assert_eq!(map.to_file(2), 3);
}

#[test]
fn block_scalars_opening_with_empty_lines_and_lone_cr() {
    check("a: |\n\n   first\n   second\n", "/a", &["first", "second"]);
    check("a: |\r\n\r\n  one\r  two\r\n", "/a", &["one", "two"]);
    check("a: |\n  x\n     \n  y\n", "/a", &["x", "y"]);
}
