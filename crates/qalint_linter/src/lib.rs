//! qalint's linter, the core: what a page is, what a finding is, and what a fix does, with no I/O.
//!
//! Text, settings (a `qalint.toml`'s text), a schema and collections go in; findings and fixed
//! text come out. A page's text is loaded into a value with a locator from every JSON pointer
//! back to the text ([`load`]), checked against the page schema and by the rules ([`check`]),
//! and fixed ([`fix`]); the cross-file rules run over the page facts ([`index`]) given to
//! [`check::cross_file::project_findings`]. Nothing here opens a file, walks a folder, reads the
//! environment or starts a process: `qalint_workspace` (discovery, reading, the cache, keys and
//! Nuxt records) sits on this crate, the front ends on that, and `qalint_wasm` on this alone
//! ([`detached::Detached`]).

pub mod check;
pub mod collections;
pub mod config;
pub mod detached;
pub mod file_result;
pub mod filter;
pub mod finding;
pub mod findings;
pub mod fix;
pub mod index;
pub mod load;
pub mod paths;
pub mod quote;
pub mod report;
pub mod rules;
pub mod schema;
pub mod settings;
pub mod source;
pub mod suggest;
pub mod suppress;
