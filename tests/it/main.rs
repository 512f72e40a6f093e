//! qalint's integration tests, one binary (one link, and one place to find a subject's
//! tests): each module a subject, `common` their helpers. Run one subject with
//! `cargo test --test it cli::`.

mod bulk_suppressions;
mod cache;
mod cli;
mod cli_flags;
mod collection_files;
mod collections;
mod common;
mod config;
mod data_collections;
mod docs;
mod expectations;
mod fix;
mod fuzz_regressions;
mod hostile;
mod integrations;
mod layers;
mod locale_links;
mod memory;
mod nuxt_collections;
mod nuxt_payloads;
mod nuxt_site;
mod paths;
mod payloads;
mod readme;
mod rule_docs;
mod rule_fixtures;
mod server;
mod source_pages;
mod suppressions;
mod topic_fix;
mod trust;
mod unread;
mod versions;
