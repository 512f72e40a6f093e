//! qalint in WebAssembly, over the detached workspace (no disk): JSON in, JSON out, through a
//! C ABI of four functions so that no binding generator is needed. JavaScript writes a request
//! into memory it got from `qalint_alloc`, calls `qalint_check` or `qalint_fix`, reads the
//! answer at the pointer and length packed in the returned `u64`, and frees both.
//! `npm/wasm/index.js` is that JavaScript.

#[cfg(target_family = "wasm")]
mod random;

mod run;

use qalint_linter::detached::Detached;
use serde::Deserialize;
use serde_json::{json, Value};

/// What JavaScript asks: a page (`path` relative, as `content/python/basics/a.md`), and the
/// settings and schema as text, both optional.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Request {
    pub path: String,
    pub text: String,
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub config: Option<String>,
    #[serde(default)]
    pub unsafe_fixes: bool,
}

thread_local! {
    /// The last workspace made, by the settings and schema it was made of: compiling the
    /// schema is most of a check's time, and a playground asks again on every keystroke.
    static LAST: std::cell::RefCell<Option<(Settings, std::rc::Rc<Detached>)>> =
        const { std::cell::RefCell::new(None) };
}

type Settings = (Option<String>, Option<String>);

fn workspace_of(
    config: &Option<String>,
    schema: &Option<String>,
) -> Result<std::rc::Rc<Detached>, String> {
    let key = (config.clone(), schema.clone());
    if let Some(ws) = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, ws)| ws.clone())
    }) {
        return Ok(ws);
    }
    let ws = std::rc::Rc::new(Detached::new(config.as_deref(), schema.as_deref())?);
    LAST.set(Some((key, ws.clone())));
    Ok(ws)
}

/// The findings of `text` exactly as `qalint --format json` writes them (its key order too).
fn findings_json(ws: &Detached, r: &Request, text: &str) -> String {
    let findings = ws.check(&r.path, text);
    ws.json(text, &findings, r.unsafe_fixes)
        .trim_end()
        .to_string()
}

/// `{"findings": [...]}` in `qalint --format json`'s shape, or `{"error": "..."}`.
pub fn check(request: &str) -> String {
    let answer = serde_json::from_str::<Request>(request)
        .map_err(|e| format!("a request qalint cannot read: {e}"))
        .and_then(|r| {
            let ws = workspace_of(&r.config, &r.schema)?;
            Ok(format!(
                "{{\"findings\":{}}}",
                findings_json(&ws, &r, &r.text)
            ))
        });
    reply(answer)
}

/// `{"text": fixed, "applied": n, "findings": [...what remains]}`, or `{"error": "..."}`.
pub fn fix(request: &str) -> String {
    let answer = serde_json::from_str::<Request>(request)
        .map_err(|e| format!("a request qalint cannot read: {e}"))
        .and_then(|r| {
            let ws = workspace_of(&r.config, &r.schema)?;
            let (text, applied) = match ws.fix(&r.path, &r.text, r.unsafe_fixes) {
                Some(f) if f.error.is_some() => return Err(f.error.unwrap_or_default()),
                Some(f) => (f.fixed, f.applied),
                None => (r.text.clone(), 0),
            };
            Ok(format!(
                "{{\"text\":{},\"applied\":{applied},\"findings\":{}}}",
                Value::String(text.clone()),
                findings_json(&ws, &r, &text)
            ))
        });
    reply(answer)
}

pub(crate) fn reply(answer: Result<String, String>) -> String {
    answer.unwrap_or_else(|e| json!({ "error": e }).to_string())
}

/// Room for `len` bytes in this module's memory, for JavaScript to write a request into.
#[no_mangle]
pub extern "C" fn qalint_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Gives back what `qalint_alloc` lent, or an answer once read.
///
/// # Safety
/// `ptr` and `len` are exactly one allocation of `qalint_alloc(len)` or one answer's.
#[no_mangle]
pub unsafe extern "C" fn qalint_free(ptr: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(ptr, 0, len.max(1)));
}

/// Runs `f` on the request at `ptr..ptr+len`; the answer's pointer in the high 32 bits, its
/// length in the low ones (its capacity is its length: freed with `qalint_free`).
unsafe fn call(ptr: *const u8, len: usize, f: fn(&str) -> String) -> u64 {
    let bytes = std::slice::from_raw_parts(ptr, len);
    let answer = match std::str::from_utf8(bytes) {
        Ok(request) => f(request),
        Err(_) => reply(Err("the request is not UTF-8".into())),
    };
    let mut answer = answer.into_bytes().into_boxed_slice();
    let (out, n) = (answer.as_mut_ptr(), answer.len());
    std::mem::forget(answer);
    ((out as usize as u64) << 32) | n as u64
}

/// [`check`] over memory: see [`call`].
///
/// # Safety
/// `ptr..ptr+len` is memory this module lent (`qalint_alloc`) holding the request.
#[no_mangle]
pub unsafe extern "C" fn qalint_check(ptr: *const u8, len: usize) -> u64 {
    call(ptr, len, check)
}

/// [`run::run`] over memory: see [`call`].
///
/// # Safety
/// As [`qalint_check`].
#[no_mangle]
pub unsafe extern "C" fn qalint_run(ptr: *const u8, len: usize) -> u64 {
    call(ptr, len, run::run)
}

/// [`fix`] over memory: see [`call`].
///
/// # Safety
/// As [`qalint_check`].
#[no_mangle]
pub unsafe extern "C" fn qalint_fix(ptr: *const u8, len: usize) -> u64 {
    call(ptr, len, fix)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: Loops\ndescription: \"Loops.\"\nframework: Python\n\
        frameworkSlug: python\ntopic: Basics\ntopicSlug: basics\nsubtopic: Loops\n\
        difficulty: Hard\norder: 1\nupdated: 2026-06-18\nseoDescription: \"Loops.\"\n\
        questions:\n  - id: for\n    difficulty: easy\n    q: For?\n    a: A loop.\n---\n";

    fn request(extra: Value) -> String {
        let mut r = json!({ "path": "content/python/basics/loops.md", "text": PAGE });
        if let (Some(r), Some(extra)) = (r.as_object_mut(), extra.as_object()) {
            r.extend(extra.clone());
        }
        r.to_string()
    }

    #[test]
    fn check_and_fix_answer_in_the_command_line_s_json() {
        let answer: Value = serde_json::from_str(&check(&request(json!({})))).expect("json");
        let f = &answer["findings"][0];
        assert_eq!(
            (f["code"].as_str(), f["line"].as_u64(), f["column"].as_u64()),
            (Some("QA003"), Some(9), Some(13))
        );
        assert_eq!(f["file"], "content/python/basics/loops.md");
        let fixed: Value = serde_json::from_str(&fix(&request(json!({})))).expect("json");
        assert_eq!(fixed["applied"], 1);
        assert_eq!(
            fixed["text"].as_str(),
            Some(PAGE.replace("Hard", "hard").as_str())
        );
        assert_eq!(fixed["findings"], json!([]));
    }

    #[test]
    fn a_bad_request_is_an_error_answer() {
        let answer: Value = serde_json::from_str(&check("{\"path\": 1}")).expect("json");
        assert!(answer["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("a request qalint cannot read")));
        let answer: Value =
            serde_json::from_str(&check(&request(json!({ "config": "selct = 1\n" }))))
                .expect("json");
        assert!(
            answer["error"]
                .as_str()
                .is_some_and(|e| e.contains("selct")),
            "{answer}"
        );
    }

    #[test]
    fn the_abi_round_trips() {
        let req = request(json!({}));
        let ptr = qalint_alloc(req.len());
        unsafe {
            std::ptr::copy_nonoverlapping(req.as_ptr(), ptr, req.len());
            let packed = qalint_check(ptr, req.len());
            qalint_free(ptr, req.len());
            // Natively pointers are wider than 32 bits: only the length is checked here.
            let len = (packed & 0xffff_ffff) as usize;
            assert_eq!(len, check(&req).len());
        }
    }
}
