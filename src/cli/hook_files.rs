//! `--hook-files`: the command line of a git hook (pre-commit appends the staged file names
//! after the hook's entry and the user's `args`). A file name is only ever a file name: from
//! the first argument that names an existing file qalint checks (what the hooks' `files`
//! pattern passes: `.md`, `_payload.json`, data files), and is not an option's value,
//! everything is a path, even `--config=notes.md` or `-oREADME.md` (files an attacker can
//! commit). The user's own options before it keep working, values included, whatever else the
//! repository holds: committed files named `--max-warnings` and `0` are never passed by the
//! hook, so they never turn the user's `--max-warnings 0` into paths.

use std::ffi::OsString;
use std::path::Path;

use clap::CommandFactory;

use super::Cli;

pub const FLAG: &str = "--hook-files";

/// `argv` (the program first) with `--` put before the first file name, when `--hook-files`
/// comes before it; unchanged otherwise.
pub fn mark_files(mut argv: Vec<OsString>, cwd: &Path) -> Vec<OsString> {
    let Some(start) = argv.iter().position(|a| a == FLAG) else {
        return argv;
    };
    let command = Cli::command();
    // Long and short names of the options that take a value.
    let takes_value = |name: &str| {
        command.get_arguments().any(|a| {
            a.get_action().takes_values()
                && !a.is_positional()
                && (a.get_long() == Some(name.trim_start_matches("--"))
                    || (name.len() == 2
                        && name.starts_with('-')
                        && a.get_short().is_some_and(|s| name.ends_with(s))))
        })
    };
    let mut i = start + 1;
    while i < argv.len() {
        let arg = argv[i].to_string_lossy().into_owned();
        if arg == "--" {
            return argv;
        }
        let path = cwd.join(&argv[i]);
        let is_file = qalint_workspace::load::FileKind::of(&path).is_some()
            && std::fs::symlink_metadata(&path).is_ok();
        if is_file || !arg.starts_with('-') || arg == "-" {
            break;
        }
        if arg.starts_with("--") {
            // `--name value`: skip the value; `--name=value` holds it.
            if !arg.contains('=') && takes_value(&arg) {
                i += 1;
            }
        } else if arg.len() == 2 && takes_value(&arg) {
            // `-o value`; `-ovalue` holds it.
            i += 1;
        }
        i += 1;
    }
    if i < argv.len() {
        argv.insert(i, OsString::from("--"));
    }
    argv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(args: &[&str], files: &[&str]) -> Vec<String> {
        let dir = tempfile::tempdir().expect("temp dir");
        for f in files {
            std::fs::write(dir.path().join(f), "x").expect("write");
        }
        let argv = std::iter::once("qalint")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        mark_files(argv, dir.path())
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn file_names_that_look_like_options_are_files() {
        let files = ["--config=notes.md", "-oREADME.md", "a.md"];
        assert_eq!(
            marked(
                &["--hook-files", "--config=notes.md", "-oREADME.md", "a.md"],
                &files
            ),
            [
                "qalint",
                "--hook-files",
                "--",
                "--config=notes.md",
                "-oREADME.md",
                "a.md"
            ]
        );
    }

    #[test]
    fn the_users_own_options_and_their_values_stay_options() {
        let files = ["qalint.toml", "a.md", "0"];
        assert_eq!(
            marked(
                &[
                    "--hook-files",
                    "--fix",
                    "--config",
                    "qalint.toml",
                    "--max-warnings",
                    "0",
                    "-o",
                    "a.md",
                    "a.md"
                ],
                &files
            ),
            [
                "qalint",
                "--hook-files",
                "--fix",
                "--config",
                "qalint.toml",
                "--max-warnings",
                "0",
                "-o",
                "a.md",
                "--",
                "a.md"
            ]
        );
        assert_eq!(
            marked(&["--hook-files", "--format=concise", "a.md"], &files),
            ["qalint", "--hook-files", "--format=concise", "--", "a.md"]
        );
    }

    #[test]
    fn files_no_hook_passes_never_start_the_file_names() {
        let files = ["--max-warnings", "0", "a.md"];
        assert_eq!(
            marked(&["--hook-files", "--max-warnings", "0", "a.md"], &files),
            [
                "qalint",
                "--hook-files",
                "--max-warnings",
                "0",
                "--",
                "a.md"
            ]
        );
    }

    #[test]
    fn without_the_flag_nothing_changes() {
        assert_eq!(
            marked(&["-oREADME.md"], &["-oREADME.md"]),
            ["qalint", "-oREADME.md"]
        );
    }
}
