//! qalint's workspace: the [`Workspace`] every front end uses, over the linter
//! ([`qalint_linter`]: the core, which does no I/O).
//!
//! Opened on a folder, the workspace discovers files (`discover`, honouring `.gitignore`),
//! reads them bounded ([`bounded_read`]), finds the settings that apply (`qalint.toml` files:
//! [`config`]; a Nuxt site's collections: `nuxt_record`), checks them in parallel through the
//! linter (`engine`), caches results (`cache`), writes fixes atomically (`fix`) and keeps
//! `qalint-suppressions.json` ([`bulk_suppressions`]). What a page, a finding and a fix are
//! is the linter's; its modules are re-exported here under the same names, so a front end
//! names one crate.

// The linter's API, as the workspace's.
pub use qalint_linter::{
    check, collections, detached, file_result, filter, finding, findings, index, load, paths,
    rules, schema, settings, source,
};

// The workspace's own.
pub mod bounded_read;
pub mod bulk_suppressions;
pub mod config;
pub mod nuxt_record;
pub mod report;
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

internal!(cache, discover, engine, fix, project_root, signing_key,);

// The linter's helpers the engine uses, public to qalint's tests as the engine's modules are.
#[cfg(not(feature = "internals"))]
use qalint_linter::suppress;
#[cfg(feature = "internals")]
pub use qalint_linter::{quote, suggest, suppress};

#[cfg(feature = "fuzzing")]
pub mod fuzz_checks;
