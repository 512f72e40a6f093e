//! Where and how much the command line prints: the findings (or their statistics) to
//! standard output or `--output-file`, notes and the summary to standard error unless
//! `--quiet`/`--silent`, and the exit code `--exit-zero` and `--max-warnings` decide.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::args::Args;
use super::{EXIT_FINDINGS, EXIT_OK};
use qalint_workspace::finding::{Finding, Severity};
use qalint_workspace::report::{self, Format, Sources, Style};
use qalint_workspace::workspace::{Excluded, Outcome, Workspace};

pub struct Output {
    pub format: Format,
    pub statistics: bool,
    quiet: bool,
    silent: bool,
    exit_zero: bool,
    max_warnings: Option<usize>,
    output_file: Option<PathBuf>,
    pub style: Style,
}

impl Output {
    pub fn new(args: &Args, cwd: PathBuf) -> Self {
        let terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
        Output {
            format: args.format.map_or_else(default_format, Into::into),
            statistics: args.statistics,
            quiet: args.quiet,
            silent: args.silent,
            exit_zero: args.exit_zero,
            max_warnings: args.max_warnings,
            output_file: args.output_file.clone(),
            style: Style {
                cwd,
                color: super::args::use_color(args.color, terminal),
                unsafe_fixes: args.unsafe_fixes,
            },
        }
    }

    /// A line for the person running qalint (what was fixed, the summary): not with
    /// `--quiet` or `--silent`.
    pub fn note(&self, message: &str) {
        if !self.quiet && !self.silent {
            // File names in it are the repository's: an escape sequence is shown, not run.
            eprintln!("{}", qalint_workspace::report::printable(message, true));
        }
    }

    pub fn warn(&self, message: &str) {
        self.note(&format!("qalint: warning: {message}"));
    }

    pub fn name(&self, path: &Path) -> String {
        report::display_path(path, &self.style.cwd)
    }

    /// The findings (or their statistics) where they go; nothing with `--silent`. `stderr`:
    /// standard output holds something else (the fixed text of standard input).
    pub fn findings(
        &self,
        findings: &[Finding],
        sources: &mut Sources,
        stderr: bool,
    ) -> Result<(), String> {
        if self.silent {
            return Ok(());
        }
        // A reader that stopped reading (`qalint | head`) is no error: the exit code still
        // says what was found.
        let io = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Ok(()),
            _ => Err(e.to_string()),
        };
        let write = |out: &mut dyn Write, sources: &mut Sources| {
            if self.statistics {
                report::write_statistics(findings, self.format, self.style.unsafe_fixes, out)
            } else {
                report::write(findings, self.format, &self.style, sources, out)
            }
        };
        // Streamed through a buffer to where it goes: never held whole.
        match &self.output_file {
            Some(path) => {
                let cannot = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
                let tmp = new_file_beside(path).map_err(cannot)?;
                let mut out = std::io::BufWriter::new(tmp.as_file());
                write(&mut out, sources).map_err(cannot)?;
                out.flush().map_err(cannot)?;
                drop(out);
                // The rename replaces whatever had the name, a link included, never its target.
                tmp.persist(path).map_err(|e| cannot(e.error))?;
                Ok(())
            }
            None if stderr => {
                let mut out = std::io::BufWriter::new(std::io::stderr().lock());
                write(&mut out, sources).or_else(io)?;
                out.flush().or_else(io)
            }
            None => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                write(&mut out, sources).or_else(io)?;
                out.flush().or_else(io)
            }
        }
    }

    /// Says which settings files were refused (see `Workspace::settings_warnings`).
    pub fn settings_warnings(&self, ws: &Workspace) {
        for why in ws.settings_warnings() {
            self.warn(&why);
        }
    }

    /// The summary line, for the formats a person reads.
    pub fn summary(&self, outcome: &Outcome) {
        if matches!(
            self.format,
            Format::Pretty | Format::Concise | Format::Github
        ) {
            let line = if outcome.findings.is_empty() && outcome.pages_in.is_empty() {
                let s = if outcome.files_checked == 1 { "" } else { "s" };
                format!("No pages checked ({} file{s} read).", outcome.files_checked)
            } else {
                report::summary(
                    &outcome.findings,
                    outcome.files_checked,
                    self.style.unsafe_fixes,
                )
            };
            self.note(&line);
        }
        // Said in every format (on standard error; the Nuxt module relays it).
        let n = outcome.suppressed.len();
        if n > 0 {
            let s = if n == 1 { "" } else { "s" };
            self.note(&format!(
                "{n} finding{s} suppressed by {}.",
                qalint_workspace::bulk_suppressions::FILE_NAME
            ));
        }
    }

    /// 1 when an error-level finding remains, or more warnings than `--max-warnings`; 0
    /// with `--exit-zero`.
    pub fn exit_code(&self, findings: &[Finding]) -> i32 {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let warnings = findings.len() - errors;
        let too_many = self.max_warnings.filter(|&n| warnings > n);
        if let Some(n) = too_many {
            self.note(&format!(
                "qalint: {warnings} warning{} (at most {n} allowed by --max-warnings)",
                if warnings == 1 { "" } else { "s" }
            ));
        }
        if self.exit_zero || (errors == 0 && too_many.is_none()) {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        }
    }

    /// Says what was named but not checked: a folder without pages, a file that is not a
    /// page, a file the configuration leaves out.
    pub fn unchecked(&self, paths: &[PathBuf], outcome: &Outcome) {
        for (path, why) in &outcome.excluded {
            let name = self.name(path);
            self.warn(&match why {
                Excluded::Filter => {
                    format!("{name} is left out by `include`/`exclude` in qalint.toml: not checked")
                }
                Excluded::NoDataCollection => format!(
                    "{name} is in no collection (a YAML, JSON or CSV file is checked when a \
                     collection of content.config holds it): not checked"
                ),
            });
        }
        for arg in paths {
            let Ok(canonical) = std::fs::canonicalize(arg) else {
                continue;
            };
            if outcome.excluded.iter().any(|(p, _)| *p == canonical) {
                continue;
            }
            let shown = arg.display();
            if canonical.is_dir() {
                if !outcome.pages_in.iter().any(|p| p.starts_with(&canonical)) {
                    self.warn(&format!("no pages found in {shown}"));
                }
            } else if !outcome.has_page(&canonical) {
                self.warn(&format!(
                    "{shown} is not a page (no frontmatter opened by `---`): nothing checked"
                ));
            }
        }
    }
}

/// Annotations in GitHub Actions, where they show on the pull request; miette elsewhere.
fn default_format() -> Format {
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        Format::Github
    } else {
        Format::Pretty
    }
}

/// A new file in the folder of `path` (made when missing), to be renamed over it once
/// written: the output is replaced whole or not at all, and a link at `path` is replaced, not
/// written through. A file already there keeps its permissions; a new one gets 0644.
fn new_file_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = tempfile::Builder::new()
        .prefix(".qalint-out-")
        .tempfile_in(dir)?;
    let kept = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions());
    // tempfile makes its file private (0600); an output file is for everyone to read.
    #[cfg(unix)]
    let kept = kept.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    });
    if let Some(permissions) = kept {
        tmp.as_file().set_permissions(permissions)?;
    }
    Ok(tmp)
}
