//! Nuxt Content unflattens a page's frontmatter (remark-mdc calls `flat.unflatten`): a key
//! `seo.description: x` is stored as `seo: {description: x}`, at any depth. `flat` first
//! flattens the whole value to leaf paths (so `seo: {description: T}` is the path
//! `seo.description` too) and then rebuilds it: of two equal paths the later one wins, a path
//! through a value that is not a mapping or list is dropped, a path set after longer ones
//! replaces what they built, and a number segment makes a list. qalint checks the value Nuxt
//! stores, every position kept, and says where a written value is lost. Only pages with a
//! dotted key pay for this.

use std::ops::Range;

use serde_json::{Map, Value};

use super::locator::{push_token, Locator};

/// A written value Nuxt Content does not store, and why.
#[derive(Debug, Clone)]
pub struct Dropped {
    pub range: Range<usize>,
    pub message: String,
}

/// One leaf of the flattened value: its path (each part with the pointer it was written at)
/// and its value.
struct Leaf {
    parts: Vec<(String, String)>,
    value: Value,
    /// The pointer of the leaf as written.
    pointer: String,
}

impl Leaf {
    fn path(&self) -> String {
        joined(&self.parts)
    }
}

/// Replaces `value` by what Nuxt stores for it, moving `locator`'s positions along; returns
/// what is lost on the way. A value without a dotted key is left as it is (the YAML loader
/// says which have one: the others are not even looked at).
pub fn unflatten(value: &mut Value, locator: &mut Locator) -> Vec<Dropped> {
    if !locator.iter().any(|(p, _)| p.contains('.')) || !value.is_object() {
        return Vec::new();
    }
    let mut leaves: Vec<Leaf> = Vec::new();
    let mut lost = Vec::new();
    flatten(value, locator, "", &mut Vec::new(), &mut leaves, &mut lost);
    let mut result = Value::Object(Map::new());
    let mut moved = Locator::with_capacity(locator.len());
    for leaf in leaves {
        match place(&mut result, &leaf) {
            Ok(new) => {
                record(&mut moved, locator, &leaf, &new);
            }
            Err(why) => lost.push(Dropped {
                range: key_range(locator, &leaf.pointer),
                message: format!("Nuxt Content drops `{}`: {why}", leaf.path()),
            }),
        }
    }
    *value = result;
    *locator = moved;
    lost.sort_by_key(|d| d.range.start);
    lost
}

fn key_range(locator: &Locator, pointer: &str) -> Range<usize> {
    locator
        .get(pointer)
        .map(|n| n.key.clone().unwrap_or_else(|| n.value.clone()))
        .unwrap_or(0..0)
}

/// The leaves of `value` in file order (a mapping's keys by their place in the file, as YAML
/// gave them to Nuxt): a non-empty mapping or list is gone through, anything else is a leaf.
/// An equal path written twice keeps its first place and its later value (a JavaScript
/// object's keys), the earlier value lost.
fn flatten(
    value: &Value,
    locator: &Locator,
    pointer: &str,
    parts: &mut Vec<(String, String)>,
    leaves: &mut Vec<Leaf>,
    lost: &mut Vec<Dropped>,
) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<(&String, &Value)> = map.iter().collect();
            keys.sort_by_key(|(k, _)| {
                let mut p = pointer.to_string();
                push_token(&mut p, k);
                key_range(locator, &p).start
            });
            keys.into_iter().map(|(k, v)| (k.clone(), v)).collect()
        }
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        leaf => {
            let leaf = Leaf {
                parts: parts.clone(),
                value: leaf.clone(),
                pointer: pointer.to_string(),
            };
            let path = leaf.path();
            match leaves.iter_mut().find(|l| l.path() == path) {
                Some(earlier) => {
                    lost.push(Dropped {
                        range: key_range(locator, &earlier.pointer),
                        message: format!(
                            "Nuxt Content drops this `{path}`: it is written again further \
                             down, and the later value wins"
                        ),
                    });
                    earlier.value = leaf.value;
                    earlier.pointer = leaf.pointer;
                }
                None => leaves.push(leaf),
            }
            return;
        }
    };
    for (key, child) in children {
        let mut p = pointer.to_string();
        push_token(&mut p, &key);
        let depth = parts.len();
        parts.extend(key.split('.').map(|s| (s.to_string(), p.clone())));
        flatten(child, locator, &p, parts, leaves, lost);
        parts.truncate(depth);
    }
}

/// `flat`'s key: a part that is a number indexes a list.
fn index(part: &str) -> Option<usize> {
    (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

/// Puts `leaf` into `result` as `flat.unflatten` does; the pointer it lands at, or why not.
fn place(result: &mut Value, leaf: &Leaf) -> Result<String, String> {
    let mut here = result;
    let mut pointer = String::new();
    let (last, path) = leaf.parts.split_last().ok_or("an empty key")?;
    for (i, (part, _)) in path.iter().enumerate() {
        let next_is_index = index(&leaf.parts[i + 1].0).is_some();
        push_token(&mut pointer, part);
        let (slot, existed) = slot(here, part).ok_or_else(|| {
            format!(
                "`{}` is a list, and `{part}` is no position in it",
                joined(&leaf.parts[..i])
            )
        })?;
        match slot {
            Value::Object(_) | Value::Array(_) => {}
            // `flat` makes the mapping or list only where nothing was: a null stays.
            Value::Null if !existed => {
                *slot = if next_is_index {
                    Value::Array(Vec::new())
                } else {
                    Value::Object(Map::new())
                }
            }
            _ => {
                return Err(format!(
                    "`{}` is set to a value that is not a mapping",
                    joined(&leaf.parts[..=i])
                ))
            }
        }
        here = slot;
    }
    push_token(&mut pointer, &last.0);
    let (slot, _) = slot(here, &last.0).ok_or("no place for it")?;
    *slot = leaf.value.clone();
    Ok(pointer)
}

fn joined(parts: &[(String, String)]) -> String {
    let parts: Vec<&str> = parts.iter().map(|(p, _)| p.as_str()).collect();
    parts.join(".")
}

/// The place named `part` in a mapping or list (made, as null, when missing), and whether it
/// was there; `None` in a list for a part that is not a position.
fn slot<'a>(container: &'a mut Value, part: &str) -> Option<(&'a mut Value, bool)> {
    match container {
        Value::Object(map) => {
            let existed = map.contains_key(part);
            Some((map.entry(part.to_string()).or_insert(Value::Null), existed))
        }
        Value::Array(items) => {
            let i = index(part)?;
            let existed = i < items.len();
            if !existed {
                items.resize(i + 1, Value::Null);
            }
            items.get_mut(i).map(|v| (v, existed))
        }
        _ => None,
    }
}

/// The positions of a placed leaf: the leaf's own node, and for each mapping or list on its
/// way the node of the key that wrote that part (the first to get there keeps it).
fn record(moved: &mut Locator, old: &Locator, leaf: &Leaf, new: &str) {
    let mut pointer = String::new();
    for (part, written_at) in &leaf.parts {
        push_token(&mut pointer, part);
        if moved.get(&pointer).is_none() {
            let at = if pointer == new {
                &leaf.pointer
            } else {
                written_at
            };
            if let Some(node) = old.get(at) {
                moved.insert(pointer.clone(), node.clone());
            }
        }
    }
    if let Some(node) = old.get(&leaf.pointer) {
        moved.insert(new, node.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::locator::Node;
    use serde_json::json;

    /// A locator giving each pointer its own place, in the order given (file order).
    fn located(pointers: &[&str]) -> Locator {
        let mut l = Locator::default();
        for (i, p) in pointers.iter().enumerate() {
            let node = Node {
                key: Some(i * 10..i * 10 + 3),
                value: i * 10 + 5..i * 10 + 8,
                style: None,
            };
            l.insert(p, node);
        }
        l
    }

    fn run(value: Value, pointers: &[&str]) -> (Value, Locator, Vec<String>) {
        let mut value = value;
        let mut locator = located(pointers);
        let lost = unflatten(&mut value, &mut locator);
        (
            value,
            locator,
            lost.into_iter().map(|d| d.message).collect(),
        )
    }

    /// Each expectation is what `flat.unflatten` gives for the same object (its key order the
    /// order of the pointers), as Nuxt Content 3.16.1's remark-mdc calls it.
    #[test]
    fn as_flat_unflatten_does() {
        let (v, l, lost) = run(
            json!({ "seo": { "title": "T" }, "seo.description": "D", "a.b.c": [1] }),
            &[
                "/seo",
                "/seo/title",
                "/seo.description",
                "/a.b.c",
                "/a.b.c/0",
            ],
        );
        assert_eq!(
            v,
            json!({ "seo": { "title": "T", "description": "D" }, "a": { "b": { "c": [1] } } })
        );
        assert!(lost.is_empty());
        assert_eq!(
            l.get("/seo/description").map(|n| n.value.clone()),
            Some(25..28)
        );
        assert_eq!(l.get("/a/b/c/0").map(|n| n.value.clone()), Some(45..48));
        assert_eq!(l.get("/seo").map(|n| n.key.clone()), Some(Some(0..3)));

        // Later equal paths win; a path through a scalar is dropped.
        let (v, _, lost) = run(
            json!({ "seo": { "description": "T" }, "seo.description": "D", "x": 1, "x.y": 2 }),
            &["/seo", "/seo/description", "/seo.description", "/x", "/x.y"],
        );
        assert_eq!(v, json!({ "seo": { "description": "D" }, "x": 1 }));
        assert_eq!(
            lost,
            [
                "Nuxt Content drops this `seo.description`: it is written again further down, and the later value wins",
                "Nuxt Content drops `x.y`: `x` is set to a value that is not a mapping",
            ]
        );
        // A shorter path set later replaces what longer ones built; numbers make lists.
        let (v, _, _) = run(
            json!({ "a.b.c": 2, "a.b": 1, "q.0.id": "x" }),
            &["/a.b.c", "/a.b", "/q.0.id"],
        );
        assert_eq!(v, json!({ "a": { "b": 1 }, "q": [{ "id": "x" }] }));
        // A null is no mapping to write into.
        let (v, _, lost) = run(json!({ "seo": null, "seo.d": "D" }), &["/seo", "/seo.d"]);
        assert_eq!(v, json!({ "seo": null }));
        assert_eq!(lost.len(), 1);
    }

    #[test]
    fn a_page_without_dotted_keys_is_left_as_it_is() {
        let (v, l, lost) = run(json!({ "a": { "b": [] } }), &["/a", "/a/b"]);
        assert_eq!(v, json!({ "a": { "b": [] } }));
        assert_eq!(l.len(), 2);
        assert!(lost.is_empty());
    }
}
