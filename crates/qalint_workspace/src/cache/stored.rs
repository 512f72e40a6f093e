//! A finding as the cache keeps it: its rule by code, mapped back through the rule catalogue
//! when read (a finding itself knows nothing of the catalogue above it), the rest as the
//! finding has it. Written from a borrowed view, read into an owned one: both lay out the same
//! fields in the same order (a unit test round-trips every field).

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Fix, Label, Severity};
use crate::source::Location;

/// Written: a finding, borrowed.
#[derive(Serialize)]
pub(super) struct StoredRef<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    location: &'a Location,
    help: &'a Option<String>,
    labels: &'a [Label],
    fix: &'a Option<Box<Fix>>,
    pointer: &'a Option<String>,
}

impl<'a> From<&'a Finding> for StoredRef<'a> {
    fn from(f: &'a Finding) -> Self {
        StoredRef {
            code: f.rule.code,
            severity: f.severity,
            message: &f.message,
            location: &f.location,
            help: &f.help,
            labels: &f.labels,
            fix: &f.fix,
            pointer: &f.pointer,
        }
    }
}

/// Read back.
#[derive(Deserialize)]
pub(super) struct Stored {
    code: String,
    severity: Severity,
    message: String,
    location: Location,
    help: Option<String>,
    labels: Vec<Label>,
    fix: Option<Box<Fix>>,
    pointer: Option<String>,
}

impl Stored {
    /// The finding, its file left for the caller; `None` for a code no rule has (a cache of
    /// another build, which the format's header keeps out anyway).
    pub(super) fn into_finding(self) -> Option<Finding> {
        let rule = crate::rules::find(&self.code)?.meta().id;
        Some(Finding {
            rule,
            severity: self.severity,
            message: self.message.into(),
            file: Default::default(),
            location: self.location,
            help: self.help,
            labels: self.labels,
            fix: self.fix,
            pointer: self.pointer,
            origin: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Applicability, Edit};
    use crate::source::Position;

    #[test]
    fn every_field_of_a_finding_comes_back() {
        let at = |line| Location {
            start: Position { line, column: 2 },
            end: Position { line, column: 5 },
            ..Location::default()
        };
        let f = Finding {
            rule: crate::rules::order_gap::META.id,
            severity: Severity::Warning,
            message: "order 4 leaves a gap".into(),
            file: Default::default(),
            location: at(3),
            help: Some("renumber".into()),
            labels: vec![Label {
                location: at(7),
                message: "first".into(),
            }],
            fix: Some(Box::new(Fix {
                applicability: Applicability::Safe,
                message: "renumber".into(),
                edits: vec![Edit {
                    range: 1..2,
                    content: "3".into(),
                }],
                elsewhere: Vec::new(),
            })),
            pointer: Some("/order".into()),
            origin: None,
        };
        let bytes = postcard::to_allocvec(&StoredRef::from(&f)).expect("written");
        let back: Stored = postcard::from_bytes(&bytes).expect("read");
        let back = back.into_finding().expect("a rule");
        assert_eq!(format!("{back:?}"), format!("{f:?}"));
    }
}
