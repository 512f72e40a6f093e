//! The cache file's layout. Reading it decodes only what decides whether an entry is usable
//! (its path and [`Meta`]); a page's facts and findings stay bytes until a run asks for that
//! file (most runs use each entry's facts once and the findings of a few named files), and
//! an entry that did not change is written back as the bytes it was read as.
//!
//! ```text
//! header   postcard string (another version's file stops here)
//! mac      32 bytes: BLAKE3 keyed with the user's key (`crate::signing_key`) over everything after it
//! count    varint
//! entries  count × (path: varint length + bytes, Meta: postcard,
//!                   facts: varint length + postcard, rest: varint length + postcard)
//! ```

use std::ops::Range;

use serde::Deserialize;

use super::stored::{Stored, StoredRef};
use super::{Entry, Meta};
use crate::finding::Finding;
use crate::index::PageFacts;
use crate::signing_key::Key;
use crate::suppress::Suppression;

/// Identifies the format and the program: another version never reads this cache. The last
/// number changes whenever what a file's results are changes within one version (5: data
/// collections' items, collection schemas read as Nuxt reads a page; 6: a page collection's
/// YAML and JSON pages, CSV trimmed as Nuxt trims it, undeclared keys QA008's).
pub(super) const HEADER: &str = concat!("qalint-cache ", env!("CARGO_PKG_VERSION"), " 6");

/// What follows an entry's facts: its own findings and suppression comments (decoded only
/// when the file is linted).
type Rest = (Vec<Finding>, Option<Vec<Suppression>>);

/// An entry as it was read: decided on from `meta`, the rest kept as ranges of the file.
pub(super) struct OldEntry {
    pub(super) meta: Meta,
    path: Range<usize>,
    facts: Range<usize>,
    rest: Range<usize>,
    /// The whole entry, written back as is when nothing in it changed.
    whole: Range<usize>,
    /// Whether this run met the entry's file (an entry no run meets may be of a file gone).
    pub(super) met: std::sync::atomic::AtomicBool,
}

/// The entries of a cache file, found by their path's bytes.
#[derive(Default)]
pub(super) struct OldEntries {
    bytes: Vec<u8>,
    entries: Vec<OldEntry>,
    /// Indices of `entries` by the hash of their path (the paths stay in `bytes`).
    by_path: hashbrown::HashTable<u32>,
}

fn hash(path: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(path)
}

impl OldEntries {
    pub(super) fn get(&self, path: &[u8]) -> Option<&OldEntry> {
        let i = self.by_path.find(hash(path), |&i| {
            self.path(&self.entries[i as usize]) == path
        })?;
        self.entries.get(*i as usize)
    }

    pub(super) fn path(&self, e: &OldEntry) -> &[u8] {
        &self.bytes[e.path.clone()]
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &OldEntry> {
        self.entries.iter()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry's facts, `None` when they do not decode (the file is then checked again).
    pub(super) fn facts(&self, e: &OldEntry) -> Option<Vec<PageFacts>> {
        postcard::from_bytes(&self.bytes[e.facts.clone()]).ok()
    }

    /// The entry's findings and suppressions.
    pub(super) fn rest(&self, e: &OldEntry) -> Option<Rest> {
        let (stored, suppressions): (Vec<Stored>, Option<Vec<Suppression>>) =
            postcard::from_bytes(&self.bytes[e.rest.clone()]).ok()?;
        let findings = stored
            .into_iter()
            .map(Stored::into_finding)
            .collect::<Option<Vec<Finding>>>()?;
        Some((findings, suppressions))
    }

    /// The whole entry, decoded (to be changed and written anew).
    pub(super) fn entry(&self, e: &OldEntry) -> Option<Entry> {
        let (findings, suppressions) = self.rest(e)?;
        Some(Entry {
            meta: e.meta,
            findings,
            facts: self.facts(e)?,
            suppressions,
        })
    }

    /// The entry's bytes as the file holds them.
    pub(super) fn raw(&self, e: &OldEntry) -> &[u8] {
        &self.bytes[e.whole.clone()]
    }
}

/// Reads a cache file's bytes: no entries when they are corrupt, truncated, of another
/// version or not signed with `key` (written by someone else, or for another user).
pub(super) fn read(bytes: Vec<u8>, key: &Key) -> OldEntries {
    parse(bytes, key).unwrap_or_default()
}

fn parse(bytes: Vec<u8>, key: &Key) -> Option<OldEntries> {
    let (header, after) = postcard::take_from_bytes::<&str>(&bytes).ok()?;
    if header != HEADER {
        return None;
    }
    let (mac, body) = after.split_first_chunk::<{ blake3::OUT_LEN }>()?;
    // `Hash`'s equality takes the same time wherever the bytes differ.
    if key.sign(body) != blake3::Hash::from_bytes(*mac) {
        return None;
    }
    let start = bytes.len() - body.len();
    let mut r = Reader {
        bytes: &bytes,
        at: start,
    };
    let count = r.varint()?;
    // An entry takes more than 8 bytes: a count the file cannot hold reserves nothing absurd.
    let count = usize::try_from(count).ok()?.min(bytes.len() / 8);
    let mut entries = Vec::with_capacity(count);
    let mut by_path = hashbrown::HashTable::with_capacity(count);
    while r.at < bytes.len() {
        let begin = r.at;
        let path = r.bytes()?;
        let meta = r.postcard::<Meta>()?;
        let facts = r.bytes()?;
        let rest = r.bytes()?;
        let i = u32::try_from(entries.len()).ok()?;
        let key = &bytes[path.clone()];
        let h = hash(key);
        let known = by_path
            .find(h, |&j: &u32| {
                let e: &OldEntry = &entries[j as usize];
                &bytes[e.path.clone()] == key
            })
            .is_some();
        // A path twice is a file no writer of ours made: not trusted.
        if known {
            return None;
        }
        entries.push(OldEntry {
            meta,
            path,
            facts,
            rest,
            whole: begin..r.at,
            met: std::sync::atomic::AtomicBool::new(false),
        });
        by_path.insert_unique(h, i, |&j| hash(&bytes[entries[j as usize].path.clone()]));
    }
    Some(OldEntries {
        bytes,
        entries,
        by_path,
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// An unsigned LEB128 number (postcard's varint).
    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A length, then that many bytes: their range.
    fn bytes(&mut self) -> Option<Range<usize>> {
        let len = usize::try_from(self.varint()?).ok()?;
        let end = self
            .at
            .checked_add(len)
            .filter(|&e| e <= self.bytes.len())?;
        let range = self.at..end;
        self.at = end;
        Some(range)
    }

    fn postcard<T: for<'de> Deserialize<'de>>(&mut self) -> Option<T> {
        let rest = self.bytes.get(self.at..)?;
        let (value, left) = postcard::take_from_bytes::<T>(rest).ok()?;
        self.at = self.bytes.len() - left.len();
        Some(value)
    }
}

/// An entry to write: made in this run, or kept as it was read.
pub(super) enum Item<'a> {
    Made(&'a Entry),
    Kept(&'a [u8]),
}

/// Writes a cache file, its entries in the order of their paths' bytes: a run meets files in
/// that order, so it reads the entries (and their bytes) front to back, not at random.
pub(super) fn write(mut entries: Vec<(&[u8], Item)>, key: &Key) -> Result<Vec<u8>, String> {
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut body = Vec::new();
    varint(&mut body, entries.len() as u64);
    let mut blob = Vec::new();
    for (path, item) in entries {
        let e = match item {
            Item::Kept(raw) => {
                body.extend_from_slice(raw);
                continue;
            }
            Item::Made(e) => e,
        };
        bytes(&mut body, path);
        body = postcard::to_extend(&e.meta, body).map_err(|e| e.to_string())?;
        blob.clear();
        blob = postcard::to_extend(&e.facts, blob).map_err(|e| e.to_string())?;
        bytes(&mut body, &blob);
        blob.clear();
        let findings: Vec<StoredRef> = e.findings.iter().map(StoredRef::from).collect();
        let rest = (&findings, &e.suppressions);
        blob = postcard::to_extend(&rest, blob).map_err(|e| e.to_string())?;
        bytes(&mut body, &blob);
    }
    let mut out = postcard::to_allocvec(HEADER).map_err(|e| e.to_string())?;
    out.extend_from_slice(key.sign(&body).as_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_read_back_as_written() {
        for n in [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = Vec::new();
            varint(&mut out, n);
            // postcard writes the same bytes: the layout is postcard's throughout.
            assert_eq!(out, postcard::to_allocvec(&n).expect("encode"), "{n}");
            let mut r = Reader { bytes: &out, at: 0 };
            assert_eq!(r.varint(), Some(n));
            assert_eq!(r.at, out.len());
        }
        // Eleven bytes that all say "more" are no number.
        let mut r = Reader {
            bytes: &[0xff; 11],
            at: 0,
        };
        assert_eq!(r.varint(), None);
    }

    fn key() -> Key {
        Key::for_tests(1)
    }

    fn entry(digest: u128) -> Entry {
        Entry {
            meta: Meta {
                digest,
                stat: None,
                settings: 7,
                linted: true,
                fix_digest: Some(3),
            },
            findings: Vec::new(),
            facts: Vec::new(),
            suppressions: Some(Vec::new()),
        }
    }

    #[test]
    fn entries_written_read_back_and_kept_ones_copied_byte_for_byte() {
        let (a, b) = (entry(1), entry(2));
        let made = vec![
            (&b"/p/b.md"[..], Item::Made(&b)),
            (&b"/p/a.md"[..], Item::Made(&a)),
        ];
        let file = write(made, &key()).expect("write");
        let old = read(file.clone(), &key());
        let got = old.get(b"/p/b.md").expect("b is there");
        assert_eq!(got.meta.digest, 2);
        assert_eq!(old.path(got), b"/p/b.md");
        let whole = old.entry(got).expect("decodes");
        assert_eq!(whole.meta.fix_digest, Some(3));
        assert_eq!(whole.suppressions.map(|s| s.len()), Some(0));
        assert!(old.get(b"/p/c.md").is_none());
        // a.md kept as read, c.md made: a.md's bytes are the same in the new file.
        let c = entry(9);
        let kept = old.raw(old.get(b"/p/a.md").expect("a"));
        let again = write(
            vec![
                (&b"/p/c.md"[..], Item::Made(&c)),
                (&b"/p/a.md"[..], Item::Kept(kept)),
            ],
            &key(),
        )
        .expect("write");
        let new = read(again, &key());
        let a2 = new.get(b"/p/a.md").expect("a kept");
        assert_eq!(new.raw(a2), kept);
        assert_eq!(a2.meta.digest, 1);
        assert_eq!(new.get(b"/p/c.md").map(|e| e.meta.digest), Some(9));
        assert!(new.get(b"/p/b.md").is_none(), "b was neither made nor kept");
        // In path order, whatever the order given.
        let paths: Vec<&[u8]> = new.iter().map(|e| new.path(e)).collect();
        assert_eq!(paths, [&b"/p/a.md"[..], &b"/p/c.md"[..]]);
    }

    #[test]
    fn a_changed_byte_or_a_path_twice_makes_no_entries() {
        let e = entry(1);
        let file = write(vec![(&b"/p/a.md"[..], Item::Made(&e))], &key()).expect("write");
        assert!(!read(file.clone(), &key()).is_empty());
        for i in HEADER.len() + 1..file.len() {
            let mut bad = file.clone();
            bad[i] ^= 0x20;
            assert!(
                read(bad, &key()).is_empty(),
                "byte {i} changed and still read"
            );
        }
        let twice = vec![
            (&b"/p/a.md"[..], Item::Made(&e)),
            (&b"/p/a.md"[..], Item::Made(&e)),
        ];
        let file = write(twice, &key()).expect("write");
        assert!(read(file, &key()).is_empty());
    }

    /// A file signed with another key (a cache from another machine or user, or forged by
    /// someone who can compute everything but the key) is not read.
    #[test]
    fn a_file_signed_with_another_key_makes_no_entries() {
        let e = entry(1);
        let file = write(vec![(&b"/p/a.md"[..], Item::Made(&e))], &key()).expect("write");
        assert!(!read(file.clone(), &key()).is_empty());
        assert!(read(file, &Key::for_tests(2)).is_empty());
    }
}
