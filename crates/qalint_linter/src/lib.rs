//! qalint's engine: a linter and schema validator for the pages of a Q&A site.
//!
//! Front ends (the command line, the language server) use the [`Workspace`]: opened on a
//! folder, it checks paths or a buffer and fixes what it found. What they read of a result
//! is public too: [`finding`]s, the rule catalog ([`rules`]), the output formats
//! ([`report`]), positions in a file ([`source`]), the loaders ([`load`]), page paths
//! ([`paths`]), the page schema ([`schema`]) and `qalint.toml` ([`config`]).
//!
//! Inside, files are discovered (`discover`), loaded into a page value with a locator from
//! every JSON pointer back to the file ([`load`]), checked against the page JSON Schema and by
//! the rules (`engine`), cached (`cache`) and fixed (`fix`); those modules are the engine's
//! own (public only with the `internals` feature, for qalint's tests).

// The API.
pub mod bounded_read;
pub mod bulk_suppressions;
pub mod collections;
pub mod config;
pub mod filter;
pub mod finding;
pub mod findings;
pub mod index;
pub mod load;
pub mod paths;
pub mod report;
pub mod rules;
pub mod schema;
pub mod settings;
pub mod source;
pub mod workspace;

pub use workspace::Workspace;

/// The engine's own modules: private, unless qalint's own tests ask (`internals`).
macro_rules! internal {
    ($($name:ident),* $(,)?) => {$(
        #[cfg(feature = "internals")]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        mod $name;
    )*};
}

internal!(
    cache,
    discover,
    engine,
    file_result,
    fix,
    project_root,
    quote,
    signing_key,
    suggest,
    suppress,
);

#[cfg(feature = "fuzzing")]
pub mod fuzz_checks;
