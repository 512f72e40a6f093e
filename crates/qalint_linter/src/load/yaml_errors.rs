//! saphyr's YAML errors, said so a newcomer sees what is meant.

use crate::source::SourceFile;

/// saphyr's words for a YAML error, or plainer ones where a newcomer would not see what is
/// meant: an unclosed quote is reported as bad indentation of the quoted scalar.
pub(super) fn explain(src: &SourceFile, info: &str, at: usize, end: usize) -> String {
    if info.contains("quoted scalar") {
        let quote = src.text[at..end].chars().next();
        if let Some(q @ ('"' | '\'')) = quote {
            if !closed(&src.text[at + 1..end], q) {
                let l = src.location(at..at).start;
                return format!(
                    "invalid YAML: the quoted string opened at {}:{} is never closed (a `{q}` \
                     is missing)",
                    l.line, l.column
                );
            }
        }
    }
    format!("invalid YAML: {info}")
}

/// Whether a quoted scalar's text (after its opening quote) has its closing quote: `\"` does
/// not close a double-quoted one, `''` does not close a single-quoted one.
fn closed(text: &str, quote: char) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            _ if c == quote => return true,
            _ => {}
        }
    }
    false
}
