//! A decoder for devalue's flat format (what Nuxt writes to `_payload.json`), with the position
//! of every decoded value. See CONTENT.md §2 for the format.

use std::borrow::Cow;
use std::ops::Range;

use serde_json::{Map, Value};

use super::json_spans::Element;
use super::locator::{push_token, Locator, Node};
use super::text_map::ScalarStyle;
use super::LoadError;

/// Deeper nesting than this is refused, so decoding never exhausts the stack.
pub const MAX_DEPTH: usize = 128;
/// Shared references may not expand a page beyond this many values.
pub const MAX_VALUES: usize = 1_000_000;
/// Nor beyond this many bytes of strings (keys and values): one 1 MB string referenced
/// 100,000 times is 100 GB once decoded.
pub const MAX_BYTES: usize = 128 * 1024 * 1024;

/// devalue's special negative indices.
const UNDEFINED: i64 = -1;
const HOLE: i64 = -2;
const NAN: i64 = -3;
const POSITIVE_INFINITY: i64 = -4;
const NEGATIVE_INFINITY: i64 = -5;
const NEGATIVE_ZERO: i64 = -6;
/// What [`Decoder::entries`] gives for a value that is no reference at all (`6.5`, `"x"`).
pub const NOT_A_REFERENCE: i64 = i64::MIN;

pub struct Decoder<'a> {
    /// The payload's text, with the element ranges' offsets.
    text: &'a str,
    values: &'a [Value],
    elements: &'a [Element],
    /// Elements being decoded right now: meeting one again is a cycle.
    active: Vec<bool>,
    decoded: usize,
    /// Bytes of the strings decoded so far.
    bytes: usize,
}

/// Where a reference to a value is written: in its parent's key, and the reference itself.
#[derive(Clone)]
pub struct Site {
    pub key: Option<Range<usize>>,
    pub reference: Range<usize>,
}

impl<'a> Decoder<'a> {
    pub fn new(text: &'a str, values: &'a [Value], elements: &'a [Element]) -> Self {
        Decoder {
            text,
            values,
            elements,
            active: vec![false; values.len()],
            decoded: 0,
            bytes: 0,
        }
    }

    pub fn range(&self, index: usize) -> Range<usize> {
        self.elements
            .get(index)
            .map(|e| e.range.clone())
            .unwrap_or(0..0)
    }

    fn error(&self, message: String, at: Range<usize>) -> LoadError {
        LoadError::new(format!("invalid devalue payload: {message}"), at)
    }

    fn element(&self, index: i64, at: &Range<usize>) -> Result<usize, LoadError> {
        match usize::try_from(index) {
            Ok(i) if i < self.values.len() => Ok(i),
            _ => Err(self.error(
                format!(
                    "reference to element {index}, but the payload has {} elements",
                    self.values.len()
                ),
                at.clone(),
            )),
        }
    }

    /// The element that holds the value of element `index`, looking through Nuxt's wrappers
    /// (`["ShallowReactive", i]` and the like). Bounded, so a wrapper cycle cannot loop.
    pub fn resolve(&self, index: usize) -> usize {
        self.follow(index).unwrap_or(index)
    }

    /// [`Self::resolve`], but a wrapper whose reference is out of range is an error at it.
    fn follow(&self, mut index: usize) -> Result<usize, LoadError> {
        for _ in 0..MAX_DEPTH {
            match self.values.get(index) {
                Some(Value::Array(a)) if a.len() == 2 && is_wrapper(&a[0]) => {
                    let at = self.child_site(index, 1).reference;
                    index = match a[1].as_i64() {
                        Some(next) => self.element(next, &at)?,
                        None => {
                            let msg = "a wrapper does not hold a reference to an element";
                            return Err(self.error(msg.into(), at));
                        }
                    };
                }
                _ => return Ok(index),
            }
        }
        Ok(index)
    }

    /// The element (after wrappers) a reference on the way from the root to a page points
    /// at: `Ok(None)` for devalue's special values (undefined, null-like), an error for a
    /// reference out of range, an unknown negative index or a value that is no reference.
    pub fn target(&self, index: i64, site: &Site) -> Result<Option<usize>, LoadError> {
        match index {
            NOT_A_REFERENCE => Err(self.error(
                "a value is not a reference to an element (an integer index)".into(),
                site.reference.clone(),
            )),
            NEGATIVE_ZERO..=UNDEFINED => Ok(None),
            i if i < 0 => Err(self.error(
                format!("unknown special value {i} (devalue uses -1 to -6)"),
                site.reference.clone(),
            )),
            i => self.follow(self.element(i, &site.reference)?).map(Some),
        }
    }

    /// `(key, child index)` pairs of the object at element `index` (after wrappers), in file
    /// order, read from the text: serde_json's map sorts keys and merges repeated ones, which
    /// would point findings at the wrong entry. A value that is not an integer is
    /// [`NOT_A_REFERENCE`].
    pub fn entries(&self, index: usize) -> Vec<(Cow<'a, str>, i64, Site)> {
        let index = self.resolve(index);
        let (Some(Value::Object(_)), Some(element)) =
            (self.values.get(index), self.elements.get(index))
        else {
            return Vec::new();
        };
        let text = self.text;
        element
            .children
            .iter()
            .filter_map(|c| {
                let raw = text.get(c.key.clone()?)?;
                let key = match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
                    Some(plain) if !plain.contains('\\') => Cow::Borrowed(plain),
                    _ => Cow::Owned(serde_json::from_str::<String>(raw).ok()?),
                };
                let reference = text
                    .get(c.value.clone())
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(NOT_A_REFERENCE);
                let site = Site {
                    key: c.key.clone(),
                    reference: c.value.clone(),
                };
                Some((key, reference, site))
            })
            .collect()
    }

    pub fn is_object(&self, index: usize) -> bool {
        matches!(self.values.get(self.resolve(index)), Some(Value::Object(_)))
    }

    /// Decodes the value referenced by `index` into a tree, recording positions under
    /// `pointer`. `Ok(None)` stands for `undefined`.
    pub fn decode(
        &mut self,
        index: i64,
        site: &Site,
        pointer: &mut String,
        locator: &mut Locator,
        depth: usize,
    ) -> Result<Option<Value>, LoadError> {
        self.decoded += 1;
        if self.decoded > MAX_VALUES {
            let msg = format!("shared references expand to more than {MAX_VALUES} values");
            return Err(self.error(msg, site.reference.clone()));
        }
        if depth > MAX_DEPTH {
            return Err(self.error(
                format!("values nest deeper than {MAX_DEPTH} levels"),
                site.reference.clone(),
            ));
        }
        let special = match index {
            UNDEFINED => return Ok(None),
            HOLE => Some(Value::Null),
            // JSON has no NaN or infinities: they become null, which no page field accepts.
            NAN | POSITIVE_INFINITY | NEGATIVE_INFINITY => Some(Value::Null),
            // -0 is 0 to every page field (an order, a count).
            NEGATIVE_ZERO => Some(Value::from(0)),
            NOT_A_REFERENCE => {
                let msg = "a value is not a reference to an element (an integer index)";
                return Err(self.error(msg.into(), site.reference.clone()));
            }
            i if i < 0 => {
                let msg = format!("unknown special value {i} (devalue uses -1 to -6)");
                return Err(self.error(msg, site.reference.clone()));
            }
            _ => None,
        };
        if let Some(value) = special {
            let node = Node {
                key: site.key.clone(),
                value: site.reference.clone(),
                style: None,
            };
            locator.insert(&pointer, node);
            return Ok(Some(value));
        }
        let i = self.resolve(self.element(index, &site.reference)?);
        if self.active[i] {
            let msg = format!("element {i} refers back to itself (a reference cycle), so this page cannot be read");
            return Err(self.error(msg, site.reference.clone()));
        }
        self.active[i] = true;
        let result = self.decode_element(i, site, pointer, locator, depth);
        self.active[i] = false;
        result
    }

    /// Counts `bytes` more of decoded strings; past [`MAX_BYTES`], the page cannot be read.
    fn spend(&mut self, bytes: usize, at: &Range<usize>) -> Result<(), LoadError> {
        self.bytes += bytes;
        if self.bytes > MAX_BYTES {
            let msg = format!(
                "shared references expand to more than {} MB of text",
                MAX_BYTES / (1024 * 1024)
            );
            return Err(self.error(msg, at.clone()));
        }
        Ok(())
    }

    fn decode_element(
        &mut self,
        i: usize,
        site: &Site,
        pointer: &mut String,
        locator: &mut Locator,
        depth: usize,
    ) -> Result<Option<Value>, LoadError> {
        let values = self.values;
        let range = self.range(i);
        let style = values[i].is_string().then_some(ScalarStyle::Json);
        locator.insert(
            pointer.clone(),
            Node {
                key: site.key.clone(),
                value: range.clone(),
                style,
            },
        );
        let value = match &values[i] {
            Value::Object(_) => {
                let mut out = Map::new();
                for (key, child, child_site) in self.entries(i) {
                    let len = pointer.len();
                    push_token(pointer, &key);
                    let v = self.decode(child, &child_site, pointer, locator, depth + 1);
                    pointer.truncate(len);
                    if let Some(v) = v? {
                        self.spend(key.len(), &child_site.reference)?;
                        out.insert(key.to_string(), v);
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => match items.first() {
                Some(Value::String(kind)) => {
                    self.decode_typed(i, kind, items, pointer, locator, depth)?
                }
                _ => Value::Array(self.decode_items(i, items, 0, pointer, locator, depth)?),
            },
            other => {
                if let Value::String(text) = other {
                    self.spend(text.len(), &site.reference)?;
                }
                other.clone()
            }
        };
        Ok(Some(value))
    }

    fn child_site(&self, element: usize, n: usize) -> Site {
        let e = &self.elements[element];
        let reference = e
            .children
            .get(n)
            .map_or_else(|| e.range.clone(), |c| c.value.clone());
        Site {
            key: None,
            reference,
        }
    }

    fn decode_items(
        &mut self,
        element: usize,
        items: &[Value],
        skip: usize,
        pointer: &mut String,
        locator: &mut Locator,
        depth: usize,
    ) -> Result<Vec<Value>, LoadError> {
        let mut out = Vec::with_capacity(items.len().saturating_sub(skip));
        for (n, item) in items.iter().enumerate().skip(skip) {
            let site = self.child_site(element, n);
            let Some(index) = item.as_i64() else {
                return Err(self.error("an array item is not a reference".into(), site.reference));
            };
            let len = pointer.len();
            push_token(pointer, &out.len().to_string());
            let v = self.decode(index, &site, pointer, locator, depth + 1);
            pointer.truncate(len);
            out.push(v?.unwrap_or(Value::Null));
        }
        Ok(out)
    }

    /// `["Date", iso]`, `["Set", ...]`, `["Map", k, v, ...]` and the other typed values.
    fn decode_typed(
        &mut self,
        i: usize,
        kind: &str,
        items: &[Value],
        pointer: &mut String,
        locator: &mut Locator,
        depth: usize,
    ) -> Result<Value, LoadError> {
        let literal = |n: usize| items.get(n).and_then(Value::as_str).unwrap_or("");
        Ok(match kind {
            // A Date is a date: its calendar day (UTC), what YAML's `2026-06-18` is to a page.
            "Date" => Value::String(
                literal(1)
                    .get(..10)
                    .filter(|d| d.as_bytes().get(4) == Some(&b'-'))
                    .unwrap_or(literal(1))
                    .to_string(),
            ),
            "RegExp" => Value::String(format!("/{}/{}", literal(1), literal(2))),
            "BigInt" => literal(1)
                .parse::<i64>()
                .map_or_else(|_| Value::String(literal(1).to_string()), Value::from),
            "Object" => items.get(1).cloned().unwrap_or(Value::Null),
            "Set" => Value::Array(self.decode_items(i, items, 1, pointer, locator, depth)?),
            "Map" => {
                let flat = self.decode_items(i, items, 1, pointer, locator, depth)?;
                Value::Array(flat.chunks(2).map(|kv| Value::Array(kv.to_vec())).collect())
            }
            "null" => {
                let mut out = Map::new();
                for n in (1..items.len()).step_by(2) {
                    let key = literal(n).to_string();
                    let site = self.child_site(i, n + 1);
                    let index = items
                        .get(n + 1)
                        .and_then(Value::as_i64)
                        .unwrap_or(UNDEFINED);
                    let len = pointer.len();
                    push_token(pointer, &key);
                    let v = self.decode(index, &site, pointer, locator, depth + 1);
                    pointer.truncate(len);
                    if let Some(v) = v? {
                        out.insert(key, v);
                    }
                }
                Value::Object(out)
            }
            // Nuxt's reactive wrappers and any custom reducer of one value stand for that value.
            _ => match items.get(1).and_then(Value::as_i64) {
                Some(index) if items.len() == 2 => {
                    let site = self.child_site(i, 1);
                    self.decode(index, &site, pointer, locator, depth + 1)?
                        .unwrap_or(Value::Null)
                }
                _ => Value::Null,
            },
        })
    }
}

fn is_wrapper(kind: &Value) -> bool {
    matches!(
        kind.as_str(),
        Some("ShallowReactive" | "Reactive" | "Ref" | "ShallowRef")
    )
}
