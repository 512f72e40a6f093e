//! The npm package `slugify` 1.6.9 with `{ lower: true }`, as Nuxt Content applies it to each
//! segment of a page path. Its character map is data, written from the real package by
//! `fixtures/paths/generate.mjs`; `tests/paths.rs` compares this port with the real package
//! over a table of names.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

const CHARMAP_JSON: &str = include_str!("slugify-charmap.json");

fn charmap() -> &'static HashMap<char, String> {
    static MAP: OnceLock<HashMap<char, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        // The file is generated and embedded: a parse failure is a build defect, caught by
        // the tests, and falls back to no mapping rather than a panic at run time.
        let raw: HashMap<String, String> = serde_json::from_str(CHARMAP_JSON).unwrap_or_default();
        raw.into_iter()
            .filter_map(|(k, v)| {
                let mut chars = k.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some((c, v)),
                    _ => None,
                }
            })
            .collect()
    })
}

/// JavaScript's `\s` (and what `String.prototype.trim` removes): not Rust's `is_whitespace`,
/// which adds U+0085 and leaves out U+FEFF.
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// What slugify keeps: `[\w\s$*_+~.()'"!\-:@]` (JavaScript's ASCII `\w`).
fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_js_space(c) || "$*_+~.()'\"!-:@".contains(c)
}

/// `slugify(s, { lower: true })`.
pub fn slugify(s: &str) -> std::borrow::Cow<'_, str> {
    // Most segments are slugs already (`concurrency`, `1.x`): nothing to map, normalize,
    // collapse or trim, so they come out as they went in.
    let b = s.as_bytes();
    let plain = b
        .iter()
        .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'-' | b'_' | b'.'));
    if plain && !s.starts_with('-') && !s.ends_with('-') && !s.contains("--") {
        return std::borrow::Cow::Borrowed(s);
    }
    let map = charmap();
    let mut out = String::with_capacity(s.len());
    // slugify splits into UTF-16 code units; a character outside the BMP is two surrogates,
    // neither in the map nor allowed, so it is dropped as a whole here.
    for c in s.nfc() {
        match map.get(&c) {
            // The replacement character itself counts as a space, so runs collapse.
            Some(m) if m == "-" => out.push(' '),
            Some(m) => out.extend(m.chars().filter(|&c| allowed(c))),
            None if c == '-' => out.push(' '),
            None if allowed(c) => out.push(c),
            None => {}
        }
    }
    let mut slug = String::with_capacity(out.len());
    let mut in_space = false;
    for c in out.trim_matches(is_js_space).chars() {
        if is_js_space(c) {
            if !in_space {
                slug.push('-');
            }
            in_space = true;
        } else {
            slug.push(c.to_ascii_lowercase());
            in_space = false;
        }
    }
    std::borrow::Cow::Owned(slug)
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn the_map_is_loaded() {
        assert_eq!(super::charmap().len(), 641);
        assert_eq!(slugify("Q & A Café"), "q-and-a-cafe");
        assert_eq!(slugify(" - a -- b - "), "a-b");
    }
}
