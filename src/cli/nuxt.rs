//! `qalint nuxt-collections [--root DIR]`: what qalint's Nuxt module runs whenever Nuxt loads.
//! It reads Nuxt Content's collections (JSON, on standard input), signs them with the user's
//! key and writes `.nuxt/qalint/collections.json` under DIR (else the current folder), where
//! every later run finds the site's own schema.

use std::path::PathBuf;

use super::{EXIT_ERROR, EXIT_OK};

pub fn run(args: &[std::ffi::OsString]) -> i32 {
    let root = match args {
        [] => std::env::current_dir().ok(),
        [flag, dir] if flag == "--root" => Some(PathBuf::from(dir)),
        _ => {
            eprintln!(
                "qalint: error: usage: qalint nuxt-collections [--root DIR] < collections.json"
            );
            return EXIT_ERROR;
        }
    };
    let written = root
        .ok_or_else(|| "cannot read the current directory".to_string())
        .and_then(|root| {
            let body = qalint_linter::bounded_read::read_limited(std::io::stdin().lock())
                .map_err(|e| format!("cannot read standard input: {}", e.0))?;
            qalint_linter::workspace::record_nuxt_collections(&root, &body)
        });
    match written {
        Ok(file) => {
            eprintln!("qalint: wrote {}", file.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("qalint: error: {e}");
            EXIT_ERROR
        }
    }
}
