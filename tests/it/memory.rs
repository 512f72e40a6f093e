//! Memory grows with the findings kept, not the findings found, and stays bounded on big but
//! honest pages (issue 39): each test measures the peak resident memory of one qalint run
//! (the child's own `wait4` usage, so other tests running beside it do not count).

use std::process::{Command, Stdio};

use crate::common;

/// The exit code, standard output and peak resident memory (MB) of qalint run in `dir`.
///
/// Measured from a fresh process of this test binary ([`measured_child`]), not from this one:
/// a child started here inherits this process's own peak into its `ru_maxrss` (Linux keeps the
/// larger of the old and new memory's high-water marks across `exec`, and `posix_spawn` shares
/// this process's memory until then), and tests beside this one may hold hundreds of MB.
fn run_measured(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, u64) {
    let out = tempfile::NamedTempFile::new().expect("temp file");
    let helper = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--ignored",
            "--exact",
            "memory::measured_child",
            "--nocapture",
        ])
        .env("QALINT_MEASURE_DIR", dir)
        .env("QALINT_MEASURE_ARGS", args.join("\n"))
        .env("QALINT_MEASURE_OUT", out.path())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .expect("the helper runs");
    let said = String::from_utf8_lossy(&helper.stdout);
    let line = said
        .lines()
        .find_map(|l| l.strip_prefix("qalint-measured: "))
        .unwrap_or_else(|| panic!("the helper measured nothing: {said}"));
    let field = |name: &str| -> Option<i64> {
        line.split(' ')
            .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
    };
    let code = field("code").filter(|c| *c >= 0).map(|c| c as i32);
    let peak = field("peak").expect("a peak") as u64;
    let stdout = std::fs::read_to_string(out.path()).expect("output");
    (code, stdout, peak)
}

/// Runs qalint as [`run_measured`] asks and says its exit code and peak resident memory (MB),
/// from `wait4` on the child: this process is small, so the child inherits little.
#[test]
#[ignore = "a helper: run_measured runs it in a process of its own"]
fn measured_child() {
    let (Ok(dir), Ok(args), Ok(out)) = (
        std::env::var("QALINT_MEASURE_DIR"),
        std::env::var("QALINT_MEASURE_ARGS"),
        std::env::var("QALINT_MEASURE_OUT"),
    ) else {
        panic!("run by run_measured only");
    };
    let out = std::fs::OpenOptions::new()
        .write(true)
        .open(out)
        .expect("the output file");
    let child = Command::new(env!("CARGO_BIN_EXE_qalint"))
        .args(args.split('\n'))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .expect("qalint runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it in for this one child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    drop(child); // reaped above; dropping a Child neither waits nor kills
    let code = match libc::WIFEXITED(status) {
        true => libc::WEXITSTATUS(status),
        false => -1,
    };
    println!(
        "qalint-measured: code={code} peak={}",
        usage.ru_maxrss / 1024
    );
}

/// A 10 MB page of a million unlabeled fences: before the cap was applied as findings came,
/// the million findings were all held at once (1.2 GB); now a hundred are.
#[test]
fn a_million_findings_are_counted_not_held() {
    let page = format!("---\ntitle: x\n---\n{}", "```\nx\n```\n".repeat(1_000_000));
    let dir = common::project(&[("content/a/b/p.md", &page)]);
    let (code, out, peak) = run_measured(
        dir.path(),
        &["--no-cache", "--select", "QA007", "--format", "concise"],
    );
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 101, "{}", &out[..out.len().min(2000)]);
    assert_eq!(
        lines[100],
        "content/a/b/p.md:304:1: QA007 [unlabeled-code-fence] 999900 more QA007 findings in this file are not shown (the first 100 are)"
    );
    assert!(peak < 450, "peak memory {peak} MB");
}

/// A 12.5 MB page of 150,000 questions, each with a difficulty the schema refuses: the value,
/// its locator and the findings take 270 MB (650 MB before).
#[test]
fn a_page_of_150000_questions_stays_bounded() {
    let mut page = String::from(
        "---\ntitle: Big\ndescription: Big.\nframework: Go\nframeworkSlug: go\ntopic: T\n\
         topicSlug: t\nsubtopic: Big\ndifficulty: easy\norder: 1\nupdated: 2026-06-18\n\
         seoDescription: A big page.\nquestions:\n",
    );
    for i in 0..150_000 {
        page.push_str(&format!(
            "  - id: q{i}\n    difficulty: extreme\n    q: Question {i}?\n    a: Answer {i}.\n"
        ));
    }
    page.push_str("---\n");
    let dir = common::project(&[("content/go/t/big.md", &page)]);
    let (code, out, peak) = run_measured(dir.path(), &["--no-cache", "--format", "concise"]);
    assert_eq!(code, Some(1));
    let last = out.lines().last().unwrap_or_default();
    assert!(
        last.ends_with("149900 more QA003 findings in this file are not shown (the first 100 are)"),
        "{last}"
    );
    assert!(peak < 400, "peak memory {peak} MB");
}
