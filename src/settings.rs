//! What the user chose: which rules run and at what severity.

use std::collections::HashMap;

use crate::finding::Severity;
use crate::rules::RuleMeta;

/// A rule's level: a severity, or switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

#[derive(Debug, Default, Clone)]
pub struct Settings {
    /// Per rule code: its level when not the default.
    pub levels: HashMap<&'static str, Level>,
    /// Only these rule codes run, when set (`--select`).
    pub select: Option<Vec<&'static str>>,
    /// These rule codes never run (`--ignore`).
    pub ignore: Vec<&'static str>,
}

impl Settings {
    pub fn enabled(&self, meta: &RuleMeta) -> bool {
        let code = meta.code();
        if self.ignore.contains(&code) || self.levels.get(code) == Some(&Level::Off) {
            return false;
        }
        self.select.as_ref().is_none_or(|s| s.contains(&code))
    }

    /// The severity the user set for a rule, if any.
    pub fn severity(&self, meta: &RuleMeta) -> Option<Severity> {
        match self.levels.get(meta.code()) {
            Some(Level::On(s)) => Some(*s),
            _ => None,
        }
    }
}
