//! qalint: a linter and schema validator for the pages of a Q&A site.
//!
//! Files are discovered ([`discover`]), loaded into a page value with a locator from every
//! JSON pointer back to the file ([`load`]), checked against the page JSON Schema
//! ([`schema`]) and by the rules ([`rules`]), and reported ([`report`]).

pub mod bounded_read;
pub mod cache;
pub mod collections;
pub mod config;
pub mod discover;
pub mod engine;
pub mod file_result;
pub mod filter;
pub mod finding;
pub mod fix;
#[cfg(feature = "fuzzing")]
pub mod fuzz_checks;
pub mod index;
pub mod load;
pub mod paths;
pub mod project_root;
pub mod quote;
pub mod report;
pub mod rules;
pub mod schema;
pub mod settings;
pub mod setup;
pub mod signing_key;
pub mod source;
pub mod suggest;
pub mod suppress;
