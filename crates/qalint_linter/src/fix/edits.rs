//! Applying fixes: byte-range edits on the original text, everything else kept byte for byte.

use crate::finding::Fix;

/// Applies the fixes that do not overlap an earlier one (a fix's edits go in together or not
/// at all). Returns the new text and how many fixes were applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let (out, applied, _) = apply_detailed(text, fixes);
    (out, applied)
}

/// Applies the fixes that do not overlap an earlier one (a fix's edits go in together or not
/// at all). Returns the new text, how many fixes were applied, and the edits applied, in file
/// order.
pub fn apply_detailed<'f>(
    text: &str,
    fixes: &[&'f Fix],
) -> (String, usize, Vec<&'f crate::finding::Edit>) {
    let mut accepted: Vec<&'f crate::finding::Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let valid = fix.edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        let clashes = fix
            .edits
            .iter()
            .any(|e| accepted.iter().any(|a| overlaps(&a.range, &e.range)));
        if valid && !clashes && !fix.edits.is_empty() {
            accepted.extend(fix.edits.iter());
            applied += 1;
        }
    }
    accepted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in &accepted {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.content);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    (out, applied, accepted)
}

/// Two edits clash when they overlap, or insert at the same point (their order is unknown).
fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Applicability, Edit};

    fn fix(edits: &[(std::ops::Range<usize>, &str)]) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            message: String::new(),
            edits: edits
                .iter()
                .map(|(r, c)| Edit {
                    range: r.clone(),
                    content: c.to_string(),
                })
                .collect(),
            elsewhere: Vec::new(),
        }
    }

    #[test]
    fn keeps_every_byte_outside_the_edits() {
        let text = "a: Hard\r\nb: 4 # note\r\n";
        let (out, n) = apply(text, &[&fix(&[(3..7, "hard")]), &fix(&[(12..13, "3")])]);
        assert_eq!(out, "a: hard\r\nb: 3 # note\r\n");
        assert_eq!(n, 2);
    }

    #[test]
    fn edits_that_touch_without_overlapping_apply_together() {
        let (out, n) = apply("abcdef", &[&fix(&[(1..3, "X")]), &fix(&[(3..5, "Y")])]);
        assert_eq!((out.as_str(), n), ("aXYf", 2));
        // Either order.
        let (out, n) = apply("abcdef", &[&fix(&[(3..5, "Y")]), &fix(&[(1..3, "X")])]);
        assert_eq!((out.as_str(), n), ("aXYf", 2));
    }

    #[test]
    fn overlapping_fixes_are_left_for_the_next_round() {
        let text = "abcdef";
        let (out, n) = apply(
            text,
            &[
                &fix(&[(1..3, "X")]),
                &fix(&[(2..4, "Y"), (5..6, "Z")]),
                &fix(&[(1..1, "I")]),
            ],
        );
        assert_eq!((out.as_str(), n), ("aXdef", 1));
    }

    #[test]
    fn out_of_range_edits_are_refused() {
        let (out, n) = apply("é", &[&fix(&[(1..2, "x")]), &fix(&[(0..9, "x")])]);
        assert_eq!((out.as_str(), n), ("é", 0));
    }
}
