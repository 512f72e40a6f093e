//! The command line: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Parser;

use crate::engine::Linter;
use crate::finding::Severity;
use crate::report::{self, Format, Sources, Style};
use crate::rules;
use crate::schema::{PageSchema, EMBEDDED};
use crate::settings::Settings;

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
    /// Output format.
    #[arg(long, value_enum, default_value = "pretty")]
    pub format: Format,
    /// Use this page JSON Schema instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
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
}

pub fn main() -> i32 {
    let args = match Args::try_parse() {
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

fn rule_codes(names: &[String]) -> Result<Vec<&'static str>, String> {
    names
        .iter()
        .map(|n| {
            rules::find(n.trim())
                .map(|r| r.meta().code())
                .ok_or_else(|| format!("unknown rule `{n}` (see --list-rules)"))
        })
        .collect()
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
        let rule =
            rules::find(name).ok_or_else(|| format!("unknown rule `{name}` (see --list-rules)"))?;
        stdout
            .write_all(rule.meta().doc.as_bytes())
            .map_err(|e| e.to_string())?;
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
    let settings = Settings {
        select: args.select.as_deref().map(rule_codes).transpose()?,
        ignore: rule_codes(&args.ignore)?,
        ..Settings::default()
    };
    let schema = match &args.schema {
        Some(path) => PageSchema::from_file(path)?,
        None => PageSchema::embedded()?,
    };
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    let linter = Linter {
        schema,
        settings,
        root: crate::discover::project_root(&cwd),
    };
    let outcome = linter.run(&args.paths)?;
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    let style = Style { cwd, color };
    let mut sources = Sources::default();
    report::write(
        &outcome.findings,
        args.format,
        &style,
        &mut sources,
        &mut stdout,
    )
    .map_err(|e| e.to_string())?;
    if args.format != Format::Json {
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
