//! The findings of a check as they are reported, bounded as they come: of each rule in each
//! file, the first [`MAX_PER_RULE_AND_FILE`] in output order are kept, and one more finding
//! says how many others there were. The rest are counted, never held, so a page with a
//! million problems costs the memory of a hundred findings per rule (issue 39).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::Finding;

/// The findings of one rule in one file that are reported; past them one finding says how
/// many more there are, so one page can never make a report of millions of lines.
pub const MAX_PER_RULE_AND_FILE: usize = 100;

/// A finding and when it came, so that of two in the same place the first one stays (as a
/// stable sort followed by a cut would keep it).
struct Ranked {
    finding: Finding,
    seq: u64,
}

impl Ranked {
    fn order(&self, other: &Ranked) -> Ordering {
        self.finding
            .output_order(&other.finding)
            .then(self.seq.cmp(&other.seq))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.order(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order(other)
    }
}

/// One rule's findings in one file: the first ones (a max-heap, so the last of them is the
/// one to give up) and how many there were in all.
#[derive(Default)]
struct Bucket {
    first: BinaryHeap<Ranked>,
    total: usize,
}

/// Where rules report. `push` and `extend` as on a `Vec`; what comes out of
/// [`Findings::into_sorted`] is what sorting every finding and keeping the first of each
/// rule and file would give.
#[derive(Default)]
pub struct Findings {
    buckets: HashMap<(Arc<PathBuf>, &'static str), Bucket>,
    /// Every pointer a finding was about, kept or not, when asked for: the schema stays
    /// silent on what the rules reported.
    pointers: HashSet<String>,
    track_pointers: bool,
    seq: u64,
}

impl Findings {
    /// A sink that also remembers the pointer of every finding (see [`Findings::pointers`]).
    pub fn tracking_pointers() -> Self {
        Findings {
            track_pointers: true,
            ..Findings::default()
        }
    }

    pub fn push(&mut self, finding: Finding) {
        if let (true, Some(p)) = (self.track_pointers, &finding.pointer) {
            if !self.pointers.contains(p) {
                self.pointers.insert(p.clone());
            }
        }
        let bucket = self
            .buckets
            .entry((finding.file.clone(), finding.rule.code))
            .or_default();
        bucket.total += 1;
        self.seq += 1;
        keep_first(
            bucket,
            Ranked {
                finding,
                seq: self.seq,
            },
        );
    }

    /// The pointers of every finding reported, including those not kept.
    pub fn pointers(&self) -> &HashSet<String> {
        &self.pointers
    }

    /// Whether any finding was reported.
    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// Drops the findings about `pointers` (counted as never reported). A finding given up
    /// before cannot come back: a rule with more than the cap on one page and one of them
    /// dropped here shows one fewer (no rule reports both).
    pub fn drop_pointers(&mut self, pointers: &[String]) {
        for bucket in self.buckets.values_mut() {
            let before = bucket.first.len();
            bucket.first.retain(|r| {
                !r.finding
                    .pointer
                    .as_ref()
                    .is_some_and(|p| pointers.contains(p))
            });
            bucket.total -= before - bucket.first.len();
        }
        self.buckets.retain(|_, b| b.total > 0);
    }

    /// Keeps only the findings `keep` says yes to (decided by rule, so all or none of a
    /// bucket go).
    pub fn retain_rules(&mut self, mut keep: impl FnMut(&'static str) -> bool) {
        self.buckets.retain(|(_, code), _| keep(code));
    }

    /// Adds `other`'s findings, as if each had been pushed here.
    pub fn append(&mut self, other: Findings) {
        self.pointers.extend(other.pointers);
        for (key, theirs) in other.buckets {
            let mine = self.buckets.entry(key).or_default();
            mine.total += theirs.total;
            let mut theirs: Vec<Ranked> = theirs.first.into_vec();
            theirs.sort();
            for mut r in theirs {
                self.seq += 1;
                r.seq = self.seq;
                keep_first(mine, r);
            }
        }
    }

    /// The findings kept, in output order, with one finding per rule and file standing for
    /// those not kept, where the first of them would have been.
    pub fn into_sorted(self) -> Vec<Finding> {
        let mut all: Vec<Ranked> = Vec::new();
        for bucket in self.buckets.into_values() {
            let mut first = bucket.first.into_sorted_vec();
            if bucket.total > MAX_PER_RULE_AND_FILE {
                if let Some(last) = first.last_mut() {
                    more_than_shown(&mut last.finding, bucket.total - MAX_PER_RULE_AND_FILE);
                }
            }
            all.extend(first);
        }
        all.sort();
        all.into_iter().map(|r| r.finding).collect()
    }
}

impl Extend<Finding> for Findings {
    fn extend<T: IntoIterator<Item = Finding>>(&mut self, iter: T) {
        for f in iter {
            self.push(f);
        }
    }
}

impl FromIterator<Finding> for Findings {
    fn from_iter<T: IntoIterator<Item = Finding>>(iter: T) -> Self {
        let mut findings = Findings::default();
        findings.extend(iter);
        findings
    }
}

/// Keeps `r` if it is among the first `MAX_PER_RULE_AND_FILE + 1` of its bucket (the one past
/// the cap becomes the "more" finding).
fn keep_first(bucket: &mut Bucket, r: Ranked) {
    if bucket.first.len() <= MAX_PER_RULE_AND_FILE {
        bucket.first.push(r);
    } else if bucket.first.peek().is_some_and(|last| r < *last) {
        bucket.first.pop();
        bucket.first.push(r);
    }
}

fn more_than_shown(f: &mut Finding, more: usize) {
    f.message = format!(
        "{more} more {} findings in this file are not shown (the first {} are)",
        f.rule.code, MAX_PER_RULE_AND_FILE
    )
    .into();
    f.help = Some("fix those shown and run qalint again".into());
    f.labels = Vec::new();
    f.fix = None;
    f.pointer = None;
}

/// Keeps the first [`MAX_PER_RULE_AND_FILE`] findings of each rule in each file (in output
/// order) and puts one finding counting the rest where the first of them was.
pub fn cap_per_rule_and_file(findings: &mut Vec<Finding>) {
    if findings.len() <= MAX_PER_RULE_AND_FILE {
        findings.sort_by(Finding::output_order);
        return;
    }
    *findings = std::mem::take(findings)
        .into_iter()
        .collect::<Findings>()
        .into_sorted();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{RuleId, Severity};
    use crate::source::SourceFile;

    fn finding(src: &SourceFile, file: &Arc<PathBuf>, code: &'static str, at: usize) -> Finding {
        let rule = RuleId { code, name: "r" };
        let mut f = Finding::new(
            rule,
            Severity::Error,
            src,
            file,
            at..at,
            format!("{code}@{at}"),
        );
        f.pointer = Some(format!("/{at}"));
        f
    }

    /// The old way: sort every finding, keep the first of each rule, the 101st says the rest.
    fn sorted_then_cut(mut all: Vec<Finding>) -> Vec<String> {
        all.sort_by(Finding::output_order);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let totals: HashMap<&str, usize> = all.iter().fold(HashMap::new(), |mut m, f| {
            *m.entry(f.rule.code).or_default() += 1;
            m
        });
        let mut out = Vec::new();
        for f in &all {
            let n = seen.entry(f.rule.code).or_default();
            *n += 1;
            if *n <= MAX_PER_RULE_AND_FILE {
                out.push(format!("{}:{}", f.location.start.line, f.message));
            } else if *n == MAX_PER_RULE_AND_FILE + 1 {
                let more = totals[f.rule.code] - MAX_PER_RULE_AND_FILE;
                out.push(format!("{}:{more} more", f.location.start.line));
            }
        }
        out
    }

    #[test]
    fn kept_as_a_sort_and_a_cut_would_keep_them_holding_a_hundred_per_rule() {
        let text = "x\n".repeat(1000);
        let src = SourceFile::new("p.md", text);
        let file = Arc::new(PathBuf::from("p.md"));
        // Out of order, with ties (same place and rule: the first reported stays first).
        let all: Vec<Finding> = (0..700)
            .map(|i| {
                let code = if i % 3 == 0 { "QA001" } else { "QA007" };
                finding(&src, &file, code, (i * 7919 % 997) * 2 % 2000)
            })
            .collect();
        let expected = sorted_then_cut(all.clone());
        let mut sink = Findings::tracking_pointers();
        for f in all {
            sink.push(f);
        }
        assert!(sink.buckets.values().all(|b| b.first.len() == 101));
        assert_eq!(sink.pointers().len(), 700);
        let got: Vec<String> = sink
            .into_sorted()
            .iter()
            .map(|f| {
                let m = f.message.split(" findings").next().unwrap_or_default();
                let m = m.replace(" QA001", "").replace(" QA007", "");
                format!("{}:{m}", f.location.start.line)
            })
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn appending_is_pushing_each() {
        let src = SourceFile::new("p.md", "x\n".repeat(400));
        let file = Arc::new(PathBuf::from("p.md"));
        let all: Vec<Finding> = (0..300)
            .map(|i| finding(&src, &file, "QA007", (299 - i) * 2))
            .collect();
        let expected = sorted_then_cut(all.clone());
        let (a, b) = all.split_at(120);
        let mut one: Findings = a.iter().cloned().collect();
        one.append(b.iter().cloned().collect());
        let got: Vec<String> = one
            .into_sorted()
            .iter()
            .map(|f| {
                let m = f
                    .message
                    .split(" QA007 findings")
                    .next()
                    .unwrap_or_default();
                format!("{}:{m}", f.location.start.line)
            })
            .collect();
        assert_eq!(got, expected);
    }
}
