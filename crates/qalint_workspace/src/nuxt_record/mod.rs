//! A Nuxt Content site's collections, from its own `content.config.ts`. qalint's Nuxt module
//! (`qalint/nuxt`) takes them from Nuxt Content whenever Nuxt loads (`nuxi prepare`, dev,
//! build, generate) and hands them to `qalint nuxt-collections`, which signs them with the
//! user's key and writes `.nuxt/qalint/collections.json`; the CLI, the pre-commit hook and the
//! language server read that file at the project root. A file qalint did not sign on this
//! machine is not believed (a schema decides what passes), nor is it written through a link.
//! Folders inside the site are kept relative to it, so a moved or copied site reads its own
//! folders; a record naming a folder that is not there is refused, not believed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

mod sources;

use crate::collections::Collection;

use crate::signing_key::Key;

/// Where the collections are kept, relative to the project (Nuxt's default build folder).
pub const FILE: &str = ".nuxt/qalint/collections.json";

/// The file's first line: this format, then the signature of everything after the line.
const HEADER: &str = "qalint-nuxt-collections 2 ";

/// What the module sends: Nuxt Content's view of the site.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Site {
    /// The version of `@nuxt/content` that resolved the collections.
    pub nuxt_content: Option<String>,
    /// `content.config.*` files: when one is newer than the collections, they are stale.
    pub config_files: Vec<PathBuf>,
    pub collections: Vec<NuxtCollection>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NuxtCollection {
    pub name: String,
    /// `page` or `data`.
    #[serde(rename = "type")]
    pub kind: String,
    pub sources: Vec<NuxtSource>,
    /// Nuxt Content's JSON Schema of the collection's items (`extendedSchema`).
    pub schema: Value,
}

impl Site {
    /// Rewrites every folder and file the record names.
    fn map_paths(&mut self, f: impl Fn(&Path) -> PathBuf) {
        for file in &mut self.config_files {
            *file = f(file);
        }
        for source in self.collections.iter_mut().flat_map(|c| &mut c.sources) {
            source.cwd = f(&source.cwd);
        }
    }
}

/// A local source: files below `cwd` matching `include` and no `exclude` glob.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NuxtSource {
    pub cwd: PathBuf,
    pub include: String,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub prefix: Option<String>,
}

/// The collections read, and what to say about them.
pub struct Loaded {
    pub collections: Vec<Collection>,
    /// The signed body: the settings fingerprint mixes it in (a new schema, a new cache key).
    pub body: Vec<u8>,
    pub warnings: Vec<String>,
}

/// Checks what the module sent, signs it and writes it under `root` (atomically, never through
/// a link); returns the file written.
pub fn write(root: &Path, body: &[u8], key: &Key) -> Result<PathBuf, String> {
    let mut site: Site = serde_json::from_slice(body)
        .map_err(|e| format!("not the collections qalint reads: {e}"))?;
    sources::collections(&site)?;
    // What lies inside the site is kept relative to it: the record moves with the site.
    site.map_paths(|p| match p.strip_prefix(root) {
        Ok(inside) if inside.as_os_str().is_empty() => PathBuf::from("."),
        Ok(inside) => inside.to_path_buf(),
        Err(_) => p.to_path_buf(),
    });
    let body = serde_json::to_vec(&site).map_err(|e| e.to_string())?;
    let body = body.as_slice();
    let file = root.join(FILE);
    let dir = file.parent().ok_or("no folder")?;
    for folder in [root.join(".nuxt"), dir.to_path_buf()] {
        if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(format!(
                "{} is a symbolic link: not written through",
                folder.display()
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut text = format!("{HEADER}{}\n", key.sign_hex(body)).into_bytes();
    text.extend_from_slice(body);
    let mut tmp = tempfile::Builder::new()
        .prefix(".collections-")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    std::io::Write::write_all(&mut tmp, &text).map_err(|e| e.to_string())?;
    tmp.persist(&file).map_err(|e| e.error.to_string())?;
    Ok(file)
}

/// The collections at `root`, if its Nuxt module wrote them: `Ok(None)` when there is no such
/// file, `Err` (a warning: the built-in schema stands) when it is not one qalint signed here.
pub fn load(root: &Path, key: &Key) -> Result<Option<Loaded>, String> {
    let file = root.join(FILE);
    let text =
        match crate::bounded_read::read_own_file_up_to(&file, crate::bounded_read::MAX_FILE_SIZE) {
            Ok(text) => text,
            Err(_) if std::fs::symlink_metadata(&file).is_err() => return Ok(None),
            Err(e) => return Err(format!("{}: {}", file.display(), e.0)),
        };
    let name = file.display();
    let (first, body) = text
        .split_at_checked(text.iter().position(|&b| b == b'\n').unwrap_or(text.len()))
        .ok_or_else(|| format!("{name}: empty"))?;
    let body = body.get(1..).unwrap_or_default();
    let signed = std::str::from_utf8(first)
        .ok()
        .and_then(|l| l.strip_prefix(HEADER))
        .is_some_and(|hex| key.verify_hex(body, hex));
    if !signed {
        return Err(format!(
            "{name} was not written by qalint on this machine: not used (run `nuxi prepare` to \
             write it again)"
        ));
    }
    let mut site: Site = serde_json::from_slice(body).map_err(|e| format!("{name}: {e}"))?;
    site.map_paths(|p| match p == Path::new(".") {
        true => root.to_path_buf(),
        false => root.join(p),
    });
    for source in site.collections.iter().flat_map(|c| &c.sources) {
        if !source.cwd.is_dir() {
            return Err(format!(
                "{name} names the content folder {}, which is not there (the site was moved or \
                 changed since): run `nuxi prepare` to record its collections again",
                source.cwd.display()
            ));
        }
    }
    let collections = sources::collections(&site).map_err(|e| format!("{name}: {e}"))?;
    let mut warnings = Vec::new();
    let written = std::fs::metadata(&file).and_then(|m| m.modified()).ok();
    for config in &site.config_files {
        let changed = std::fs::metadata(config).and_then(|m| m.modified()).ok();
        if let (Some(changed), Some(written)) = (changed, written) {
            if changed > written {
                warnings.push(format!(
                    "{} changed after {name} was written: run `nuxi prepare` (until then the \
                     collections it had are checked)",
                    config.display()
                ));
            }
        }
    }
    Ok(Some(Loaded {
        collections,
        body: body.to_vec(),
        warnings,
    }))
}

/// The `nuxt.config.*` names: a folder with one is a Nuxt site.
pub const NUXT_CONFIGS: [&str; 4] = [
    "nuxt.config.ts",
    "nuxt.config.js",
    "nuxt.config.mjs",
    "nuxt.config.mts",
];

const CONTENT_CONFIGS: [&str; 4] = [
    "content.config.ts",
    "content.config.js",
    "content.config.mjs",
    "content.config.mts",
];

/// Whether `dir` holds a Nuxt site (a `nuxt.config.*`).
pub fn is_nuxt_site(dir: &Path) -> bool {
    NUXT_CONFIGS.iter().any(|n| dir.join(n).is_file())
}

/// Whether `dir` holds a Nuxt Content site: `nuxt.config.*` and `content.config.*` side by
/// side. Its pages follow its own schema, so its record must be believable.
pub fn is_nuxt_content_site(dir: &Path) -> bool {
    is_nuxt_site(dir) && CONTENT_CONFIGS.iter().any(|n| dir.join(n).is_file())
}

/// Why a site's record is not used.
pub enum Unbelieved {
    /// A Nuxt Content site without a record qalint can believe: the run stops.
    Stop(String),
    /// Anything else: a warning, and the built-in schema.
    Warn(String),
}

/// The recorded collections of the site at `site`: `Ok(None)` when it has none and needs
/// none. A Nuxt Content site whose record is missing or not believable is `Stop`, with what
/// to do.
pub fn of_site(site: &Path) -> Result<Option<Loaded>, Unbelieved> {
    let strict = is_nuxt_content_site(site);
    // No record: the user's key is neither needed nor made.
    if !strict && std::fs::symlink_metadata(site.join(FILE)).is_err() {
        return Ok(None);
    }
    let loaded = crate::signing_key::user_key_for(site)
        .map_err(|e| format!("{}: not read: {e}", site.join(FILE).display()))
        .and_then(|key| load(site, &key));
    let why = match loaded {
        Ok(Some(loaded)) => return Ok(Some(loaded)),
        Ok(None) if !strict => return Ok(None),
        Ok(None) => format!(
            "{} is a Nuxt Content site whose collections were never recorded",
            site.display()
        ),
        Err(e) => e,
    };
    if !strict {
        return Err(Unbelieved::Warn(why));
    }
    Err(Unbelieved::Stop(format!(
        "{why}.\nIts pages follow its own content.config, which qalint reads from the record \
         `nuxi prepare` writes (with @qalint/nuxt in its modules; `npm ci` runs it on postinstall): \
         run `npx nuxi prepare` in {}, or pass --builtin-schema to check qalint's built-in Q&A \
         schema instead",
        site.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::CollectionSchema;

    fn body(root: &Path) -> Vec<u8> {
        serde_json::json!({
            "nuxtContent": "3.16.1",
            "configFiles": [root.join("content.config.ts")],
            "collections": [{
                "name": "qa", "type": "page",
                "sources": [{ "cwd": root.join("content"), "include": "**/*.md", "exclude": [], "prefix": "/" }],
                "schema": { "$ref": "#/definitions/__SCHEMA__", "definitions": { "__SCHEMA__": {
                    "type": "object", "properties": { "questions": { "type": "array" } },
                    "required": ["questions"] } } }
            }]
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn written_signed_and_read_back_only_with_the_same_key() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("content")).expect("content");
        let key = Key::for_tests(1);
        assert!(load(dir.path(), &key).expect("no file").is_none());
        write(dir.path(), &body(dir.path()), &key).expect("written");
        let loaded = load(dir.path(), &key).expect("read").expect("there");
        assert_eq!(loaded.collections.len(), 1);
        let c = &loaded.collections[0];
        assert!(matches!(c.schema, CollectionSchema::Qa(Some(_))));
        assert!(c.filter.allows(&dir.path().join("content/a/b.md")));
        assert!(!c.filter.allows(&dir.path().join("notes/b.md")));
        assert!(!c.filter.allows(&dir.path().join("content/a/b.md~")));
        assert_eq!(
            c.paths.as_ref().map(|p| p.dir.clone()),
            Some(dir.path().join("content"))
        );
        let err = load(dir.path(), &Key::for_tests(2))
            .err()
            .unwrap_or_default();
        assert!(
            err.contains("was not written by qalint on this machine"),
            "{err}"
        );
        // A byte changed after signing: not believed either.
        let file = dir.path().join(FILE);
        let mut text = std::fs::read(&file).expect("read");
        let last = text.len() - 2;
        text[last] ^= 1;
        std::fs::write(&file, text).expect("write");
        assert!(load(dir.path(), &key).is_err());
    }

    #[test]
    fn a_moved_site_reads_its_own_folders_and_a_missing_folder_is_refused() {
        let key = Key::for_tests(1);
        let old = tempfile::tempdir().expect("temp dir");
        let site = old.path().join("site");
        std::fs::create_dir_all(site.join("content")).expect("content");
        write(&site, &body(&site), &key).expect("written");
        let text = std::fs::read_to_string(site.join(FILE)).expect("read");
        assert!(text.contains(r#""cwd":"content""#), "{text}");
        assert!(!text.contains(&site.display().to_string()), "{text}");
        // `mv site moved`: the record names the moved site's folders.
        let moved = old.path().join("moved");
        std::fs::rename(&site, &moved).expect("moved");
        let loaded = load(&moved, &key).expect("read").expect("there");
        let c = &loaded.collections[0];
        assert!(c.filter.allows(&moved.join("content/a/b.md")));
        assert!(!c.filter.allows(&site.join("content/a/b.md")));
        // A record whose folder is gone is not believed.
        std::fs::remove_dir(moved.join("content")).expect("removed");
        let err = load(&moved, &key).err().unwrap_or_default();
        assert!(err.contains("names the content folder"), "{err}");
        assert!(err.contains("run `nuxi prepare`"), "{err}");
    }

    #[test]
    fn what_is_not_the_module_s_format_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = Key::for_tests(1);
        assert!(write(dir.path(), b"{\"collections\": 1}", &key).is_err());
        assert!(!dir.path().join(FILE).exists());
    }
}
