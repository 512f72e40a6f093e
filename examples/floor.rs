//! The parsing floor for the benchmark: what any checker of these pages must do at least.
//! Files found (the same walker as qalint), read, frontmatter loaded with saphyr, every answer
//! and body parsed with pulldown-cmark, in parallel; no checks, no positions.
//! `cargo run --release --example floor -- DIR`

use rayon::prelude::*;
use saphyr::{LoadableYamlNode, Yaml};

// The allocator qalint's binary uses (src/main.rs): the floor measures parsing, not malloc.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let files = qalint_workspace::discover::walk(&[dir.into()]);
    let events: usize = files
        .par_iter()
        .map(|t| {
            let Ok(text) = std::fs::read_to_string(t.path.as_path()) else {
                return 0;
            };
            let Some(rest) = text.strip_prefix("---\n") else {
                return 0;
            };
            let Some(end) = rest.find("\n---\n") else {
                return 0;
            };
            let Ok(docs) = Yaml::load_from_str(&rest[..end + 1]) else {
                return 0;
            };
            let mut n = 0;
            let body = &rest[end + 5..];
            n += pulldown_cmark::Parser::new(body).count();
            if let Some(questions) = docs.first().and_then(|d| d["questions"].as_sequence()) {
                for q in questions {
                    if let Some(a) = q["a"].as_str() {
                        n += pulldown_cmark::Parser::new(a).count();
                    }
                }
            }
            n
        })
        .sum();
    println!("{} files, {events} Markdown events", files.len());
}
