//! Byte ranges of the elements of a devalue payload (a flat JSON array) and of their
//! children. serde_json parses the values; this scan, run only on text serde_json accepted,
//! records where each element and each of its keys and items is written.

use std::ops::Range;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub range: Range<usize>,
    /// The entries of an object element (with their key) or the items of an array element.
    pub children: Vec<Child>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// Scans a JSON text whose root is an array.
pub fn scan(text: &str) -> Vec<Element> {
    let b = text.as_bytes();
    let mut elements = Vec::new();
    // The kind of each open container (b'[' or b'{') and, for objects, whether a key comes next.
    let mut stack: Vec<(u8, bool)> = Vec::new();
    let mut i = 0;
    let mut pending_key: Option<Range<usize>> = None;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.1 = top.0 == b'{';
                }
                i += 1;
            }
            b'[' | b'{' => {
                let depth = stack.len();
                if depth == 1 {
                    elements.push(Element {
                        range: i..i,
                        children: Vec::new(),
                    });
                } else if depth == 2 {
                    push_child(&mut elements, pending_key.take(), i..i);
                }
                stack.push((c, c == b'{'));
                i += 1;
            }
            b']' | b'}' => {
                stack.pop();
                i += 1;
                let depth = stack.len();
                if depth == 1 {
                    if let Some(e) = elements.last_mut() {
                        e.range.end = i;
                    }
                } else if depth == 2 {
                    if let Some(child) = elements.last_mut().and_then(|e| e.children.last_mut()) {
                        child.value.end = i;
                    }
                }
            }
            _ => {
                let end = if c == b'"' {
                    string_end(b, i)
                } else {
                    atom_end(b, i)
                };
                let depth = stack.len();
                let is_key = stack.last().is_some_and(|top| top.1);
                if is_key {
                    if let Some(top) = stack.last_mut() {
                        top.1 = false;
                    }
                    if depth == 2 {
                        pending_key = Some(i..end);
                    }
                } else if depth == 1 {
                    elements.push(Element {
                        range: i..end,
                        children: Vec::new(),
                    });
                } else if depth == 2 {
                    push_child(&mut elements, pending_key.take(), i..end);
                }
                i = end.max(i + 1);
            }
        }
    }
    elements
}

fn push_child(elements: &mut [Element], key: Option<Range<usize>>, value: Range<usize>) {
    if let Some(e) = elements.last_mut() {
        e.children.push(Child { key, value });
    }
}

/// The offset just past the closing quote of the string starting at `start`.
fn string_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

fn atom_end(b: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < b.len()
        && !matches!(
            b[i],
            b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r' | b':'
        )
    {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_elements_keys_and_items() {
        let text = r#"[{"a":1,"b\"":2}, ["Date","x"] ,"s\"]",3]"#;
        let e = scan(text);
        let at = |r: &Range<usize>| &text[r.clone()];
        assert_eq!(e.len(), 4);
        assert_eq!(at(&e[0].range), r#"{"a":1,"b\"":2}"#);
        assert_eq!(at(e[0].children[1].key.as_ref().unwrap()), r#""b\"""#);
        assert_eq!(at(&e[0].children[1].value), "2");
        assert_eq!(at(&e[1].children[1].value), r#""x""#);
        assert_eq!(at(&e[2].range), r#""s\"]""#);
        assert_eq!(at(&e[3].range), "3");
    }
}
