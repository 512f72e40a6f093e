//! What the command line prints without linting: a rule's page, the rule list, the schema, a
//! default configuration, completion scripts.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::args::Cli;
use qalint_workspace::config;
use qalint_workspace::config::CONFIG_FILE;
use qalint_workspace::report::Format;
use qalint_workspace::rules;
use qalint_workspace::schema::EMBEDDED;

fn io(e: std::io::Error) -> String {
    e.to_string()
}

/// The schema `--schema` names (read with the usual bound), else the embedded one.
pub fn print_schema(schema: Option<&Path>, out: &mut dyn Write) -> Result<(), String> {
    let text = match schema {
        Some(path) => qalint_workspace::bounded_read::read_to_string(path)
            .map_err(|e| format!("schema: {e}"))?,
        None => EMBEDDED.to_string(),
    };
    out.write_all(text.as_bytes()).map_err(io)?;
    if !text.ends_with('\n') {
        writeln!(out).map_err(io)?;
    }
    Ok(())
}

/// `--show-files`: the files a run checks, one a line, relative to where qalint was started
/// when they lie below it (as its findings name them). With `--format json`, a list of
/// `{"file", "collection"}`: the Nuxt Content collection that serves each file, or null
/// where the site declares none (what a front end groups findings by; qalint decides it).
pub fn show_files(
    checked: &[std::sync::Arc<std::path::PathBuf>],
    cwd: &Path,
    json: Option<&qalint_workspace::Workspace>,
    out: &mut dyn Write,
) -> Result<i32, String> {
    let shown = |path: &Path| path.strip_prefix(cwd).unwrap_or(path).display().to_string();
    match json {
        None => {
            for path in checked {
                writeln!(out, "{}", shown(path)).map_err(io)?;
            }
        }
        Some(ws) => {
            let files: Vec<serde_json::Value> = checked
                .iter()
                .map(|path| {
                    serde_json::json!({ "file": shown(path), "collection": ws.collection_of(path) })
                })
                .collect();
            let text = serde_json::to_string_pretty(&files).map_err(|e| e.to_string())?;
            writeln!(out, "{text}").map_err(io)?;
        }
    }
    Ok(super::EXIT_OK)
}

pub fn explain(name: &str, out: &mut dyn Write) -> Result<(), String> {
    let rule = rules::find(name)
        .ok_or_else(|| format!("{} (see --list-rules)", rules::unknown_selector(name)))?;
    out.write_all(for_terminal(rule.meta().doc).as_bytes())
        .map_err(io)
}

/// A rule page as a reader wants it: the fences keep their language but not the attributes
/// the doc tests read (` ```md fail path=… line=3` → ` ```md`), and it ends with a line break.
pub fn for_terminal(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len() + 1);
    for line in doc.lines() {
        let fence = line.len() - line.trim_start_matches(['`', '~']).len();
        match line.get(fence..) {
            Some(info) if fence >= 3 && !info.trim().is_empty() => {
                let language = info.split_whitespace().next().unwrap_or_default();
                out.push_str(&line[..fence]);
                out.push_str(language);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

pub fn list_rules(format: Option<Format>, out: &mut dyn Write) -> Result<(), String> {
    if format == Some(Format::Json) {
        let list: Vec<serde_json::Value> = rules::ALL
            .iter()
            .map(|r| {
                let m = r.meta();
                serde_json::json!({
                    "code": m.code(),
                    "name": m.name(),
                    "severity": m.severity.as_str(),
                    "fix": m.fix.as_str(),
                    "summary": m.summary,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list).map_err(|e| e.to_string())?;
        return writeln!(out).map_err(io);
    }
    for r in rules::ALL {
        let m = r.meta();
        writeln!(
            out,
            "{}  {:<26} {:<8} {:<22} {}",
            m.code(),
            m.name(),
            m.severity.as_str(),
            m.fix.as_str(),
            m.summary
        )
        .map_err(io)?;
    }
    Ok(())
}

/// `qalint completions SHELL`: `argv` holds what follows `completions`.
/// `qalint completions SHELL`: the script for every command and flag.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<(), String> {
    clap_complete::generate(shell, &mut Cli::command(), "qalint", out);
    Ok(())
}

pub fn init() -> Result<(), String> {
    let path = Path::new(CONFIG_FILE);
    if path.exists() {
        return Err(format!("{CONFIG_FILE} already exists; not overwritten"));
    }
    // Never overwrite: create_new fails when the file appeared meanwhile.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(config::DEFAULT.as_bytes()))
        .map_err(|e| format!("cannot write {CONFIG_FILE}: {e}"))?;
    let cwd = std::env::current_dir().ok();
    let above = cwd.as_deref().and_then(|d| {
        d.ancestors()
            .skip(1)
            .find(|a| a.join(CONFIG_FILE).is_file())
            .map(|a| a.join(CONFIG_FILE))
    });
    match above {
        Some(parent) => eprintln!(
            "Wrote {CONFIG_FILE}: a nested configuration, refining {} for the files below \
             this folder (add `root = true` to make this folder a project of its own).",
            parent.display()
        ),
        None => eprintln!("Wrote {CONFIG_FILE}."),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn rule_pages_lose_their_test_attributes() {
        let doc = "# x\n\n````md fail path=content/a/b/c.md line=3\n---\n````\n```\nplain\n```";
        assert_eq!(
            super::for_terminal(doc),
            "# x\n\n````md\n---\n````\n```\nplain\n```\n"
        );
    }
}
