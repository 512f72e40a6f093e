//! What a fix does: byte-range edits on the original text, everything else kept byte for byte
//! (`edits.rs`); applied in rounds, the text checked again after each, and the result
//! re-parsed before anyone writes it (`rounds.rs`). Writing files is the workspace's.

mod edits;
mod rounds;

use std::path::PathBuf;
use std::sync::Arc;

pub use edits::{apply, apply_detailed};
pub use rounds::{fix_buffer_with, fix_text, still_parses, Check};

/// A file is fixed again after each round, at most this many times.
pub const MAX_ROUNDS: usize = 10;

/// What fixing one file did.
#[derive(Debug)]
pub struct FileFix {
    pub path: Arc<PathBuf>,
    pub original: String,
    pub fixed: String,
    pub applied: usize,
    /// Why the file was not written, when it was not.
    pub error: Option<String>,
}
