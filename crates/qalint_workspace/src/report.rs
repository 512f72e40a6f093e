//! The output formats ([`qalint_linter::report`]), with files read back from disk for excerpts.

pub use qalint_linter::report::*;

/// Sources that read a finding's file back (bounded) when no text was given for it.
pub fn sources() -> Sources {
    Sources::reading(|path| crate::bounded_read::read_to_string(path).ok())
}
