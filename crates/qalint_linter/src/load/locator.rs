//! The map from every JSON pointer of a page value back to its place in the file.

use std::collections::HashMap;
use std::ops::Range;

use super::text_map::{OffsetMap, ScalarStyle};

/// Where one value sits in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The key naming the value in its parent object, when there is one.
    pub key: Option<Range<usize>>,
    /// The value itself; for a string, its whole raw scalar (quotes included).
    pub value: Range<usize>,
    /// How a string value is written, for positions inside it.
    pub style: Option<ScalarStyle>,
}

/// Keyed by pointer with foldhash, seeded per process: a page's pointers are hashed many times
/// over (SipHash was a visible share of a run), and a random seed keeps crafted keys from
/// colliding on purpose.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    nodes: HashMap<String, Node, foldhash::fast::RandomState>,
}

impl Locator {
    /// Room for `n` values without regrowth (a page has a few dozen).
    pub fn with_capacity(n: usize) -> Self {
        Locator {
            nodes: HashMap::with_capacity_and_hasher(n, Default::default()),
        }
    }

    pub fn insert(&mut self, pointer: String, node: Node) {
        self.nodes.insert(pointer, node);
    }

    pub fn get(&self, pointer: &str) -> Option<&Node> {
        self.nodes.get(pointer)
    }

    /// The node of `pointer`, or of its nearest located ancestor (a missing key is reported
    /// on the object that lacks it).
    pub fn nearest(&self, pointer: &str) -> Option<&Node> {
        let mut p = pointer;
        loop {
            if let Some(node) = self.nodes.get(p) {
                return Some(node);
            }
            p = &p[..p.rfind('/')?];
        }
    }

    /// The range to underline for a finding about the value at `pointer`.
    pub fn value_range(&self, pointer: &str) -> Option<Range<usize>> {
        self.nearest(pointer).map(|n| n.value.clone())
    }

    /// The key when there is one, else the value: where "this entry" is best shown.
    pub fn key_range(&self, pointer: &str) -> Option<Range<usize>> {
        self.nearest(pointer)
            .map(|n| n.key.clone().unwrap_or_else(|| n.value.clone()))
    }

    /// The map from the string value at `pointer` (decoded as `value`) to the file, good for
    /// its offsets up to `until`.
    pub fn string_map(
        &self,
        src: &str,
        pointer: &str,
        value: &str,
        until: usize,
    ) -> Option<OffsetMap> {
        let node = self.get(pointer)?;
        let style = node.style?;
        Some(OffsetMap::up_to(
            src,
            node.value.clone(),
            style,
            value,
            until,
        ))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.nodes.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// Appends one reference token to a JSON pointer, escaped as RFC 6901 says.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(token);
    }
}
