//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use qalint_workspace::engine::Engine;
use qalint_workspace::finding::Finding;
use qalint_workspace::schema::PageSchema;
use qalint_workspace::settings::Settings;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Writes `files` (relative path, text) under `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("create dirs");
        std::fs::write(&p, text).expect("write file");
    }
}

pub fn engine(root: &Path) -> Engine {
    Engine {
        schema: PageSchema::embedded().expect("embedded schema"),
        settings: Settings::default(),
        config: Default::default(),
        root: std::fs::canonicalize(root).expect("root exists"),
        keep_digests: true,
        cache: None,
    }
}

/// Lints `paths` with `root` as the project root.
pub fn lint(root: &Path, paths: &[PathBuf]) -> Vec<Finding> {
    engine(root).run(paths).expect("run succeeds").findings
}

/// `code line:col` of each finding, the way a user reads them.
pub fn brief(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let name = f
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!(
                "{} {name}:{}:{}",
                f.rule.code, f.location.start.line, f.location.start.column
            )
        })
        .collect()
}

/// Runs the qalint binary in `dir`, without colour and outside GitHub Actions. A run that
/// takes longer than [`TIME_LIMIT`] is killed and fails the test: a test never hangs.
pub fn qalint(dir: &Path, args: &[&str]) -> Output {
    run_limited(command(dir, args))
}

/// The qalint binary with `args` in `dir`, as the tests run it: without colour, outside
/// GitHub Actions, without the cache (the fixtures stay as they are; tests/cache.rs turns the
/// cache on where it is tested).
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qalint"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .env("QALINT_NO_CACHE", "1");
    cmd
}

/// qalint in `dir`, without the cache, as the user whose cache folder is `home` (where the
/// key that signs a Nuxt site's record lives).
pub fn qalint_as_user(dir: &Path, home: &Path, args: &[&str]) -> Output {
    let mut cmd = command(dir, args);
    cmd.env("XDG_CACHE_HOME", home);
    run_limited(cmd)
}

/// What the Nuxt module runs whenever Nuxt loads: `qalint nuxt-collections --root ROOT` in
/// `dir` with the site's `record` on standard input, as the user whose cache folder is `home`.
pub fn record_collections(dir: &Path, root: &Path, home: &Path, record: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qalint"));
    cmd.args(["nuxt-collections", "--root"])
        .arg(root)
        .current_dir(dir)
        .env("XDG_CACHE_HOME", home);
    run_with_input(cmd, Some(record.as_bytes().to_vec()))
}

/// How long one run of qalint may take in a test (generous: CI machines are slow).
pub const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs `cmd` with no standard input, killing it past [`TIME_LIMIT`].
pub fn run_limited(cmd: Command) -> Output {
    run_with_input(cmd, None)
}

/// Runs the qalint binary in `dir` as [`qalint`] does, with `input` on standard input.
pub fn qalint_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    run_with_input(command(dir, args), Some(input.as_bytes().to_vec()))
}

/// Runs `cmd` with `input` (or nothing) on standard input, killing it past [`TIME_LIMIT`].
pub fn run_with_input(mut cmd: Command, input: Option<Vec<u8>>) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let stdin = if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    };
    let mut child = cmd
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qalint runs");
    if let (Some(bytes), Some(mut pipe)) = (input, child.stdin.take()) {
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let (reader, err_reader) = drain(&mut child);
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!("qalint ran longer than {TIME_LIMIT:?}: {cmd:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Output {
        status,
        stdout: reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
    }
}

/// Reads a child's standard output and error on threads of their own (neither pipe can fill
/// and stall it): join them once it has ended.
pub fn drain(
    child: &mut std::process::Child,
) -> (
    std::thread::JoinHandle<Vec<u8>>,
    std::thread::JoinHandle<Vec<u8>>,
) {
    use std::io::Read;
    let read = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = pipe.read_to_end(&mut b);
            b
        })
    };
    let out = child.stdout.take().expect("stdout");
    let err = child.stderr.take().expect("stderr");
    (read(Box::new(out)), read(Box::new(err)))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary project folder with a `qalint.toml` saying `root = true`: its own project.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("qalint.toml"), "root = true\n").expect("write config");
    write_files(dir.path(), files);
    dir
}

/// Copies the folder `from` (hidden entries included) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// One session of `qalint server` over standard I/O in `dir`, with the cache on and the user's
/// cache folder at `home`: `initialize`, `initialized`, the `messages` given, `shutdown`,
/// `exit`. Returns what the server wrote.
pub fn serve_once(dir: &Path, home: &Path, messages: &[serde_json::Value]) -> Output {
    let frame = |v: &serde_json::Value| {
        let body = v.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    let root = format!(
        "file://{}",
        std::fs::canonicalize(dir).expect("root").display()
    );
    let mut all = vec![
        serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": { "processId": null, "rootUri": root, "capabilities": {} } }),
        serde_json::json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    ];
    all.extend(messages.iter().cloned());
    all.push(serde_json::json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
    all.push(serde_json::json!({ "jsonrpc": "2.0", "method": "exit" }));
    let input: String = all.iter().map(frame).collect();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qalint"));
    cmd.arg("server")
        .current_dir(dir)
        .env_remove("QALINT_NO_CACHE")
        .env("XDG_CACHE_HOME", home);
    run_with_input(cmd, Some(input.into_bytes()))
}

/// The `textDocument/didOpen` notification of the file at `path` with its text on disk.
pub fn did_open(path: &Path) -> serde_json::Value {
    let path = std::fs::canonicalize(path).expect("page");
    let text = std::fs::read_to_string(&path).expect("page");
    serde_json::json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": { "uri": format!("file://{}", path.display()), "languageId": "markdown",
            "version": 1, "text": text } } })
}
