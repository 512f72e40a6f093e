//! The map from every JSON pointer of a page value back to its place in the file.
//!
//! A big page has millions of values, so the map is packed: the pointers live in one string,
//! each entry is five `u32`s and a style, and the hash table holds only entry numbers (a
//! `HashMap<String, Node>` was ~140 bytes a value, this is ~40: issue 39).

use std::hash::BuildHasher;
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

/// One located value: its pointer as a slice of `Locator::pointers`, and its node in `u32`s
/// (files are at most 64 MB). `key_end == NO_KEY` means no key.
#[derive(Debug, Clone, Copy)]
struct Packed {
    pointer: u32,
    pointer_len: u32,
    key: [u32; 2],
    value: [u32; 2],
    style: Option<ScalarStyle>,
}

const NO_KEY: u32 = u32::MAX;

/// Keyed by pointer with foldhash, seeded per process: a page's pointers are hashed many times
/// over (SipHash was a visible share of a run), and a random seed keeps crafted keys from
/// colliding on purpose.
#[derive(Default, Clone)]
pub struct Locator {
    pointers: String,
    entries: Vec<Packed>,
    index: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl std::fmt::Debug for Locator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

fn narrow(n: usize) -> u32 {
    // Every offset is inside a file read with a 64 MB limit; saturate rather than wrap if
    // that ever changes.
    u32::try_from(n).unwrap_or(u32::MAX - 1)
}

impl Locator {
    /// Room for `n` values without regrowth (a page has a few dozen).
    pub fn with_capacity(n: usize) -> Self {
        Locator {
            pointers: String::with_capacity(n * 12),
            entries: Vec::with_capacity(n),
            index: hashbrown::HashTable::with_capacity(n),
            hasher: Default::default(),
        }
    }

    fn pointer_of(&self, e: &Packed) -> &str {
        let start = e.pointer as usize;
        &self.pointers[start..start + e.pointer_len as usize]
    }

    fn find(&self, pointer: &str) -> Option<&Packed> {
        let hash = self.hasher.hash_one(pointer);
        let at = self.index.find(hash, |&i| {
            self.pointer_of(&self.entries[i as usize]) == pointer
        })?;
        Some(&self.entries[*at as usize])
    }

    /// Places the value at `pointer`; a pointer placed twice keeps the last node.
    pub fn insert(&mut self, pointer: impl AsRef<str>, node: Node) {
        let pointer = pointer.as_ref();
        let (key, value) = (
            node.key
                .map_or([0, NO_KEY], |k| [narrow(k.start), narrow(k.end)]),
            [narrow(node.value.start), narrow(node.value.end)],
        );
        let hash = self.hasher.hash_one(pointer);
        let (entries, pointers, hasher) = (&mut self.entries, &self.pointers, &self.hasher);
        let found = self.index.find(hash, |&i| {
            let e = &entries[i as usize];
            let start = e.pointer as usize;
            &pointers[start..start + e.pointer_len as usize] == pointer
        });
        if let Some(&i) = found {
            let e = &mut entries[i as usize];
            (e.key, e.value, e.style) = (key, value, node.style);
            return;
        }
        let packed = Packed {
            pointer: narrow(self.pointers.len()),
            pointer_len: narrow(pointer.len()),
            key,
            value,
            style: node.style,
        };
        self.pointers.push_str(pointer);
        let i = narrow(entries.len());
        entries.push(packed);
        let (entries, pointers) = (&self.entries, &self.pointers);
        self.index.insert_unique(hash, i, |&j| {
            let e = &entries[j as usize];
            let start = e.pointer as usize;
            hasher.hash_one(&pointers[start..start + e.pointer_len as usize])
        });
    }

    fn unpack(e: &Packed) -> Node {
        Node {
            key: (e.key[1] != NO_KEY).then(|| e.key[0] as usize..e.key[1] as usize),
            value: e.value[0] as usize..e.value[1] as usize,
            style: e.style,
        }
    }

    pub fn get(&self, pointer: &str) -> Option<Node> {
        self.find(pointer).map(Self::unpack)
    }

    /// The node of `pointer`, or of its nearest located ancestor (a missing key is reported
    /// on the object that lacks it).
    pub fn nearest(&self, pointer: &str) -> Option<Node> {
        let mut p = pointer;
        loop {
            if let Some(node) = self.get(p) {
                return Some(node);
            }
            p = &p[..p.rfind('/')?];
        }
    }

    /// The range to underline for a finding about the value at `pointer`.
    pub fn value_range(&self, pointer: &str) -> Option<Range<usize>> {
        self.nearest(pointer).map(|n| n.value)
    }

    /// The key when there is one, else the value: where "this entry" is best shown.
    pub fn key_range(&self, pointer: &str) -> Option<Range<usize>> {
        self.nearest(pointer).map(|n| n.key.unwrap_or(n.value))
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

    /// Every located value, in the order placed (file order for the loaders).
    pub fn iter(&self) -> impl Iterator<Item = (&str, Node)> {
        self.entries
            .iter()
            .map(|e| (self.pointer_of(e), Self::unpack(e)))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Appends one reference token to a JSON pointer, escaped as RFC 6901 says.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    // A byte test: keys are short, and a pattern of two characters was a search each.
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(token);
    }
}
