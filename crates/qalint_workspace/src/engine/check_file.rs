//! Checking one file: from the cache when its stat or content is known, else read and
//! checked by the core ([`crate::check`]) with the settings in force for its path.

use std::path::PathBuf;
use std::sync::Arc;

use super::{digest, FileResult, Engine};
use crate::cache;
use crate::check;
use crate::discover::Target;
use crate::load::{self, LoadError};
use crate::source::SourceFile;

impl Engine {
    /// Loads and checks one file. With `lint` false only the index facts are gathered.
    pub fn check_file(&self, target: &Target, lint: bool) -> FileResult {
        let path = target.path.as_path();
        let file = target.path.clone();
        // The cache keys a file's results by the settings it was checked with.
        let settings = self
            .cache
            .as_ref()
            .map_or(0, |_| self.settings_for(path).fingerprint);
        // A file whose `stat` is unchanged since the cache saw it is not even read. A file the
        // cache has no entry for (a cold run, a new file) is read at once, its `stat` taken
        // from the open file: one path lookup, not two.
        let (stat, hit) = match &self.cache {
            Some(cache) => cache.get_by_stat(&file, settings, lint),
            None => (None, None),
        };
        if let Some(hit) = hit {
            if !self.keep_digests || hit.digest.is_some() {
                return hit;
            }
        }
        let (text, opened) = match crate::bounded_read::read_text_and_stat(&target.path) {
            Ok((text, meta)) => (text, cache::Stat::of(&meta)),
            Err(mut e) => {
                let src = SourceFile::new(path, e.text.take().unwrap_or_default());
                return self.invalid(&src, &file, e, lint);
            }
        };
        let Some(cache) = &self.cache else {
            return self.check_source(SourceFile::new(path, text), target.kind, lint);
        };
        let key = cache::digest(&text);
        if let Some(mut hit) = cache.get(&file, key, settings, lint) {
            cache.restat(&file, key, stat);
            if self.keep_digests && hit.digest.is_none() {
                hit.digest = Some((file.clone(), digest(&text)));
            }
            return hit;
        }
        let result = self.check_source(SourceFile::new(path, text), target.kind, lint);
        cache.put(&file, (key, stat.or(Some(opened))), settings, lint, &result);
        result
    }

    /// Checks a file's text (read from disk or given on standard input) with the settings in
    /// force for its path.
    pub fn check_source(&self, src: SourceFile, kind: load::FileKind, lint: bool) -> FileResult {
        let settings = self.settings_for(&src.path);
        check::check_text(src, kind, &settings, &self.schema, self.keep_digests, lint)
    }

    fn invalid(
        &self,
        src: &SourceFile,
        file: &Arc<PathBuf>,
        e: LoadError,
        lint: bool,
    ) -> FileResult {
        check::invalid(src, file, e, &self.settings_for(&src.path), lint)
    }
}
