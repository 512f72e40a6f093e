//! Markdown pages: the YAML frontmatter between a first line `---` and the next line `---`.

use std::ops::Range;

use super::{yaml::load_yaml, LoadError, Page, PageKind};
use crate::source::SourceFile;

/// Where the frontmatter's YAML and the Markdown body lie in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub yaml: Range<usize>,
    pub body: Range<usize>,
}

/// `Ok(None)`: the file does not open with `---`, so it is not a page.
pub fn split(src: &SourceFile) -> Result<Option<Split>, LoadError> {
    let start = src.content_start();
    let text = &src.text[start..];
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if !is_delimiter(&text[..first_end]) {
        return Ok(None);
    }
    let yaml_start = start + first_end;
    // Candidates for the closing line are the places a line starts with `---`.
    let rest = &src.text[yaml_start..];
    let starts = std::iter::once(0).filter(|_| rest.starts_with("---"));
    let candidates =
        starts.chain(memchr::memmem::find_iter(rest.as_bytes(), "\n---").map(|i| i + 1));
    // Nuxt Content (remark-mdc) ends the frontmatter at the first line that starts with
    // `---`, whatever follows on it: qalint reads the page as Nuxt does, and says so when that
    // line is more than `---` (a `----` rule, `---x`), which no author means as the end.
    if let Some(at) = candidates.into_iter().next() {
        let line_end =
            memchr::memchr(b'\n', &rest.as_bytes()[at..]).map_or(rest.len(), |i| at + i + 1);
        let line = yaml_start + at..yaml_start + line_end;
        if is_delimiter(&rest[at..line_end]) {
            return Ok(Some(Split {
                yaml: yaml_start..yaml_start + at,
                body: line.end..src.text.len(),
            }));
        }
        let shown = src.text[line.clone()].trim_end_matches(['\n', '\r']);
        return Err(LoadError::new(
            format!(
                "Nuxt Content ends the frontmatter at this line, since it starts with `---`: \
                 `{}` is not a closing `---`, and what follows is read as the page's body; \
                 close the frontmatter with `---` alone on a line before it",
                crate::quote::short(shown)
            ),
            line.start..line.start + shown.len(),
        ));
    }

    let opener = start..start + 3;
    Err(LoadError::new(
        "frontmatter opened with `---` on line 1 is never closed by a line `---`",
        opener,
    ))
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r', ' ', '\t']) == "---"
}

pub fn load_markdown(src: &SourceFile) -> Result<Option<Page>, LoadError> {
    let Some(split) = split(src)? else {
        return Ok(None);
    };
    if let Some((at, c)) = forbidden_character(&src.text[split.yaml.clone()]) {
        let at = split.yaml.start + at;
        return Err(LoadError::new(
            format!(
                "invalid YAML: the control character U+{:04X} is not allowed in YAML",
                c as u32
            ),
            at..at + c.len_utf8(),
        ));
    }
    let (mut value, mut locator, dotted) = load_yaml(src, split.yaml)?;
    // What Nuxt stores: its dotted keys unflattened.
    let dropped = match dotted {
        true => super::unflatten::unflatten(&mut value, &mut locator),
        false => Vec::new(),
    };
    Ok(Some(Page {
        kind: PageKind::Source,
        value,
        locator,
        body: Some(split.body),
        siblings: Vec::new(),
        dropped,
    }))
}

/// The first character YAML 1.2 does not allow in a stream (outside `c-printable`): C0 and C1
/// controls but tab, line feed, carriage return and next line, DEL, and the non-characters
/// U+FFFE and U+FFFF. saphyr accepts some of them, where no other YAML reader would.
pub(super) fn forbidden_character(yaml: &str) -> Option<(usize, char)> {
    // A byte scan first (this runs over every page): only a C0 control, DEL, or the lead
    // byte of a C1 control (0xC2) or of U+FFFE/U+FFFF (0xEF) can start a forbidden character.
    let bytes = yaml.as_bytes();
    // Written without a branch, so a whole chunk is tested at once (the compiler vectorises
    // it); only a chunk holding a suspicious byte is searched.
    let suspicious = |b: u8| {
        ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xef)
    };
    // Chunks of a fixed size, so the test of one is unrolled and vectorised.
    const CHUNK: usize = 64;
    let clean = |chunk: &[u8; CHUNK]| {
        chunk
            .iter()
            .fold(0u8, |any, &b| any | u8::from(suspicious(b)))
            == 0
    };
    let mut from = 0;
    while from < bytes.len() {
        let end = (from + CHUNK).min(bytes.len());
        if let Ok(chunk) = <&[u8; CHUNK]>::try_from(&bytes[from..end]) {
            if clean(chunk) {
                from = end;
                continue;
            }
        }
        let i = bytes[from..].iter().position(|&b| suspicious(b))?;
        let at = from + i;
        let c = yaml[at..].chars().next()?;
        if matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
        {
            return Some((at, c));
        }
        from = at + c.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::forbidden_character;

    #[test]
    fn control_characters_are_found_wherever_they_fall_in_the_chunks() {
        for at in [0, 1, 31, 32, 33, 63, 64, 99] {
            let mut text = "a".repeat(100);
            text.replace_range(at..at + 1, "\u{b}");
            assert_eq!(forbidden_character(&text), Some((at, '\u{b}')), "at {at}");
        }
        // Allowed characters sharing a lead byte with forbidden ones, then a forbidden one.
        let text = format!(
            "{}©\t\r\n{}\u{85}é\u{fffd}{}\u{9f}",
            "x".repeat(30),
            "y".repeat(40),
            "z".repeat(5)
        );
        let at = text.find('\u{9f}').expect("there");
        assert_eq!(forbidden_character(&text), Some((at, '\u{9f}')));
        assert_eq!(forbidden_character("plain: text\n  - ok\n"), None);
        assert_eq!(forbidden_character(&"x".repeat(64)), None);
    }
}
