//! A YAML scalar: what it means (the YAML 1.2 core schema), how it is written (for positions
//! inside it), and where its text starts after its properties and a block scalar's header.

use std::borrow::Cow;
use std::ops::Range;

use saphyr::Scalar;
use saphyr_parser::{ScalarStyle as YamlStyle, Tag};
use serde_json::Value;

use super::text_map::ScalarStyle;

pub(super) fn map_style(style: YamlStyle) -> ScalarStyle {
    match style {
        YamlStyle::Plain => ScalarStyle::Plain,
        YamlStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        YamlStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        YamlStyle::Literal => ScalarStyle::Literal,
        YamlStyle::Folded => ScalarStyle::Folded,
    }
}

/// `s` without spare room: on a page of a million values the room saphyr's stock scanner
/// leaves (it reserves as it reads) was a third of the peak memory. The vendored scanner copies
/// each scalar at its size, so this is a check that costs a comparison, kept in case it ever
/// does not.
pub(super) fn fitted(mut s: String) -> String {
    if s.capacity() > s.len() {
        s.shrink_to_fit();
    }
    s
}

/// Resolves a scalar as the YAML 1.2 core schema does (`2026-06-18` stays a string).
pub(super) fn scalar_value(text: Cow<'_, str>, style: YamlStyle, tag: Option<&Tag>) -> Value {
    let explicit_str = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
    if style != YamlStyle::Plain || explicit_str {
        return Value::String(fitted(text.into_owned()));
    }
    match Scalar::parse_from_cow(text) {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(b),
        Scalar::Integer(i) => Value::from(i),
        Scalar::FloatingPoint(f) => serde_json::Number::from_f64(f.into_inner())
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        Scalar::String(s) => Value::String(fitted(s.into_owned())),
    }
}

/// The offset of a node's content in `text[range]`, after its `!tag` and `&anchor` properties.
pub(super) fn skip_properties(text: &str, range: Range<usize>) -> usize {
    let bytes = text.as_bytes();
    let mut at = range.start;
    loop {
        // Properties may stand on a line of their own, with a comment after them.
        while at < range.end && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r' | b'#') {
            if bytes[at] == b'#' {
                while at < range.end && !matches!(bytes[at], b'\n' | b'\r') {
                    at += 1;
                }
            } else {
                at += 1;
            }
        }
        if at < range.end && matches!(bytes[at], b'!' | b'&') {
            while at < range.end && !matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
                at += 1;
            }
        } else {
            return at;
        }
    }
}

/// Past a block scalar's header line (`|-  # comment`) to its first content character, or to
/// the start of its first line when that line is empty.
pub(super) fn past_block_header(text: &str, range: Range<usize>) -> usize {
    let bytes = text.as_bytes();
    let Some(eol) = bytes[range.clone()]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|i| range.start + i)
    else {
        // A block of blank lines only: its span was trimmed to the header; no content.
        return range.end;
    };
    let mut at = eol + 1;
    if bytes.get(eol) == Some(&b'\r') && bytes.get(at) == Some(&b'\n') {
        at += 1;
    }
    let mut content = at;
    while content < range.end && bytes[content] == b' ' {
        content += 1;
    }
    if content < range.end && !matches!(bytes[content], b'\n' | b'\r') {
        content
    } else {
        at.min(range.end)
    }
}
