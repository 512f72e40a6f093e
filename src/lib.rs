//! qalint: a linter and schema validator for the pages of a Q&A site.
//!
//! Files are discovered ([`discover`]), loaded into a page value with a locator from every
//! JSON pointer back to the file ([`load`]), checked against the page JSON Schema
//! ([`schema`]) and by the rules ([`rules`]), and reported ([`report`]).

pub mod cache;
pub mod checked;
pub mod cli;
pub mod collections;
pub mod config;
pub mod discover;
pub mod engine;
pub mod filter;
pub mod finding;
pub mod fix;
#[doc(hidden)]
pub mod fuzz_checks;
pub mod index;
pub mod key;
pub mod load;
pub mod paths;
pub mod project;
pub mod quote;
pub mod read;
pub mod report;
pub mod rules;
pub mod schema;
pub mod server;
pub mod settings;
pub mod setup;
pub mod source;
pub mod suggest;
pub mod suppress;
