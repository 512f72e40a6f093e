//! Values quoted in messages stay short: one finding is one readable line, even when the
//! value is 50,000 characters long.

use serde_json::Value;

/// At most this many characters of a value are quoted.
pub const MAX_QUOTED: usize = 80;

/// `s`, cut to [`MAX_QUOTED`] characters with `…` when longer.
pub fn short(s: &str) -> String {
    match s.char_indices().nth(MAX_QUOTED) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// A JSON value as a message shows it (`"Hard"`, `3`), cut as [`short`] does.
pub fn value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{}\"", short(s)),
        other => short(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_values_are_cut() {
        let long = "x".repeat(50_000);
        let q = super::value(&serde_json::Value::String(long));
        assert_eq!(q.chars().count(), 83, "quote, 80 characters, …, quote");
        assert!(q.ends_with("x…\""));
        assert_eq!(super::short("é".repeat(3).as_str()), "ééé");
    }
}
