//! The flags, as clap reads them.

use std::path::PathBuf;

use clap::Parser;

use qalint_workspace::report::Format;

/// The command line: a command, or none (`check` is the default, as in ruff).
#[derive(Debug, Parser)]
#[command(
    name = "qalint",
    version,
    about = "Lint and schema-check the pages of a Q&A site (Nuxt Content Markdown and _payload.json).",
    // `qalint PATHS` is `qalint check PATHS`; a folder named like a command is checked with
    // `qalint check NAME` (or `qalint ./NAME`).
    args_conflicts_with_subcommands = true,
    subcommand_value_name = "COMMAND",
    subcommand_help_heading = "Commands"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: Args,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check files or folders (the default: `qalint PATHS` is `qalint check PATHS`)
    Check(Box<Args>),
    /// Print a rule's page (the same as --explain RULE)
    Rule {
        /// A rule's code or name
        rule: String,
    },
    /// Run the language server on standard input and output
    Server,
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Record a Nuxt site's collections, read as JSON from standard input, signed with your
    /// key (what qalint's Nuxt module runs whenever Nuxt loads)
    NuxtCollections {
        /// The site's folder [default: the current folder]
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
}

/// What to check and how (`qalint check`, and `qalint` without a command).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to check; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format [default: pretty, or github when GITHUB_ACTIONS=true].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write the findings to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print the number of findings of each rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Print the findings and nothing else (no summary, no warnings).
    #[arg(long, short = 'q', conflicts_with = "silent")]
    pub quiet: bool,
    /// Print nothing; the exit code alone says whether there are findings.
    #[arg(long, short = 's')]
    pub silent: bool,
    /// Exit 0 even when there are findings (2 still means an error).
    #[arg(long)]
    pub exit_zero: bool,
    /// Also fail (exit 1) when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// When to colour the output [default: auto: on a terminal, unless NO_COLOR; FORCE_COLOR
    /// or CLICOLOR_FORCE turn it on].
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
    /// Use this page JSON Schema instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// In a Nuxt Content site whose collections were not recorded (`nuxi prepare`), check
    /// qalint's built-in Q&A schema instead of stopping.
    #[arg(long)]
    pub builtin_schema: bool,
    /// Lint standard input (`-`) as if it were this file (for editors); with --fix, the fixed
    /// text is printed, with --diff the diff.
    #[arg(long, value_name = "PATH")]
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
    /// Print the page JSON Schema (the embedded one, or the one --schema names) and exit.
    #[arg(long)]
    pub print_schema: bool,
    /// Print the documentation of a rule (code or name) and exit.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
    /// List every rule with its code, name, default severity and fix, and exit (with
    /// --format json, as JSON).
    #[arg(long)]
    pub list_rules: bool,
    /// Print the files qalint checks with these paths and settings, one a line, and exit
    /// (what a Nuxt site's collections serve, what `include`/`exclude` leave in; with
    /// --format json, each file with the collection that serves it).
    #[arg(long)]
    pub show_files: bool,
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
    /// Record every current finding in qalint-suppressions.json at the project root: later
    /// runs report only findings beyond what it records (ESLint's bulk suppressions).
    #[arg(long, conflicts_with_all = ["suppress_rule", "prune_suppressions"])]
    pub suppress_all: bool,
    /// Record the current findings of these rules (codes or names, comma-separated) in
    /// qalint-suppressions.json.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        conflicts_with = "prune_suppressions"
    )]
    pub suppress_rule: Vec<String>,
    /// Lower each entry of qalint-suppressions.json to the findings that remain (and drop those
    /// of files fixed or gone), so they cannot grow back.
    #[arg(long)]
    pub prune_suppressions: bool,
    /// Apply the safe fixes in place, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Count the unsafe fixes (guesses) as fixes too: applied with --fix or --diff, shown
    /// as available otherwise.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// With --fix: write only the files named on the command line; a fix that would also
    /// change another (a topic's renumbering) is not applied, and its finding stays. For git
    /// hooks that stage only the files they name (lint-staged).
    #[arg(long)]
    pub fix_named_only: bool,
    /// The command line ends with file names a git hook passes (pre-commit's hooks use it):
    /// from the first one that exists, every argument is a path, even one that looks like an
    /// option.
    #[arg(long)]
    pub hook_files: bool,
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

/// The output formats as `--format` names them (the library's [`Format`] knows no clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Source excerpts with the exact span underlined (miette).
    Pretty,
    /// One line per finding: `path:line:col: CODE [rule] message`.
    Concise,
    /// A JSON array, sorted by file, line, column.
    Json,
    /// GitHub Actions annotations (the default when GITHUB_ACTIONS=true).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Pretty => Format::Pretty,
            FormatArg::Concise => Format::Concise,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
            FormatArg::Sarif => Format::Sarif,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether to colour output written to a terminal (`terminal`), by the flag, else by
/// the environment: NO_COLOR turns colour off, FORCE_COLOR or CLICOLOR_FORCE on (an explicit
/// request wins over a general preference, as in Node and the `colored` crate).
pub fn use_color(choice: Option<ColorChoice>, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        Some(ColorChoice::Always) => true,
        Some(ColorChoice::Never) => false,
        Some(ColorChoice::Auto) | None => {
            let forced = std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty() && v != "0")
                || std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
            forced || (terminal && !set("NO_COLOR"))
        }
    }
}
