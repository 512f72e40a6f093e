//! The command line: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;

use crate::config::{self, Overrides};
use crate::discover::CONFIG_FILE;
use crate::engine::Linter;
use crate::setup::{self, ConfigChoice};

use crate::finding::Severity;
use crate::fix;
use crate::report::{self, Format, Sources, Style};
use crate::rules;
use crate::schema::{PageSchema, EMBEDDED};

/// Exit codes: no error-level finding, findings, bad usage or internal failure.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "qalint",
    version,
    about = "Lint and schema-check the pages of a Q&A site (Nuxt Content Markdown and _payload.json)."
)]
pub struct Args {
    /// Files or folders to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format [default: pretty, or github when GITHUB_ACTIONS=true].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Use this page JSON Schema instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Lint standard input (`-`) as if it were this file (for editors).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["fix", "diff"])]
    pub stdin_filename: Option<PathBuf>,
    /// Read settings from this file instead of the project's qalint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every qalint.toml.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Write a commented default qalint.toml in the current directory and exit.
    #[arg(long)]
    pub init: bool,
    /// Print the embedded page JSON Schema and exit.
    #[arg(long)]
    pub print_schema: bool,
    /// Print the documentation of a rule (code or name) and exit.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
    /// List every rule with its code, name, default severity and fix, and exit.
    #[arg(long)]
    pub list_rules: bool,
    /// Only run these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Never run these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Run these rules too, besides the selected ones (even if the configuration ignores them).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Never run these rules either (adds to the configuration's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_ignore: Vec<String>,
    /// Apply the safe fixes in place, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: apply the unsafe fixes (guesses) too.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 when there is any.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Do not read or write the cache (also QALINT_NO_CACHE=1).
    #[arg(long)]
    pub no_cache: bool,
    /// Keep the cache in this folder instead of `.qalint_cache` at the project root.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

pub fn main() -> i32 {
    // `qalint server`: the language server, on standard input and output.
    if std::env::args_os().nth(1).is_some_and(|a| a == "server") {
        return match crate::server::run_stdio() {
            Ok(true) => EXIT_OK,
            // `exit` without `shutdown` first: 1, as the protocol asks.
            Ok(false) => EXIT_FINDINGS,
            Err(message) => {
                eprintln!("qalint server: error: {message}");
                EXIT_ERROR
            }
        };
    }
    // `qalint check [PATHS]` is the explicit form of the default (ruff's habit), and
    // `qalint rule CODE` a synonym of `--explain CODE`.
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match argv.get(1).and_then(|a| a.to_str()) {
        Some("check") => {
            argv.remove(1);
        }
        Some("rule") => argv[1] = "--explain".into(),
        _ => {}
    }
    let args = match Args::try_parse_from(argv) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    match run(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("qalint: error: {message}");
            EXIT_ERROR
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

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn show_diff(
    linter: &Linter,
    outcome: &crate::engine::Outcome,
    unsafe_fixes: bool,
    cwd: &std::path::Path,
    out: &mut dyn Write,
) -> Result<i32, String> {
    let fixed = fix::fix_all(linter, outcome, unsafe_fixes, fix::Mode::Preview);
    let mut any = false;
    for f in &fixed {
        let name = report::display_path(&f.path, cwd);
        if let Some(e) = &f.error {
            eprintln!("qalint: {name} cannot be fixed: {e}");
            continue;
        }
        out.write_all(fix::unified_diff(f, &name).as_bytes())
            .map_err(|e| e.to_string())?;
        any = true;
    }
    let n: usize = fixed
        .iter()
        .filter(|f| f.error.is_none())
        .map(|f| f.applied)
        .sum();
    eprintln!("Would fix {n} problem{}.", plural(n));
    Ok(if any { EXIT_FINDINGS } else { EXIT_OK })
}

/// The codes named by selectors on the command line; one that names no rule is a usage error.
fn rule_codes(names: &[String]) -> Result<Vec<&'static str>, String> {
    let mut codes = Vec::new();
    for n in names {
        let n = n.trim();
        match rules::codes(n) {
            Some(c) => codes.extend(c),
            None => return Err(format!("{} (see --list-rules)", rules::unknown_selector(n))),
        }
    }
    Ok(codes)
}

fn run(args: Args) -> Result<i32, String> {
    let mut stdout = std::io::stdout().lock();
    if args.print_schema {
        stdout
            .write_all(EMBEDDED.as_bytes())
            .map_err(|e| e.to_string())?;
        return Ok(EXIT_OK);
    }
    if let Some(name) = &args.explain {
        let rule = rules::find(name)
            .ok_or_else(|| format!("{} (see --list-rules)", rules::unknown_selector(name)))?;
        stdout
            .write_all(rule.meta().doc.as_bytes())
            .map_err(|e| e.to_string())?;
        return Ok(EXIT_OK);
    }
    if args.init {
        let path = std::path::Path::new(CONFIG_FILE);
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
        return Ok(EXIT_OK);
    }
    if args.list_rules {
        for r in rules::ALL {
            let m = r.meta();
            writeln!(
                stdout,
                "{}  {:<26} {:<8} {:<22} {}",
                m.code(),
                m.name(),
                m.severity.as_str(),
                m.fix.as_str(),
                m.summary
            )
            .map_err(|e| e.to_string())?;
        }
        return Ok(EXIT_OK);
    }
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    // Flags on the command line win over what every file says, as ruff's do.
    let mut ignore = rule_codes(&args.ignore)?;
    ignore.extend(rule_codes(&args.extend_ignore)?);
    let overrides = Overrides {
        select: args.select.as_deref().map(rule_codes).transpose()?,
        extend_select: rule_codes(&args.extend_select)?,
        ignore,
        schema: match &args.schema {
            Some(path) => Some(Arc::new(PageSchema::from_file(path)?)),
            None => None,
        },
    };
    // `--config FILE` and `--isolated` mean one set of settings for every file.
    let choice = match (&args.config, args.isolated) {
        (_, true) => ConfigChoice::Isolated,
        (Some(path), false) => ConfigChoice::File(path.clone()),
        (None, false) => ConfigChoice::Cascade,
    };
    let mut linter = setup::linter(&cwd, &choice, overrides, args.fix || args.diff)?;
    let no_cache = args.no_cache
        || std::env::var_os("QALINT_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0");
    if !no_cache {
        linter.cache = Some(crate::cache::Cache::open(
            &linter.root,
            args.cache_dir.as_deref(),
        ));
    }
    // A topic's renumbering spans files: two `--fix` runs interleaving their writes could
    // leave half of it. Runs on one project take turns (an advisory lock on its root folder,
    // released when the process ends); where the lock is not supported, runs go on unlocked.
    // The lock is on the project root of the files being fixed, so runs started from
    // different folders take turns too; several roots are locked in one order (no deadlock).
    let _turns: Vec<std::fs::File> = if args.fix {
        let mut roots: Vec<PathBuf> = args
            .paths
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .map(|p| {
                let dir = if p.is_dir() {
                    p.clone()
                } else {
                    p.parent().map_or(p.clone(), |d| d.to_path_buf())
                };
                crate::discover::project_root(&dir)
            })
            .chain(std::iter::once(linter.root.clone()))
            .collect();
        roots.sort();
        roots.dedup();
        roots
            .iter()
            .filter_map(|r| {
                std::fs::File::open(r)
                    .and_then(|dir| dir.lock().map(|()| dir))
                    .ok()
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut sources = Sources::default();
    let mut outcome = match &args.stdin_filename {
        Some(path) => {
            if args
                .paths
                .iter()
                .any(|p| p.as_os_str() != "-" && p.as_os_str() != ".")
            {
                return Err("with --stdin-filename, the only path is `-` (standard input)".into());
            }
            let bytes = crate::read::read_limited(std::io::stdin().lock())
                .map_err(|e| format!("cannot read standard input: {}", e.0))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| "cannot read standard input: not valid UTF-8".to_string())?;
            let outcome = linter.run_text(path, text.clone())?;
            sources.insert(crate::source::SourceFile::new(
                crate::engine::absolute(path),
                text,
            ));
            outcome
        }
        None => linter.run(&args.paths)?,
    };

    if args.diff {
        return show_diff(&linter, &outcome, args.unsafe_fixes, &cwd, &mut stdout);
    }
    if args.fix {
        let fixed = fix::fix_all(&linter, &outcome, args.unsafe_fixes, fix::Mode::Write);
        let mut problems = 0;
        let mut files = 0;
        // A topic's renumbering writes pages that were not named (a pre-commit hook names only
        // the staged ones): say which, so nobody wonders why they changed.
        let mut not_named = Vec::new();
        for f in &fixed {
            match &f.error {
                Some(e) => eprintln!(
                    "qalint: {} not fixed: {e}",
                    report::display_path(&f.path, &cwd)
                ),
                None => {
                    problems += f.applied;
                    files += 1;
                    if !outcome.named.contains(f.path.as_path()) {
                        not_named.push(report::display_path(&f.path, &cwd));
                    }
                }
            }
        }
        if problems > 0 {
            let (ps, fs) = (plural(problems), plural(files));
            let others = match not_named.len() {
                0 => String::new(),
                n => format!(" ({n} not named: {})", not_named.join(", ")),
            };
            eprintln!("Fixed {problems} problem{ps} in {files} file{fs}{others}.");
        }
        // What remains is what the exit code counts.
        outcome = linter.run(&args.paths)?;
    }
    if let Some(cache) = &linter.cache {
        // A cache that cannot be written costs speed, not correctness: say so, go on.
        if let Err(e) = cache.save() {
            eprintln!("qalint: warning: cannot write the cache: {e}");
        }
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    let style = Style { cwd, color };
    let format = args.format.unwrap_or_else(default_format);
    report::write(&outcome.findings, format, &style, &mut sources, &mut stdout)
        .map_err(|e| e.to_string())?;
    if matches!(format, Format::Pretty | Format::Concise | Format::Github) {
        eprintln!(
            "{}",
            report::summary(&outcome.findings, outcome.files_checked)
        );
    }
    let failed = outcome
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}
