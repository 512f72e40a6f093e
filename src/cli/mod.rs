//! The command line: a thin layer over the library.

mod args;
mod hook_files;
mod info;
mod nuxt;
mod output;
mod stdin;

use std::path::Path;
use std::sync::Arc;

use clap::Parser;

pub use args::{Args, Cli, Command};
use output::Output;

use qalint_workspace::bulk_suppressions::FILE_NAME as SUPPRESSIONS;
use qalint_workspace::report;
use qalint_workspace::rules;
use qalint_workspace::workspace::{
    self, ConfigChoice, FixMode, Outcome, Overrides, Record, Workspace,
};

/// Exit codes: no error-level finding, findings, bad usage or internal failure.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

pub fn main() -> i32 {
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Ok(cwd) = std::env::current_dir() {
        argv = hook_files::mark_files(argv, &cwd);
    }
    let cli = match Cli::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    let done = match cli.command {
        None => run(cli.check),
        Some(Command::Check(args)) => run(*args),
        Some(Command::Rule { rule }) => {
            info::explain(&rule, &mut std::io::stdout().lock()).map(|()| EXIT_OK)
        }
        Some(Command::Server) => return server(),
        Some(Command::Completions { shell }) => {
            info::completions(shell, &mut std::io::stdout().lock()).map(|()| EXIT_OK)
        }
        Some(Command::NuxtCollections { root }) => nuxt::run(root),
    };
    done.unwrap_or_else(|message| {
        let message = qalint_workspace::report::printable(&message, true);
        eprintln!("qalint: error: {message}");
        EXIT_ERROR
    })
}

/// `qalint server`: the language server, on standard input and output.
fn server() -> i32 {
    match qalint_server::run_stdio() {
        Ok(true) => EXIT_OK,
        // `exit` without `shutdown` first: 1, as the protocol asks.
        Ok(false) => EXIT_FINDINGS,
        Err(message) => {
            eprintln!("qalint server: error: {message}");
            EXIT_ERROR
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
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
        info::print_schema(args.schema.as_deref(), &mut stdout)?;
        return Ok(EXIT_OK);
    }
    if let Some(name) = &args.explain {
        info::explain(name, &mut stdout)?;
        return Ok(EXIT_OK);
    }
    if args.init {
        info::init()?;
        return Ok(EXIT_OK);
    }
    if args.list_rules {
        info::list_rules(args.format.map(Into::into), &mut stdout)?;
        return Ok(EXIT_OK);
    }
    drop(stdout);
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    // A Nuxt site's pages named from a folder its project does not reach are checked from the
    // site (with its record); names stay relative to where qalint was started.
    let start = Workspace::start_folder(&cwd, &args.paths)?;
    let mut ws = open_workspace(&args, &start)?;
    let _turns = if args.fix {
        ws.take_turns(&args.paths)
    } else {
        Vec::new()
    };
    let out = Output::new(&args, cwd.clone());
    open_cache(&args, &mut ws, &out);
    let suppress_rules = rule_codes(&args.suppress_rule)?;
    let record = match (
        args.suppress_all,
        suppress_rules.is_empty(),
        args.prune_suppressions,
    ) {
        (true, _, _) => Some(Record::All),
        (_, false, _) => Some(Record::Rules(&suppress_rules)),
        (_, _, true) => Some(Record::Prune),
        _ => None,
    };
    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if record.is_some() && (args.stdin_filename.is_some() || reads_stdin) {
        return Err(format!(
            "{SUPPRESSIONS} is written from files on disk, not standard input"
        ));
    }
    if args.stdin_filename.is_some() || reads_stdin {
        if args
            .paths
            .iter()
            .any(|p| p.as_os_str() != "-" && p.as_os_str() != ".")
        {
            return Err("standard input (`-`) is checked alone: name no other path".into());
        }
        let name = args.stdin_filename.as_deref().unwrap_or(Path::new("-"));
        return stdin::run(&args, &ws, name, &out);
    }
    let mut outcome = ws.check_paths(&args.paths)?;
    if args.show_files {
        let json = (args.format == Some(args::FormatArg::Json)).then_some(&ws);
        return info::show_files(&outcome.checked, &cwd, json, &mut std::io::stdout().lock());
    }
    out.settings_warnings(&ws);
    if args.diff {
        return show_diff(&ws, &outcome, args.unsafe_fixes, args.fix_named_only, &out);
    }
    if args.fix {
        fix_files(&ws, &outcome, args.unsafe_fixes, args.fix_named_only, &out);
        // What remains is what the exit code counts.
        let excluded = std::mem::take(&mut outcome.excluded);
        outcome = ws.check_paths(&args.paths)?;
        outcome.excluded = excluded;
    }
    if let Some(what) = record {
        let total = ws.record_suppressions(&mut outcome, what)?;
        let s = plural(total);
        out.note(&match what {
            Record::Prune => format!("{SUPPRESSIONS} now suppresses {total} finding{s}."),
            _ => format!("{SUPPRESSIONS} records {total} finding{s}: commit it; later runs report only what it does not."),
        });
    }
    // A cache that cannot be written costs speed, not correctness: say so, go on.
    if let Err(e) = ws.save_cache() {
        out.warn(&format!("cannot write the cache: {e}"));
    }
    out.findings(&outcome.findings, &mut report::sources(), false)?;
    out.unchecked(&args.paths, &outcome);
    out.summary(&outcome);
    let code = out.exit_code(&outcome.findings);
    // The process ends here: freeing every finding, fact and cache entry one by one would
    // only delay the exit (the system takes the memory back at once).
    std::mem::forget(outcome);
    std::mem::forget(ws);
    Ok(code)
}

/// The workspace the flags ask for: selection, schema, configuration.
fn open_workspace(args: &Args, cwd: &Path) -> Result<Workspace, String> {
    // Flags on the command line win over what every file says, as ruff's do.
    let mut ignore = rule_codes(&args.ignore)?;
    ignore.extend(rule_codes(&args.extend_ignore)?);
    let overrides = Overrides {
        select: args.select.as_deref().map(rule_codes).transpose()?,
        extend_select: rule_codes(&args.extend_select)?,
        ignore,
        schema: match &args.schema {
            Some(path) => Some(Arc::new(qalint_workspace::config::read_schema(path)?)),
            None => None,
        },
        builtin_schema: args.builtin_schema,
    };
    // `--config FILE` and `--isolated` mean one set of settings for every file.
    let choice = match (&args.config, args.isolated) {
        (_, true) => ConfigChoice::Isolated,
        (Some(path), false) => ConfigChoice::File(path.clone()),
        (None, false) => ConfigChoice::Cascade,
    };
    Workspace::open(cwd, &choice, overrides, args.fix || args.diff)
}

/// The cache of the project the linted files belong to (not of the folder qalint was started
/// in): with files of several projects named, none. Why there is none is a warning; the run
/// goes on without it.
fn open_cache(args: &Args, ws: &mut Workspace, out: &Output) {
    let no_cache = args.no_cache
        || std::env::var_os("QALINT_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0");
    if no_cache {
        return;
    }
    let named = match &args.stdin_filename {
        Some(name) => std::slice::from_ref(name),
        None => args.paths.as_slice(),
    };
    if let Err(why) = ws.open_cache(named, args.cache_dir.as_deref()) {
        out.warn(&why);
    }
}

/// How many findings carry a fix that `--fix` leaves out (an unsafe one, not asked for).
fn unsafe_left(outcome: &Outcome, unsafe_fixes: bool) -> usize {
    outcome
        .findings
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|x| !x.applies(unsafe_fixes)))
        .count()
}

/// `Would fix 3 problems (2 more with --unsafe-fixes).`
fn would_fix(n: usize, left: usize) -> String {
    let more = match left {
        0 => String::new(),
        l => format!(" ({l} more with --unsafe-fixes)"),
    };
    format!("Would fix {n} problem{}{more}.", plural(n))
}

fn show_diff(
    ws: &Workspace,
    outcome: &Outcome,
    unsafe_fixes: bool,
    named_only: bool,
    out: &Output,
) -> Result<i32, String> {
    use std::io::Write;
    let fixed = ws.fix(outcome, unsafe_fixes, FixMode::Preview, named_only);
    let mut stdout = std::io::stdout().lock();
    let mut any = false;
    for f in &fixed {
        let name = out.name(&f.path);
        if let Some(e) = &f.error {
            eprintln!("qalint: {name} cannot be fixed: {e}");
            continue;
        }
        stdout
            .write_all(workspace::unified_diff(f, &name).as_bytes())
            .map_err(|e| e.to_string())?;
        any = true;
    }
    let n = workspace::problems_fixed(outcome, &fixed, unsafe_fixes);
    out.note(&would_fix(n, unsafe_left(outcome, unsafe_fixes)));
    Ok(if any { EXIT_FINDINGS } else { EXIT_OK })
}

/// `--fix` on files: writes them and says what it did.
fn fix_files(
    ws: &Workspace,
    outcome: &Outcome,
    unsafe_fixes: bool,
    named_only: bool,
    out: &Output,
) {
    let fixed = ws.fix(outcome, unsafe_fixes, FixMode::Write, named_only);
    if named_only {
        // Said once a renumbering (every page of the topic out of place carries it).
        let mut said = std::collections::HashSet::new();
        for f in &outcome.findings {
            let Some(fix) = f.fix.as_ref().filter(|x| x.applies(unsafe_fixes)) else {
                continue;
            };
            let unnamed: Vec<String> = workspace::unnamed_parts(fix, outcome)
                .into_iter()
                .map(|p| out.name(p))
                .collect();
            if !unnamed.is_empty() && said.insert(unnamed.clone()) {
                out.warn(&format!(
                    "{}: not fixed: its topic's renumbering also changes {}, which {} not \
                     named (--fix-named-only). Run `qalint --fix` on the topic and stage every \
                     page it changes",
                    out.name(&f.file),
                    unnamed.join(", "),
                    if unnamed.len() == 1 { "was" } else { "were" }
                ));
            }
        }
    }
    let problems = workspace::problems_fixed(outcome, &fixed, unsafe_fixes);
    let mut files = 0;
    // A topic's renumbering writes pages that were not named (a pre-commit hook names only
    // the staged ones): say which, so nobody wonders why they changed.
    let mut not_named = Vec::new();
    for f in &fixed {
        match &f.error {
            Some(e) => eprintln!("qalint: {} not fixed: {e}", out.name(&f.path)),
            None => {
                files += 1;
                if !outcome.named.contains(&f.path) {
                    not_named.push(out.name(&f.path));
                }
            }
        }
    }
    if problems > 0 {
        let others = match not_named.len() {
            0 => String::new(),
            n => format!(" ({n} not named: {})", not_named.join(", ")),
        };
        out.note(&report::fixed_summary(problems, files, &others));
    }
}
