//! `qalint nuxt-collections [--root DIR]`: what qalint's Nuxt module runs whenever Nuxt loads.
//! It reads Nuxt Content's collections (JSON, on standard input), signs them with the user's
//! key and writes `.nuxt/qalint/collections.json` under DIR (else the current folder), where
//! every later run finds the site's own schema.

use std::path::PathBuf;

use super::EXIT_OK;

pub fn run(root: Option<PathBuf>) -> Result<i32, String> {
    let root = match root {
        Some(root) => root,
        None => std::env::current_dir()
            .map_err(|e| format!("cannot read the current directory: {e}"))?,
    };
    let body = qalint_workspace::bounded_read::read_limited(std::io::stdin().lock())
        .map_err(|e| format!("cannot read standard input: {}", e.0))?;
    let file = qalint_workspace::workspace::record_nuxt_collections(&root, &body)?;
    eprintln!("qalint: wrote {}", file.display());
    Ok(EXIT_OK)
}
